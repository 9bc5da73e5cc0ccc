import Foundation

/// A sqitch project's `sqitch.plan`: the order its `deploy/` scripts run in, which is the plan's, not the
/// files' names. A change reworked after a tag runs twice: first as `deploy/NAME@TAG.sql` (the first tag
/// between the two instances that has such a file), then as `deploy/NAME.sql`.
struct SqitchPlan {
    private enum Line { case change(String), tag(String) }
    private let lines: [Line]
    private let deploy: URL

    /// The plan of the project at `folder`, or of the project whose `deploy/` folder `folder` is; nil when
    /// there is none.
    init?(folder: URL) {
        let candidates = [folder, folder.deletingLastPathComponent()]
        guard let root = candidates.first(where: {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("sqitch.plan").path)
        }), let text = try? String(contentsOf: root.appendingPathComponent("sqitch.plan"), encoding: .utf8) else { return nil }
        deploy = root.appendingPathComponent("deploy")
        lines = text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let first = trimmed.first, first != "%", first != "#",
                  let name = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "[" }).first else { return nil }
            return first == "@" ? .tag(String(name.dropFirst())) : .change(String(name))
        }
    }

    /// The deploy scripts in the plan's order, each instance of a reworked change with its own file.
    func deployScripts() -> [String] {
        var scripts: [String] = []
        for (index, line) in lines.enumerated() {
            guard case .change(let name) = line else { continue }
            let plain = deploy.appendingPathComponent("\(name).sql").path
            let later = lines[(index + 1)...]
            guard let next = later.firstIndex(where: { if case .change(name) = $0 { return true } else { return false } }) else {
                scripts.append(plain)
                continue
            }
            let tagged = lines[(index + 1)..<next].compactMap { line -> String? in
                guard case .tag(let tag) = line else { return nil }
                let path = deploy.appendingPathComponent("\(name)@\(tag).sql").path
                return FileManager.default.fileExists(atPath: path) ? path : nil
            }
            scripts.append(tagged.first ?? plain)
        }
        return scripts
    }
}
