import TensorCore
import Autodiff
import Recurrent

/// Training a recurrent classifier on a set of sequences, natively (not recorded): the cell
/// record comes from `cell(…)` (possibly with a hand-made `W_hh`, see `with_field`), the
/// readout `y_t = Why @ h_t + by` is added, and the result holds the trained weights as
/// records the step builtins (`rnn_step`, `lstm_step`, `gated_step`) read.
enum SequenceTrainingLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("fit", "cell, X, y, iters=200, batch=32, lr=0.01, clip=1, optimizer=\"adam\", seed=0, readout=none",
                    "trains cell + readout on sequences X (N, T, D) with classes y: (N,) for the last step or (N, T) for every step; minibatches of rows in order, mean loss, global-norm clipping; {cell, readout, losses, grad_norms}",
                    example: "X = reshape(onehot(1, 2) + zeros(4, 3, 2), 4, 3, 2); r = fit(cell(\"rnn\", 2, 3, seed=1), X, [1, 1, 1, 1], iters=3, batch=2); r.losses") { a in
                try fit(a)
            },
        ]
    }

    private static func fit(_ a: Arguments) throws -> Value {
        let cellRecord = try a.record(0)
        let cell = try CellRecords.cell(from: cellRecord, a, 0)
        let x = try a.tensor(1, rank: 3).value
        let (n, steps, d) = (x.shape[0], x.shape[1], x.shape[2])
        guard n >= 1, steps >= 1, d == cell.inputSize else {
            throw a.bad(1, "sequences of shape (N, T, \(cell.inputSize)) with N, T ≥ 1", got: "shape \(describeShape(x.shape))")
        }
        let labels = try a.tensor(2).value
        let (targets, classes) = try stepTargets(labels, n: n, steps: steps, a)
        let iters = try a.int(3), batch = try a.int(4)
        guard (0...1_000_000).contains(iters) else { throw a.bad(3, "a number of iterations in 0...1000000", got: String(iters)) }
        guard (1...n).contains(batch) else { throw a.bad(4, "a batch size from 1 to N = \(n)", got: String(batch)) }
        let clip = try a.number(6)
        guard clip >= 0, clip.isFinite else { throw a.bad(6, "a clipping norm ≥ 0 (0 turns clipping off)", got: formatNumber(clip)) }
        let optimizer: OptimizerKind
        switch try a.string(7) {
        case "adam": optimizer = .adamDefault
        case "sgd": optimizer = .sgd
        case "momentum": optimizer = .momentum(0.9)
        case "adagrad": optimizer = .minCharRNN
        case let other: throw a.bad(7, "\"adam\", \"sgd\", \"momentum\" or \"adagrad\"", got: "\"\(other)\"")
        }
        let readout: Readout
        if a.isNone(9) {
            var generator = RandomGenerator(seed: UInt64(bitPattern: Int64(try a.int(8))))
            readout = try Readout(hiddenSize: cell.hiddenSize, outputSize: classes, using: &generator)
        } else {
            let r = try a.record(9)
            readout = try Readout(why: try a.field(r, 9, "Why").value, by: try a.field(r, 9, "by").value)
            guard readout.hiddenSize == cell.hiddenSize, readout.outputSize >= classes else {
                throw a.bad(9, "a readout {Why (C, \(cell.hiddenSize)), by (C)} with C ≥ \(classes) classes", got: "Why \(describeShape(readout.why.shape))")
            }
        }
        let inputs = try (0..<steps).map { t in try stepSlice(x, t) }
        var trainer = try SequenceTrainer(model: try SequenceModel(cell: cell, readout: readout), inputs: inputs, targets: targets,
                                          batchSize: batch, optimizer: optimizer, learningRate: try a.number(5),
                                          clipping: clip > 0 ? .globalNorm(clip) : .none)
        var losses: [Double] = [], norms: [Double] = []
        for _ in 0..<iters {
            try a.interpreter.checkInterrupt(a.callSpan)
            let step = try trainer.step()
            losses.append(step.loss)
            norms.append(step.gradientNorm)
        }
        let model = trainer.model
        return .record(Record(fields: [
            ("cell", CellRecords.record(model.cell, like: cellRecord)),
            ("readout", .record(Record(["Why": .tensor(model.readout.why), "by": .tensor(model.readout.by)]))),
            ("losses", .tensor(Tensor(losses))), ("grad_norms", .tensor(Tensor(norms))),
        ]))
    }

    /// Step `t` of every sequence: the (N, D) slice X[:, t, :].
    private static func stepSlice(_ x: Tensor, _ t: Int) throws -> Tensor {
        let (n, steps, d) = (x.shape[0], x.shape[1], x.shape[2])
        var out = [Double](repeating: 0, count: n * d)
        let s = x.scalars
        for r in 0..<n { for j in 0..<d { out[r * d + j] = s[(r * steps + t) * d + j] } }
        return try Tensor(shape: [n, d], scalars: out)
    }

    /// Targets per step from labels (N,) (last step only) or (N, T) (every step), and the class count.
    private static func stepTargets(_ y: Tensor, n: Int, steps: Int, _ a: Arguments) throws -> ([[Int]?], Int) {
        guard y.shape == [n] || y.shape == [n, steps] else {
            throw a.bad(2, "classes of shape (\(n),) for the last step or (\(n), \(steps)) for every step", got: "shape \(describeShape(y.shape))")
        }
        let labels = y.scalars
        guard labels.allSatisfy({ $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }) else {
            throw a.bad(2, "class indices (whole numbers ≥ 0)", got: "other numbers")
        }
        let ints = labels.map { Int($0) }
        let classes = (ints.max() ?? 0) + 1
        if y.rank == 1 { return ((0..<steps).map { $0 == steps - 1 ? ints : nil }, classes) }
        return ((0..<steps).map { t in (0..<n).map { ints[$0 * steps + t] } }, classes)
    }
}

