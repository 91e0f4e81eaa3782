import Foundation
import TensorCore
import Autodiff
import TensorLang

/// The value of an expression, or why there is none.
enum Evaluation {
    case value(Value)
    case failed(String)
}

/// Everything a check needs: the student's session, the reference session,
/// the student's code and the builtins it called.
struct CheckContext {
    var student: Interpreter
    var reference: Interpreter
    var studentCode: String
    var calledBuiltins: Set<String>
    var timeLimit: Double

    /// Runs one check; nil when it passes, else what went wrong.
    func run(_ spec: CheckSpec) -> String? {
        let reveal = !spec.hidden
        switch spec.kind {
        case .close(let expression, let rtol, let atol):
            return checkClose(expression, Closeness(rtol: rtol, atol: atol), reveal: reveal)
        case .shape(let expression, let shape):
            return checkShape(expression, shape)
        case .isTrue(let expression):
            return checkTrue(expression, explain: reveal)
        case .raises(let kind, let expression):
            return checkRaises(kind, expression)
        case .property(let function, let shapes, let trials, let rtol, let atol):
            return checkProperty(function, shapes, trials: trials, Closeness(rtol: rtol, atol: atol), reveal: reveal)
        case .gradient(let backward, let function, let shapes, let rtol):
            if let backward { return checkBackward(backward, of: function, shapes, rtol: rtol, reveal: reveal) }
            return checkFiniteDifferences(function, shapes, rtol: rtol)
        case .uses(let name):
            return uses(name) ? nil : "your code does not call '\(name)'; this exercise asks you to use it"
        case .avoids(let name):
            return uses(name) ? "your code calls '\(name)'; this exercise asks you to do it without '\(name)'" : nil
        case .answer(let name, let choices, let rtol):
            return checkAnswer(name, choices: choices, rtol: rtol)
        }
    }

    // MARK: Evaluating

    /// The value of `expression` in `session`, or why there is none.
    func evaluate(_ expression: String, in session: Interpreter) -> Evaluation {
        let outputs = executeWithDeadline(expression, in: session, seconds: timeLimit)
        var value: Value?
        for output in outputs {
            switch output {
            case .value(let v): value = v
            case .error(let diagnostic, _):
                return .failed(diagnostic.kind == .interrupted ? "it did not finish within \(Int(timeLimit)) s" : diagnostic.message)
            case .stdout, .display: continue
            }
        }
        guard let value else { return .failed("'\(expression)' has no value") }
        return .value(value)
    }

    /// Defines seeded random inputs in both sessions and returns their names and variables.
    func defineInputs(_ shapes: [[Int]], trial: Int) throws -> [(name: String, variable: Variable)] {
        var generator = RandomGenerator(seed: 0x5EED_0000 &+ UInt64(trial))
        return try shapes.enumerated().map { i, shape in
            let name = "__check_input\(i)"
            let variable = Variable(try Tensor.randn(shape, using: &generator))
            student.globals.define(name, .tensor(variable))
            reference.globals.define(name, .tensor(Variable(variable.value)))
            return (name, variable)
        }
    }

    // MARK: Value checks

    func checkClose(_ expression: String, _ closeness: Closeness, reveal: Bool) -> String? {
        let expected: Value
        switch evaluate(expression, in: reference) {
        case .failed(let why): return "the reference cannot evaluate '\(expression)': \(why)"
        case .value(let v): expected = v
        }
        switch evaluate(expression, in: student) {
        case .failed(let why): return "could not evaluate '\(expression)' in your session: \(why)"
        case .value(let got):
            return closeness.mismatch(student: got, reference: expected, name: expression, reveal: reveal)
        }
    }

    func checkShape(_ expression: String, _ shape: [Int]) -> String? {
        switch evaluate(expression, in: student) {
        case .failed(let why): return "could not evaluate '\(expression)': \(why)"
        case .value(.tensor(let v)):
            return v.shape == shape ? nil : "\(expression) has shape \(describeShape(v.shape)), expected \(describeShape(shape))"
        case .value(let other): return "\(expression) is \(other.typeName), expected a tensor of shape \(describeShape(shape))"
        }
    }

    /// With `explain`, a false comparison shows the values it compared.
    func checkTrue(_ expression: String, explain: Bool) -> String? {
        switch evaluate(expression, in: student) {
        case .failed(let why): return "could not evaluate '\(expression)': \(why)"
        case .value(let value):
            guard let truth = Claims.truth(of: value) else { return "'\(expression)' is \(value.typeName), not true or false" }
            if truth { return nil }
            let why = explain ? Claims.explanation(of: expression) { piece in
                if case .value(let v) = evaluate(piece, in: student) { return v }
                return nil
            } : nil
            return "'\(expression)' is false" + (why.map { ": " + $0 } ?? "")
        }
    }

    func checkRaises(_ kind: String, _ expression: String) -> String? {
        for case .error(let diagnostic, _) in executeWithDeadline(expression, in: student, seconds: timeLimit) {
            return diagnostic.kind.rawValue == kind ? nil : "'\(expression)' fails with a \(diagnostic.kind.rawValue) error, expected a \(kind) error"
        }
        return "'\(expression)' runs without an error; it should fail with a \(kind) error"
    }

    // MARK: Function checks

    func call(_ function: String, _ inputs: [(name: String, variable: Variable)], in session: Interpreter) -> Evaluation {
        evaluate("\(function)(\(inputs.map(\.name).joined(separator: ", ")))", in: session)
    }

