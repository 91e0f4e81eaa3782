// swift-tools-version:6.0
// Package.swift is the architecture diagram: arrows point one way, left to right.
//
//   NativeKernels ─► TensorCore ─► Autodiff ─► Recurrent ─► TensorLang ─► Courseware ─► Kernel ─► REPL / JupyterKernel ─► unroll
//   (the baseline build; its                                                              ▲                                 ▲
//   table type: NativeKernelInterface)                     BuiltinLessons (lessons/*.md) ─┘                                 │
//                                                                 NativeKernelsAVX2 (the AVX2 build, for executables only) ─┤
//                                        Courseware ─► Isolation (each submission graded in a process of its own) ──────────┘
//
//   Leaves used where needed: Formats (the one JSON value and encoder, CRC-32, atomic
//   writes) from Recurrent rightwards; PretrainedModels (the pretrained/ folder's trained
//   models, compiled in as text) by TensorLang; Processes (running other programs) by the
//   executables and the tests.
//
// Left of Kernel the library only computes: no terminal, socket or file I/O. Kernel
// reads lessons and writes progress and `:save` files (through Formats' AtomicFile);
// the terminal belongs to REPL, sockets to JupyterKernel, forked grading processes and
// their pipes to Isolation, everything else to `unroll`.
// The AVX2 build of the kernels needs `unsafeFlags`, so it sits outside every library
// product: the executables hand it to TensorCore at start (NativeInstructionSet.provideAVX2).
import PackageDescription

#if arch(x86_64)
/// Haswell's instruction set (AVX2, FMA, BMI2), which every x86-64 CPU since 2013–2015 has.
/// The kernels never fuse multiply and add, so both builds compute the same bits.
/// Functions start on 64-byte lines, so the micro-kernels' loops sit at the same place in a
/// cache line whatever the linker puts before them (their speed moved by 9% with that place).
let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell", "-Xllvm", "-align-all-functions=6"]), .define("NATIVE_AVX2")]
#else
let avx2Settings: [SwiftSetting] = []
#endif

/// Set by scripts/fuzz; see the end of this file.
let fuzzing = Context.environment["UNROLL_FUZZ"] != nil
/// Set by scripts/test (and CI) to anything but empty or 0; see the end of this file.
let fastDebug = !["", "0"].contains(Context.environment["UNROLL_FAST_DEBUG"] ?? "")

