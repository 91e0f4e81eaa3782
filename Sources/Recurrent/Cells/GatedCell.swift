import Autodiff
import TensorCore

/// A GRU or MUT1/MUT2/MUT3 cell; the equations of each ``GatedCellKind`` are listed there.
///
/// Backward (written once for all four kinds), with δ = ∂L/∂h_{t+1}:
///
///     GRU:     ∂L/∂z = δ ⊙ (h − h̃),  ∂L/∂h̃ = δ ⊙ (1 − z),  direct ∂L/∂h = δ ⊙ z
///     mutants: ∂L/∂z = δ ⊙ (h̃ − h),  ∂L/∂h̃ = δ ⊙ z,        direct ∂L/∂h = δ ⊙ (1 − z)
///     pre-activations: ×(1 − h̃²) for the candidate, ×z(1 − z) and ×r(1 − r) for the gates;
///     each `W·u` term sends `Wᵀ·(∂L/∂a)` to u and `(∂L/∂a)·uᵀ` to W;
///     ∂L/∂(r ⊙ h) splits into ∂L/∂r = · ⊙ h and ∂L/∂h += · ⊙ r; tanh sources multiply by 1 − tanh².
public struct GatedCell: RecurrentCell, Equatable {
    public let kind: GatedCellKind
    public let inputSize: Int
    public let hiddenSize: Int
    public let parameters: [Tensor]

    /// Seeded initialisation: weights from N(0, scale²) (default 1/√fan-in), zero biases.
    public init(_ kind: GatedCellKind, inputSize: Int, hiddenSize: Int, weightScale: Double? = nil,
                using generator: inout RandomGenerator) throws {
        try CellInit.checkSizes(kind.rawValue + "_cell", input: inputSize, hidden: hiddenSize)
        try GatedCell.checkEqualSizes(kind, inputSize, hiddenSize)
        var tensors: [Tensor] = []
        for name in kind.recipe.parameterNames {
            let shape = GatedCellKind.shape(of: name, input: inputSize, hidden: hiddenSize)
            tensors.append(shape.count == 1 ? try CellInit.bias(hiddenSize)
                           : try CellInit.weight(shape[0], shape[1], scale: weightScale, using: &generator))
        }
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.parameters = tensors
    }

    /// A cell with given parameters, in the order of ``parameterNames`` for the kind.
    public init(_ kind: GatedCellKind, inputSize: Int, hiddenSize: Int, parameters: [Tensor]) throws {
        try CellInit.checkSizes(kind.rawValue + "_cell", input: inputSize, hidden: hiddenSize)
        try GatedCell.checkEqualSizes(kind, inputSize, hiddenSize)
        let names = kind.recipe.parameterNames
        guard parameters.count == names.count else {
            throw TensorError(.invalidArgument, kind.rawValue + "_cell", "expected \(names.count) parameters (\(names.joined(separator: ", "))), got \(parameters.count)")
        }
        for (name, p) in zip(names, parameters) {
            let expected = GatedCellKind.shape(of: name, input: inputSize, hidden: hiddenSize)
            guard p.shape == expected else {
                throw TensorError(.shapeMismatch, kind.rawValue + "_cell", "parameter \(name) must have shape \(describeShape(expected)), got \(describeShape(p.shape))")
            }
        }
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.parameters = parameters
    }

    private static func checkEqualSizes(_ kind: GatedCellKind, _ d: Int, _ h: Int) throws {
        guard !kind.needsEqualSizes || d == h else {
            throw TensorError(.invalidArgument, kind.rawValue + "_cell",
                "\(kind.rawValue) adds the input to the hidden state without a weight, so input size \(d) must equal hidden size \(h)")
        }
    }

    public var stateNames: [String] { ["h"] }
    public var gateNames: [String] { ["r", "z"] }
    public var parameterNames: [String] { kind.recipe.parameterNames }

