import NativeKernelsAVX2
@testable import Recurrent
@testable import TensorCore
import XCTest

/// The two builds of the native kernels (baseline x86-64 and AVX2) must compute
/// the same bits, so the run-time choice between them changes speed only.
final class KernelDispatchTests: XCTestCase {
    /// The AVX2 build, provided as the `unroll` executable provides it.
    override func setUp() {
        NativeInstructionSet.provideAVX2(NativeKernelsAVX2.kernelTable)
    }

    func testTheAVX2BuildIsTheOneProvided() throws {
        try XCTSkipUnless(NativeInstructionSet.cpuHasAVX2, "this CPU has no AVX2, so only the baseline build can run")
        XCTAssertTrue(NativeInstructionSet.avx2.usesAVX2)
        XCTAssertEqual(NativeInstructionSet.active, ProcessInfo.processInfo.environment["UNROLL_KERNELS"] == "baseline" ? .baseline : .avx2)
    }

    func testBaselineAndAVX2BuildsAgreeBitForBit() throws {
        try XCTSkipUnless(NativeInstructionSet.cpuHasAVX2, "this CPU has no AVX2, so only the baseline build can run")
        var g = RandomGenerator(seed: 12)
        // Sizes with vector tails (H and V not multiples of 4 or 8) and a big weight scale so tanh saturates too.
        for (hidden, vocabulary, steps) in [(7, 5, 3), (33, 11, 9), (100, 89, 25)] {
            var model = try CharRNNModel(vocabulary: CharVocabulary(text: String((0..<vocabulary).map { Character(UnicodeScalar(65 + $0)!) })),
                                         hidden: hidden, seed: UInt64(hidden))
            try model.setParameters(model.parameters.map { _ in 0.3 * g.nextNormal() })
            let inputs = (0..<steps).map { _ in Int(g.nextUniform() * Double(vocabulary)) }
            let targets = (0..<steps).map { _ in Int(g.nextUniform() * Double(vocabulary)) }
            let h0 = (0..<hidden).map { _ in 0.5 * g.nextNormal() }
            let base = try model.lossAndGradients(inputs: inputs, targets: targets, h0: h0, instructionSet: .baseline)
            let avx = try model.lossAndGradients(inputs: inputs, targets: targets, h0: h0, instructionSet: .avx2)
            XCTAssertTrue(base.loss.isFinite && base.loss > 0)
            XCTAssertEqual(base.loss.bitPattern, avx.loss.bitPattern, "loss, H=\(hidden)")
            XCTAssertEqual(base.gradients.map(\.bitPattern), avx.gradients.map(\.bitPattern), "gradients, H=\(hidden)")
            XCTAssertEqual(base.finalHidden.map(\.bitPattern), avx.finalHidden.map(\.bitPattern), "last hidden state, H=\(hidden)")
        }
    }

    func testCellKernelsOfBothBuildsAgreeBitForBit() throws {
        try XCTSkipUnless(NativeInstructionSet.cpuHasAVX2, "this CPU has no AVX2, so only the baseline build can run")
        var g = RandomGenerator(seed: 14)
        let (rows, columns) = (13, 11)   // tails in both directions
        let w = (0..<(rows * columns)).map { _ in g.nextNormal() }
        let x = (0..<columns).map { _ in g.nextNormal() }, r = (0..<rows).map { _ in g.nextNormal() }
        let y0 = (0..<rows).map { _ in g.nextNormal() }, z0 = (0..<columns).map { _ in g.nextNormal() }
        /// Every output of the three kernels, as bit patterns, computed by `set`.
        func outputs(_ set: NativeInstructionSet) -> [UInt64] {
            var y = y0, yFresh = y0, z = z0, updated = w
            w.withUnsafeBufferPointer { wb in
                x.withUnsafeBufferPointer { xb in
                    r.withUnsafeBufferPointer { rb in
                        guard let wp = wb.baseAddress, let xp = xb.baseAddress, let rp = rb.baseAddress else { return }
                        y.withUnsafeMutableBufferPointer { set.kernels.matvec(rows, columns, wp, xp, $0.baseAddress!, false, true) }
                        yFresh.withUnsafeMutableBufferPointer { set.kernels.matvec(rows, columns, wp, xp, $0.baseAddress!, false, false) }
                        z.withUnsafeMutableBufferPointer { set.kernels.matvecTransposed(rows, columns, wp, rp, $0.baseAddress!, false, true) }
                        updated.withUnsafeMutableBufferPointer { set.kernels.addOuterProduct(rows, columns, rp, xp, $0.baseAddress!) }
                    }
                }
            }
            // A blocked product that crosses a depth panel, with tiles ragged in both directions.
            let (m, n, k) = (9, 10, 131)
            var product = [Double](repeating: 0.5, count: m * n)
            let left = (0..<(m * k)).map { Double(($0 * 37) % 101) / 7 - 6 }, right = (0..<(k * n)).map { Double(($0 * 53) % 97) / 9 - 5 }
            left.withUnsafeBufferPointer { lb in
                right.withUnsafeBufferPointer { rb in
                    product.withUnsafeMutableBufferPointer {
                        set.kernels.blockedGemm(m, n, k, 0.75, lb.baseAddress!, k, 1, rb.baseAddress!, n, 1, 1.5, $0.baseAddress!, n)
                    }
                }
            }
            return (y + yFresh + z + updated + product).map(\.bitPattern)
        }
        XCTAssertEqual(outputs(.baseline), outputs(.avx2))
        XCTAssertNotEqual(Array(outputs(.baseline).prefix(2 * rows + columns + rows * columns)), (y0 + y0 + z0 + w).map(\.bitPattern),
                          "the kernels changed their outputs")
    }