    func checkProperty(_ function: String, _ shapes: [[Int]], trials: Int, _ closeness: Closeness, reveal: Bool) -> String? {
        for trial in 0..<trials {
            guard let inputs = try? defineInputs(shapes, trial: trial) else { return "the check's input shapes are too large" }
            let described = "\(function)(" + shapes.map(describeShape).joined(separator: ", ") + ") on random input \(trial + 1)"
            let expected: Value
            switch call(function, inputs, in: reference) {
            case .failed(let why): return "the reference \(function) fails: \(why)"
            case .value(let v): expected = v
            }
            switch call(function, inputs, in: student) {
            case .failed(let why): return "\(described) fails: \(why)" + (reveal ? describeInputs(function, inputs) : "")
            case .value(let got):
                if let mismatch = closeness.mismatch(student: got, reference: expected, name: described, reveal: reveal) {
                    return mismatch + (reveal ? describeInputs(function, inputs) : "")
                }
            }
        }
        return nil
    }

    /// `; the input was h = [0.1, 0.2, 0.3], x = a tensor of shape (4, 5), …`, named
    /// like the student's function's parameters.
    func describeInputs(_ function: String, _ inputs: [(name: String, variable: Variable)]) -> String {
        var names = inputs.indices.map { "input \($0 + 1)" }
        if case .function(.user(let decl, _))? = student.value(of: function), decl.parameters.count == inputs.count {
            names = decl.parameters
        }
        let parts = zip(names, inputs).map { "\($0) = \(Claims.brief($1.variable.value))" }
        return "; the input\(inputs.count == 1 ? " was" : "s were") " + parts.joined(separator: ", ")
    }

    /// The student's backward function against autodiff of the reference's forward function.
    func checkBackward(_ backward: String, of forward: String, _ shapes: [[Int]], rtol: Double, reveal: Bool) -> String? {
        guard let inputs = try? defineInputs(shapes, trial: 0) else { return "the check's input shapes are too large" }
        // Autodiff in the reference session, with respect to the reference's own copies of the inputs.
        let referenceInputs = inputs.map { input -> Variable in
            if case .tensor(let v)? = reference.value(of: input.name) { return v }
            return input.variable
        }
        let expected: [Tensor]
        switch call(forward, inputs, in: reference) {
        case .failed(let why): return "the reference \(forward) fails: \(why)"
        case .value(.tensor(let y)):
            guard let grads = try? referenceInputs.map({ try Autodiff.grad(y, wrt: $0).value }) else {
                return "the reference \(forward) does not return a single number"
            }
            expected = grads
        case .value(let other): return "the reference \(forward) returns \(other.typeName), not a number"
        }
        let got: [Value]
        switch call(backward, inputs, in: student) {
        case .failed(let why): return "\(backward) fails: \(why)"
        case .value(.tuple(let items)), .value(.sequence(let items)): got = items.elements
        case .value(let single): got = [single]
        }
        guard got.count == expected.count else {
            return "\(backward) returns \(got.count) gradient\(got.count == 1 ? "" : "s"), expected one per input (\(expected.count))"
        }
        let closeness = Closeness(rtol: rtol, atol: 1e-9)
        for (i, pair) in zip(got, expected).enumerated() {
            let name = "the gradient for input \(i + 1) of \(forward)"
            if let mismatch = closeness.mismatch(student: pair.0, reference: .tensor(Variable(pair.1)), name: name, reveal: reveal) {
                return mismatch
            }
        }
        return nil
    }

    /// Autodiff through the student's scalar function against central differences.
    func checkFiniteDifferences(_ function: String, _ shapes: [[Int]], rtol: Double) -> String? {
        guard let inputs = try? defineInputs(shapes, trial: 0) else { return "the check's input shapes are too large" }
        guard case .value(.tensor(let y)) = call(function, inputs, in: student), y.value.count == 1 else {
            return "\(function) must return a single number for its gradient to be checked"
        }
        let eps = 1e-6
        for (i, input) in inputs.enumerated() {
            guard let analytic = try? Autodiff.grad(y, wrt: input.variable).value else { return "could not differentiate \(function)" }
            for j in 0..<input.variable.value.count {
                var values: [Double] = []
                for sign in [1.0, -1.0] {
                    var shifted = input.variable.value.scalars
                    shifted[j] += sign * eps
                    guard let tensor = try? Tensor(shape: input.variable.shape, scalars: shifted) else { return "internal error building inputs" }
                    student.globals.define(input.name, .tensor(Variable(tensor)))
                    guard case .value(.tensor(let out)) = call(function, inputs, in: student), let v = out.value.scalarValue else {
                        return "\(function) fails near its input"
                    }
                    values.append(v)
                }
                student.globals.define(input.name, .tensor(input.variable))
                let numeric = (values[0] - values[1]) / (2 * eps)
                let a = analytic.scalars[j]
                if abs(a - numeric) > rtol * max(1e-8, abs(a) + abs(numeric)) + 1e-7 {
                    return "the gradient of \(function) for input \(i + 1) at \(j) is \(Tensor.format(a)) by autodiff but \(Tensor.format(numeric)) by finite differences"
                }
            }
        }
        return nil
    }

    // MARK: Usage checks

    /// Whether the student's code calls `name`: builtins are traced as they run
    /// (so calls through helper functions count); other names are found in the code.
    func uses(_ name: String) -> Bool {
        if student.registry.entries[name] != nil { return calledBuiltins.contains(name) }
        guard let tokens = try? Lexer.tokenize(studentCode) else { return studentCode.contains(name + "(") }
        for (token, next) in zip(tokens, tokens.dropFirst()) {
            if case .identifier(name) = token.kind, case .symbol(.leftParen) = next.kind { return true }
        }
        return false
    }
}
