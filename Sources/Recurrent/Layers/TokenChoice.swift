import TensorCore

/// How a generated token is picked from a step's scores.
public enum TokenChoice: Sendable, Equatable {
    /// The highest score (the first one on ties).
    case argmax
    /// A draw from softmax(scores / τ) with a seeded generator: τ < 1 sharpens, τ > 1 flattens.
    case temperature(Double)

    /// Picks a class from a (1, V) or (V) row of scores.
    func pick(_ scores: Tensor, using generator: inout RandomGenerator) throws -> Int {
        let row = scores.scalars
        guard !row.isEmpty else { throw TensorError(.invalidArgument, "sample", "there are no scores to choose from") }
        switch self {
        case .argmax:
            var best = 0
            for (k, v) in row.enumerated() where v > row[best] { best = k }
            return best
        case .temperature(let tau):
            guard tau > 0, tau.isFinite else {
                throw TensorError(.invalidArgument, "sample", "temperature must be a positive finite number, got \(tau)")
            }
            let probabilities = try Tensor(row.map { $0 / tau }).softmax()
            return try Tensor.choice(probabilities, using: &generator)
        }
    }
}

extension SequenceModel {
    /// Generates tokens natively: feed `first`, pick a token from the scores, turn
    /// it into the next input with `nextInput`, and stop after `endToken` (not
    /// included) or `maxLength` tokens.
    func decode(first: Tensor, state: [Tensor], maxLength: Int, endToken: Int?, choice: TokenChoice,
                using generator: inout RandomGenerator, nextInput: (Int) throws -> Tensor) throws -> [Int] {
        guard maxLength >= 0 else {
            throw TensorError(.invalidArgument, "sample", "maxLength must be non-negative, got \(maxLength)")
        }
        var tokens: [Int] = []
        var x = first, current = state
        while tokens.count < maxLength {
            let (next, scores) = try nativeStep(x, current)
            current = next
            let token = try choice.pick(scores, using: &generator)
            if token == endToken { break }
            tokens.append(token)
            x = try nextInput(token)
        }
        return tokens
    }
}

/// A (1, depth) one-hot row.
func oneHotRow(_ index: Int, depth: Int) throws -> Tensor {
    guard index >= 0, index < depth else {
        throw TensorError(.indexOutOfRange, "one_hot", "token \(index) is out of range for a vocabulary of \(depth)")
    }
    return try Tensor.oneHot([index], depth: depth)
}
