import Foundation
import NativeKernelInterface
import NativeKernels
import Synchronization
#if arch(x86_64) && canImport(_Builtin_intrinsics.intel.cpuid)
import _Builtin_intrinsics.intel.cpuid
#endif

/// Which build of the native kernels (NativeKernels, compiled twice) runs the
/// matrix products, the character models and the optimisers in this process.
///
/// Both builds compute identical bits — the kernels never fuse multiply and
/// add — so the choice changes speed only. It is made once, at first use, from the
/// CPU's CPUID bits, and can be forced with the environment variable
/// `UNROLL_KERNELS=baseline` or `UNROLL_KERNELS=avx2` (the latter only when the
/// CPU has AVX2).
///
/// The baseline build is part of TensorCore. The AVX2 build needs a compiler flag
/// that a package used as a dependency may not carry, so it is a separate target that
/// programs link and hand over with ``provideAVX2(_:)`` before any tensor work: the
/// `unroll` executable and the benchmarks do; a library user gets the baseline build.
public enum NativeInstructionSet: String, Sendable, CaseIterable {
    /// Baseline x86-64 (SSE2), or whatever the target's default is elsewhere.
    case baseline
    /// AVX2 with 256-bit vectors (Haswell, Zen and later).
    case avx2

    /// The build this process uses.
    public static var active: NativeInstructionSet { processChoice().build }

    /// Why `UNROLL_KERNELS` could not be followed (an unknown name, `avx2` on a CPU
    /// without it or in a program without that build), to show the user; nil when it
    /// was followed or is unset.
    public static var requestNote: String? { processChoice().note }

    /// What the process knows: the AVX2 build's table once a program provided it, and
    /// the choice made from it, the environment and CPUID (made again when a table is provided).
    private struct State {
        var avx2: NativeKernelTable?
        var choice: (build: NativeInstructionSet, note: String?)?
    }

    private static let state = Mutex(State())

    private static func processChoice() -> (build: NativeInstructionSet, note: String?) {
        state.withLock { state in
            if let choice = state.choice { return choice }
            let choice = choose(requested: ProcessInfo.processInfo.environment["UNROLL_KERNELS"],
                                cpuHasAVX2: cpuHasAVX2, avx2Provided: state.avx2 != nil)
            state.choice = choice
            return choice
        }
    }

    /// Makes the AVX2 build available (`NativeKernelsAVX2.kernelTable`); programs that
    /// link it call this first thing, before any tensor work.
    public static func provideAVX2(_ table: NativeKernelTable) {
        state.withLock { state in
            state.avx2 = table
            state.choice = nil
        }
        chosenKernels.store(nil, ordering: .releasing)
    }

    /// ``kernels`` of the ``active`` build, without taking the lock: every elementwise
    /// operation and matrix–vector product of the language asks for them.
    public static var activeKernels: NativeKernelTable {
        if let table = chosenKernels.load(ordering: .acquiring) { return table.takeUnretainedValue() }
        let table = active.kernels
        // Kept for the life of the process (a table is a handful of function values; the
        // ones programs hand over are global constants anyway).
        chosenKernels.store(Unmanaged.passRetained(table), ordering: .releasing)
        return table
    }

    private static let chosenKernels = Atomic<Unmanaged<NativeKernelTable>?>(nil)

    /// The build to run given the value of `UNROLL_KERNELS` (nil or empty when
    /// unset), whether the CPU can run the AVX2 build and whether the program
    /// provided it: the request when it can be honoured, otherwise the fastest
    /// build that runs, with a note saying what was ignored and what to write instead.
    static func choose(requested: String?, cpuHasAVX2: Bool, avx2Provided: Bool = true) -> (build: NativeInstructionSet, note: String?) {
        let fastest: NativeInstructionSet = cpuHasAVX2 && avx2Provided ? .avx2 : .baseline
        guard let requested, !requested.isEmpty else { return (fastest, nil) }
        switch NativeInstructionSet(rawValue: requested.lowercased()) {
        case .baseline: return (.baseline, nil)
        case .avx2 where cpuHasAVX2 && avx2Provided: return (.avx2, nil)
        case .avx2 where !cpuHasAVX2:
            return (.baseline, "UNROLL_KERNELS=avx2 ignored: this CPU lacks AVX2, FMA or another Haswell feature; using the baseline build")
        case .avx2:
            return (.baseline, "UNROLL_KERNELS=avx2 ignored: this program was built without the AVX2 kernels; using the baseline build")
        case nil:
            let choices = allCases.map(\.rawValue).joined(separator: " or ")
            return (fastest, "UNROLL_KERNELS='\(requested)' is not a kernel build (use \(choices)); using the \(fastest.rawValue) build")
        }
    }

    /// True when the CPU has everything the AVX2 build may use — Haswell's
    /// instruction set: AVX, AVX2, FMA, F16C, MOVBE, BMI1, BMI2 and LZCNT — and the
    /// operating system saves the 256-bit registers (OSXSAVE).
    public static let cpuHasAVX2: Bool = {
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel.cpuid)
        var a: UInt32 = 0, b: UInt32 = 0, c: UInt32 = 0, d: UInt32 = 0
        func has(_ register: UInt32, _ bits: Int...) -> Bool { bits.allSatisfy { register & (1 << UInt32($0)) != 0 } }
        guard __get_cpuid(1, &a, &b, &c, &d) != 0,
              has(c, 12, 22, 27, 28, 29) else { return false }   // FMA, MOVBE, OSXSAVE, AVX, F16C
        guard __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0,
              has(b, 3, 5, 8) else { return false }               // BMI1, AVX2, BMI2
        guard __get_cpuid(0x8000_0001, &a, &b, &c, &d) != 0 else { return false }
        return has(c, 5)                                            // LZCNT
        #else
        return false
        #endif
    }()

    /// True when this build is AVX2, the CPU can run it and the program provided it.
    public var usesAVX2: Bool { self == .avx2 && Self.cpuHasAVX2 && Self.state.withLock { $0.avx2 != nil } }

    /// This build's kernels (the baseline ones when the AVX2 build cannot run).
    public var kernels: NativeKernelTable {
        guard self == .avx2, Self.cpuHasAVX2 else { return NativeKernels.kernelTable }
        return Self.state.withLock { $0.avx2 } ?? NativeKernels.kernelTable
    }
}
