/// A Linux errno as the control files return it.
public enum Errno: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case EPERM = 1
    case ENOENT = 2
    case ESRCH = 3
    case EBADF = 9
    case ECHILD = 10
    case EAGAIN = 11
    case ENOMEM = 12
    case EACCES = 13
    case EBUSY = 16
    case EEXIST = 17
    case ENODEV = 19
    case ENOTDIR = 20
    case EINVAL = 22
    case ENOSPC = 28
    case ENAMETOOLONG = 36
    case ENOTEMPTY = 39

    /// The C library's text for the errno.
    public var message: String {
        switch self {
        case .EPERM: return "Operation not permitted"
        case .ENOENT: return "No such file or directory"
        case .ESRCH: return "No such process"
        case .EBADF: return "Bad file descriptor"
        case .ECHILD: return "No child processes"
        case .EAGAIN: return "Resource temporarily unavailable"
        case .ENOMEM: return "Cannot allocate memory"
        case .EACCES: return "Permission denied"
        case .EBUSY: return "Device or resource busy"
        case .EEXIST: return "File exists"
        case .ENODEV: return "No such device"
        case .ENOTDIR: return "Not a directory"
        case .EINVAL: return "Invalid argument"
        case .ENOSPC: return "No space left on device"
        case .ENAMETOOLONG: return "File name too long"
        case .ENOTEMPTY: return "Directory not empty"
        }
    }

    public var description: String { name }

    /// The symbolic name, e.g. `EBUSY`.
    public var name: String {
        switch self {
        case .EPERM: return "EPERM"
        case .ENOENT: return "ENOENT"
        case .ESRCH: return "ESRCH"
        case .EBADF: return "EBADF"
        case .ECHILD: return "ECHILD"
        case .EAGAIN: return "EAGAIN"
        case .ENOMEM: return "ENOMEM"
        case .EACCES: return "EACCES"
        case .EBUSY: return "EBUSY"
        case .EEXIST: return "EEXIST"
        case .ENODEV: return "ENODEV"
        case .ENOTDIR: return "ENOTDIR"
        case .EINVAL: return "EINVAL"
        case .ENOSPC: return "ENOSPC"
        case .ENAMETOOLONG: return "ENAMETOOLONG"
        case .ENOTEMPTY: return "ENOTEMPTY"
        }
    }

    public init?(name: String) {
        guard let match = Errno.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}

/// A failed control-file or cgroup operation: the errno the kernel would
/// return and a sentence saying why, for a person to act on.
public struct MemcgError: Error, Hashable, Sendable, CustomStringConvertible {
    public let errno: Errno
    public let reason: String

    public init(_ errno: Errno, _ reason: String) {
        self.errno = errno
        self.reason = reason
    }

    public var description: String { "\(errno.name) (\(errno.message)): \(reason)" }
}
