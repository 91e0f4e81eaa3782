import Foundation
import BuiltinLessons
import Courseware
import TensorLang

/// The lessons a session offers: the ones built into the program, plus a
/// course's own folders, whose `NN-name.md` files replace built-in lessons of
/// the same number and add new ones.
public struct LessonLibrary: Sendable {
    /// Where lesson files come from.
    public enum Source: Sendable, Equatable {
        /// The lessons compiled into the program.
        case builtIn
        /// Every `NN-name.md` file of a folder.
        case folder(URL)
    }

    /// Later sources override earlier ones, lesson by lesson number.
    public let sources: [Source]

    public init(sources: [Source]) { self.sources = sources }

    /// Only the lessons of one folder.
    public init(directory: URL) { self.init(sources: [.folder(directory)]) }

    /// The built-in lessons, then each folder of `$UNROLL_LESSONS` (separated by
    /// `:`, as in `PATH`); `--lessons DIR` on the command line sets that variable.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> LessonLibrary {
        let folders = (environment["UNROLL_LESSONS"] ?? "").split(separator: ":").map { Source.folder(URL(fileURLWithPath: String($0))) }
        return LessonLibrary(sources: [.builtIn] + folders)
    }

    /// A lesson file's name and text, and which source it came from.
    public struct File: Sendable {
        public var name: String
        public var text: String
        public var source: Source
    }

    /// Every lesson file after overriding (one per number, sorted by number),
    /// and the problems met reading them (a missing folder, a file that is not UTF-8).
    public func files() -> (files: [File], errors: [LessonError]) {
        var byNumber: [Int: File] = [:]
        var errors: [LessonError] = []
        for source in sources {
            switch source {
            case .builtIn:
                for (name, text) in BuiltinLessons.files { add(File(name: name, text: text, source: source)) }
            case .folder(let url):
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
                    errors.append(LessonError(file: url.path, line: 0, message: "this lessons folder does not exist or cannot be read"))
                    continue
                }
                for name in names.filter({ $0.hasSuffix(".md") && $0.first?.isNumber == true }).sorted() {
                    let path = url.appendingPathComponent(name).path
                    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                        errors.append(LessonError(file: path, line: 1, message: "cannot be read as UTF-8 text"))
                        continue
                    }
                    add(File(name: name, text: text, source: source))
                }
            }
        }
        func add(_ file: File) {
            let digits = file.name.prefix { $0.isNumber }
            guard let number = Int(digits) else { return }  // too many digits: the parser reports the name
            byNumber[number] = file
        }
        return (byNumber.keys.sorted().compactMap { byNumber[$0] }, errors)
    }

    /// Every lesson with its file, sorted by number, and the problems met reading and parsing them.
    public func loadWithFiles() -> (lessons: [(lesson: Lesson, file: File)], errors: [LessonError]) {
        var (files, errors) = files()
        var lessons: [(lesson: Lesson, file: File)] = []
        for file in files {
            do { lessons.append((try LessonParser.parse(file.text, fileName: file.name), file)) } catch let error as LessonError { errors.append(error) } catch {}
        }
        return (lessons, errors)
    }

    /// Every lesson, sorted by number, each parsed or with the reason it could not be.
    public func load() -> (lessons: [Lesson], errors: [LessonError]) {
        let (entries, errors) = loadWithFiles()
        return (entries.map(\.lesson), errors)
    }

    /// The file of the lesson named by its number (`7`, `07`) or short name (`vanishing`).
    public func file(_ query: String) throws(SessionError) -> File {
        let lesson = try find(query)
        guard let entry = loadWithFiles().lessons.first(where: { $0.lesson.number == lesson.number }) else {
            throw SessionError.usage("no file for lesson \(lesson.number)")
        }
        return entry.file
    }

    /// The lesson named by its number (`7`, `07`) or short name (`vanishing`).
    public func find(_ query: String) throws(SessionError) -> Lesson {
        let (lessons, errors) = load()
        let wanted = query.trimmingCharacters(in: .whitespaces).lowercased()
        if let match = lessons.first(where: { Int(wanted) == $0.number || $0.slug == wanted }) { return match }
        let fileName = { (error: LessonError) in URL(fileURLWithPath: error.file).lastPathComponent }
        if let broken = errors.first(where: { fileName($0).hasPrefix(wanted) || fileName($0).contains("-\(wanted).") }) {
            throw SessionError.usage("lesson '\(query)' has a mistake: \(broken)")
        }
        var message = "no lesson '\(query)'"
        if let near = didYouMean(wanted, among: lessons.map(\.slug), maxDistance: 3) { message += "; did you mean '\(near)'?" }
        throw SessionError.usage(message + " (:lesson lists them)")
    }
}