let package = Package(
    name: "Unroll",
    products: [
        .executable(name: "unroll", targets: ["unroll"]),
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "Autodiff", targets: ["Autodiff"]),
        .library(name: "Recurrent", targets: ["Recurrent"]),
        .library(name: "TensorLang", targets: ["TensorLang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: Leaves
        // JSON (one value type, one encoder, one policy for NaN and ±∞), CRC-32, atomic file writes.
        .target(name: "Formats"),
        // Runs other programs (Python for `kernel install`, the benchmarks' peers, the tests' references).
        .target(name: "Processes"),

        // MARK: Core library — pure computation, no I/O
        // The hot loops (matrix products, the character model, the optimisers), built
        // twice from the same files (the second directory holds symbolic links): once
        // for baseline x86-64, part of TensorCore, and once for AVX2 CPUs, which the
        // executables provide. Each build exports one NativeKernelTable; TensorCore
        // picks one at run time from the CPUID bits (NativeInstructionSet).
        .target(name: "NativeKernelInterface"),
        .target(name: "NativeKernels", dependencies: ["NativeKernelInterface"]),
        .target(name: "NativeKernelsAVX2", dependencies: ["NativeKernelInterface"], swiftSettings: avx2Settings),
        .target(name: "TensorCore", dependencies: ["NativeKernelInterface", "NativeKernels"]),
        .target(name: "Autodiff", dependencies: ["TensorCore"]),
        .target(name: "Recurrent", dependencies: ["Formats", "NativeKernelInterface", "TensorCore", "Autodiff"]),

        // MARK: The language
        .target(name: "TensorLang", dependencies: ["Formats", "TensorCore", "Autodiff", "Recurrent", "PretrainedModels"]),
        // The pretrained/ folder, compiled in as text: trained models the language's `pretrained` names.
        .target(name: "PretrainedModels", plugins: ["EmbedFilesPlugin"]),

        // MARK: Lessons, exercises and grading
        .target(name: "Courseware", dependencies: ["Formats", "TensorCore", "Autodiff", "TensorLang"]),
        // The lessons/ folder, compiled in as text (the binary carries its course).
        .target(name: "BuiltinLessons", plugins: ["EmbedFilesPlugin"]),

        // MARK: Grading processes: each submission in its own process under hard limits
        .target(name: "Isolation", dependencies: ["Formats", "TensorCore", "Courseware", "TensorLang"]),

        // MARK: Sessions shared by every front-end
        .target(name: "Kernel", dependencies: ["Formats", "TensorCore", "Autodiff", "TensorLang", "Courseware", "BuiltinLessons"]),

        // MARK: Front-ends
        // Every session's inputs and results in one SQLite file (the up-arrow, history_request).
        .target(name: "HistoryDatabase", dependencies: ["Formats", "Kernel", .product(name: "GRDB", package: "GRDB.swift")]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .target(name: "REPL", dependencies: ["Kernel", "CReadline"]),
        .target(name: "JupyterKernel", dependencies: ["Formats", "Kernel", .product(name: "Crypto", package: "swift-crypto")],
                plugins: ["EmbedFilesPlugin"]),  // the Pygments lexer, which `unroll kernel install` writes

        // MARK: Executables
        .executableTarget(
            name: "unroll",
            dependencies: [
                "Formats", "Processes", "NativeKernelsAVX2", "TensorCore", "Recurrent", "TensorLang", "Courseware", "Kernel", "REPL", "JupyterKernel", "Isolation", "HistoryDatabase",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),  // the Gradescope bundle
            ],
            plugins: ["EmbedFilesPlugin"]),  // deploy/gradescope's scripts
        .executableTarget(name: "UnrollBench", dependencies: ["Formats", "Processes", "NativeKernelsAVX2", "TensorCore", "Autodiff", "Recurrent", "TensorLang", "Kernel"]),
        // The libFuzzer target over the language, lessons and submissions; an ordinary build
        // replays a corpus instead (see `fuzzing` below and scripts/fuzz).
        .executableTarget(name: "UnrollFuzz", dependencies: ["Formats", "TensorCore", "TensorLang", "Courseware", "Kernel"],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"] + (fuzzing ? ["-sanitize=fuzzer", "-D", "FUZZING"] : []))],
                          linkerSettings: fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : []),

        // MARK: Build tools
        // Turns text files of the package into Swift string literals at build time.
        .executableTarget(name: "EmbedFiles"),
        .plugin(name: "EmbedFilesPlugin", capability: .buildTool(), dependencies: ["EmbedFiles"]),

        // MARK: Tests
        .target(name: "_TestSupport", dependencies: ["Processes", "TensorCore", "Autodiff"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "Processes", "_TestSupport"]),
        // Package.swift itself: imports match dependencies; library products usable as a dependency.
        .testTarget(name: "PackageTests", dependencies: ["Formats", "Processes", "_TestSupport"]),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "AutodiffTests", dependencies: ["TensorCore", "Autodiff", "_TestSupport"]),
        .testTarget(name: "NativeKernelsTests", dependencies: ["NativeKernels", "TensorCore"]),
        .testTarget(name: "RecurrentTests", dependencies: ["Formats", "Processes", "NativeKernelInterface", "NativeKernels", "NativeKernelsAVX2", "TensorCore", "Autodiff", "Recurrent", "_TestSupport"]),
        .testTarget(name: "TensorLangTests", dependencies: ["TensorCore", "TensorLang"]),
        .testTarget(name: "CoursewareTests", dependencies: ["TensorLang", "Courseware"]),
        .testTarget(name: "BuiltinLessonsTests", dependencies: ["BuiltinLessons"]),
        .testTarget(name: "IsolationTests", dependencies: ["Formats", "TensorLang", "Courseware", "Isolation"]),
        .testTarget(name: "KernelTests", dependencies: ["Formats", "TensorCore", "TensorLang", "Courseware", "BuiltinLessons", "Kernel"]),
        .testTarget(name: "HistoryDatabaseTests", dependencies: ["HistoryDatabase", "Kernel", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "REPLTests", dependencies: ["Kernel", "REPL"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["Formats", "Processes", "Kernel", "JupyterKernel", "_TestSupport"]),
    ]
)

// `UNROLL_FUZZ=1 swift build --product UnrollFuzz` (scripts/fuzz): every library is compiled
// with libFuzzer's coverage instrumentation and UnrollFuzz is linked with libFuzzer, whose
// main feeds it inputs. Executables other than UnrollFuzz (the build tools) stay plain.
if fuzzing {
    for target in package.targets where target.type == .regular {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=fuzzer"])]
    }
}

// `UNROLL_FAST_DEBUG=1 swift build` (scripts/test sets it, so CI builds this way): the numeric
// core — NativeKernels, TensorCore, Recurrent — is optimised in debug builds too. The lessons,
// their graders and many tests train networks natively in debug builds, where unoptimised
// kernels are about 25 times slower (a 400-iteration LSTM fit: 82 s of CPU at -Onone, 3.4 s
// at -O, 2.3 s in a release build); the results are the same bits. Without the variable the
// package carries no unsafe flags beyond the AVX2 kernels, so it stays usable as a dependency.
if fastDebug {
    for target in package.targets where ["NativeKernels", "NativeKernelsAVX2", "TensorCore", "Recurrent"].contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-O"], .when(configuration: .debug))]
    }
}
