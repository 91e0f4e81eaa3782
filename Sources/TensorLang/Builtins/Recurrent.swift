import TensorCore
import Autodiff
import Recurrent

/// Recurrent cells on the recorded graph: one step of a vanilla RNN, an LSTM, a GRU or a
/// MUT variant, and a highway layer. Every result is a variable, so `grad` and `jacobian`
/// reach through it to the state, the input and the weights.
///
/// A single example is a vector (h of shape (H,), x of shape (D,)); a batch is a matrix with
/// one row per example. Weights are stored as in the math: W maps a column vector.
enum RecurrentLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("rnn_step", "h, x, Whh, Wxh, b", "one vanilla RNN step: tanh(Whh @ h + Wxh @ x + b)",
                    example: "rnn_step(zeros(2), [1, 0, 0], eye(2), ones(2, 3), zeros(2))") { a in
                let (h, x) = try rows(a, 0, 1)
                let cell = try ElmanCell(wxh: try a.tensor(3, rank: 2).value, whh: try a.tensor(2, rank: 2).value, b: try a.tensor(4, rank: 1).value)
                let out = try cell.graphStep(input: x.rows, state: [h.rows], parameters: [try a.tensor(3), try a.tensor(2), try a.tensor(4)])
                return .tensor(try h.restore(out[0]))
            },
            Builtin("lstm_step", "h, c, x, W, b",
                    "one LSTM step; W (4H, H+D) stacks the gates i, f, o, g over [h; x]: c' = f*c + i*g, h' = o*tanh(c'); a record {h, c, i, f, o, g}",
                    example: "s = lstm_step(zeros(2), zeros(2), [1], ones(8, 3), zeros(8)); s.c") { a in
                try lstmStep(a)
            },
            Builtin("gated_step", "cell, h, x", "one step of a GRU or MUT1–3 cell made by cell(\"gru\", …): the new hidden state",
                    example: "g = cell(\"gru\", 2, 3, seed=1); gated_step(g, zeros(3), [1, 0])") { a in
                try gatedStep(a)
            },
            Builtin("highway", "layer, x", "a highway layer made by cell(\"highway\", n, n): T*tanh(WH @ x + bH) + (1 − T)*x with T = sigmoid(WT @ x + bT)",
                    example: "hw = cell(\"highway\", 2, 2, seed=1); highway(hw, [1, -1])") { a in
                let layer = try a.record(0)
                let p = try ["WH", "bH", "WT", "bT"].map { try a.field(layer, 0, $0) }
                let native = try HighwayLayer(parameters: p.map(\.value))
                let (x, _) = try rows(a, 1, 1)
                return .tensor(try x.restore(try native.graphForward(x.rows, parameters: p)))
            },
            Builtin("cell", "kind, input, hidden, seed=none, forget_bias=1, scale=none, activation=\"tanh\"",
                    "fresh weights for a cell: kind \"rnn\" {Wxh, Whh, b} (activation \"relu\" adds a field for fit), \"lstm\" {W, b}, \"gru\", \"mut1\", \"mut2\", \"mut3\" or \"highway\" (input = hidden)",
                    example: "c = cell(\"lstm\", 3, 2, seed=1); shape(c.W)") { a in
                try newCell(a)
            },
            Builtin("param_count", "cell", "the number of learnable numbers in a cell's record (the sum of its tensors' sizes)",
                    example: "param_count(cell(\"gru\", 10, 20, seed=0))") { a in
                let record = try a.record(0)
                var total = 0
                for field in record.fields { if case .tensor(let t) = field.value { total += t.value.count } }
                return .scalar(Double(total))
            },
        ]
    }

    // MARK: Steps

    private static func lstmStep(_ a: Arguments) throws -> Value {
        let (h, x) = try rows(a, 0, 2)
        let (c, _) = try rows(a, 1, 1)
        let (w, b) = (try a.tensor(3, rank: 2), try a.tensor(4, rank: 1))
        let native = try LSTMCell(w: w.value, b: b.value)
        let size = native.hiddenSize
        guard h.rows.shape[1] == size, c.rows.shape == h.rows.shape else {
            throw a.bad(0, "h and c of size \(size) to match W \(describeShape(w.shape))", got: "shapes \(describeShape(h.original.shape)) and \(describeShape(c.original.shape))")
        }
        guard x.rows.shape == [h.rows.shape[0], native.inputSize] else {
            throw a.bad(2, "an input of size \(native.inputSize) (W has H + D = \(w.shape[1]) columns)", got: "shape \(describeShape(x.original.shape))")
        }
        let pre = try Variable.concat([h.rows, x.rows], axis: 1).matmul(w.transposed()) + b
        func block(_ k: Int) throws -> Variable { try pre.indexed([.all, .range(start: k * size, end: (k + 1) * size, step: nil)]) }
        let i = try block(0).sigmoid(), f = try block(1).sigmoid(), o = try block(2).sigmoid(), g = try block(3).tanh()
        let cNew = try f * c.rows + i * g
        let hNew = try o * cNew.tanh()
        return .record(Record(fields: try [("h", hNew), ("c", cNew), ("i", i), ("f", f), ("o", o), ("g", g)].map {
            ($0.0, .tensor(try h.restore($0.1)))
        }))
    }

    private static func gatedStep(_ a: Arguments) throws -> Value {
        let record = try a.record(0)
        let kindName = try a.stringField(record, 0, "kind")
        guard let kind = GatedCellKind(rawValue: kindName) else {
            throw a.bad(0, "a gru or mut1–3 cell (use lstm_step or rnn_step for the others)", got: "a \(kindName) cell")
        }
        let (h, x) = try rows(a, 1, 2)
        var scratch = RandomGenerator(seed: 0)   // the probe only supplies parameter names
        let probe = try GatedCell(kind, inputSize: x.rows.shape[1], hiddenSize: h.rows.shape[1], using: &scratch)
        let p = try probe.parameterNames.map { try a.field(record, 0, $0) }
        let native = try GatedCell(kind, inputSize: x.rows.shape[1], hiddenSize: h.rows.shape[1], parameters: p.map(\.value))
        return .tensor(try h.restore(try native.graphStep(input: x.rows, state: [h.rows], parameters: p)[0]))
    }

    private static func newCell(_ a: Arguments) throws -> Value {
        let kind = try a.string(0)
        let (d, h) = (try a.int(1), try a.int(2))
        let scale: Double? = a.isNone(5) ? nil : try a.number(5)
        return try a.interpreter.withGenerator(seed: try a.optionalInt(3)) { g throws -> Value in
            func record(_ names: [String], _ tensors: [Tensor]) -> Value {
                .record(Record(fields: [("kind", .string(kind))] + zip(names, tensors).map { ($0, .tensor($1)) }))
            }
            switch kind {
            case "rnn":
                guard let activation = ElmanCell.Activation(rawValue: try a.string(6)) else {
                    throw a.bad(6, "\"tanh\" or \"relu\"", got: "\"\(try a.string(6))\"")
                }
                let c = try ElmanCell(inputSize: d, hiddenSize: h, weightScale: scale, activation: activation, using: &g)
                guard case .record(var r) = record(["Wxh", "Whh", "b"], c.parameters) else { return .none }
                if activation == .relu { r.fields.append(("activation", .string("relu"))) }
                return .record(r)
            case "lstm":
                let c = try LSTMCell(inputSize: d, hiddenSize: h, forgetBias: try a.number(4), weightScale: scale, using: &g)
                return record(["W", "b"], c.parameters)
            case "highway":
                guard d == h else { throw a.bad(1, "input = hidden for a highway layer", got: "\(d) and \(h)") }
                let c = try HighwayLayer(size: d, weightScale: scale, using: &g)
                return record(["WH", "bH", "WT", "bT"], c.parameters)
            default:
                guard let gated = GatedCellKind(rawValue: kind) else {
                    throw a.bad(0, "\"rnn\", \"lstm\", \"gru\", \"mut1\", \"mut2\", \"mut3\" or \"highway\"", got: "\"\(kind)\"")
                }
                let c = try GatedCell(gated, inputSize: d, hiddenSize: h, weightScale: scale, using: &g)
                return record(c.parameterNames, c.parameters)
            }
        }
    }

    // MARK: Vectors as one-row batches

    /// A step argument as a batch of rows: a vector becomes one row, and `restore` undoes it.
    struct Rows {
        let original: Variable
        let rows: Variable
        func restore(_ y: Variable) throws -> Variable {
            original.value.rank == 1 ? try y.reshaped([y.shape[1]]) : y
        }
    }

    private static func asRows(_ a: Arguments, _ index: Int) throws -> Rows {
        let v = try a.tensor(index)
        switch v.value.rank {
        case 1: return Rows(original: v, rows: try v.reshaped([1, v.shape[0]]))
        case 2: return Rows(original: v, rows: v)
        default: throw a.bad(index, "a vector or a matrix of rows", got: "shape \(describeShape(v.shape))")
        }
    }

    /// Two step arguments (state, input) with the same number of rows.
    private static func rows(_ a: Arguments, _ state: Int, _ input: Int) throws -> (Rows, Rows) {
        let h = try asRows(a, state), x = try asRows(a, input)
        guard h.original.value.rank == x.original.value.rank, h.rows.shape[0] == x.rows.shape[0] else {
            throw a.bad(input, "the same number of rows as argument #\(state + 1)", got: "shape \(describeShape(x.original.shape))")
        }
        return (h, x)
    }
}

extension Arguments {
    public func record(_ index: Int) throws(Diagnostic) -> Record {
        let v = try value(index)
        guard case .record(let r) = v else { throw bad(index, "a record", got: v.typeName) }
        return r
    }

    /// A tensor field of a record argument; the message names the missing field.
    func field(_ record: Record, _ index: Int, _ name: String) throws(Diagnostic) -> Variable {
        guard case .tensor(let t)? = record[name] else {
            throw bad(index, "a record with a tensor field '\(name)'", got: "fields \(record.fields.map(\.name).joined(separator: ", "))")
        }
        return t
    }

    func stringField(_ record: Record, _ index: Int, _ name: String) throws(Diagnostic) -> String {
        guard let s = record[name]?.stringValue else {
            throw bad(index, "a record with a string field '\(name)'", got: "fields \(record.fields.map(\.name).joined(separator: ", "))")
        }
        return s
    }
}
