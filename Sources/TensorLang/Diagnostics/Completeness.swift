/// Whether a piece of source is a complete program, needs more lines, or can never parse.
public enum Completeness: String, Sendable, Equatable {
    case complete, incomplete, invalid
}

/// Classifies `source` for a REPL continuation prompt or Jupyter's `is_complete_request`.
public func isComplete(_ source: String) -> Completeness {
    do {
        _ = try Parser.parse(source)
        return .complete
    } catch {
        return error.isIncomplete ? .incomplete : .invalid
    }
}
