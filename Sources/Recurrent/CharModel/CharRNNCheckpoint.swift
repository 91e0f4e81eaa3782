import Formats
import TensorCore

/// Everything needed to resume a training run bit for bit: the model, the
/// hyper-parameters, the optimiser state, the carried hidden state, the data
/// pointer, the iteration count and the smoothed loss.
///
/// Byte format (all integers little-endian):
///
///     "UNROLLCK"  magic, 8 bytes
///     UInt32      format version (1)
///     UInt32      header length L
///     L bytes     header, UTF-8 JSON: vocab, hidden, seq, lr, clip, optimizer, iteration, position, smooth, steps
///     UInt64 × N  IEEE-754 bit patterns: parameters, optimiser buffer 1, optimiser buffer 2, hidden state
///     UInt32      CRC-32 of every preceding byte
///
/// Numbers in the header are written in shortest round-trip form (NaN and ±∞ as
/// strings, the one JSON policy) and read back with correct rounding, so they too
/// survive exactly.
public struct CharRNNCheckpoint: Equatable, Sendable {
    public var model: CharRNNModel
    public var config: CharRNNTrainingConfig
    public var optimizer: FlatOptimizer
    public var hidden: [Double]
    public var position: Int
    public var iteration: Int
    public var smoothLoss: Double

    static let magic = Array("UNROLLCK".utf8)
    static let version: UInt32 = 1

    public init(model: CharRNNModel, config: CharRNNTrainingConfig, optimizer: FlatOptimizer, hidden: [Double],
                position: Int, iteration: Int, smoothLoss: Double) {
        self.model = model
        self.config = config
        self.optimizer = optimizer
        self.hidden = hidden
        self.position = position
        self.iteration = iteration
        self.smoothLoss = smoothLoss
    }

    private static func describe(_ clip: GradientClipping) -> JSONValue {
        switch clip {
        case .none: return ["kind": "none"]
        case .elementwise(let x): return ["kind": "elementwise", "limit": .double(x)]
        case .globalNorm(let x): return ["kind": "norm", "limit": .double(x)]
        }
    }

    private static func describe(_ kind: OptimizerKind) -> JSONValue {
        switch kind {
        case .sgd: return ["kind": "sgd"]
        case .momentum(let mu): return ["kind": "momentum", "momentum": .double(mu)]
        case .adagrad(let eps): return ["kind": "adagrad", "epsilon": .double(eps)]
        case .adam(let b1, let b2, let eps): return ["kind": "adam", "beta1": .double(b1), "beta2": .double(b2), "epsilon": .double(eps)]
        }
    }

