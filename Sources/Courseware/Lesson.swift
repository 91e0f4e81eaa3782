import Foundation

/// A lesson parsed from its Markdown file: prose and cells in steps, and the
/// exercises with their starters, reference solutions, checks and hints.
public struct Lesson: Sendable, Equatable {
    /// The number from the file name (`07-vanishing.md` → 7).
    public var number: Int
    /// The short name from the file name (`07-vanishing.md` → `vanishing`).
    public var slug: String
    /// The first `# ` heading.
    public var title: String
    public var steps: [Step]
    public var exercises: [Exercise]
    /// The lesson's `unroll assert` blocks: claims its prose makes about what
    /// the cells compute. Authors' tools run them; students never see them.
    public var assertions: [Assertion] = []

    /// The exercise with `id`, if the lesson has one.
    public func exercise(_ id: String) -> Exercise? { exercises.first { $0.id == id } }

    /// The code of every plain cell before step `index`, in order: what a fresh
    /// session runs to reach that point of the lesson.
    public func setupCode(before index: Int) -> [Cell] {
        steps.prefix(max(0, min(index, steps.count))).compactMap(\.cell).filter { $0.role == .lesson }
    }
}

/// Prose up to and including one cell (the unit `:next` moves by).
public struct Step: Sendable, Equatable {
    /// Markdown shown before the cell.
    public var prose: String
    /// The step's cell; the last step may have none.
    public var cell: Cell?
}

/// A runnable block of a lesson.
public struct Cell: Sendable, Equatable {
    /// What the cell is for.
    public enum Role: Sendable, Equatable {
        /// Part of the lesson: runs when the student reaches it.
        case lesson
        /// An exercise's starter code, which the student edits.
        case starter(exercise: String)
    }

    public var code: String
    public var role: Role
    /// The 1-based line of the cell's first code line in the lesson file.
    public var line: Int
}

/// A graded exercise.
public struct Exercise: Sendable, Equatable {
    /// A plain identifier, unique in the lesson.
    public var id: String
    /// The text of the `## Exercise:` heading after the colon.
    public var title: String
    /// The index of the step holding the exercise's starter; its setup is every lesson cell before it.
    public var stepIndex: Int
    public var starter: String
    public var solution: String
    /// Names whose values the reference solution hands to the rest of the lesson
    /// (`solution=ID gives=a,b`): later cells and exercises see copies of them.
    public var gives: [String] = []
    public var checks: [CheckSpec]
    public var hints: [String]
    /// Plausible wrong answers, each with what is wrong and a hint keyed to it.
    public var mutants: [Mutant] = []
    /// Set when the exercise is a concept question (`## Question:`) rather than code to write.
    public var question: Question?

    /// Points available over all checks.
    public var maxPoints: Double { checks.reduce(0) { $0 + $1.points } }
}

/// An `unroll assert` block: code run after the lesson's cells before it, in
/// a copy of the session (nothing it defines leaks out). Each top-level
/// expression in it is a claim and must be true.
public struct Assertion: Sendable, Equatable {
    public var code: String
    /// The 1-based line of the block's first code line in the lesson file.
    public var line: Int
    /// How many steps precede the block: it runs after the cells of `steps[0..<afterSteps]`.
    public var afterSteps: Int
}

/// A `mutant=ID` block: a plausible wrong answer to an exercise. It must score
/// at most a third of the exercise's points, and `:check` recognises a student's
/// answer that behaves like it and shows its hint.
public struct Mutant: Sendable, Equatable {
    /// What is wrong, in a few words ("transposed W_hh").
    public var mistake: String
    /// What to look at, shown to a student whose answer behaves like this one.
    public var hint: String
    public var code: String
    /// The 1-based line of the block's opening fence.
    public var line: Int
}

/// A concept question: multiple choice (`choices` non-empty) or a number.
/// The student's answer is the variable named like the exercise.
public struct Question: Sendable, Equatable {
    public struct Choice: Sendable, Equatable {
        /// The letter or word the student answers with.
        public var key: String
        public var text: String
    }
    /// Empty for a numeric question.
    public var choices: [Choice]
    /// What the student types: `:answer b` or `:answer 0.25`.
    public var isNumeric: Bool { choices.isEmpty }

    /// The choice key a student's answer means: `given` itself, or, with surrounding
    /// whitespace trimmed and case ignored, the one key it matches (" C " means `c`).
    /// Nil when it matches none, or more than one.
    public static func choiceKey(_ given: String, among keys: [String]) -> String? {
        if keys.contains(given) { return given }
        let wanted = given.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let matches = keys.filter { $0.lowercased() == wanted }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// What a check shows the student (see lessons/README.md).
public enum CheckVisibility: String, Sendable, Equatable {
    /// Runs only at grading; its report says pass or fail and nothing else.
    case hidden
    /// The check's line and, when it fails, the student's own value (the default).
    case visible
    /// Like visible, and a failure also shows the expected value.
    case revealed = "reveal"
}

/// One line of a `check=` block.
public struct CheckSpec: Sendable, Equatable {
    /// The check's kind and arguments, e.g. `close loss rtol=1e-6`.
    public var kind: CheckKind
    public var points: Double
    public var visibility: CheckVisibility
    /// The check line as written (without the points and visibility options), used as its name.
    public var source: String
    /// Its 1-based line in the lesson file.
    public var line: Int

    /// Hidden checks run only at grading and never show their expression or any value.
    public var hidden: Bool { visibility == .hidden }
}

/// What a check compares. See lessons/README.md for the meaning of each.
public enum CheckKind: Sendable, Equatable {
    case close(expression: String, rtol: Double, atol: Double)
    case shape(expression: String, shape: [Int])
    case isTrue(expression: String)
    case property(function: String, inputs: RandomInputs, trials: Int, rtol: Double, atol: Double)
    /// With `backward`, the student's backward function is compared with autodiff of the
    /// reference's `function`; without, autodiff through the student's `function` is.
    case gradient(backward: String?, function: String, inputs: RandomInputs, rtol: Double)
    case uses(name: String)
    case avoids(name: String)
    case raises(kind: String, expression: String)
    /// A concept question's answer, the variable `name`: one of `choices`, or a
    /// number within `rtol` of the reference's. Failures never reveal the answer.
    case answer(name: String, choices: [String], rtol: Double)

    /// `uses` and `avoids` look at which builtins ran rather than at values.
    var isUsage: Bool {
        switch self {
        case .uses, .avoids: return true
        default: return false
        }
    }

    /// Value checks (`close`, `property`, `gradient`, a question's answer) compare the
    /// student's answer with the reference's. The others (shape, true, raises, uses,
    /// avoids) look at its form and earn their points only once a value check of the
    /// same exercise passes.
    public var comparesWithReference: Bool {
        switch self {
        case .close, .property, .gradient, .answer: return true
        case .shape, .isTrue, .uses, .avoids, .raises: return false
        }
    }
}

/// The random arguments of a `property` or `gradient` check: one tensor per shape,
/// each element `scale` times a standard normal deviate.
public struct RandomInputs: Sendable, Equatable {
    public var shapes: [[Int]]
    public var scale: Double = 1
}

/// A problem in a lesson file, with its line.
public struct LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `file: message` for a problem with the whole file or folder (line 0).
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
