import Foundation
import Courseware
import TensorLang

/// The lessons on disk: every `NN-name.md` file of one folder.
public struct LessonLibrary: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Finds the lessons folder: `$UNROLL_LESSONS`, then the `lessons/` folder
    /// of the source tree this program was built from, then `./lessons`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> LessonLibrary? {
        var candidates: [URL] = []
        if let path = environment["UNROLL_LESSONS"] { candidates.append(URL(fileURLWithPath: path)) }
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Lessons
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()  // Kernel, Sources, root
        candidates.append(sourceTree.appendingPathComponent("lessons"))
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("lessons"))
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue }
            .map(LessonLibrary.init)
    }

    /// Every lesson file, sorted by number, each parsed or with the reason it could not be.
    public func load() -> (lessons: [Lesson], errors: [LessonError]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
        var lessons: [Lesson] = [], errors: [LessonError] = []
        for name in names {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                  let text = String(data: data, encoding: .utf8) else {
                errors.append(LessonError(file: name, line: 1, message: "cannot be read as UTF-8 text"))
                continue
            }
            do { lessons.append(try LessonParser.parse(text, fileName: name)) } catch let error as LessonError { errors.append(error) } catch {}
        }
        return (lessons.sorted { $0.number < $1.number }, errors)
    }

    /// The lesson named by its number (`7`, `07`) or short name (`vanishing`).
    public func find(_ query: String) throws(SessionError) -> Lesson {
        let (lessons, errors) = load()
        let wanted = query.trimmingCharacters(in: .whitespaces).lowercased()
        if let match = lessons.first(where: { Int(wanted) == $0.number || $0.slug == wanted }) { return match }
        if let broken = errors.first(where: { $0.file.hasPrefix(wanted) || $0.file.contains("-\(wanted).") }) {
            throw SessionError.usage("lesson '\(query)' has a mistake: \(broken)")
        }
        var message = "no lesson '\(query)'"
        if let near = didYouMean(wanted, among: lessons.map(\.slug), maxDistance: 3) { message += "; did you mean '\(near)'?" }
        throw SessionError.usage(message + " (:lesson lists them)")
    }
}
