import Foundation
import TensorCore
import Autodiff
import Recurrent

/// Character-level language models, min-char-rnn style, on the native training loop.
///
/// A model is a record {chars, hidden, Wxh, Whh, Why, bh, by}:
///
///     h_t = tanh(Wxh[:, x_t] + Whh @ h_{t−1} + bh),   p_t = softmax(Why @ h_t + by)
///
/// Training runs natively (fast, not recorded): `grad` does not reach through `train`.
enum CharModelLibrary {
    static var builtins: [Builtin] {
        [
            Builtin("char_vocab", "text", "the distinct characters of text, sorted: a record {chars, size}",
                    example: "char_vocab(\"hello\")") { a in
                let v = try CharVocabulary(text: try a.string(0))
                return .record(Record(["chars": .string(v.string), "size": .scalar(Double(v.count))]))
            },
            Builtin("encode", "text, vocab", "the index of every character of text in vocab (a record from char_vocab, or a string)",
                    example: "encode(\"hole\", char_vocab(\"hello\"))") { a in
                let indices = try vocabulary(a, 1).encode(try a.string(0))
                return .tensor(Tensor(indices.map(Double.init)))
            },
            Builtin("decode", "indices, vocab", "the text spelled by a vector of indices into vocab",
                    example: "decode([1, 3, 2, 0], char_vocab(\"hello\"))") { a in
                .string(try StringValue.make(try vocabulary(a, 1).decode(try a.ints(0)), operation: "decode"))
            },
            Builtin("char_model", "vocab, hidden=100, seed=none",
                    "a fresh character model: weights 0.01·N(0, 1), zero biases; a record {chars, hidden, Wxh, Whh, Why, bh, by}",
                    example: "m = char_model(char_vocab(\"hello\"), hidden=4, seed=1); shape(m.Why)") { a in
                let vocab = try vocabulary(a, 0)
                let seed = try a.optionalInt(2).map { UInt64(bitPattern: Int64($0)) } ?? a.interpreter.withGenerator(seed: nil) { g in g.next() }
                return try record(try CharRNNModel(vocabulary: vocab, hidden: try a.int(1), seed: seed))
            },
            Builtin("train", "model, text, iters=100, seq=25, lr=0.1, clip=5, optimizer=\"adagrad\", sample_every=0, sample_length=40",
                    "min-char-rnn training (Adagrad, elementwise clipping): {model, losses, smooth, grad_norms, samples, sample}",
                    example: "r = train(char_model(char_vocab(\"abcabc\"), hidden=4, seed=1), \"abcabcabc\", iters=5, seq=3); r.losses") { a in
                try train(a)
            },
            Builtin("sample", "model, start, n, temperature=1, seed=none, argmax=false",
                    "n characters generated after feeding start; temperature < 1 sharpens, argmax=true always takes the likeliest",
                    example: "m = char_model(char_vocab(\"hello\"), hidden=4, seed=1); sample(m, \"h\", 5, seed=2)") { a in
                let model = try charModel(a, 0)
                let start = try model.vocabulary.encode(try a.string(1)).map(Int.init)
                let mode: SamplingMode = try a.bool(5) ? .argmax : .temperature(try a.number(3))
                let n = try a.int(2)
                let out = try a.interpreter.withGenerator(seed: try a.optionalInt(4)) { g in
                    try model.sample(seed: start, count: n, mode: mode, using: &g)
                }
                return .string(try StringValue.make(try model.vocabulary.decode(out), operation: "sample"))
            },
            Builtin("char_loss", "model, text", "the teacher-forced loss Σ −ln p(next character) over text, from a zero state",
                    example: "m = char_model(char_vocab(\"hello\"), hidden=4, seed=1); char_loss(m, \"hello\")") { a in
                .scalar(try charModel(a, 0).loss(of: try a.string(1)))
            },
            Builtin("record_cells", "model, text",
                    "the hidden state after each character of text (from zeros): a (len(text), hidden) matrix; for an LSTM model (pretrained) a record {h, c} of two such matrices",
                    example: "m = char_model(char_vocab(\"hello\"), hidden=3, seed=1); record_cells(m, \"hello\")") { a in
                if isLSTM(try a.record(0)) { return try recordLSTM(a, try a.record(0)) }
                let model = try charModel(a, 0)
                let indices = try model.vocabulary.encode(try a.string(1))
                guard !indices.isEmpty else { throw a.bad(1, "a non-empty text", got: "\"\"") }
                let cell = try ElmanCell(wxh: try model.tensor(named: "Wxh"), whh: try model.tensor(named: "Whh"), b: try model.tensor(named: "bh"))
                let inputs = try indices.map { try Tensor.oneHot([Int($0)], depth: model.vocabulary.count) }
                return .tensor(try CellRecording(cell: cell, inputs: inputs).hs)
            },
            Builtin("pretrained", "name",
                    "a trained model the program carries, with held-out text to read it on: a record {model, text, note}; \"source-lstm\" is an LSTM character model trained on Swift source (note says how)",
                    example: "p = pretrained(\"source-lstm\"); p.model.hidden") { a in
                try pretrained(a)
            },
        ]
    }