    /// The checkpoint as bytes (see the type's documentation for the layout).
    public func encoded() -> [UInt8] {
        let header: JSONValue = [
            "vocab": .string(model.vocabulary.string), "hidden": .int(model.hidden), "seq": .int(config.seqLength),
            "lr": .double(optimizer.learningRate), "clip": Self.describe(config.clipping), "optimizer": Self.describe(config.optimizer),
            "iteration": .int(iteration), "position": .int(position), "smooth": .double(smoothLoss), "steps": .int(optimizer.steps),
            "buffers": [.int(model.parameters.count), .int(optimizer.first.count), .int(optimizer.second.count), .int(hidden.count)],
        ]
        var bytes = Self.magic
        func append32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        append32(Self.version)
        let headerBytes = header.encodedBytes(.spaced)
        append32(UInt32(headerBytes.count))
        bytes += headerBytes
        bytes.reserveCapacity(bytes.count + 8 * (model.parameters.count + optimizer.first.count + optimizer.second.count + hidden.count) + 4)
        for buffer in [model.parameters, optimizer.first, optimizer.second, hidden] {
            for x in buffer { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 } }
        }
        append32(CRC32.checksum(bytes))
        return bytes
    }

    /// Reads a checkpoint, verifying magic, version, checksum and sizes; any
    /// damage is reported as an error saying what is wrong.
    public init(decoding bytes: [UInt8]) throws {
        func fail(_ message: String) -> TensorError { TensorError(.invalidArgument, "checkpoint", message) }
        guard bytes.count >= 20, Array(bytes[0..<8]) == Self.magic else {
            throw fail("not an unroll checkpoint (the file does not start with UNROLLCK)")
        }
        func read32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        let stored = read32(bytes.count - 4)
        let actual = CRC32.checksum(bytes[0..<(bytes.count - 4)])
        guard stored == actual else {
            throw fail("the checksum does not match (stored \(String(stored, radix: 16)), computed \(String(actual, radix: 16))): the file is corrupt or truncated; use another checkpoint")
        }
        guard read32(8) == Self.version else { throw fail("format version \(read32(8)) is not supported (expected \(Self.version))") }
        let headerLength = Int(read32(12))
        guard 16 + headerLength <= bytes.count - 4 else { throw fail("the header length \(headerLength) runs past the end of the file") }
        let header: JSONValue
        do {
            header = try JSONValue.parse(Array(bytes[16..<(16 + headerLength)]))
        } catch {
            throw fail("the header is not valid JSON: \(error)")
        }
        func integer(_ key: String) -> Int? { header[key]?.intValue }
        guard let vocab = header["vocab"]?.stringValue, let hidden = integer("hidden"),
              let seq = integer("seq"), let lr = header["lr"]?.doubleValue, let iteration = integer("iteration"),
              let position = integer("position"), let smooth = header["smooth"]?.doubleValue,
              let steps = integer("steps"), let sizes = header["buffers"]?.doubles, sizes.count == 4,
              let clip = header["clip"], let opt = header["optimizer"] else {
            throw fail("the header is missing fields or has malformed numbers")
        }
        guard steps >= 0, steps < Int.max / 2 else { throw fail("the optimiser step count \(steps) is out of range") }
        let counts = sizes.map { Int(exactly: $0) ?? -1 }
        guard counts.allSatisfy({ $0 >= 0 && $0 <= bytes.count }),
              16 + headerLength + 8 * counts.reduce(0, +) + 4 == bytes.count else {
            throw fail("the buffer sizes \(counts) do not match the file length \(bytes.count)")
        }
        var at = 16 + headerLength
        var buffers: [[Double]] = []
        for n in counts {
            var values = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let lo = UInt64(read32(at + 8 * i)), hi = UInt64(read32(at + 8 * i + 4))
                values[i] = Double(bitPattern: lo | hi << 32)
            }
            buffers.append(values)
            at += 8 * n
        }
        let vocabulary = try CharVocabulary(symbols: Array(vocab.unicodeScalars))
        model = try CharRNNModel(vocabulary: vocabulary, hidden: hidden, parameters: buffers[0])
        let clipping: GradientClipping
        switch clip["kind"]?.stringValue {
        case "none": clipping = .none
        case "elementwise": clipping = .elementwise(clip["limit"]?.doubleValue ?? .nan)
        case "norm": clipping = .globalNorm(clip["limit"]?.doubleValue ?? .nan)
        default: throw fail("unknown clipping \(clip)")
        }
        let kind: OptimizerKind
        switch opt["kind"]?.stringValue {
        case "sgd": kind = .sgd
        case "momentum": kind = .momentum(opt["momentum"]?.doubleValue ?? .nan)
        case "adagrad": kind = .adagrad(epsilon: opt["epsilon"]?.doubleValue ?? .nan)
        case "adam": kind = .adam(beta1: opt["beta1"]?.doubleValue ?? .nan, beta2: opt["beta2"]?.doubleValue ?? .nan,
                                  epsilon: opt["epsilon"]?.doubleValue ?? .nan)
        default: throw fail("unknown optimizer \(opt)")
        }
        config = CharRNNTrainingConfig(seqLength: seq, learningRate: lr, clipping: try clipping.validated(), optimizer: kind)
        // Validate the kind's hyper-parameters and buffer sizes through the public initialiser.
        let fresh = try FlatOptimizer(kind, learningRate: lr, count: buffers[0].count)
        guard fresh.first.count == buffers[1].count, fresh.second.count == buffers[2].count else {
            throw fail("the optimiser buffers do not fit a \(kind) optimiser")
        }
        optimizer = FlatOptimizer(kind: kind, learningRate: lr, first: buffers[1], second: buffers[2], steps: steps)
        self.hidden = buffers[3]
        self.position = position
        self.iteration = iteration
        smoothLoss = smooth
    }
}

extension CharRNNTrainer {
    /// The complete run state.
    public func checkpoint() -> CharRNNCheckpoint {
        CharRNNCheckpoint(model: model, config: config, optimizer: optimizer, hidden: hidden,
                          position: position, iteration: iteration, smoothLoss: smoothLoss)
    }

    /// A trainer that continues `checkpoint` on `text` (the same text it was trained on).
    public convenience init(resuming checkpoint: CharRNNCheckpoint, text: String) throws {
        try self.init(model: checkpoint.model, text: text, config: checkpoint.config)
        try restore(parameters: checkpoint.model.parameters, optimizer: checkpoint.optimizer, hidden: checkpoint.hidden,
                    position: checkpoint.position, iteration: checkpoint.iteration, smoothLoss: checkpoint.smoothLoss)
    }
}
