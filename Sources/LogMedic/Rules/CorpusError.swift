/// Why a corpus could not be checked.
public enum CorpusError: Error, CustomStringConvertible {
    case noExpectations(path: String)
    case invalidExpectations(path: String, reason: String)

    public var description: String {
        switch self {
        case let .noExpectations(path):
            return "\(path): no expected*.yaml here — a corpus directory lists what each file must yield (see Tests/Corpus/catalog)"
        case let .invalidExpectations(path, reason):
            return "\(path): not a valid expectations file (a list of {files, expect}): \(reason)"
        }
    }
}
