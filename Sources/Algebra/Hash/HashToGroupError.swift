/// Why hashing to the group (RFC 9380 expand_message_xmd, RFC 9496 hash_to_ristretto255) refused its input.
public enum HashToGroupError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The requested number of output bytes is outside `allowed`. RFC 9380 §5.3.1 step 2 aborts when
    /// ell = ceil(len_in_bytes / 64) > 255 or len_in_bytes > 65535; with SHA-512 that caps the output at
    /// 255 · 64 = 16320 bytes. Zero (and any negative length) is refused too: an empty "uniform" string is a caller
    /// bug, not a use of the expander.
    case outputLengthOutOfRange(requested: Int, allowed: ClosedRange<Int>)

    /// The domain separation tag is empty; RFC 9380 §3.1 says tags MUST have nonzero length.
    case emptyDomainSeparationTag

    /// A one-line explanation for the command line.
    public var description: String {
        switch self {
        case .outputLengthOutOfRange(let requested, let allowed):
            "expand_message_xmd cannot produce \(requested) bytes; the output length must be in "
                + "\(allowed.lowerBound)...\(allowed.upperBound) (RFC 9380 §5.3.1)"
        case .emptyDomainSeparationTag:
            "the domain separation tag is empty; RFC 9380 §3.1 requires a nonempty tag"
        }
    }
}
