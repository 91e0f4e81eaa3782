import TensorCore
import TensorLang

extension CheckContext {
    /// A concept question's answer, the variable `name` (an answer name, so the
    /// student's): one of `choices`, or (with no choices) a number within `rtol` of
    /// the reference's `expected`. The message never says what the right answer is.
    func checkAnswer(_ name: String, _ expected: Value, choices: [String], rtol: Double) -> CheckFailure? {
        let keys = choices.joined(separator: ", ")
        let given = scope.value(of: name) ?? .none
        if case .none = given {
            return CheckFailure(.mismatch, choices.isEmpty ? "no answer yet: give a number with :answer NUMBER"
                                                           : "no answer yet: choose one of \(keys) with :answer KEY")
        }
        if choices.isEmpty {
            guard case .tensor(let mine) = given, let x = mine.value.scalarValue else {
                return CheckFailure(.mismatch, "\(name) is \(given.typeName); the answer is a single number")
            }
            guard case .tensor(let right) = expected, let y = right.value.scalarValue else {
                return CheckFailure(.lessonBug, "the lesson's answer to '\(name)' is not a number")
            }
            return abs(x - y) <= rtol * abs(y) + 1e-12 ? nil : CheckFailure(.mismatch, "\(Claims.brief(mine.value)) is not the answer")
        }
        guard let text = given.stringValue else {
            return CheckFailure(.mismatch, "\(name) is \(given.typeName); answer with one of \(keys), e.g. :answer \(choices[0])")
        }
        guard let key = Question.choiceKey(text, among: choices) else { return CheckFailure(.mismatch, "'\(text)' is not one of the choices \(keys)") }
        guard let right = expected.stringValue else { return CheckFailure(.lessonBug, "the lesson's answer to '\(name)' is not a choice") }
        return key == right ? nil : CheckFailure(.mismatch, "'\(key)' is not the answer")
    }
}
