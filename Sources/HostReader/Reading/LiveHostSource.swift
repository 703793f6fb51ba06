#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The running machine's files, read with plain open/read/readdir (no
/// root tools, no shell). `root` prefixes every path, so a test or a
/// benchmark can lay out a host's /proc and /sys in a temporary directory.
public final class LiveHostSource: HostSource {
    public let root: String
    private var buffer = [UInt8](repeating: 0, count: 64 * 1_024)

    public init(root: String = "/") {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    private func real(_ path: String) -> String { root + path }

    public func displayName(_ path: String) -> String { real(path) }

    public func read(_ path: String) -> HostFileResult {
        let fd = open(real(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failed(Self.failure(errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(Self.failure(errno))
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
            // Kernel files are small; a runaway file (a device, a FIFO fed
            // forever) stops at 64 MiB rather than eating the machine.
            if bytes.count > 64 << 20 {
                return .failed(HostReadFailure(errno: "EFBIG", text: "file larger than 64 MiB"))
            }
        }
        return .contents(bytes)
    }

    public func subdirectories(_ path: String) -> HostDirectoryResult {
        let directory = real(path)
        guard let dir = opendir(directory) else { return .failed(Self.failure(errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            if type == UInt8(DT_DIR) {
                names.append(name)
            } else if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                if stat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { names.append(name) }
            }
        }
        return .names(names)
    }

    static func failure(_ code: Int32) -> HostReadFailure {
        let names: [Int32: String] = [ENOENT: "ENOENT", EACCES: "EACCES", EPERM: "EPERM", ENOTDIR: "ENOTDIR",
                                      EISDIR: "EISDIR", ENODEV: "ENODEV", EIO: "EIO", ENOMEM: "ENOMEM", EINVAL: "EINVAL"]
        let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return HostReadFailure(errno: names[code] ?? "errno \(code)", text: text)
    }
}

/// read(2), named apart from `HostSource.read(_:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