    // MARK: Records and models

    static func record(_ m: CharRNNModel) throws -> Value {
        var fields: [(name: String, value: Value)] = [("chars", .string(m.vocabulary.string)), ("hidden", .scalar(Double(m.hidden)))]
        for name in ["Wxh", "Whh", "Why", "bh", "by"] { fields.append((name, .tensor(try m.tensor(named: name)))) }
        return .record(Record(fields: fields))
    }

    /// The model a record describes; every weight must have the shape its chars and hidden imply.
    static func charModel(_ a: Arguments, _ index: Int) throws -> CharRNNModel {
        let r = try a.record(index)
        let vocab = try CharVocabulary(symbols: Array(try a.stringField(r, index, "chars").unicodeScalars))
        guard let hidden = r["hidden"]?.wholeNumber else { throw a.bad(index, "a model record from char_model", got: "a record without 'hidden'") }
        var flat: [Double] = []
        for name in ["Wxh", "Whh", "Why", "bh", "by"] { flat += try a.field(r, index, name).value.scalars }
        return try CharRNNModel(vocabulary: vocab, hidden: hidden, parameters: flat)
    }

    static func vocabulary(_ a: Arguments, _ index: Int) throws -> CharVocabulary {
        switch try a.value(index) {
        case .string(let s): return try CharVocabulary(symbols: Array(s.text.unicodeScalars))
        case .record(let r): return try CharVocabulary(symbols: Array(try a.stringField(r, index, "chars").unicodeScalars))
        case let other: throw a.bad(index, "a vocabulary (a record from char_vocab, or a string)", got: other.typeName)
        }
    }

    private static func train(_ a: Arguments) throws -> Value {
        let model = try charModel(a, 0)
        let text = try a.string(1)
        let iters = try a.int(2), every = try a.int(7), length = try a.int(8)
        guard (0...1_000_000).contains(iters) else { throw a.bad(2, "a number of iterations in 0...1000000", got: String(iters)) }
        guard every >= 0, length >= 0 else { throw a.bad(every < 0 ? 7 : 8, "a whole number ≥ 0", got: String(min(every, length))) }
        let clip = try a.number(5)
        let optimizer: OptimizerKind
        switch try a.string(6) {
        case "adagrad": optimizer = .minCharRNN
        case "sgd": optimizer = .sgd
        case "adam": optimizer = .adamDefault
        case "momentum": optimizer = .momentum(0.9)
        case let other: throw a.bad(6, "\"adagrad\", \"sgd\", \"momentum\" or \"adam\"", got: "\"\(other)\"")
        }
        let config = CharRNNTrainingConfig(seqLength: try a.int(3), learningRate: try a.number(4),
                                           clipping: clip > 0 ? .elementwise(clip) : .none, optimizer: optimizer)
        let trainer = try CharRNNTrainer(model: model, text: text, config: config)
        let start = [Int(trainer.data[0])]
        var generator = RandomGenerator(seed: 1)
        var losses: [Double] = [], smooth: [Double] = [], norms: [Double] = [], samples: [Value] = []
        for n in 0..<iters {
            try a.interpreter.checkInterrupt(a.callSpan)
            let step = try trainer.step()
            losses.append(step.loss); smooth.append(step.smoothLoss); norms.append(step.gradientNorm)
            if every > 0, (n + 1) % every == 0 {
                let s = try trainer.model.sample(seed: start, count: length, mode: .temperature(1), using: &generator)
                samples.append(.string(try trainer.model.vocabulary.decode(s)))
            }
        }
        let last = try trainer.model.sample(seed: start, count: length, mode: .temperature(1), using: &generator)
        return .record(Record(fields: [
            ("model", try record(trainer.model)), ("losses", .tensor(Tensor(losses))), ("smooth", .tensor(Tensor(smooth))),
            ("grad_norms", .tensor(Tensor(norms))), ("samples", .sequence(samples)),
            ("sample", .string(try trainer.model.vocabulary.decode(last))),
        ]))
    }
}
