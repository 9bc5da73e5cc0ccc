/// A TCP host and port a connection string names for its server (libpq tries each of a multi-host DSN's in turn).
public struct DatabaseEndpoint: Sendable, Hashable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The TCP endpoints of libpq's `host`, `hostaddr` and `port` options as libpq pairs them: the nth host (and
    /// hostaddr) with the nth port, or every host with a single port; empty where a list is left empty. A host that
    /// is a socket directory (`/…`, `@…`) without a hostaddr is no TCP endpoint: a unix-socket DSN names none.
    public static func endpoints(host: String?, hostaddr: String?, port: String?) -> [DatabaseEndpoint] {
        func list(_ value: String?) -> [String] {
            (value ?? "").split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        }
        let hosts = list(host), addresses = list(hostaddr), ports = list(port)
        let count = max(hosts.count, addresses.count)
        var endpoints: [DatabaseEndpoint] = []
        for index in 0..<count {
            let text = ports.count == 1 ? ports[0] : index < ports.count ? ports[index] : ""
            guard let port = Int(text.isEmpty ? defaultPort : text) else { continue }
            let address = index < addresses.count ? addresses[index] : ""
            let name = index < hosts.count ? hosts[index] : ""
            for host in [name, address] where !host.isEmpty && !host.hasPrefix("/") && !host.hasPrefix("@") {
                endpoints.append(DatabaseEndpoint(host: host, port: port))
            }
        }
        return endpoints
    }

    /// libpq's compiled-in port (its `PGPORT` and the DSN's come as `port`).
    static let defaultPort = "5432"

    /// Whether a host and port a log names are this endpoint: the same port, and the same host name (any case, an IPv6
    /// address with or without brackets), or two names of the loopback interface. libpq resolves `localhost` to
    /// `::1` and `127.0.0.1` and tries both, and Node or Go print the address they tried, not the name: `--db` naming
    /// `localhost` is the server a log's `127.0.0.1` names on the same port. No name is looked up in DNS.
    public func isNamed(host logged: String, port: String) -> Bool {
        guard Int(port) == self.port else { return false }
        let a = Self.canonical(host), b = Self.canonical(logged)
        return a == b || (Self.loopback.contains(a) && Self.loopback.contains(b))
    }

    static let loopback: Set<String> = ["localhost", "127.0.0.1", "::1"]

    static func canonical(_ host: String) -> String {
        var host = Substring(host.lowercased())
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return String(host)
    }
}
