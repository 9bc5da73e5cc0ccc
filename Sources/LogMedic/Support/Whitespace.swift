extension String {
    /// The text without leading and trailing white space (Unicode White_Space: spaces, tabs and line
    /// breaks), which is `trimmingCharacters(in: .whitespacesAndNewlines)`. That Foundation call costs
    /// about 200k instructions for a rule's explanation on Linux, and a report makes two per problem.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while start < end {
            let last = scalars.index(before: end)
            guard scalars[last].properties.isWhitespace else { break }
            end = last
        }
        return String(Substring(scalars[start..<end]))
    }
}