    func testAdagradOfBothBuildsEqualsTheScalarFormula() {
        var g = RandomGenerator(seed: 13)
        let n = 23   // five vectors and a tail of three
        let params = (0..<n).map { _ in g.nextNormal() }, grads = (0..<n).map { _ in 3 * g.nextNormal() }
        let memory = (0..<n).map { _ in abs(g.nextNormal()) }
        var expectedP = params, expectedM = memory
        for i in 0..<n {
            expectedM[i] += grads[i] * grads[i]
            expectedP[i] += (-0.1 * grads[i]) / (expectedM[i] + 1e-8).squareRoot()
        }
        for set in NativeInstructionSet.allCases where set == .baseline || NativeInstructionSet.cpuHasAVX2 {
            var p = params, m = memory
            p.withUnsafeMutableBufferPointer { pb in
                m.withUnsafeMutableBufferPointer { mb in
                    grads.withUnsafeBufferPointer { gb in
                        guard let pp = pb.baseAddress, let mp = mb.baseAddress, let gp = gb.baseAddress else { return }
                        set.kernels.adagradUpdate(pp, gp, mp, n, 0.1, 1e-8)
                    }
                }
            }
            XCTAssertEqual(p.map(\.bitPattern), expectedP.map(\.bitPattern), "parameters, \(set)")
            XCTAssertEqual(m.map(\.bitPattern), expectedM.map(\.bitPattern), "memory, \(set)")
        }
    }

    func testElementwiseClippingOfBothBuildsClipsProbesAndSums() {
        let values: [Double] = [-7, -5, -4.5, 0, 3, 5, 5.5, 1e3, -2, 0.25, 6]   // two vectors and a tail of three
        let squares = values.reduce(0) { $0 + $1 * $1 }
        for set in NativeInstructionSet.allCases where set == .baseline || NativeInstructionSet.cpuHasAVX2 {
            var g = values
            let (probe, total) = g.withUnsafeMutableBufferPointer { set.kernels.clipElementwise($0.baseAddress!, $0.count, 5) }
            XCTAssertEqual(g, [-5, -5, -4.5, 0, 3, 5, 5, 5, -2, 0.25, 5], "\(set)")
            XCTAssertEqual(probe, 0, "\(set): all finite")
            XCTAssertEqual(total, squares, accuracy: 1e-12 * squares, "\(set)")
            for bad in [Double.infinity, -.infinity, .nan] {
                var h = values
                h[9] = bad   // in the tail
                var v = values
                v[2] = bad   // in a vector
                XCTAssertTrue(h.withUnsafeMutableBufferPointer { set.kernels.clipElementwise($0.baseAddress!, $0.count, 5) }.probe.isNaN, "\(set) \(bad) tail")
                XCTAssertTrue(v.withUnsafeMutableBufferPointer { set.kernels.clipElementwise($0.baseAddress!, $0.count, 5) }.probe.isNaN, "\(set) \(bad) vector")
            }
        }
    }

    func testTheEnvironmentChoosesTheBuildAndExplainsWhatItIgnores() throws {
        for (requested, hasAVX2, build) in [(nil, true, NativeInstructionSet.avx2), ("", true, .avx2), (nil, false, .baseline),
                                            ("baseline", true, .baseline), ("BASELINE", true, .baseline), ("avx2", true, .avx2)] {
            let choice = NativeInstructionSet.choose(requested: requested, cpuHasAVX2: hasAVX2)
            XCTAssertEqual(choice.build, build, "\(requested ?? "unset"), AVX2 \(hasAVX2)")
            XCTAssertNil(choice.note, "\(requested ?? "unset") is followed without a note")
        }
        let withoutAVX2 = NativeInstructionSet.choose(requested: "avx2", cpuHasAVX2: false)
        XCTAssertEqual(withoutAVX2.build, .baseline)
        XCTAssertEqual(withoutAVX2.note?.contains("lacks AVX2"), true, withoutAVX2.note ?? "no note")
        // A program that does not link the AVX2 build (a library user's) runs the baseline one.
        XCTAssertEqual(NativeInstructionSet.choose(requested: nil, cpuHasAVX2: true, avx2Provided: false).build, .baseline)
        let notLinked = NativeInstructionSet.choose(requested: "avx2", cpuHasAVX2: true, avx2Provided: false)
        XCTAssertEqual(notLinked.build, .baseline)
        XCTAssertEqual(notLinked.note?.contains("built without the AVX2 kernels"), true, notLinked.note ?? "no note")
        for hasAVX2 in [true, false] {
            let typo = NativeInstructionSet.choose(requested: "avx512", cpuHasAVX2: hasAVX2)
            XCTAssertEqual(typo.build, hasAVX2 ? .avx2 : .baseline, "an unknown name falls back to the fastest build")
            let note = try XCTUnwrap(typo.note)
            XCTAssertTrue(note.contains("'avx512'") && note.contains("baseline or avx2"), note)
        }
        // The process's own choice is the same function of its environment.
        let own = NativeInstructionSet.choose(requested: ProcessInfo.processInfo.environment["UNROLL_KERNELS"],
                                              cpuHasAVX2: NativeInstructionSet.cpuHasAVX2)
        XCTAssertEqual(NativeInstructionSet.active, own.build)
        XCTAssertEqual(NativeInstructionSet.requestNote, own.note)
    }
}
