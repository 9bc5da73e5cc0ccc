/// One structured PostgreSQL server record (`csvlog`, `jsonlog`), rendered as the server's verbose
/// stderr form so that rules see the same text whatever the log destination:
/// `ERROR:  42P01: message`, then `DETAIL:  …`, `HINT:  …`, `QUERY:  …`, `CONTEXT:  …`, `LOCATION:  …`,
/// `STATEMENT:  …` lines, continuation lines of a field indented by a tab as the server does.
struct PostgresRecord {
    var timestamp: String?
    var user: String?
    var database: String?
    var processID: Int?
    var severity: String?
    var sqlstate: String?
    var message: String?
    var detail: String?
    var hint: String?
    var internalQuery: String?
    var context: String?
    var statement: String?
    var location: String?
    var application: String?

    var isRecord: Bool { severity != nil && message != nil }

    func rendered() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out += (severity ?? "LOG").utf8
        out += ":  ".utf8
        if let sqlstate, !sqlstate.isEmpty { out += sqlstate.utf8; out += ": ".utf8 }
        Self.appendField(message ?? "", to: &out)
        for (label, value) in [("DETAIL", detail), ("HINT", hint), ("QUERY", internalQuery), ("CONTEXT", context),
                               ("LOCATION", location), ("STATEMENT", statement)] {
            guard let value, !value.isEmpty else { continue }
            out.append(0x0A)
            out += label.utf8
            out += ":  ".utf8
            Self.appendField(value, to: &out)
        }
        return out
    }

    private static func appendField(_ value: String, to out: inout [UInt8]) {
        for byte in value.utf8 {
            out.append(byte)
            if byte == 0x0A { out.append(0x09) }
        }
    }
}
