import Autodiff
import Foundation
import Recurrent
import TensorCore
import XCTest
import _TestSupport

/// Fixed-input values computed with numpy by Tests/Reference/cell_fixtures.py
/// (its JSON output is committed next to it); the Swift cells must match to 1e-8.
final class ReferenceFixtureTests: XCTestCase {
    struct Fixture {
        let fields: [String: Any]
        func tensor(_ name: String) throws -> Tensor {
            guard let entry = fields[name] as? [String: Any], let shape = entry["shape"] as? [Int],
                  let data = entry["data"] as? [Double] else {
                throw TensorError(.invalidArgument, "fixture", "fixture field \(name) is missing or malformed")
            }
            return try Tensor(shape: shape, scalars: data)
        }
    }

    func fixture(_ name: String) throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent("cell_fixtures.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let all = object as? [String: Any], let fields = all[name] as? [String: Any] else {
            throw TensorError(.invalidArgument, "fixture", "no fixture named \(name); rerun python3 Tests/Reference/cell_fixtures.py")
        }
        return Fixture(fields: fields)
    }

    func testVanillaStepForwardAndBackwardMatchNumpy() throws {
        let f = try fixture("rnn_step")
        let cell = try ElmanCell(wxh: f.tensor("wxh"), whh: f.tensor("whh"), b: f.tensor("b"))
        let x = try f.tensor("x"), h = try f.tensor("h")
        let trace = try cell.runNative(inputs: [x], initialState: [h])
        assertTensorsClose(trace.hs[0], try f.tensor("next_h"), tolerance: 1e-8)
        let back = try cell.backpropNative(trace, hiddenGradients: [f.tensor("dnext")])
        assertTensorsClose(back.inputs[0], try f.tensor("dx"), tolerance: 1e-8)
        assertTensorsClose(back.initialState[0], try f.tensor("dh"), tolerance: 1e-8)
        assertTensorsClose(back.parameters[0], try f.tensor("dwxh"), tolerance: 1e-8)
        assertTensorsClose(back.parameters[1], try f.tensor("dwhh"), tolerance: 1e-8)
        assertTensorsClose(back.parameters[2], try f.tensor("db"), tolerance: 1e-8)
        // The recorded graph gives the same step.
        let graph = try cell.graphStep(input: Variable(x), state: [Variable(h)], parameters: cell.parameters.map(Variable.init))
        assertTensorsClose(graph[0].value, try f.tensor("next_h"), tolerance: 1e-8)
    }

    func testVanillaSequenceForwardMatchesNumpy() throws {
        let f = try fixture("rnn_sequence")
        let cell = try ElmanCell(wxh: f.tensor("wxh"), whh: f.tensor("whh"), b: f.tensor("b"))
        let xs = try f.tensor("xs"), expected = try f.tensor("hs")
        let steps = xs.shape[0]
        let inputs = try (0..<steps).map { try xs.indexed([.at($0)]) }
        let trace = try cell.runNative(inputs: inputs, initialState: [f.tensor("h0")])
        for t in 0..<steps {
            assertTensorsClose(trace.hs[t], try expected.indexed([.at(t)]), tolerance: 1e-8, "step \(t + 1)")
        }
    }

    func testLSTMStepMatchesNumpy() throws {
        let f = try fixture("lstm_step")
        let cell = try LSTMCell(w: f.tensor("w"), b: f.tensor("b"))
        let trace = try cell.runNative(inputs: [f.tensor("x")], initialState: [f.tensor("h"), f.tensor("c")])
        assertTensorsClose(trace.finalState[0], try f.tensor("next_h"), tolerance: 1e-8)
        assertTensorsClose(trace.finalState[1], try f.tensor("next_c"), tolerance: 1e-8)
    }

    func testGRUStepMatchesNumpy() throws {
        let f = try fixture("gru_step")
        let x = try f.tensor("x"), h = try f.tensor("h")
        let cell = try GatedCell(.gru, inputSize: x.shape[1], hiddenSize: h.shape[1],
                                 parameters: GatedCellKind.gru.parameterOrder.map { try f.tensor($0) })
        let trace = try cell.runNative(inputs: [x], initialState: [h])
        assertTensorsClose(trace.hs[0], try f.tensor("next_h"), tolerance: 1e-8)
    }
}

extension ReferenceFixtureTests {
    /// Two steps of MUT1, MUT2 and MUT3, with numpy written straight from the lecture equations.
    func testMutantStepsMatchNumpy() throws {
        for kind in [GatedCellKind.mut1, .mut2, .mut3] {
            let f = try fixture(kind.rawValue + "_steps")
            let xs = try f.tensor("xs"), h0 = try f.tensor("h0"), hs = try f.tensor("hs")
            XCTAssertEqual(f.fields["names"] as? [String], kind.parameterOrder)
            let cell = try GatedCell(kind, inputSize: xs.shape[2], hiddenSize: h0.shape[1],
                                     parameters: kind.parameterOrder.map { try f.tensor($0) })
            let inputs = try (0..<2).map { try xs.indexed([.at($0)]) }
            let trace = try cell.runNative(inputs: inputs, initialState: [h0])
            let graph = try cell.runGraph(inputs: inputs.map(Variable.init), initialState: [Variable(h0)],
                                          parameters: cell.parameters.map(Variable.init))
            for t in 0..<2 {
                assertTensorsClose(trace.hs[t], try hs.indexed([.at(t)]), tolerance: 1e-8, "\(kind) step \(t + 1)")
                assertTensorsClose(graph[t][0].value, try hs.indexed([.at(t)]), tolerance: 1e-8, "\(kind) graph step \(t + 1)")
            }
        }
    }

    func testHighwayMatchesNumpy() throws {
        let f = try fixture("highway")
        let layer = try HighwayLayer(parameters: [f.tensor("wh"), f.tensor("bh"), f.tensor("wt"), f.tensor("bt")])
        assertTensorsClose(try layer.forward(f.tensor("x")), try f.tensor("y"), tolerance: 1e-8)
    }
}
