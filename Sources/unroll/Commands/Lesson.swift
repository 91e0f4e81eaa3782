import ArgumentParser
import Foundation
import Courseware
import Kernel

/// `unroll lesson [N|NAME]`: step through a lesson in the REPL; `--list`; `--starter N`;
/// `unroll lesson check FILE.md` for authors.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Step through a lesson (by number or name), list the lessons, or write an exercise starter file.",
        usage: """
            unroll lesson [N|NAME] [--list] [--starter N]
            unroll lesson check FILE.md ...
            """,
        subcommands: [LessonStep.self, LessonCheck.self],
        defaultSubcommand: LessonStep.self)
}

/// `unroll lesson [N|NAME]`, the default: the REPL with the lesson open.
struct LessonStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Step through a lesson (the default: 'unroll lesson 7' is 'unroll lesson open 7'), list the lessons, or write a starter file.")

    @Argument(help: "The lesson's number or short name, e.g. 7 or vanishing. Without it, the lessons are listed.")
    var lesson: String?

    @Flag(help: "List the lessons.")
    var list = false

    @Option(name: .customLong("starter"), help: "Write lesson N's exercise starter file (a submission template) to standard output.")
    var starterFor: String?

    @OptionGroup var lessonFolder: LessonFolderOption

    func run() throws {
        lessonFolder.apply()
        let library = LessonLibrary.locate()
        if let starterFor {
            let chosen = try findOrExit(starterFor, in: library)
            FileHandle.standardOutput.write(Data(Submission.starterFile(for: chosen).utf8))
            return
        }
        guard let lesson, !list else {
            try InteractiveSession(startCommands: [":lesson"]).run()
            return
        }
        _ = try findOrExit(lesson, in: library)
        try InteractiveSession(startCommands: [":lesson \(lesson)"]).run()
    }
}

/// The lesson for `query`, or a usage error (exit 2) that says what exists.
func findOrExit(_ query: String, in library: LessonLibrary) throws(CLIError) -> Courseware.Lesson {
    do {
        return try library.find(query)
    } catch {
        throw .usage(error.value)
    }
}
