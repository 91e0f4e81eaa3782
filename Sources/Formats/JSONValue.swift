/// A JSON document as a value: Jupyter messages, checkpoint headers, weight files,
/// `--json` lines, Gradescope results, notebooks and progress files all go through it.
///
/// Reading is exact: numbers are converted with correct rounding (`Double(String)`),
/// so a float64 written in shortest round-trip form — by this encoder or by Python's
/// `json` — comes back bit for bit. Writing is deterministic: object keys sorted,
/// numbers in shortest round-trip form (see ``encoded(_:)``).
///
/// **Non-finite numbers.** JSON has no NaN or infinity, so they are written as the
/// strings `"NaN"`, `"Infinity"` and `"-Infinity"` (valid JSON for every reader, and the
/// spellings Python's `float()` and JavaScript's `Number()` accept), and
/// ``doubleValue`` reads those strings back as the numbers.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int`.
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The empty object `{}`.
    public static let emptyObject = JSONValue.object([:])

    /// The member `key` of an object, or nil (also for non-objects).
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// An integer, also from a double with an integral value (JSON has one number type).
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d): return Int(exactly: d)
        default: return nil
        }
    }

    /// A number (an integer converted exactly when it can be), or one of the strings
    /// `"NaN"`, `"Infinity"`, `"-Infinity"` this encoder writes for non-finite numbers.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// An array of numbers, or nil if any element is not a number.
    public var doubles: [Double]? {
        guard let items = arrayValue else { return nil }
        var out: [Double] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let x = item.doubleValue else { return nil }
            out.append(x)
        }
        return out
    }
}

extension JSONValue {
    /// Numbers as JSON: `.double`, so they print as `2.0` whatever their value.
    public init(_ numbers: [Double]) { self = .array(numbers.map(JSONValue.double)) }
    /// A mime bundle's `data` or any map of strings.
    public init(_ strings: [String: String]) { self = .object(strings.mapValues(JSONValue.string)) }
    /// Texts as a JSON array.
    public init(_ strings: [String]) { self = .array(strings.map(JSONValue.string)) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
