import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exclusive lock that lets one process at a time publish into an archive: `flock(LOCK_EX)` on a small sidecar
/// file, `ARCHIVE-lock`, next to the archive's `-wal` and `-shm`. A second `feedproof publish` (or `archive merge
/// --out`) on the same archive is refused with ``ArchiveError/inUse(path:holder:)`` instead of interleaving its
/// writes; readers (`archive check`, `verify-archive`, `feedaudit --archive`) never take it.
///
/// - **Sidecar, not the database file.** SQLite holds POSIX `fcntl` locks on the database, and POSIX releases every
///   such lock of a process when *any* descriptor of the file is closed, so the archive file is never opened here.
/// - **Released by the kernel.** `flock` locks die with their process, kill -9 included: a stale lock file never
///   blocks the rerun (its content, the holder's pid, is informative only).
/// - **Per process.** Opening the same archive twice in one process shares the lock (tests and `archive merge` do);
///   the lock is released when the last ``RankingArchive`` holding it goes away.
/// - **Read-only and full file systems.** The lock file is the first thing a publisher writes, so EROFS/EACCES become
///   ``ArchiveError/readOnly(path:reason:)`` and ENOSPC ``ArchiveError/diskFull(path:reason:)`` before SQLite is
///   touched: the archive is left exactly as it was.
package final class PublisherLock: Sendable {
    /// The lock file's path for the archive at `archivePath`.
    package static func lockPath(for archivePath: String) -> String { archivePath + "-lock" }

    /// The locks this process holds: canonical lock path → (descriptor, holders).
    private static let held = Mutex<[String: (descriptor: Int32, holders: Int)]>([:])

    /// The canonical lock path this handle holds.
    private let key: String

    /// Takes the lock of the archive at `archivePath`, or joins this process's existing hold on it.
    /// - Throws: ``ArchiveError/inUse(path:holder:)`` when another process holds it, ``ArchiveError/readOnly(path:reason:)``,
    ///   ``ArchiveError/diskFull(path:reason:)`` or ``ArchiveError/unreadable(path:reason:)`` when the lock file cannot
    ///   be created.
    package init(archivePath: String) throws(ArchiveError) {
        let lockPath = Self.lockPath(for: archivePath)
        let directory = URL(fileURLWithPath: archivePath).deletingLastPathComponent().path
        let key =
            (URL(fileURLWithPath: directory).resolvingSymlinksInPath().path as NSString).appendingPathComponent(
                URL(fileURLWithPath: lockPath).lastPathComponent)
        self.key = key
        let result: Result<Void, ArchiveError> = Self.held.withLock { held in
            if var entry = held[key] {
                entry.holders += 1
                held[key] = entry
                return .success(())
            }
            let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                return .failure(Self.openFailure(errno, archivePath: archivePath, lockPath: lockPath))
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                let holder = Self.holder(descriptor)
                close(descriptor)
                if code == EWOULDBLOCK {
                    return .failure(
                        .inUse(path: archivePath, holder: holder.map { "process \($0) holds \(lockPath)" } ?? lockPath))
                }
                return .failure(
                    .database(path: archivePath, reason: "cannot lock \(lockPath): \(String(cString: strerror(code)))"))
            }
            // Informative only: who holds the lock, for the next publisher's error message. Best effort (a full disk
            // may refuse even these few bytes; the lock holds regardless).
            let pid = Array("\(getpid())\n".utf8)
            if ftruncate(descriptor, 0) == 0 {
                _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            }
            held[key] = (descriptor, 1)
            return .success(())
        }
        try result.get()
    }

    deinit {
        let key = self.key
        Self.held.withLock { held in
            guard var entry = held[key] else { return }
            entry.holders -= 1
            if entry.holders > 0 {
                held[key] = entry
            } else {
                held[key] = nil
                close(entry.descriptor)  // releases the flock
            }
        }
    }

    /// The pid written in a held lock file, if readable.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func openFailure(_ code: Int32, archivePath: String, lockPath: String) -> ArchiveError {
        let reason = "cannot create its lock file \(lockPath): \(String(cString: strerror(code)))"
        switch code {
        case EROFS: return .readOnly(path: archivePath, reason: "read-only file system; \(reason)")
        case EACCES, EPERM: return .readOnly(path: archivePath, reason: "permission denied; \(reason)")
        case ENOSPC, EDQUOT: return .diskFull(path: archivePath, reason: reason)
        default: return .unreadable(path: archivePath, reason: reason)
        }
    }
}

/// Free space on the file system holding a path.
enum FileSystemSpace {
    /// Whether the file system holding `path` (or its directory) has no block left for an unprivileged writer.
    static func isFull(at path: String) -> Bool {
        var info = statvfs()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard statvfs(directory, &info) == 0 else { return false }
        return info.f_bavail == 0
    }
}

extension FileSystemSpace {
    /// Whether `path` lies on a file system mounted read-only.
    static func isReadOnly(at path: String) -> Bool {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return false }
        return info.f_flag & UInt(ST_RDONLY) != 0
    }
}
