import Foundation
import TensorCore

// Built for fuzzing (UNROLL_FUZZ=1, scripts/fuzz), main hands control to libFuzzer,
// which calls LLVMFuzzerTestOneInput with each input it makes. In an ordinary build it
// replays files instead: `swift run UnrollFuzz DIR|FILE…` runs every input of a corpus
// once (as CI does with the committed seeds), and `--dictionary` prints the fuzzer's
// dictionary (every builtin name, extreme values).

/// Called by libFuzzer once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    prepareOnce
    FuzzHarness.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// Process-wide settings, once: tensors of at most 200,000 elements (big enough for every
/// lesson, small enough that no single input takes long).
let prepareOnce: Void = { TensorLimits.maxElements = 200_000 }()

@main
enum Main {
    static func main() throws {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data ?? UnsafePointer(bitPattern: 1)!, size) })
        #else
        try replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    /// Runs each file (or each file of each folder) once.
    static func replay(_ arguments: [String]) throws {
        if arguments == ["--dictionary"] {
            print(FuzzDictionary.entries.map { "\"\(FuzzDictionary.escaped($0))\"" }.joined(separator: "\n"))
            return
        }
        guard !arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: UnrollFuzz DIR|FILE… (replays inputs) or --dictionary\n".utf8))
            exit(2)
        }
        var files: [URL] = []
        for path in arguments {
            let url = URL(fileURLWithPath: path)
            if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
                files += names.sorted().map { url.appendingPathComponent($0) }
            } else {
                files.append(url)
            }
        }
        // Progress: rewritten in place on a terminal, a line per thousand inputs in a log.
        let onTerminal = isatty(2) != 0
        for (n, file) in files.enumerated() {
            let bytes = [UInt8](try Data(contentsOf: file))
            _ = bytes.withUnsafeBufferPointer { fuzzOneInput($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            let done = n + 1
            if onTerminal, done % 100 == 0 {
                FileHandle.standardError.write(Data("replayed \(done)/\(files.count)\r".utf8))
            } else if !onTerminal, done % 1000 == 0 {
                FileHandle.standardError.write(Data("replayed \(done)/\(files.count)\n".utf8))
            }
        }
        print("replayed \(files.count) inputs without a crash")
    }
}

#if FUZZING
/// libFuzzer's entry for programs with a main of their own (LLVM 11 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif
