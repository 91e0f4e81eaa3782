import TensorCore
import Autodiff
import TensorLang

/// Where a check runs and what it compares with.
///
/// The `scope` is a fork of the lesson state just before the exercise, holding the
/// student's values of the exercise's answer names and nothing else of the student's
/// session: every builtin and every lesson name in a check's expression means what
/// the lesson author meant, whatever the submission redefined. The student's functions
/// keep running in the student's own session, as they were written.
struct CheckContext {
    let scope: Interpreter
    let clock: ExerciseClock
    let studentCode: String
    /// Builtins the student's code called, and its functions while checks ran them.
    var calledBuiltins: Set<String>

    /// Runs one check against its expectation; nil when it passes.
    func run(_ spec: CheckSpec, _ expectation: Expectation) -> CheckFailure? {
        if case .unavailable(let why) = expectation { return CheckFailure(.lessonBug, why) }
        let reveal = spec.visibility == .revealed
        switch (spec.kind, expectation) {
        case (.close(let expression, let rtol, let atol), .value(let expected)):
            return checkClose(expression, expected, Closeness(rtol: rtol, atol: atol), reveal: reveal)
        case (.shape(let expression, let shape), _):
            return checkShape(expression, shape)
        case (.isTrue(let expression), _):
            return checkTrue(expression, explain: spec.visibility != .hidden)
        case (.raises(let kind, let expression), _):
            return checkRaises(kind, expression)
        case (.property(let function, _, _, let rtol, let atol), .trials(let trials)):
            return checkProperty(function, trials, Closeness(rtol: rtol, atol: atol), reveal: reveal, showInputs: spec.visibility != .hidden)
        case (.gradient(let backward?, let function, _, let rtol), .gradients(let inputs, let expected)):
            return checkBackward(backward, of: function, inputs, expected, rtol: rtol, reveal: reveal)
        case (.gradient(nil, let function, _, let rtol), .gradients(let inputs, let expected)):
            return checkGradient(function, inputs, expected, rtol: rtol, reveal: reveal)
        case (.uses(let name), _):
            return uses(name) ? nil : CheckFailure(.mismatch, "your code does not call '\(name)'; this exercise asks you to use it")
        case (.avoids(let name), _):
            return uses(name) ? CheckFailure(.mismatch, "your code calls '\(name)'; this exercise asks you to do it without '\(name)'") : nil
        case (.answer(let name, let choices, let rtol), .value(let expected)):
            return checkAnswer(name, expected, choices: choices, rtol: rtol)
        default:
            return CheckFailure(.lessonBug, "internal error: no expected value was prepared for this check")
        }
    }

    // MARK: Value checks

    func checkClose(_ expression: String, _ expected: Value, _ closeness: Closeness, reveal: Bool) -> CheckFailure? {
        switch scope.checkValue(of: expression, clock: clock) {
        case .failed(let failure): return failure.explained("could not evaluate '\(expression)'")
        case .value(let got):
            return closeness.mismatch(student: got, reference: expected, name: expression, reveal: reveal).map { CheckFailure(.mismatch, $0) }
        }
    }

    func checkShape(_ expression: String, _ shape: [Int]) -> CheckFailure? {
        switch scope.checkValue(of: expression, clock: clock) {
        case .failed(let failure): return failure.explained("could not evaluate '\(expression)'")
        case .value(.tensor(let v)):
            return v.shape == shape ? nil : CheckFailure(.mismatch, "\(expression) has shape \(describeShape(v.shape)), expected \(describeShape(shape))")
        case .value(let other):
            return CheckFailure(.mismatch, "\(expression) is \(other.typeName), expected a tensor of shape \(describeShape(shape))")
        }
    }

    /// With `explain`, a false comparison shows the values it compared.
    func checkTrue(_ expression: String, explain: Bool) -> CheckFailure? {
        switch scope.checkValue(of: expression, clock: clock) {
        case .failed(let failure): return failure.explained("could not evaluate '\(expression)'")
        case .value(let value):
            guard let truth = Claims.truth(of: value) else {
                return CheckFailure(.mismatch, "'\(expression)' is \(value.typeName), not true or false")
            }
            if truth { return nil }
            let why = explain ? Claims.explanation(of: expression) { piece in
                if case .value(let v) = scope.checkValue(of: piece, clock: clock) { return v }
                return nil
            } : nil
            return CheckFailure(.mismatch, "'\(expression)' is false" + (why.map { ": " + $0 } ?? ""))
        }
    }

    func checkRaises(_ kind: String, _ expression: String) -> CheckFailure? {
        guard let outputs = clock.execute(expression, in: scope) else { return .timeout(clock) }
        for case .error(let diagnostic, _) in outputs {
            if clock.isTimeout(diagnostic) { return .timeout(clock) }
            return diagnostic.kind.rawValue == kind ? nil
                : CheckFailure(.mismatch, "'\(expression)' fails with a \(diagnostic.kind.rawValue) error, expected a \(kind) error")
        }
        return CheckFailure(.mismatch, "'\(expression)' runs without an error; it should fail with a \(kind) error")
    }

