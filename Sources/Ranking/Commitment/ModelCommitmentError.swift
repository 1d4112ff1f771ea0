import Model
import Proofs

/// Why a model commitment, its well-formedness proof, an opening or a publication folder was refused. Nothing in
/// the model-commitment code traps on input: every malformed value ends here.
public enum ModelCommitmentError: Error, Equatable, Sendable {
    /// The encoding does not start with the expected four-byte magic.
    case badMagic(expected: String)
    /// The encoding's format version is not one this library reads.
    case unsupportedVersion(UInt8)
    /// The encoding ended before `needed` more bytes could be read at `offset`.
    case truncated(offset: Int, needed: Int, available: Int)
    /// Bytes were left over after the whole value was read.
    case trailingBytes(count: Int)
    /// The embedded model descriptor is invalid.
    case invalidDescriptor(DescriptorError)
    /// The descriptor's shapes cannot be committed with the public parameters (a row too long, a tensor too
    /// large for a range proof).
    case unsupportedLayout(String)
    /// A group element, scalar or shape inside the encoding is invalid.
    case invalidEncoding(ProofError)
    /// A commitment does not have the layout its descriptor requires.
    case commitmentShapeMismatch(tensor: String)
    /// The prover refused: some committed entry is not an integer of its tensor's type (or the witness does
    /// not match its commitment).
    case proverRefused(ProofError)
    /// The well-formedness proof π_wf does not verify.
    case wellFormednessRejected(ProofError)
    /// The model file inside an opening could not be read.
    case invalidModelFile(ModelFileError)
    /// An opening's model and commitment describe different models.
    case descriptorMismatch
    /// An opening's values and blinders do not reproduce row `row` of `tensor`'s commitment.
    case openingMismatch(tensor: String, row: Int)
    /// A row blinder at `offset` is not a canonical non-zero scalar.
    case invalidBlinder(offset: Int)
    /// The platform's signing key (or a public key) is not a valid Ed25519 key.
    case invalidSigningKey(String)
    /// A model name that cannot be a folder name (empty, a path, or characters outside [A-Za-z0-9._-]).
    case invalidName(String)
    /// The private opening would be written inside the public commitments directory.
    case openingInsideCommitments(opening: String, commitments: String)
    /// The publication folder (or opening file) already exists and overwriting was not asked for.
    case alreadyExists(path: String)
    /// A file could not be read or written.
    case fileSystem(String)
    /// The files of a publication folder disagree with one another.
    case publicationMismatch(String)
}

extension ModelCommitmentError: CustomStringConvertible {
    /// A one-line explanation for command-line users.
    public var description: String {
        switch self {
        case .badMagic(let expected):
            return "encoding does not start with the magic \"\(expected)\""
        case .unsupportedVersion(let version):
            return "encoding version \(version) is not supported (this build reads 1)"
        case .truncated(let offset, let needed, let available):
            return "encoding is truncated: needed \(needed) bytes at offset \(offset), only \(available) left"
        case .trailingBytes(let count):
            return "encoding has \(count) unexpected trailing bytes"
        case .invalidDescriptor(let error):
            return "the model descriptor is invalid: \(error)"
        case .unsupportedLayout(let detail):
            return "the model cannot be committed with the public parameters: \(detail)"
        case .invalidEncoding(let error):
            return "invalid encoding: \(error)"
        case .commitmentShapeMismatch(let tensor):
            return "the commitment to \(tensor) does not have the layout its descriptor requires"
        case .proverRefused(let error):
            return "cannot prove the model well-formed: \(error)"
        case .wellFormednessRejected(let error):
            return "the well-formedness proof does not verify: \(error)"
        case .invalidModelFile(let error):
            return "the opening's model file is invalid: \(error)"
        case .descriptorMismatch:
            return "the opening's model and commitment have different descriptors"
        case .openingMismatch(let tensor, let row):
            return "the opening does not reproduce row \(row) of the commitment to \(tensor)"
        case .invalidBlinder(let offset):
            return "the blinder at offset \(offset) is not a canonical non-zero scalar"
        case .invalidSigningKey(let detail):
            return "invalid platform key: \(detail)"
        case .invalidName(let name):
            return "invalid model name \"\(name)\" (use letters, digits, '.', '_' and '-'; not \".\" or \"..\")"
        case .openingInsideCommitments(let opening, let commitments):
            return "refusing to write the private opening \(opening) inside the public commitments directory "
                + "\(commitments)"
        case .alreadyExists(let path):
            return "\(path) already exists (use --force to overwrite)"
        case .fileSystem(let detail):
            return detail
        case .publicationMismatch(let detail):
            return "the publication folder is inconsistent: \(detail)"
        }
    }
}
