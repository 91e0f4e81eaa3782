import Foundation

/// Writes files so that a reader, or a crash, never sees half of one: the bytes go to
/// a temporary file beside the target, are flushed to disk, and the temporary file is
/// renamed over the target (a rename is atomic within one file system).
///
/// Every file Unroll writes goes through here: progress, history, `:save`, checkpoints,
/// training logs, grade results, kernelspecs.
public enum AtomicFile {
    /// Replaces the file at `url` with `bytes`, all or nothing.
    /// - Parameters:
    ///   - createDirectory: create the parent directories first when missing.
    ///   - flush: flush the bytes to disk before the rename. Without it the file is still
    ///     whole or absent, but a power failure may lose it: for one of many files a run
    ///     writes again (a batch's per-student results, whose summary is flushed).
    /// - Throws: ``FileError`` saying which file could not be written and why.
    public static func write(_ bytes: some Sequence<UInt8>, to url: URL, createDirectory: Bool = false, flush: Bool = true) throws(FileError) {
        let directory = url.deletingLastPathComponent()
        if createDirectory {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw FileError("cannot create the folder \(directory.path): \(reason(error))")
            }
        }
        removeStaleTemporaries(of: url)
        // The process id and a random tag keep concurrent writers from sharing a temporary file.
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw FileError("cannot write \(url.path): cannot create a file in \(directory.path); check that the folder exists and is writable")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: Data(bytes))
            if flush { try handle.synchronize() }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileError("cannot write \(url.path): \(reason(error))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FileError("cannot write \(url.path): \(why)")
        }
    }

    /// Writes text as UTF-8, all or nothing.
    public static func write(_ text: String, to url: URL, createDirectory: Bool = false) throws(FileError) {
        try write(Array(text.utf8), to: url, createDirectory: createDirectory)
    }

    /// Renames a file that cannot be read to `NAME.corrupt-TIME` beside it, so nothing is
    /// lost and a fresh one can start. Returns the sentence for the warning:
    /// `the progress file P is damaged; moved it to P.corrupt-1700000000`.
    public static func moveAside(_ url: URL, describedAs what: String) -> String {
        let aside = url.deletingLastPathComponent()
            .appendingPathComponent("\(url.lastPathComponent).corrupt-\(Int(Date().timeIntervalSince1970))")
        let moved = (try? FileManager.default.moveItem(at: url, to: aside)) != nil
        return "the \(what) \(url.path) is damaged; " + (moved ? "moved it to \(aside.path)" : "could not move it aside")
    }

    /// Deletes the temporary files a writer of `url` left when it was killed mid-write
    /// (`kill -9` during `unroll train --save`): `.NAME.tmp-PID-TAG` (and the older
    /// `.NAME.tmp-PID`) whose process no longer exists. Those of live writers stay.
    static func removeStaleTemporaries(of url: URL) {
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0 else { continue }
            if kill(pid, 0) == -1, errno == ESRCH {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }
}
