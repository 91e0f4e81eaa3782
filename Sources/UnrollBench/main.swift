// Benchmarks: `swift run -c release UnrollBench SECTION` (sections: train).
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "train": try TrainBenchmark.run(Array(arguments.dropFirst()))
    default: print("usage: UnrollBench train [--quick] [--no-peers] [--size H] [--input FILE] [--peer-dir DIR]")
    }
} catch {
    FileHandle.standardError.write(Data("UnrollBench: \(error)\n".utf8))
    exit(2)
}
