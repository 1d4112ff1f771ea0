extension RistrettoPoint {
    /// hash_to_ristretto255(msg, DST) = one_way_map(expand_message_xmd_sha512(msg, DST, 64))
    /// (RFC 9380 Appendix B with RFC 9496 §4.3.4): a random-oracle map whose output has no known discrete log
    /// with respect to any other generator.
    ///
    /// - Throws: ``HashToGroupError/emptyDomainSeparationTag`` for an empty tag.
    public static func hashToGroup(
        message: some Collection<UInt8>, dst: some Collection<UInt8>
    ) throws(HashToGroupError) -> RistrettoPoint {
        let uniform = try ExpandMessageXMD.expand(message: message, dst: dst, outputLength: 64)
        return oneWayMap(uniform)
    }
}
