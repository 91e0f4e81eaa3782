import TensorCore

/// How often one gate sits near its limits over a recording.
public struct GateSaturation: Sendable, Equatable {
    /// The gate's name ("i", "f", "o", "g" for an LSTM; "r", "z" for the GRU family).
    public let gate: String
    /// Fraction of all recorded values below `low` (the gate is nearly shut).
    public let leftFraction: Double
    /// Fraction of all recorded values above `high` (the gate is nearly open).
    public let rightFraction: Double
    /// Per unit: the fraction of steps below `low`.
    public let unitLeftFractions: [Double]
    /// Per unit: the fraction of steps above `high`.
    public let unitRightFractions: [Double]
}

/// A unit and its Pearson correlation with a per-step feature.
public struct UnitCorrelation: Sendable, Equatable {
    public let unit: Int
    /// r ∈ [−1, 1]; 0 when the unit or the feature is constant.
    public let r: Double
}

/// The activations of a cell over one sequence (batch of one), for looking for interpretable units.
public struct CellRecording: Sendable {
    /// h_1 … h_T as a (T, H) matrix.
    public let hs: Tensor
    /// c_1 … c_T as a (T, H) matrix for an LSTM, nil for single-state cells.
    public let cs: Tensor?
    /// The gate names, in the order of ``gates``.
    public let gateNames: [String]
    /// Each gate's activations as a (T, H) matrix.
    public let gates: [Tensor]

    /// Runs `cell` natively over `inputs` (each of shape (1, D)) and keeps every step's activations.
    public init<Cell: RecurrentCell>(cell: Cell, inputs: [Tensor], initialState: [Tensor]? = nil) throws {
        guard inputs.allSatisfy({ $0.shape.first == 1 }) else {
            throw TensorError(.shapeMismatch, "record_cell", "recording runs one sequence at a time; give inputs of shape (1, \(cell.inputSize))")
        }
        let trace = try cell.runNative(inputs: inputs, initialState: initialState)
        let steps = inputs.count, h = cell.hiddenSize
        hs = try Tensor(shape: [steps, h], scalars: trace.hs.flatMap(\.scalars))
        if let c = cell.stateNames.firstIndex(of: "c") {
            cs = try Tensor(shape: [steps, h], scalars: trace.states.dropFirst().flatMap { $0[c].scalars })
        } else {
            cs = nil
        }
        gateNames = cell.gateNames
        gates = try cell.gateNames.indices.map { k in
            let values = trace.records.flatMap { $0.gates[k] }
            return try Tensor(shape: [steps, values.count / Swift.max(1, steps)], scalars: values)
        }
    }

    /// For each gate, the fractions of values `< low` and `> high` (defaults 0.1 and 0.9).
    public func saturation(low: Double = 0.1, high: Double = 0.9) -> [GateSaturation] {
        zip(gateNames, gates).map { name, values in
            let steps = values.shape[0], units = values.shape[1]
            var left = [Double](repeating: 0, count: units), right = left
            for t in 0..<steps {
                for j in 0..<units {
                    let v = values.scalars[t * units + j]
                    if v < low { left[j] += 1 }
                    if v > high { right[j] += 1 }
                }
            }
            let n = Double(Swift.max(1, steps))
            let total = Double(Swift.max(1, steps * units))
            return GateSaturation(gate: name,
                                  leftFraction: left.reduce(0, +) / total, rightFraction: right.reduce(0, +) / total,
                                  unitLeftFractions: left.map { $0 / n }, unitRightFractions: right.map { $0 / n })
        }
    }

    /// The `top` units of `state` ("h" or "c") whose activations correlate most
    /// strongly (largest |r|, Pearson) with `feature`, one value per step.
    public func mostCorrelated(with feature: [Double], top: Int = 5, state: String = "h") throws -> [UnitCorrelation] {
        let matrix: Tensor
        switch state {
        case "h": matrix = hs
        case "c":
            guard let cs else { throw TensorError(.invalidArgument, "correlate_cells", "this cell has no cell state c; use state \"h\"") }
            matrix = cs
        default: throw TensorError(.invalidArgument, "correlate_cells", "state must be \"h\" or \"c\", got \"\(state)\"")
        }
        let steps = matrix.shape[0], units = matrix.shape[1]
        guard feature.count == steps else {
            throw TensorError(.shapeMismatch, "correlate_cells", "the feature has \(feature.count) values but the recording has \(steps) steps; give one value per step")
        }
        let correlations = (0..<units).map { j in
            UnitCorrelation(unit: j, r: pearson((0..<steps).map { matrix.scalars[$0 * units + j] }, feature))
        }
        let ranked = correlations.sorted { Swift.abs($0.r) > Swift.abs($1.r) || (Swift.abs($0.r) == Swift.abs($1.r) && $0.unit < $1.unit) }
        return Array(ranked.prefix(Swift.max(0, top)))
    }
}

/// Pearson's r = Σ(a − ā)(b − b̄) / √(Σ(a − ā)² · Σ(b − b̄)²); 0 when either side is constant.
public func pearson(_ a: [Double], _ b: [Double]) -> Double {
    let n = Swift.min(a.count, b.count)
    guard n > 1 else { return 0 }
    let ma = a.prefix(n).reduce(0, +) / Double(n), mb = b.prefix(n).reduce(0, +) / Double(n)
    var sab = 0.0, saa = 0.0, sbb = 0.0
    for i in 0..<n {
        let (da, db) = (a[i] - ma, b[i] - mb)
        sab += da * db
        saa += da * da
        sbb += db * db
    }
    guard saa > 0, sbb > 0 else { return 0 }
    return sab / (saa * sbb).squareRoot()
}

/// Per-character features of a text for correlating with units.
public enum TextFeatures {
    /// 1 for characters inside a "double-quoted" span (the opening quote counts as inside, the closing one not), else 0.
    public static func insideQuotes(_ text: String) -> [Double] {
        var inside = false
        return text.map { ch in
            if ch == "\"" { inside.toggle(); return inside ? 1 : 0 }
            return inside ? 1 : 0
        }
    }

    /// The 0-based column of each character within its line (a newline gets the column it ends).
    public static func positionInLine(_ text: String) -> [Double] {
        var column = 0.0
        return text.map { ch in
            defer { column = ch == "\n" ? 0 : column + 1 }
            return column
        }
    }
}
