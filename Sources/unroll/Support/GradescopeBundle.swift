import Formats
import Foundation
import Kernel
import ZIPFoundation

/// Gradescope's autograder bundle for one lesson (`unroll export gradescope N -o autograder.zip`):
///
/// - `setup.sh`, `run_autograder` — from `deploy/gradescope/`, compiled into the program;
/// - `unroll` — this very program;
/// - `lessons/NN-name.md` — the lesson graded, exactly as this program has it;
/// - `bundle.env` — the lesson number and time limits `run_autograder` reads;
/// - `lib/` — the shared libraries this program loaded beyond glibc and the C++
///   runtime (readline…), for images that lack them.
struct GradescopeBundle {
    var lesson: LessonLibrary.File
    var lessonNumber: Int
    /// Seconds the student's code for one exercise (and for each check) may run.
    var timeLimit: Double
    /// Checks over all exercises, which bound the total grading time.
    var runs: Int

    /// Libraries every Linux image has, or that grading never needs.
    static let systemLibraries = ["linux-vdso", "ld-linux", "libc.so", "libm.so", "libpthread", "libdl.so", "librt.so",
                                  "libstdc++", "libgcc_s", "libzmq", "libresolv", "libutil.so"]
    /// Libraries that mean the Swift runtime is linked dynamically.
    static let swiftRuntime = ["libswift", "libFoundation", "libdispatch", "libBlocksRuntime", "lib_FoundationICU"]

    /// `bundle.env`: what run_autograder needs to know.
    var environment: String {
        let total = 120 + Int((Double(runs) * timeLimit).rounded(.up))
        return "LESSON=\(lessonNumber)\nTIME_LIMIT=\(formatSeconds(timeLimit))\nTOTAL_LIMIT=\(total)\n"
    }

    func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    /// Writes the zip to `url`, all or nothing (built in memory, then written with
    /// ``AtomicFile``, so a failure leaves no half bundle). Returns warnings for the person exporting.
    func write(to url: URL) throws -> [String] {
        var warnings: [String] = []
        let archive = try Archive(accessMode: .create)
        for (name, text) in embeddedGradescopeFiles {
            try add(archive, name, Data(text.utf8), executable: true)
        }
        try add(archive, "bundle.env", Data(environment.utf8))
        try add(archive, "lessons/\(lesson.name)", Data(lesson.text.utf8))
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        try add(archive, "unroll", try Data(contentsOf: executable), executable: true)
        let (libraries, runtime) = Self.loadedLibraries()
        for library in libraries {
            guard let data = try? Data(contentsOf: library) else { continue }
            try add(archive, "lib/\(Self.soname(library.lastPathComponent))", data)
        }
        if !runtime.isEmpty {
            warnings.append("warning: this unroll loads the Swift runtime from shared libraries (\(runtime.count) of them), which Gradescope's image does not have; export from the release build (scripts/build-release) so the bundle runs there")
        }
        guard let zip = archive.data else { throw FileError("cannot write \(url.path): the zip archive was not built") }
        try AtomicFile.write(zip, to: url)
        return warnings
    }

    private func add(_ archive: Archive, _ path: String, _ data: Data, executable: Bool = false) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                             permissions: executable ? 0o755 : 0o644, compressionMethod: .deflate) { position, size in
            let start = Int(position)
            return data.subdata(in: start..<min(start + size, data.count))
        }
    }

    /// The shared libraries this process has mapped that an image may lack, and those of the Swift runtime.
    static func loadedLibraries() -> (bundled: [URL], swiftRuntime: [URL]) {
        // /proc files report no size: read to the end rather than by the size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { return ([], []) }
        defer { try? handle.close() }
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var paths = Set<String>()
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            if path.contains(".so") { paths.insert(path) }
        }
        var bundled: [URL] = [], runtime: [URL] = []
        for path in paths.sorted() {
            let name = URL(fileURLWithPath: path).lastPathComponent
            if swiftRuntime.contains(where: { name.hasPrefix($0) }) {
                runtime.append(URL(fileURLWithPath: path))
            } else if !systemLibraries.contains(where: { name.contains($0) }) {
                bundled.append(URL(fileURLWithPath: path))
            }
        }
        return (bundled, runtime)
    }

    /// The name the loader looks for: `libreadline.so.8.2` → `libreadline.so.8`.
    static func soname(_ fileName: String) -> String {
        guard let range = fileName.range(of: ".so.") else { return fileName }
        let major = fileName[range.upperBound...].prefix { $0.isNumber }
        return major.isEmpty ? String(fileName[..<range.lowerBound]) + ".so" : String(fileName[..<range.upperBound]) + major
    }
}
