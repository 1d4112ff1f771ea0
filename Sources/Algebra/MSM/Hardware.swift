#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about the machine that size parallel work.
@usableFromInline
enum Hardware {
    /// The number of online processor cores (at least 1).
    @usableFromInline static let activeCores: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
