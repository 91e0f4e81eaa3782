// Benchmarks: `swift run -c release UnrollBench <section>`.
// Each section lives in its own file and registers itself in `sections` below.
import Foundation
import NativeKernelsAVX2
import TensorCore

/// A named benchmark section: `run` receives the arguments after the section name.
struct BenchSection: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([String]) throws -> Void
}

let sections: [BenchSection] = [
    matmulSection,
    interpSection,
    autodiffSection,
    svdSection,
    trainSection,
    kernelsSection,
    picturesSection,
]

func printUsage(_ sections: [BenchSection]) {
    print("usage: UnrollBench <section> [options]")
    print("sections:")
    for section in sections { print("  \(section.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(section.summary)") }
}

// The AVX2 build of the kernels, chosen when the CPU has it (as in `unroll`).
NativeInstructionSet.provideAVX2(NativeKernelsAVX2.kernelTable)
let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let section = sections.first(where: { $0.name == name }) else {
    printUsage(sections)
    exit(arguments.isEmpty ? 0 : 2)
}
do {
    try section.run(Array(arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("UnrollBench \(name): \(error)\n".utf8))
    exit(1)
}
