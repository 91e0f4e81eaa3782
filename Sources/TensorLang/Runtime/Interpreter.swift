import TensorCore
import Autodiff

/// A session of the language: variables, builtins, the random generator, the output sink.
///
/// ```swift
/// let session = Interpreter()
/// let outputs = session.execute("x = [1, 2]\nx @ x")   // [.value(5)]
/// ```
/// No globals: two interpreters never share state. Each `execute` runs until the first
/// runtime error; variables assigned before it keep their values. A new interpreter has
/// the whole language, plots included: a plot comes out as ``Output/display(_:)``, a
/// description of the picture that the front-end's session draws.
///
/// Programs run on an ``ExecutionThread`` (a stack of known size, whatever thread
/// calls `execute`) under the session's ``ExecutionContext``: its interrupt flag,
/// its time limit and its resource budgets (``ResourceLimits``). Running out of
/// any of them is an error naming it, never a crash.
public final class Interpreter {
    public static let maxCallDepth = 200
    /// At most this much native stack (bytes) per `execute`; nil allows what the
    /// execution thread has left (``ExecutionThread/stackSize`` less its reserve).
    /// Nesting deeper is refused with a `recursion` error.
    public var stackBudget: Int?

    public let globals = Environment()
    public private(set) var registry: BuiltinRegistry
    /// The interrupt flag, deadline and resource budget this session's programs run under.
    public let context: ExecutionContext
    /// Set from another thread to stop the running program.
    public var interrupt: InterruptFlag { context.interrupt }
    /// The most the session may hold of each resource (tensor bytes, graph nodes,
    /// string bytes, sequence elements); exceeding one is a `limit` error naming it.
    public var limits: ResourceLimits {
        get { context.budget.limits }
        set { context.budget.limits = newValue }
    }
    /// Seconds each `execute` may run before it stops with a `limit` error (nil: no limit).
    /// Long builtins check it too, as they check for interrupts.
    public var timeLimit: Double?
    /// An optional budget of loop iterations and calls per `execute` (a `limit` error when spent);
    /// nil means unlimited. Fuzzers and graders use it to stop runaway programs.
    public var stepBudget: Int?
    var stepsTaken = 0

    /// Receives every output as it happens (printing as a loop runs); `execute` also returns them.
    public var sink: ((Output) -> Void)?
    /// Told the name of every builtin called, and the frame the running user-defined
    /// function was defined in (nil for a call from top-level code). The grader uses it
    /// for "uses" and "avoids" checks: a builtin counts as the student's when the calling
    /// function belongs to the student's session (see ``Environment/isInside(_:)``).
    public var builtinCallObserver: ((_ name: String, _ caller: Environment?) -> Void)?
    /// The closure of the innermost user-defined function running, if any.
    var runningClosure: Environment?

    var generator = RandomGenerator(seed: 0)
    var callDepth = 0
    /// Where the stack stood when `execute` began, and how far below it nesting may go.
    var stackBase: UInt = 0
    var stackAllowance = 0
    private var collected: [Output] = []
    /// Bytes of printed text in `collected`: `execute` keeps at most ``keptOutputBytes``
    /// of it (a loop printing for hours must not fill memory); the sink sees it all.
    private var collectedTextBytes = 0
    public static let keptOutputBytes = 1 << 20

    public init(registry: BuiltinRegistry = .standard, interrupt: InterruptFlag = InterruptFlag(), sink: ((Output) -> Void)? = nil) {
        self.registry = registry
        self.context = ExecutionContext(interrupt: interrupt)
        self.sink = sink
    }

    /// Adds a builtin table to this session (e.g. the RNN library).
    public func addLibrary(_ title: String, _ builtins: [Builtin]) {
        registry.add(title, builtins)
    }

    /// Restarts the session's random generator (`seed(n)`).
    public func reseed(_ seed: UInt64) { generator = RandomGenerator(seed: seed) }