    /// The parameter called `name` (e.g. "whh"), if the kind has one.
    public func parameter(_ name: String) -> Tensor? {
        parameterNames.firstIndex(of: name).map { parameters[$0] }
    }

    public func withParameters(_ parameters: [Tensor]) throws -> GatedCell {
        try GatedCell(kind, inputSize: inputSize, hiddenSize: hiddenSize, parameters: parameters)
    }

    func index(of name: String) throws -> Int {
        guard let k = parameterNames.firstIndex(of: name) else {
            throw TensorError(.invalidArgument, kind.rawValue + "_cell", "internal: no parameter named \(name)")
        }
        return k
    }

    // MARK: Graph

    public func graphStep(input x: Variable, state: [Variable], parameters p: [Variable]) throws -> [Variable] {
        _ = try checkedBatch(input: x.shape, state: state.map(\.shape), operation: kind.rawValue + "_cell")
        guard p.count == parameters.count else {
            throw TensorError(.invalidArgument, kind.rawValue + "_cell", "expected \(parameters.count) parameter variables, got \(p.count)")
        }
        let recipe = kind.recipe
        let h = state[0]
        var sources: [GatedCellKind.Source: Variable] = [.input: x, .hidden: h]
        func source(_ s: GatedCellKind.Source) throws -> Variable {
            if let v = sources[s] { return v }
            switch s {
            case .tanhInput: sources[s] = try x.tanh()
            case .tanhHidden: sources[s] = try h.tanh()
            default: throw TensorError(.invalidArgument, kind.rawValue + "_cell", "internal: source \(s) used before it exists")
            }
            return try source(s)
        }
        func preActivation(_ terms: [GatedCellKind.Term], bias: String) throws -> Variable {
            var a = p[try index(of: bias)]
            for term in terms {
                let u = try source(term.source)
                a = try a + (term.weight.map { try u.matmul(p[try index(of: $0)].transposed()) } ?? u)
            }
            return a
        }
        let r = try preActivation(recipe.reset, bias: "br").sigmoid()
        let z = try preActivation(recipe.update, bias: "bz").sigmoid()
        sources[.resetHidden] = try r * h
        let candidate = try preActivation(recipe.candidate, bias: "bh").tanh()
        let keep = try 1.0 - z
        let next = recipe.updateKeepsOld ? try z * h + keep * candidate : try z * candidate + keep * h
        return [next]
    }

    // MARK: Native

    public func nativeStep(input x: [Double], state: [[Double]], batch n: Int) throws -> NativeStepRecord {
        let recipe = kind.recipe, h = hiddenSize
        var buffers = [[Double]](repeating: [], count: GatedCellKind.Source.allCases.count)
        buffers[GatedCellKind.Source.input.rawValue] = x
        buffers[GatedCellKind.Source.tanhInput.rawValue] = x.map(scalarTanh)
        buffers[GatedCellKind.Source.hidden.rawValue] = state[0]
        buffers[GatedCellKind.Source.tanhHidden.rawValue] = state[0].map(scalarTanh)
        func preActivation(_ terms: [GatedCellKind.Term], bias: String) throws -> [Double] {
            var a = [Double](repeating: 0, count: n * h)
            CellMath.addRowVector(parameters[try index(of: bias)].scalars, to: &a, columns: h)
            for term in terms {
                let u = buffers[term.source.rawValue]
                if let name = term.weight {
                    try CellMath.linear(u, parameters[try index(of: name)].scalars, rows: n, inputs: width(term.source),
                                        outputs: h, into: &a, accumulate: true)
                } else {
                    CellMath.add(u, to: &a)
                }
            }
            return a
        }
        let r = try preActivation(recipe.reset, bias: "br").map(CellMath.sigmoid)
        let z = try preActivation(recipe.update, bias: "bz").map(CellMath.sigmoid)
        buffers[GatedCellKind.Source.resetHidden.rawValue] = CellMath.hadamard(r, state[0])
        let candidate = try preActivation(recipe.candidate, bias: "bh").map(scalarTanh)
        var next = [Double](repeating: 0, count: n * h)
        for k in next.indices {
            next[k] = recipe.updateKeepsOld ? z[k] * state[0][k] + (1 - z[k]) * candidate[k]
                                            : z[k] * candidate[k] + (1 - z[k]) * state[0][k]
        }
        return NativeStepRecord(state: [next], gates: [r, z], cache: buffers + [candidate])
    }

