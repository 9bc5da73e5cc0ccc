import Foundation

extension FrameParser {
    /// `EventAssembler.chainHeaders`, as text.
    static let chainSeparators = EventAssembler.chainHeaders.map(\.description)

    /// The frames of the failure a rule matched at byte `offset` of `text`. When Python printed a chain of
    /// tracebacks, a failure's exception line ends its own traceback: its frames are those between the chain
    /// separator before it and the match, if they reach the app's code (a driver's traceback under SQLAlchemy's
    /// does not). Otherwise, and for a match above every frame (a logging line restating the last exception),
    /// the event's `frames`.
    static func frames(_ frames: [CodeFrame], ofMatchAt offset: Int, in text: String) -> [CodeFrame] {
        guard frames.count > 1, chainSeparators.contains(where: { text.contains($0) }) else { return frames }
        let before = String(decoding: text.utf8.prefix(offset), as: UTF8.self)
        let start = chainSeparators.compactMap { before.range(of: $0, options: .backwards)?.upperBound }.max() ?? before.startIndex
        let own = Self.frames(in: String(before[start...]))
        return own.contains { !$0.isLibrary } ? own : frames
    }
}