/// Cell records (`cell("lstm", …)`) and the library's cells, both ways.
enum CellRecords {
    /// The record's field names for each kind, in the cell's parameter order.
    static func fieldNames(_ kind: String) -> [String]? {
        switch kind {
        case "rnn": return ["Wxh", "Whh", "b"]
        case "lstm": return ["W", "b"]
        default: return GatedCellKind(rawValue: kind)?.parameterOrder
        }
    }

    static func cell(from record: Record, _ a: Arguments, _ index: Int) throws -> AnyRecurrentCell {
        let kind = try a.stringField(record, index, "kind")
        guard let names = fieldNames(kind), kind != "highway" else {
            throw a.bad(index, "a cell record from cell(\"rnn\" | \"lstm\" | \"gru\" | \"mut1\" | \"mut2\" | \"mut3\", …)", got: "a \(kind) record")
        }
        let p = try names.map { try a.field(record, index, $0).value }
        switch kind {
        case "rnn":
            var activation = ElmanCell.Activation.tanh
            if let name = record["activation"]?.stringValue {
                guard let chosen = ElmanCell.Activation(rawValue: name) else {
                    throw a.bad(index, "an rnn cell record whose activation is \"tanh\" or \"relu\"", got: "\"\(name)\"")
                }
                activation = chosen
            }
            return AnyRecurrentCell(try ElmanCell(wxh: p[0], whh: p[1], b: p[2], activation: activation))
        case "lstm": return AnyRecurrentCell(try LSTMCell(w: p[0], b: p[1]))
        default:
            let gated = GatedCellKind(rawValue: kind)!
            let hidden = p[names.firstIndex { $0.hasPrefix("b") }!].count
            let input = zip(names, p).first { $0.0.dropFirst().first == "x" }?.1.shape.last ?? hidden
            return AnyRecurrentCell(try GatedCell(gated, inputSize: input, hiddenSize: hidden, parameters: p))
        }
    }

    /// A copy of `template` (a cell record) with the cell's parameters in its weight fields.
    static func record(_ cell: AnyRecurrentCell, like template: Record) -> Value {
        guard let kind = template["kind"]?.stringValue, let names = fieldNames(kind) else { return .none }
        var record = template
        for (name, value) in zip(names, cell.parameters) {
            if let k = record.fields.firstIndex(where: { $0.name == name }) { record.fields[k].value = .tensor(value) }
        }
        return .record(record)
    }
}
