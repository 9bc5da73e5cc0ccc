import Foundation

/// Plans and applies the codemod playbooks of a fix plan against a source tree.
public struct CodeFixRunner: Sendable {
    public let library: PlaybookLibrary
    public let sourceRoot: URL

    public init(library: PlaybookLibrary, sourceRoot: String) {
        self.library = library
        self.sourceRoot = URL(fileURLWithPath: sourceRoot).standardizedFileURL
    }

    /// The changes a vetted codemod would make, computed from the files as they are now.
    public func plan(_ item: FixPlan.Item) throws -> CodemodPlan {
        let vetted = try library.vetted(item.playbook)
        let file = item.playbook.directory.appendingPathComponent("codemod.yaml")
        let codemod = try Codemod(yaml: try vetted.text(of: "codemod.yaml"), path: file.path)
        return try codemod.plan(sourceRoot: sourceRoot, parameters: item.parameters)
    }

    /// Plans, then writes every changed file atomically; refuses if a file changes in between.
    public func apply(_ item: FixPlan.Item) throws -> CodemodPlan {
        let plan = try plan(item)
        if !plan.isEmpty { try CodemodApplier.apply(plan) }
        return plan
    }
}
