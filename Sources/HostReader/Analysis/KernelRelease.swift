import Memcg

/// A kernel release string (`6.18.44-fc-v669`) read as major.minor, and
/// the model's preset that stands for it: the newest preset released at
/// or before it (presets name the release where a design changed, so
/// every later kernel keeps that design until the next preset).
package struct KernelRelease: Hashable, Sendable, Comparable, CustomStringConvertible {
    let major: Int
    let minor: Int

    init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses the leading `MAJOR.MINOR` of a release string.
    init?(_ text: String) {
        let digitsAndDots = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let parts = digitsAndDots.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]), major < 1_000, minor < 1_000 else { return nil }
        self.init(major: major, minor: minor)
    }

    package var description: String { "\(major).\(minor)" }

    package static func < (a: KernelRelease, b: KernelRelease) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }

    /// The preset for this release, and why.
    func nearestPreset() -> (preset: Preset, reason: String) {
        let dated = Preset.all.compactMap { preset -> (KernelRelease, Preset)? in
            guard preset.name.hasPrefix("v"), let release = KernelRelease(String(preset.name.dropFirst())) else { return nil }
            return (release, preset)
        }
        guard let first = dated.first else { preconditionFailure("no preset names a release") }
        guard let match = dated.last(where: { $0.0 <= self }) else {
            return (first.1, "\(self) is older than every preset; \(first.1.name) is the oldest modelled")
        }
        if match.0 == self { return (match.1, "\(self) is a preset") }
        return (match.1, "\(match.1.name) is the newest preset at or before \(self)")
    }
}