    func width(_ s: GatedCellKind.Source) -> Int {
        s == .input || s == .tanhInput ? inputSize : hiddenSize
    }

    public func nativeStepBackward(_ record: NativeStepRecord, input x: [Double], state: [[Double]], batch n: Int,
                                   stateGradients: [[Double]], parameterGradients g: inout [[Double]]) throws
        -> (input: [Double], state: [[Double]]) {
        let recipe = kind.recipe, h = hiddenSize
        let (r, z) = (record.gates[0], record.gates[1])
        let buffers = Array(record.cache.prefix(GatedCellKind.Source.allCases.count))
        let candidate = record.cache[GatedCellKind.Source.allCases.count]
        let hPrev = state[0], delta = stateGradients[0]
        var dSource = GatedCellKind.Source.allCases.map { [Double](repeating: 0, count: n * width($0)) }
        var daZ = [Double](repeating: 0, count: n * h), daC = daZ, dhDirect = daZ
        for k in 0..<(n * h) {
            let (dz, dc) = recipe.updateKeepsOld
                ? (delta[k] * (hPrev[k] - candidate[k]), delta[k] * (1 - z[k]))
                : (delta[k] * (candidate[k] - hPrev[k]), delta[k] * z[k])
            dhDirect[k] = recipe.updateKeepsOld ? delta[k] * z[k] : delta[k] * (1 - z[k])
            daZ[k] = dz * z[k] * (1 - z[k])
            daC[k] = dc * (1 - candidate[k] * candidate[k])
        }
        func backTerms(_ terms: [GatedCellKind.Term], _ da: [Double], bias: String) throws {
            CellMath.accumulateColumnSums(da, columns: h, into: &g[try index(of: bias)])
            for term in terms {
                let s = term.source.rawValue
                if let name = term.weight {
                    let k = try index(of: name)
                    var du: [Double]? = dSource[s]
                    try CellMath.linearBackward(da, input: buffers[s], weight: parameters[k].scalars, rows: n,
                                                inputs: width(term.source), outputs: h, weightGradient: &g[k], inputGradient: &du)
                    dSource[s] = du ?? []
                } else {
                    CellMath.add(da, to: &dSource[s])
                }
            }
        }
        try backTerms(recipe.candidate, daC, bias: "bh")
        try backTerms(recipe.update, daZ, bias: "bz")
        let dResetHidden = dSource[GatedCellKind.Source.resetHidden.rawValue]
        var daR = [Double](repeating: 0, count: n * h)
        for k in daR.indices { daR[k] = dResetHidden[k] * hPrev[k] * r[k] * (1 - r[k]) }
        try backTerms(recipe.reset, daR, bias: "br")
        var dx = dSource[GatedCellKind.Source.input.rawValue]
        let tanhX = buffers[GatedCellKind.Source.tanhInput.rawValue]
        let dTanhX = dSource[GatedCellKind.Source.tanhInput.rawValue]
        for k in dx.indices { dx[k] += dTanhX[k] * (1 - tanhX[k] * tanhX[k]) }
        var dh = dhDirect
        let tanhH = buffers[GatedCellKind.Source.tanhHidden.rawValue]
        let dHidden = dSource[GatedCellKind.Source.hidden.rawValue]
        let dTanhH = dSource[GatedCellKind.Source.tanhHidden.rawValue]
        for k in dh.indices {
            dh[k] += dHidden[k] + dTanhH[k] * (1 - tanhH[k] * tanhH[k]) + dResetHidden[k] * r[k]
        }
        return (dx, [dh])
    }
}