    /// Continues from `other`'s random generator state: the next unseeded `randn` here
    /// draws what it would draw there.
    public func copyRandomState(from other: Interpreter) { generator = other.generator }

    /// Draws from the session generator, or from a fresh one when `seed` is given.
    public func withGenerator<T>(seed: Int?, _ body: (inout RandomGenerator) throws -> T) rethrows -> T {
        if let seed {
            var local = RandomGenerator(seed: UInt64(bitPattern: Int64(seed)))
            return try body(&local)
        }
        return try body(&generator)
    }

    /// The user's variables, sorted by name (for completion and inspection).
    public var variables: [(name: String, value: Value)] {
        globals.values.map { ($0.key, $0.value) }.sorted { $0.name < $1.name }
    }

    public func value(of name: String) -> Value? { globals.lookup(name) }

    /// Global variable names by the id of the tensor they hold (for labelling graph dumps).
    func namesOfTensors() -> [Int: String] {
        var names: [Int: String] = [:]
        for (name, value) in variables {
            if case .tensor(let v) = value, names[v.id] == nil { names[v.id] = name }
        }
        return names
    }

    /// Parses and runs `source`; returns the displayed values, printed text (its first
    /// ``keptOutputBytes``) and at most one error. Runs on an ``ExecutionThread``; `sink`
    /// is called there, with every output as it happens.
    @discardableResult
    public func execute(_ source: String) -> [Output] {
        ExecutionThread.run { availableStack in
            context.activate { executeHere(source, availableStack: availableStack) }
        }
    }

    private func executeHere(_ source: String, availableStack: Int) -> [Output] {
        collected = []
        collectedTextBytes = 0
        callDepth = 0
        runningClosure = nil
        stackBase = ExecutionThread.stackPointer()
        stackAllowance = min(availableStack, stackBudget ?? .max)
        stepsTaken = 0
        interrupt.clear()
        context.setTimeLimit(timeLimit)
        defer {
            interrupt.clear()
            context.setTimeLimit(nil)
        }
        do {
            let program = try Parser.parse(source)
            for statement in program {
                if case .expression(let expr, let display) = statement.kind {
                    let value = try evaluate(expr)
                    if display, !value.isNone { emit(.value(value)) }
                } else {
                    _ = try execute(statement, in: globals)
                }
            }
        } catch {
            emit(.error(error, source: source))
        }
        return collected
    }

    func emit(_ output: Output) {
        if case .stdout(let text) = output {
            collectedTextBytes += text.utf8.count
            if collectedTextBytes <= Interpreter.keptOutputBytes { collected.append(output) }
        } else {
            collected.append(output)
        }
        sink?(output)
    }

    /// Writes text to the session's output (what `print` calls).
    public func write(_ text: String) { emit(.stdout(text)) }

    /// Writes `note: text` to the session's error stream, beside the program's output.
    public func note(_ text: String) { emit(.stderr("note: \(text)\n")) }

    /// Shows a picture (what the plotting builtins call).
    public func show(_ picture: Picture) { emit(.display(picture)) }

    /// Refuses to nest deeper once the stack used since `execute` began exceeds what it may use.
    @inline(__always)
    func checkStack(_ span: SourceSpan) throws(Diagnostic) {
        let here = ExecutionThread.stackPointer()
        if stackBase > here, stackBase - here > UInt(stackAllowance) {
            throw Diagnostic(.recursion, "the computation is nested too deeply (calls inside calls use up the stack)", at: span,
                             notes: ["a recursive function needs a case that stops; or use a for loop"])
        }
    }

    /// Stops the program when it is interrupted, past its time limit or out of steps.
    func checkInterrupt(_ span: SourceSpan) throws(Diagnostic) {
        if let budget = stepBudget {
            stepsTaken += 1
            if stepsTaken > budget {
                throw Diagnostic(.limit, "the program ran more than \(budget) loop iterations and calls", at: span,
                                 notes: ["look for a loop that never ends, or do less work"])
            }
        }
        try lift(span) { try context.checkpoint("the program") }
    }
}

extension Value {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
