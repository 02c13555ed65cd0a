#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks made before a file given by a user is opened for reading.
///
/// Only regular files (or links to them) are read: a directory gives a clear error, and a
/// FIFO, socket or device is refused *before* it is opened, because opening a FIFO with no
/// writer blocks for ever and a device such as `/dev/zero` never ends.
public enum InputFile {
    /// Why `path` cannot be read as a document, or `nil` when it is a readable regular file.
    /// The text is a phrase to follow the file name: "is a directory".
    public static func problem(at path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: return "no such file"
            case EACCES: return "cannot be read: permission denied"
            default: return "cannot be read: \(String(cString: strerror(errno)))"
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return access(path, R_OK) == 0 ? nil : "cannot be read: permission denied"
        case S_IFDIR: return "is a directory, not a file"
        case S_IFIFO: return "is a named pipe (FIFO), not a file: Shuyu reads files it can seek in; save the stream to a file first"
        case S_IFSOCK: return "is a socket, not a file"
        case S_IFCHR, S_IFBLK: return "is a device, not a file"
        default: return "is not a regular file"
        }
    }
}