    // MARK: Function checks

    /// With `showInputs`, a failure shows the input it failed on (a visible check's
    /// inputs are the student's to see: they are drawn afresh for every run).
    func checkProperty(_ function: String, _ trials: [(inputs: [Tensor], output: Value)], _ closeness: Closeness,
                       reveal: Bool, showInputs: Bool) -> CheckFailure? {
        for (i, trial) in trials.enumerated() {
            let described = "\(function)(random input \(i + 1) of \(trials.count))"
            var inputs: String { showInputs ? describeInputs(function, trial.inputs) : "" }
            switch scope.checkCall(function, with: trial.inputs, clock: clock) {
            case .failed(let failure):
                let explained = failure.explained("\(described) fails")
                return failure.kind == .timeout ? explained : CheckFailure(explained.kind, explained.detail + inputs)
            case .value(let got):
                if let mismatch = closeness.mismatch(student: got, reference: trial.output, name: described, reveal: reveal) {
                    return CheckFailure(.mismatch, mismatch + inputs)
                }
            }
        }
        return nil
    }

    /// `; the input was h = [0.1, 0.2, 0.3], x = a tensor of shape (4, 5), …`, named
    /// like the student's function's parameters.
    func describeInputs(_ function: String, _ inputs: [Tensor]) -> String {
        var names = inputs.indices.map { "input \($0 + 1)" }
        if case .function(.user(let decl, _))? = scope.value(of: function), decl.parameters.count == inputs.count {
            names = decl.parameters
        }
        let parts = zip(names, inputs).map { "\($0) = \(Claims.brief($1))" }
        return "; the input\(inputs.count == 1 ? " was" : "s were") " + parts.joined(separator: ", ")
    }

    /// The student's backward function against the reference forward function's autodiff gradient.
    func checkBackward(_ backward: String, of forward: String, _ inputs: [Tensor], _ expected: [Tensor], rtol: Double, reveal: Bool) -> CheckFailure? {
        let got: [Value]
        switch scope.checkCall(backward, with: inputs, clock: clock) {
        case .failed(let failure): return failure.explained("\(backward) on random inputs fails")
        case .value(.tuple(let items)), .value(.sequence(let items)): got = items.elements
        case .value(let single): got = [single]
        }
        guard got.count == expected.count else {
            return CheckFailure(.mismatch, "\(backward) returns \(got.count) gradient\(got.count == 1 ? "" : "s"), expected one per input (\(expected.count))")
        }
        return compareGradients(got, expected, name: { "\(backward)'s gradient for input \($0) of \(forward)" }, rtol: rtol, reveal: reveal)
    }

    /// Autodiff through the student's scalar function against autodiff through the reference's, at the same inputs.
    func checkGradient(_ function: String, _ inputs: [Tensor], _ expected: [Tensor], rtol: Double, reveal: Bool) -> CheckFailure? {
        switch scope.checkGradients(of: function, at: inputs, clock: clock) {
        case .failure(let failure): return failure.explained("the gradient of \(function) at random inputs")
        case .success(let got):
            return compareGradients(got.map { .tensor($0) }, expected, name: { "the gradient of \(function) for input \($0)" }, rtol: rtol, reveal: reveal)
        }
    }

    private func compareGradients(_ got: [Value], _ expected: [Tensor], name: (Int) -> String, rtol: Double, reveal: Bool) -> CheckFailure? {
        let closeness = Closeness(rtol: rtol, atol: 1e-9)
        for (i, pair) in zip(got, expected).enumerated() {
            if let mismatch = closeness.mismatch(student: pair.0, reference: .tensor(pair.1), name: name(i + 1), reveal: reveal) {
                return CheckFailure(.mismatch, mismatch)
            }
        }
        return nil
    }

    // MARK: Usage checks

    /// Whether the student's code calls `name`: builtins are traced as they run
    /// (so calls through helper functions count); other names are found in the code.
    func uses(_ name: String) -> Bool {
        if scope.registry.entries[name] != nil { return calledBuiltins.contains(name) }
        guard let tokens = try? Lexer.tokenize(studentCode) else { return studentCode.contains(name + "(") }
        for (token, next) in zip(tokens, tokens.dropFirst()) {
            if case .identifier(name) = token.kind, case .symbol(.leftParen) = next.kind { return true }
        }
        return false
    }
}

extension CheckFailure {
    /// The same failure with what was being done in front of its detail.
    func explained(_ context: String) -> CheckFailure {
        kind == .timeout ? self : CheckFailure(kind, "\(context): \(detail)")
    }
}
