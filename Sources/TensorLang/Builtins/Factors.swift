import Foundation
import TensorCore

extension PlotLibrary {
    /// `draw_factors`: the factor view of lessons 6–8.
    static var factorView: Builtin {
        Builtin("draw_factors", "hs, W=none, sigma=none, heatmap=none, title=\"\"",
                "the gradient factors along a sequence: each step's ‖J_t‖₂ as a bar, the norm of their product ∂h_T/∂h_k against the bound σ^(T−k) on a log scale, and with heatmap=k the matrix ∂h_T/∂h_k itself; hs are the states h_0…h_T of a tanh RNN with W=Whh (J_t = diag(1 − h_t²) W), or without W the factors J_1…J_T themselves",
                example: "hs = [[0, 0], [0.5, -0.1], [0.7, 0.2]]; draw_factors(hs, W=[[0.9, 0.2], [-0.3, 0.8]], heatmap=0)") { a in
            let items = try rowsOrItems(a, 0)
            var factors: [Tensor] = []
            var sigma = a.isNone(2) ? nil : try a.number(2)
            if a.isNone(1) {
                // The factors themselves: square matrices of one size.
                for (t, item) in items.enumerated() {
                    guard case .tensor(let j) = item, j.value.rank == 2, j.shape[0] == j.shape[1], j.shape == factors.first?.shape ?? j.shape else {
                        throw a.bad(0, "square matrices of one size J_1…J_T (or states with W=)", got: "\(item.typeName) at position \(t)")
                    }
                    factors.append(j.value)
                }
            } else {
                let w = try a.tensor(1, rank: 2).value
                let states = try items.map { item -> [Double] in
                    guard case .tensor(let v) = item, v.value.rank <= 1 else { throw a.bad(0, "hidden states (vectors)", got: item.typeName) }
                    return v.value.scalars
                }
                guard let size = states.first?.count, w.shape == [size, size], states.allSatisfy({ $0.count == size }) else {
                    throw a.bad(1, "a \(states.first?.count ?? 0) × \(states.first?.count ?? 0) matrix W_hh", got: "shape \(describeShape(w.shape))")
                }
                if sigma == nil { sigma = try finiteNorm(w, a, argument: 1) }
                for state in states.dropFirst() {
                    // ∂h_t/∂h_{t−1} = diag(1 − h_t²) W for h_t = tanh(a_t).
                    factors.append(try Tensor(shape: [size, 1], scalars: state.map { 1 - $0 * $0 }) * w)
                }
            }
            guard !factors.isEmpty else { throw a.bad(0, "at least one step (two states, or one factor)", got: "\(items.count)") }
            let heatmapK = try a.optionalInt(3)
            if let k = heatmapK, !(0..<factors.count).contains(k) {
                throw a.bad(3, "a state k from 0 to \(factors.count - 1) (the product ∂h_T/∂h_k)", got: "\(k)")
            }
            var norms: [Double] = []
            for j in factors {
                try a.interpreter.checkInterrupt(a.callSpan)
                norms.append(try finiteNorm(j, a, argument: a.isNone(1) ? 0 : 1))
            }
            let chain = try FactorChain(factors, heatmap: heatmapK) { try a.interpreter.checkInterrupt(a.callSpan) }
            a.interpreter.show(.factors(FactorDiagram(norms: norms, chainNorms: chain.norms, sigma: sigma,
                                                      product: chain.product, title: try a.string(4))))
            return .none
        }
    }
}

/// ‖m‖₂, or an argument error naming `argument` when `m` has entries that are not finite.
private func finiteNorm(_ m: Tensor, _ a: Arguments, argument: Int) throws -> Double {
    guard m.scalars.allSatisfy(\.isFinite) else { throw a.bad(argument, "finite numbers", got: "NaN or ∞ among them") }
    return try m.spectralNorm().scalarValue ?? .nan
}

/// The products ∂h_T/∂h_k = J_T ⋯ J_{k+1} for k = T − 1 … 0, built by multiplying
/// one factor onto the right at a time. The running product is kept as a scale
/// times a matrix whose largest entry is 1, so products of a thousand factors of
/// 1.5 or 0.5 neither overflow nor underflow before their norm is taken.
struct FactorChain {
    /// ‖∂h_T/∂h_k‖₂ for the distance T − k = 1 … T (element d − 1).
    var norms: [Double] = []
    /// ∂h_T/∂h_k entry by entry, for the `heatmap` k.
    var product: FactorDiagram.Product?

    init(_ factors: [Tensor], heatmap k: Int?, checkInterrupt: () throws -> Void) throws {
        guard let last = factors.last else { return }
        var matrix = last, logScale = 0.0
        for d in 1...factors.count {
            try checkInterrupt()
            if d > 1 { matrix = try matrix.matmul(factors[factors.count - d]) }
            let largest = matrix.scalars.reduce(0) { max($0, abs($1)) }
            if largest > 0, largest.isFinite {
                matrix = matrix.map { $0 / largest }
                logScale += log(largest)
            }
            let norm = largest == 0 ? 0 : exp(logScale + log(try matrix.spectralNorm().scalarValue ?? .nan))
            norms.append(norm)
            if factors.count - d == k {
                let scale = exp(logScale)
                product = FactorDiagram.Product(k: factors.count - d, rows: matrix.shape[0], columns: matrix.shape[1],
                                                values: matrix.scalars.map { $0 * scale })
            }
        }
    }
}
