import Courseware
import Formats
import Foundation
import Isolation
import Kernel

/// `unroll grade N --autograder ROOT`: grading as Gradescope runs it. The
/// student's files are in ROOT/submission; ROOT/results/results.json is
/// always written (atomically), whatever that folder holds.
extension Grade {
    /// Largest file considered a submission.
    static let largestSubmission = 64 << 20

    func gradeAutograderFolder(_ root: URL, with pool: WorkerPool) throws {
        let folder = root.appendingPathComponent("submission")
        let (chosen, notes) = Self.chooseSubmission(in: folder)
        var results: GradescopeResults
        if let chosen {
            // The same process isolation and hard limits as any other grading.
            results = GradescopeResults(pool.grade([chosen.path], workers: 1) { _ in }[0])
        } else {
            results = GradescopeResults(GradeReport(lesson: pool.lesson, exercises: pool.lesson.exercises.map {
                Grader.unfinished($0, reason: "no submission was found")
            }, problems: [], executionTime: 0, seed: nil))
        }
        results.output = (notes + [results.output]).joined(separator: "\n")
        let resultsFolder = root.appendingPathComponent("results")
        try AtomicFile.write(results.json(), to: resultsFolder.appendingPathComponent("results.json"), createDirectory: true)
        print("graded \(chosen?.lastPathComponent ?? "nothing"): \(results.score) / \(results.max_score)")
    }

    /// The file to grade among the student's: a notebook or a `.ur` script
    /// (searched a few folders deep, symbolic links never followed), with notes
    /// saying what was chosen and what was not.
    static func chooseSubmission(in folder: URL) -> (URL?, [String]) {
        var candidates: [URL] = [], others: [String] = [], skipped: [String] = []
        var queue: [(URL, Int)] = [(folder, 0)]
        var seen = 0
        while let (directory, depth) = queue.popLast(), seen < 10_000 {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") {
                seen += 1
                let url = directory.appendingPathComponent(name)
                let relative = String(url.path.dropFirst(folder.path.count + 1))
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                      let type = attributes[.type] as? FileAttributeType else { continue }
                if type == .typeDirectory {
                    if depth < 4 { queue.insert((url, depth + 1), at: 0) }
                } else if type != .typeRegular {
                    skipped.append("\(relative) (not a regular file)")
                } else if (attributes[.size] as? Int ?? 0) > largestSubmission {
                    skipped.append("\(relative) (larger than \(largestSubmission >> 20) MiB)")
                } else if name.lowercased().hasSuffix(".ipynb") || name.lowercased().hasSuffix(".ur") {
                    candidates.append(url)
                } else {
                    others.append(relative)
                }
            }
        }
        var notes: [String] = []
        if !skipped.isEmpty { notes.append("Ignored: " + skipped.joined(separator: ", ") + ".") }
        // Notebooks first, then scripts; in each, the first by name.
        let ordered = candidates.filter { $0.pathExtension.lowercased() == "ipynb" } + candidates.filter { $0.pathExtension.lowercased() != "ipynb" }
        let relative = { (url: URL) in String(url.path.dropFirst(folder.path.count + 1)) }
        if let first = ordered.first {
            notes.insert("Graded \(relative(first)).", at: 0)
            if ordered.count > 1 {
                notes.append("Not graded: " + ordered.dropFirst().map(relative).joined(separator: ", ") + " (submit one notebook or one .ur file).")
            }
            return (first, notes)
        }
        if others.count == 1, let only = others.first {
            notes.insert("Graded \(only) as an Unroll script (name it .ipynb or .ur next time).", at: 0)
            return (folder.appendingPathComponent(only), notes)
        }
        let found = others.isEmpty ? "no files" : others.prefix(20).joined(separator: ", ") + (others.count > 20 ? ", …" : "")
        notes.insert("No submission to grade: submit your lesson notebook (.ipynb) or a .ur file. Found: \(found).", at: 0)
        return (nil, notes)
    }
}
