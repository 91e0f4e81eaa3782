import TensorCore
import Autodiff

/// Elementwise functions, reductions and the softmax family; all recorded for autodiff.
enum MathLibrary {
    private static func elementwise(_ name: String, _ summary: String, _ example: String,
                                    _ f: @escaping (Variable) throws -> Variable) -> Builtin {
        Builtin(name, "x", summary, example: example) { a in .tensor(try f(try a.tensor(0))) }
    }

    /// `sum`, `mean`, `max`, `min`: over everything, or one axis.
    private static func reduction(_ name: String, _ summary: String, _ example: String,
                                  all: @escaping (Variable) throws -> Variable,
                                  axis: @escaping (Variable, Int, Bool) throws -> Variable) -> Builtin {
        Builtin(name, "x, axis=none, keep_dims=false", summary, example: example) { a in
            let x = try a.tensor(0)
            guard let ax = try a.optionalInt(1) else { return .tensor(try all(x)) }
            return .tensor(try axis(x, ax, try a.bool(2)))
        }
    }

    static var builtins: [Builtin] {
        [
            elementwise("tanh", "hyperbolic tangent: (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ), derivative 1 − tanh²", "tanh([0, 1])") { try $0.tanh() },
            elementwise("sigmoid", "the logistic function 1/(1 + e⁻ˣ), derivative σ(1 − σ)", "sigmoid(0)") { try $0.sigmoid() },
            elementwise("relu", "max(x, 0) elementwise", "relu([-1, 2])") { try $0.relu() },
            elementwise("exp", "eˣ elementwise", "exp(1)") { try $0.exp() },
            elementwise("log", "natural logarithm elementwise", "log([1, 2.718281828459045])") { try $0.log() },
            elementwise("sqrt", "square root elementwise", "sqrt([4, 9])") { try $0.sqrt() },
            elementwise("abs", "absolute value elementwise", "abs([-2, 3])") { try $0.abs() },
            elementwise("floor", "the largest whole number ≤ x, elementwise (derivative 0)", "floor([-1.5, 2.7])") { try $0.floor() },
            elementwise("ceil", "the smallest whole number ≥ x, elementwise (derivative 0)", "ceil([-1.5, 2.2])") { try $0.ceil() },
            elementwise("round", "the nearest whole number, halves to even as numpy does (derivative 0)", "round([0.5, 1.5, -2.5, 2.6])") { try $0.rounded() },
            elementwise("square", "x² elementwise", "square([2, -3])") { try $0.square() },
            Builtin("clip", "x, low, high", "limits every element to [low, high]", example: "clip([-2, 0.5, 3], -1, 1)") { a in
                .tensor(try a.tensor(0).clip(try a.number(1), try a.number(2)))
            },
            Builtin("maximum", "a, b", "the larger of a and b elementwise (with broadcasting)", example: "maximum([1, 5], [3, 2])") { a in
                .tensor(try a.tensor(0).maximum(try a.tensor(1)))
            },
            Builtin("minimum", "a, b", "the smaller of a and b elementwise (with broadcasting)", example: "minimum([1, 5], 3)") { a in
                .tensor(try a.tensor(0).minimum(try a.tensor(1)))
            },
            reduction("sum", "the sum of all elements, or along one axis", "sum([[1, 2], [3, 4]], axis=0)",
                      all: { try $0.sum() }, axis: { try $0.sum(axis: $1, keepDims: $2) }),
            reduction("mean", "the mean of all elements, or along one axis", "mean([1, 2, 3, 4])",
                      all: { try $0.mean() }, axis: { try $0.mean(axis: $1, keepDims: $2) }),
            reduction("max", "the largest element, or the largest along one axis", "max([3, 7, 5])",
                      all: { try $0.max() }, axis: { try $0.max(axis: $1, keepDims: $2) }),
            reduction("min", "the smallest element, or the smallest along one axis", "min([3, 7, 5])",
                      all: { try $0.min() }, axis: { try $0.min(axis: $1, keepDims: $2) }),
            reduction("logsumexp", "log Σ exp(x), computed without overflow", "logsumexp([1000, 1000])",
                      all: { try $0.logsumexp() }, axis: { try $0.logsumexp(axis: $1, keepDims: $2) }),
            Builtin("argmax", "x, axis=none", "the (flat) index of the largest element, or the indices along one axis", example: "argmax([3, 7, 5])") { a in
                let x = try a.tensor(0).value
                guard let axis = try a.optionalInt(1) else { return .scalar(Double(try x.argmax())) }
                return .tensor(try x.argmax(axis: axis))
            },
            Builtin("softmax", "x, axis=-1", "exp(x) / Σ exp(x) along an axis: probabilities that sum to 1", example: "softmax([1, 2, 3])") { a in
                .tensor(try a.tensor(0).softmax(axis: try a.int(1)))
            },
            Builtin("log_softmax", "x, axis=-1", "x − logsumexp(x) along an axis: log-probabilities", example: "log_softmax([1, 2, 3])") { a in
                .tensor(try a.tensor(0).logSoftmax(axis: try a.int(1)))
            },
            Builtin("cross_entropy", "logits, target", "−log softmax(logits)[target]; for a matrix, one target per row, summed over rows", example: "cross_entropy([2, 1, 0.1], 0)",
                    wholeNumberParameters: [1]) { a in
                let logits = try a.tensor(0)
                let targets: [Int]
                if let t = try? a.int(1) { targets = [t] } else { targets = try a.ints(1) }
                return .tensor(try logits.crossEntropy(targets: targets))
            },
        ]
    }
}
