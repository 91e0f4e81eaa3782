import Foundation
import PackagePlugin

/// Compiles text files of the package into a target as string literals, so a
/// binary copied alone to another machine still has them: the lessons
/// (`lessons/NN-name.md`), the Pygments lexer that `unroll kernel install`
/// puts in place, the scripts of the Gradescope bundle and the trained models of
/// `pretrained/`. Runs again
/// whenever one of the files changes.
@main
struct EmbedFilesPlugin: BuildToolPlugin {
    /// What a target embeds: the files of one folder of the package.
    struct Rule: Sendable {
        var folder: String
        var variable: String
        /// Only files with this extension; nil takes every file that is not hidden.
        var fileExtension: String?
        /// Only files whose name starts with a digit (lessons: `07-vanishing.md`).
        var numberedOnly = false

        func includes(_ name: String) -> Bool {
            !name.hasPrefix(".") && fileExtension.map(name.hasSuffix) != false && (!numberedOnly || name.first?.isNumber == true)
        }
    }

    static let rules: [String: Rule] = [
        "BuiltinLessons": Rule(folder: "lessons", variable: "embeddedLessonFiles", fileExtension: ".md", numberedOnly: true),
        "JupyterKernel": Rule(folder: "python/pygments-unroll/pygments_unroll", variable: "embeddedPygmentsFiles", fileExtension: ".py"),
        "unroll": Rule(folder: "deploy/gradescope", variable: "embeddedGradescopeFiles"),
        "PretrainedModels": Rule(folder: "pretrained", variable: "embeddedPretrainedFiles"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let rule = Self.rules[target.name] else {
            Diagnostics.error("EmbedFilesPlugin has no rule for target '\(target.name)'; add one to its rules table")
            return []
        }
        let folder = context.package.directoryURL.appending(path: rule.folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { rule.includes($0) }.sorted()
        let files = names.map { folder.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(target.name)+EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) files of \(rule.folder) in \(target.name)",
                executable: try context.tool(named: "EmbedFiles").url,
                arguments: ["--output", output.path, "--variable", rule.variable, "--root", folder.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]),
        ]
    }
}
