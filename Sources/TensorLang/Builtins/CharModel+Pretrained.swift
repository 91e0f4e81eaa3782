import Formats
import TensorCore
import Recurrent
import PretrainedModels

/// Character models with an LSTM cell, as the native trainer saves them, and the trained
/// ones the program carries (`pretrained`). Such a model is the record
/// {kind: "lstm", chars, hidden, W, b, Why, by}: W (4H, H + V) and b (4H) are the cell's,
/// in `lstm_step`'s layout (gates i, f, o, g over [h; x]), and Why (V, H), by (V) the readout.
extension CharModelLibrary {
    /// A shipped model, its held-out text and how it was made.
    struct Pretrained: Sendable {
        let model: CharCellModel
        let text: String
        let note: String
    }

    /// Every model of `pretrained/`, parsed once, on first use: `NAME.json` (the model as
    /// `unroll train --cell … --save` writes it) with `NAME.txt` (the text to look at it on).
    static let pretrainedModels: [String: Pretrained] = {
        var models: [String: Pretrained] = [:]
        for name in PretrainedModels.names {
            guard let json = PretrainedModels.file(name + ".json"), let text = PretrainedModels.file(name + ".txt"),
                  let model = try? CharCellModel(json: Array(json.utf8)), model.kind == "lstm" else { continue }
            let note = (try? JSONValue.parse(Array(json.utf8)))?["note"]?.stringValue ?? ""
            models[name] = Pretrained(model: model, text: text, note: note)
        }
        return models
    }()

    static func pretrained(_ a: Arguments) throws -> Value {
        let name = try a.string(0)
        guard let shipped = pretrainedModels[name] else {
            let known = pretrainedModels.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw a.bad(0, "the name of a shipped model (\(known))", got: "\"\(name)\"")
        }
        return .record(Record(fields: [
            ("model", try lstmRecord(shipped.model)),
            ("text", .string(try StringValue.make(shipped.text, operation: "pretrained"))),
            ("note", .string(try StringValue.make(shipped.note, operation: "pretrained"))),
        ]))
    }

    static func lstmRecord(_ m: CharCellModel) throws -> Value {
        let p = m.network.parameters
        guard m.kind == "lstm", p.count == 4 else { throw TensorError(.invalidArgument, "pretrained", "expected an LSTM model") }
        return .record(Record(fields: [
            ("kind", .string("lstm")), ("chars", .string(m.vocabulary.string)), ("hidden", .scalar(Double(m.hidden))),
            ("W", .tensor(p[0])), ("b", .tensor(p[1])), ("Why", .tensor(p[2])), ("by", .tensor(p[3])),
        ]))
    }

    /// Whether a model record holds an LSTM cell (`kind: "lstm"`).
    static func isLSTM(_ record: Record) -> Bool { record["kind"]?.stringValue == "lstm" }

    /// `record_cells` for an LSTM model: {h, c}, each a (len(text), hidden) matrix.
    static func recordLSTM(_ a: Arguments, _ record: Record) throws -> Value {
        let vocabulary = try CharVocabulary(symbols: Array(try a.stringField(record, 0, "chars").unicodeScalars))
        let (w, b) = (try a.field(record, 0, "W").value, try a.field(record, 0, "b").value)
        let cell = try LSTMCell(w: w, b: b)
        guard cell.inputSize == vocabulary.count else {
            throw a.bad(0, "an LSTM model whose W has H + V columns (V = \(vocabulary.count) characters)", got: "W of shape \(describeShape(w.shape))")
        }
        let indices = try vocabulary.encode(try a.string(1))
        guard !indices.isEmpty else { throw a.bad(1, "a non-empty text", got: "\"\"") }
        let inputs = try indices.map { try Tensor.oneHot([Int($0)], depth: vocabulary.count) }
        let recording = try CellRecording(cell: cell, inputs: inputs)
        guard let cs = recording.cs else { return .tensor(recording.hs) }
        return .record(Record(fields: [("h", .tensor(recording.hs)), ("c", .tensor(cs))]))
    }
}
