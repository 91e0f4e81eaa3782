import Foundation
#if arch(x86_64) && canImport(_Builtin_intrinsics.intel.cpuid)
import _Builtin_intrinsics.intel.cpuid
#endif

/// Which build of the native kernels (NativeKernels, compiled twice) runs the
/// matrix products, the character models and the optimisers in this process.
///
/// Both builds compute identical bits — the kernels never fuse multiply and
/// add — so the choice changes speed only. It is made once, from the CPU's
/// CPUID bits, and can be forced with the environment variable
/// `UNROLL_KERNELS=baseline` or `UNROLL_KERNELS=avx2` (the latter only when the
/// CPU has AVX2).
public enum NativeInstructionSet: String, Sendable, CaseIterable {
    /// Baseline x86-64 (SSE2), or whatever the target's default is elsewhere.
    case baseline
    /// AVX2 with 256-bit vectors (Haswell, Zen and later).
    case avx2

    /// The build this process uses.
    public static var active: NativeInstructionSet { processChoice.build }

    /// Why `UNROLL_KERNELS` could not be followed (an unknown name, or `avx2` on a
    /// CPU without it), to show the user; nil when it was followed or is unset.
    public static var requestNote: String? { processChoice.note }

    /// The process's choice, made once from the environment and CPUID.
    private static let processChoice = choose(requested: ProcessInfo.processInfo.environment["UNROLL_KERNELS"],
                                              cpuHasAVX2: cpuHasAVX2)

    /// The build to run given the value of `UNROLL_KERNELS` (nil or empty when
    /// unset) and whether the CPU can run the AVX2 build: the request when it can
    /// be honoured, otherwise the fastest build the CPU runs, with a note saying
    /// what was ignored and what to write instead.
    static func choose(requested: String?, cpuHasAVX2: Bool) -> (build: NativeInstructionSet, note: String?) {
        let fastest: NativeInstructionSet = cpuHasAVX2 ? .avx2 : .baseline
        guard let requested, !requested.isEmpty else { return (fastest, nil) }
        switch NativeInstructionSet(rawValue: requested.lowercased()) {
        case .baseline: return (.baseline, nil)
        case .avx2 where cpuHasAVX2: return (.avx2, nil)
        case .avx2:
            return (.baseline, "UNROLL_KERNELS=avx2 ignored: this CPU lacks AVX2, FMA or another Haswell feature; using the baseline build")
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

    /// True when this build is AVX2 and the CPU can run it.
    public var usesAVX2: Bool { self == .avx2 && Self.cpuHasAVX2 }

    /// This build's kernels (the baseline ones when the CPU cannot run the AVX2 build).
    public var kernels: NativeKernelTable { usesAVX2 ? .avx2 : .baseline }
}
