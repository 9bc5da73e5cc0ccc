import Foundation
import Testing
@testable import LogMedic

/// The manifest is read as `sha256sum -c` reads it, and a playbook folder holds exactly the files it
/// lists, each a regular file.
@Suite("manifest and playbook folder")
struct ManifestTests {
    static let yaml = "id: probe\ntitle: probe\nfixes: {rule: undefined_table}\npreconditions: {absent: [public.probe]}\n"

    /// A one-playbook directory `probe/` with its files approved by `logmedic remediations approve`.
    func withProbe<R>(_ body: (URL, URL) throws -> R) throws -> R {
        try withTemporaryDirectory { root in
            let folder = root.appendingPathComponent("probe")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in [("playbook.yaml", Self.yaml), ("deploy.sql", "CREATE TABLE probe (id int);\n"),
                                 ("verify.sql", "SELECT true\n"), ("revert.sql", "DROP TABLE probe;\n")] {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            _ = try PlaybookLibrary(directory: root.path).approve(id: "probe")
            return try body(root, folder)
        }
    }

    func status(_ root: URL) throws -> Manifest.Status {
        try PlaybookLibrary(directory: root.path).statuses()[0].1
    }

    func rewriteManifest(_ root: URL, _ transform: (String) -> String) throws {
        let url = root.appendingPathComponent(Manifest.fileName)
        try transform(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func whatSha256sumAcceptsIsAccepted() throws {
        let forms: [(String, (String) -> String)] = [
            ("upper-case hex", { $0.uppercased().replacingOccurrences(of: "PROBE/", with: "probe/")
                .replacingOccurrences(of: "PLAYBOOK.YAML", with: "playbook.yaml").replacingOccurrences(of: "DEPLOY.SQL", with: "deploy.sql")
                .replacingOccurrences(of: "VERIFY.SQL", with: "verify.sql").replacingOccurrences(of: "REVERT.SQL", with: "revert.sql") }),
            ("binary marker", { $0.replacingOccurrences(of: "  probe/", with: " *probe/") }),
            ("CRLF line ends", { $0.replacingOccurrences(of: "\n", with: "\r\n") }),
            ("BSD tag form", { text in
                text.split(separator: "\n").map { line in
                    let parts = line.split(separator: " ", maxSplits: 1)
                    return "SHA256 (\(parts[1].trimmingCharacters(in: .whitespaces))) = \(parts[0])"
                }.joined(separator: "\n") + "\n"
            }),
        ]
        for (name, transform) in forms {
            try withProbe { root, _ in
                try rewriteManifest(root, transform)
                #expect(try status(root) == .vetted, "\(name)")
                let check = Process()
                check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
                check.arguments = ["--quiet", "-c", Manifest.fileName]
                check.currentDirectoryURL = root
                try check.run()
                check.waitUntilExit()
                #expect(check.terminationStatus == 0, "sha256sum -c accepts the \(name) form too")
            }
        }
    }

    @Test(arguments: ["not a checksum line", String(repeating: "a", count: 63) + "  probe/deploy.sql",
                      String(repeating: "a", count: 64) + "  ../probe/deploy.sql", String(repeating: "a", count: 64) + " probe/deploy.sql",
                      String(repeating: "g", count: 64) + "  probe/deploy.sql"])
    func aMalformedLineIsAnError(_ line: String) throws {
        try withProbe { root, _ in
            try rewriteManifest(root) { $0 + line + "\n" }
            #expect(throws: RemediationError.badManifest(path: root.appendingPathComponent(Manifest.fileName).path, line: line)) {
                try PlaybookLibrary(directory: root.path).statuses()
            }
        }
    }

    @Test func aModifiedFileShowsBothHashes() throws {
        try withProbe { root, folder in
            let before = SHA256.hex(try Data(contentsOf: folder.appendingPathComponent("deploy.sql")))
            try "DROP TABLE users;\n".write(to: folder.appendingPathComponent("deploy.sql"), atomically: true, encoding: .utf8)
            let status = try status(root)
            #expect(status == .modified(file: "probe/deploy.sql", expected: before, actual: SHA256.hex(Array("DROP TABLE users;\n".utf8))))
            #expect("\(status)".contains(before))
        }
    }

    @Test(arguments: [".hidden.sql", "nested/deploy.sql"])
    func anUnlistedHiddenFileOrSubdirectoryIsRefused(_ path: String) throws {
        try withProbe { root, folder in
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "DROP TABLE users;".write(to: url, atomically: true, encoding: .utf8)
            let first = String(path.split(separator: "/")[0])
            #expect(try status(root) == .unapprovedFile(file: "probe/\(first)"))
        }
    }

    @Test func aFIFOOrADeviceSymlinkIsNotARegularFile() throws {
        try withProbe { root, folder in
            let deploy = folder.appendingPathComponent("deploy.sql")
            try FileManager.default.removeItem(at: deploy)
            #expect(mkfifo(deploy.path, 0o644) == 0)
            #expect(try status(root) == .notRegularFile(file: "probe/deploy.sql", kind: "a FIFO"))
            try FileManager.default.removeItem(at: deploy)
            try FileManager.default.createSymbolicLink(atPath: deploy.path, withDestinationPath: "/dev/zero")
            #expect(try status(root) == .notRegularFile(file: "probe/deploy.sql", kind: "a symlink"))
            #expect("\(try status(root))".contains("not a regular file"))
        }
    }

    @Test func theVettedBytesAreTheBytesThatWereHashed() throws {
        try withProbe { root, _ in
            let library = try PlaybookLibrary(directory: root.path)
            let vetted = try library.vetted(try library.playbook(id: "probe"))
            #expect(try vetted.text(of: "deploy.sql") == "CREATE TABLE probe (id int);\n")
            #expect(vetted.checksums["deploy.sql"] == SHA256.hex(Array("CREATE TABLE probe (id int);\n".utf8)))
        }
    }
}
