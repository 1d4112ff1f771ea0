/// STROBE-128 over Keccak-f[1600], reduced to the four operations Merlin uses: meta-AD, AD, PRF and KEY.
///
/// Follows STROBE v1.0.2 (Hamburg, "The STROBE protocol framework", strobe.sourceforge.io/specs) in the shape of
/// the merlin crate's `strobe.rs`: a byte position in a 166-byte rate, the start offset of the current operation
/// and its flags. Operations that need the transport, tags or ratchets (send/recv, MAC, RATCHET) are left out.
///
/// Internal on purpose: a STROBE object is easy to misuse (continuations, flag sequences), so the module exposes
/// only the Merlin-level API built on it.
struct Strobe128: Sendable {
    /// The operation flags I, A, C, T, M, K (spec, "Operations and flags"), as bits of the byte `begin_op` absorbs.
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8

        /// Inbound: data flows from the transport to the application (set for PRF).
        static let inbound = Flags(rawValue: 1 << 0)
        /// Application: the operation carries data to or from the application.
        static let application = Flags(rawValue: 1 << 1)
        /// Cipher: the output depends on the key (PRF, KEY); forces a permutation before the operation.
        static let cipher = Flags(rawValue: 1 << 2)
        /// Transport: data goes over the wire. Never used by Merlin.
        static let transport = Flags(rawValue: 1 << 3)
        /// Meta: framing data rather than message data (Merlin's labels and lengths).
        static let meta = Flags(rawValue: 1 << 4)
        /// Keytree: also forces a permutation. Never set by the operations here, kept for the begin-op rule.
        static let keytree = Flags(rawValue: 1 << 5)
    }

    /// The rate R in bytes for Keccak-f[1600] at 128-bit security: 200 − 2·128/8 − 2 = 166 (spec, "Strobe
    /// parameters"); the two bytes after it take the padding written by `runF`.
    static let rate = 166

    private var state: KeccakState
    /// The next byte of the rate to use, in 0..<rate (`pos`).
    private var position: Int
    /// One plus the position where the current operation began in this block, 0 after a permutation (`pos_begin`).
    private var beginPosition: Int
    /// The flags of the current operation, checked when an operation is continued (`cur_flags`).
    private var currentFlags: Flags

    /// Initializes STROBE-128 and runs meta-AD on the protocol label (spec, "Initial state").
    ///
    /// The first block is cSHAKE's framing (SP 800-185 §3.3) of an empty function name and the customization
    /// string "STROBEv1.0.2": `bytepad(left_encode(R+2) ‖ left_encode(0) ‖ left_encode(96) ‖ "STROBEv1.0.2")`,
    /// permuted once. The string has no hyphen; merlin's `strobe.rs` and the official vectors agree.
    init(protocolLabel: String) {
        state = KeccakState()
        state.withUnsafeMutableBytes { bytes in
            let prefix: [UInt8] = [1, UInt8(Self.rate + 2), 1, 0, 1, 96]
            let customization = Array("STROBEv1.0.2".utf8)
            for (offset, byte) in (prefix + customization).enumerated() {
                bytes[offset] = byte
            }
        }
        state.permute()
        position = 0
        beginPosition = 0
        currentFlags = []
        metaAD(protocolLabel, more: false)
    }

    // MARK: Operations (spec, "Low-level operations")

    /// meta-AD: absorbs framing data (flags M and A).
    mutating func metaAD(_ data: UnsafeRawBufferPointer, more: Bool) {
        beginOperation([.meta, .application], more: more)
        absorb(data)
    }

    /// meta-AD of a label's UTF-8 bytes.
    mutating func metaAD(_ label: String, more: Bool) {
        Self.withUTF8(of: label) { metaAD($0, more: more) }
    }

    /// meta-AD of a 32-bit little-endian integer: Merlin's `LE32` length prefix.
    mutating func metaAD(littleEndian32 value: UInt32, more: Bool) {
        withUnsafeBytes(of: value.littleEndian) { metaAD($0, more: more) }
    }

    /// AD: absorbs associated data (flag A).
    mutating func ad(_ data: UnsafeRawBufferPointer, more: Bool) {
        beginOperation([.application], more: more)
        absorb(data)
    }

    /// PRF: squeezes `output.count` pseudorandom bytes (flags I, A and C), zeroing the state bytes it reads.
    mutating func prf(into output: UnsafeMutableRawBufferPointer, more: Bool) {
        beginOperation([.inbound, .application, .cipher], more: more)
        squeeze(into: output)
    }

    /// KEY: overwrites the state with secret key material (flags A and C), giving forward secrecy for the key.
    mutating func key(_ data: UnsafeRawBufferPointer, more: Bool) {
        beginOperation([.application, .cipher], more: more)
        overwrite(data)
    }

    // MARK: Sponge core (the duplex behind every operation; merlin's `strobe.rs` has the same shape)

    /// Starts an operation, or continues the current one when `more` is set.
    ///
    /// Absorbs the previous operation's start and the new flags, so operation boundaries are part of the state,
    /// then permutes early for C or K so that keyed output never shares a block with earlier data.
    private mutating func beginOperation(_ flags: Flags, more: Bool) {
        if more {
            // A continuation must repeat the flags of the operation it continues; only this file calls it.
            assert(currentFlags == flags, "STROBE continuation with different flags")
            return
        }
        assert(!flags.contains(.transport), "Merlin's STROBE subset has no transport operations")
        let previousBegin = UInt8(truncatingIfNeeded: beginPosition)
        beginPosition = position + 1
        currentFlags = flags
        withUnsafeBytes(of: (previousBegin, flags.rawValue)) { absorb($0) }
        if !flags.isDisjoint(with: [.cipher, .keytree]) && position != 0 {
            runF()
        }
    }

    /// XORs `data` into the rate, permuting each time the rate fills.
    private mutating func absorb(_ data: UnsafeRawBufferPointer) {
        var consumed = 0
        while consumed < data.count {
            let start = position
            let chunk = min(data.count - consumed, Self.rate - start)
            state.withUnsafeMutableBytes { bytes in
                for index in 0..<chunk {
                    bytes[start + index] ^= data[consumed + index]
                }
            }
            position += chunk
            consumed += chunk
            if position == Self.rate {
                runF()
            }
        }
    }

    /// Replaces rate bytes by `data` (KEY's duplex overwrite), permuting each time the rate fills.
    private mutating func overwrite(_ data: UnsafeRawBufferPointer) {
        var consumed = 0
        while consumed < data.count {
            let start = position
            let chunk = min(data.count - consumed, Self.rate - start)
            state.withUnsafeMutableBytes { bytes in
                for index in 0..<chunk {
                    bytes[start + index] = data[consumed + index]
                }
            }
            position += chunk
            consumed += chunk
            if position == Self.rate {
                runF()
            }
        }
    }

    /// Copies rate bytes to `output` and zeroes them, permuting each time the rate fills.
    private mutating func squeeze(into output: UnsafeMutableRawBufferPointer) {
        var produced = 0
        while produced < output.count {
            let start = position
            let chunk = min(output.count - produced, Self.rate - start)
            state.withUnsafeMutableBytes { bytes in
                for index in 0..<chunk {
                    output[produced + index] = bytes[start + index]
                    bytes[start + index] = 0
                }
            }
            position += chunk
            produced += chunk
            if position == Self.rate {
                runF()
            }
        }
    }

    /// Pads and permutes: `pos_begin` at the current position, 0x04 after it, 0x80 in the last padding byte
    /// (spec's `_run_f`), then starts a new block. Mixing in `pos_begin` is what frames operations across blocks.
    private mutating func runF() {
        let start = position
        let begin = UInt8(truncatingIfNeeded: beginPosition)
        state.withUnsafeMutableBytes { bytes in
            bytes[start] ^= begin
            bytes[start + 1] ^= 0x04
            bytes[Self.rate + 1] ^= 0x80
        }
        state.permute()
        position = 0
        beginPosition = 0
    }

    /// Calls `body` with the UTF-8 bytes of `string`, without copying native strings.
    private static func withUTF8<Result>(of string: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let result = string.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var native = string
        return native.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
