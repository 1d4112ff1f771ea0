import CGMP

/// The version of the GMP library linked in, for diagnostics and for checking that `CGMP` links.
public enum GMPVersion {
    /// The run-time version string GMP reports (`gmp_version`, such as `"6.3.0"`).
    public static var string: String {
        String(cString: __gmp_version)
    }

    /// The version of the `gmp.h` the support library was compiled against.
    public static let headerVersion = (
        major: Int(__GNU_MP_VERSION), minor: Int(__GNU_MP_VERSION_MINOR),
        patch: Int(__GNU_MP_VERSION_PATCHLEVEL)
    )
}
