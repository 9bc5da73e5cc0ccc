/// A line with its envelope removed: the message bytes plus what the envelope or header said.
struct DecodedLine {
    var message: UnsafeRawBufferPointer
    var timestamp: String?
    var epoch: Double?
    var level: String?
    var service: String?
    /// Owns decoded JSON message bytes so that `message` stays valid.
    var storage: [UInt8]?
    var malformedJSON = false

    /// Decodes a JSON record when the line looks like one, else reads a plain-text header.
    /// A line that starts like JSON but does not parse keeps what can be salvaged of its message
    /// (else its raw text) and is flagged.
    static func decode(_ line: UnsafeRawBufferPointer, body: (inout DecodedLine) -> Void) {
        var first = 0
        while first < line.count, line[first] == 0x20 || line[first] == 0x09 { first += 1 }
        var malformed = false
        if first < line.count, line[first] == UInt8(ascii: "{") {
            let envelope = JSONEnvelope.decode(line)
            if let envelope, let message = envelope.message {
                message.withUnsafeBytes { bytes in
                    var decoded = DecodedLine(
                        message: bytes, timestamp: envelope.timestamp,
                        epoch: envelope.timestamp.flatMap(Timestamp.epoch(of:)),
                        level: envelope.level.map(normalizedLevel), service: envelope.service, storage: message)
                    body(&decoded)
                }
                return
            }
            malformed = envelope == nil
            if malformed, let salvaged = JSONEnvelope.salvageMessage(line) {
                salvaged.withUnsafeBytes { bytes in
                    var decoded = DecodedLine(message: bytes, storage: salvaged, malformedJSON: true)
                    body(&decoded)
                }
                return
            }
        }
        let header = PlainHeader(line)
        var decoded = DecodedLine(
            message: UnsafeRawBufferPointer(rebasing: line[header.messageStart...]),
            timestamp: header.timestamp, epoch: header.epoch, level: header.level, service: nil)
        decoded.malformedJSON = malformed
        body(&decoded)
    }

    static func normalizedLevel(_ level: String) -> String {
        if let named = PlainHeader.levels[level.uppercased()] { return named }
        // journald PRIORITY: 0–3 error and worse, 4 warning, 5–6 info, 7 debug.
        switch Int(level) {
        case .some(0...2): return "critical"
        case .some(3): return "error"
        case .some(4): return "warning"
        case .some(5...6): return "info"
        case .some(7): return "debug"
        default: return level.lowercased()
        }
    }
}
