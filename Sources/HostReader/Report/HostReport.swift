import Foundation
import Memcg

/// The `memcg host` report: the analysis of a reading, the replay outcomes
/// if any, and the diagnostics, as text for people or JSON for machines.
/// Every line says whether its figure was read from the host or modelled.
public struct HostReport {
    public let analysis: HostAnalysis
    package let plan: ReplayPlan?
    package let replay: [HostReplay.Outcome]
    package let diagnostics: HostDiagnostics
    /// Host wall time of the read (`wall_read_seconds` in JSON; the text
    /// leaves it out, so the text of one snapshot is always the same bytes).
    public let wallReadSeconds: Double?

    package init(analysis: HostAnalysis, plan: ReplayPlan? = nil, replay: [HostReplay.Outcome] = [],
                diagnostics: HostDiagnostics, wallReadSeconds: Double? = nil) {
        self.analysis = analysis
        self.plan = plan
        self.replay = replay
        self.diagnostics = diagnostics
        self.wallReadSeconds = wallReadSeconds
    }

    // MARK: Formatting

    static func statKey(_ kind: HostMemoryKind, _ hierarchy: CgroupHierarchy?) -> String {
        switch (kind, hierarchy) {
        case (.anon, .v1): return "total_rss"
        case (.file, .v1): return "total_cache"
        default: return kind.rawValue
        }
    }

    /// 1,234,567
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Bytes in binary units with one decimal: 1.5 GiB.
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(n.magnitude)
        var unit = 0
        while value >= 1_024 && unit < units.count - 1 {
            value /= 1_024
            unit += 1
        }
        let sign = n < 0 ? "-" : ""
        return unit == 0 ? "\(sign)\(n.magnitude) B" : sign + String(format: "%.1f", value) + " " + units[unit]
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func padLeft(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
