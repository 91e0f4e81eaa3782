import TensorCore
import Autodiff
import TensorLang

/// What the reference answer gives for one check, computed once per grading run in
/// the reference state, where no student code ever runs.
enum Expectation {
    /// The check looks at the student's session only (shape, true, raises, uses, avoids).
    case none
    /// `close`: the reference's value of the expression.
    case value(Value)
    /// `property`: each trial's inputs and the reference function's output on them.
    case trials([(inputs: [Tensor], output: Value)])
    /// `gradient`: the inputs, and the reference's gradient with respect to each.
    case gradients(inputs: [Tensor], expected: [Tensor])
    /// The reference cannot run the check: a mistake in the lesson.
    case unavailable(String)

    /// The expectations of every check of `prepared`'s exercise, computed in `session`
    /// (the reference's, or a mutant's), with inputs drawn from `seed`.
    static func all(for prepared: PreparedExercise, in session: Interpreter, seed: UInt64, clock: () -> ExerciseClock) -> [Expectation] {
        prepared.exercise.checks.enumerated().map { i, spec in
            let inputs = CheckInputs(seed: seed, exercise: prepared.index, check: i)
            return compute(spec.kind, in: session, inputs: inputs, clock: clock())
        }
    }

    /// What `kind` expects, computed in a fork of `reference` (which it leaves as it was).
    static func compute(_ kind: CheckKind, in reference: Interpreter, inputs: CheckInputs, clock: ExerciseClock) -> Expectation {
        let session = reference.fork()
        defer { session.globals.removeAll() }
        switch kind {
        case .close(let expression, _, _):
            switch session.checkValue(of: expression, clock: clock) {
            case .value(let value): return .value(value)
            case .failed(let failure): return .unavailable("the reference cannot evaluate '\(expression)': \(failure.detail)")
            }
        case .property(let function, let random, let trials, _, _):
            var results: [(inputs: [Tensor], output: Value)] = []
            for trial in 0..<trials {
                guard let tensors = inputs.draw(random, trial: trial) else { return .unavailable("the check's input shapes are too large") }
                switch session.checkCall(function, with: tensors, clock: clock) {
                case .value(let output): results.append((tensors, output))
                case .failed(let failure): return .unavailable("the reference \(function) fails: \(failure.detail)")
                }
            }
            return .trials(results)
        case .gradient(_, let function, let random, _):
            guard let tensors = inputs.draw(random, trial: 0) else { return .unavailable("the check's input shapes are too large") }
            switch session.checkGradients(of: function, at: tensors, clock: clock) {
            case .success(let expected): return .gradients(inputs: tensors, expected: expected)
            case .failure(let failure): return .unavailable("the reference \(function): \(failure.detail)")
            }
        case .answer(let name, _, _):
            guard let answer = session.value(of: name) else { return .unavailable("the lesson's question '\(name)' has no answer") }
            return .value(answer)
        case .shape, .isTrue, .uses, .avoids, .raises:
            return .none
        }
    }
}

/// The random inputs of one check: drawn from the grading run's seed, the exercise's
/// position and the check's, so they differ from run to run and from check to check,
/// and the same seed draws them again.
struct CheckInputs {
    let seed: UInt64
    let exercise: Int
    let check: Int

    /// One trial's inputs, or nil when the shapes ask for too many elements.
    func draw(_ random: RandomInputs, trial: Int) -> [Tensor]? {
        var mixed = seed
        for part in [exercise, check, trial] {
            mixed = (mixed ^ UInt64(truncatingIfNeeded: part)) &* 0x9E37_79B9_7F4A_7C15
            mixed ^= mixed >> 29
        }
        var generator = RandomGenerator(seed: mixed)
        return try? random.shapes.map { shape in
            let normal = try Tensor.randn(shape, using: &generator)
            return random.scale == 1 ? normal : normal.map { $0 * random.scale }
        }
    }
}

// MARK: - Evaluating in a session

/// The value of an expression, or why there is none.
enum Evaluation {
    case value(Value)
    case failed(CheckFailure)
}

extension Interpreter {
    /// The value of `expression` here, under the exercise's clock.
    func checkValue(of expression: String, clock: ExerciseClock) -> Evaluation {
        guard let outputs = clock.execute(expression, in: self) else { return .failed(.timeout(clock)) }
        var value: Value?
        for output in outputs {
            switch output {
            case .value(let v): value = v
            case .error(let diagnostic, _):
                if clock.isTimeout(diagnostic) { return .failed(.timeout(clock)) }
                return .failed(CheckFailure(.error, diagnostic.message))
            case .stdout, .stderr, .display: continue
            }
        }
        guard let value else { return .failed(CheckFailure(.error, "'\(expression)' has no value")) }
        return .value(value)
    }

    /// `function(inputs…)`, the inputs defined here as fresh leaves `__input0`, `__input1`, … .
    func checkCall(_ function: String, with inputs: [Tensor], clock: ExerciseClock) -> Evaluation {
        checkValue(of: "\(function)(\(defineCheckInputs(inputs).map(\.name).joined(separator: ", ")))", clock: clock)
    }

    /// The autodiff gradient of the scalar function `function` with respect to each input, at `inputs`.
    func checkGradients(of function: String, at inputs: [Tensor], clock: ExerciseClock) -> Result<[Tensor], CheckFailure> {
        let leaves = defineCheckInputs(inputs)
        switch checkValue(of: "\(function)(\(leaves.map(\.name).joined(separator: ", ")))", clock: clock) {
        case .failed(let failure): return .failure(failure)
        case .value(.tensor(let y)) where y.value.count == 1:
            guard let grads = try? Autodiff.grads(y, wrt: leaves.map(\.variable)) else {
                return .failure(CheckFailure(.error, "\(function) could not be differentiated"))
            }
            return .success(grads.map(\.value))
        case .value(let other):
            return .failure(CheckFailure(.mismatch, "\(function) must return a single number for its gradient to be checked, not \(other.typeName)"))
        }
    }

    private func defineCheckInputs(_ inputs: [Tensor]) -> [(name: String, variable: Variable)] {
        inputs.enumerated().map { i, tensor in
            let variable = Variable(tensor)
            globals.define("__input\(i)", .tensor(variable))
            return ("__input\(i)", variable)
        }
    }
}
