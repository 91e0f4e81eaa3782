import Kernel
import TensorLang

/// Words worth splicing into inputs (libFuzzer's `-dict=`): every builtin and
/// meta-command, the language's keywords and operators, and the values where
/// arithmetic breaks — the largest and smallest doubles, NaN and ±∞ as the
/// language makes them, empty and huge shapes.
enum FuzzDictionary {
    static var entries: [String] {
        let builtins = Session.makeGradingInterpreter().registry.orderedNames.map { "\($0)(" }
        let keywords = ["def ", "if ", "else ", "for ", " in ", "while ", "return ", "break", "continue", "true", "false", "none",
                        " and ", " or ", "not ", "..", "@", "**", ".T", ".shape", "[", "]", "(", ")", "{", "}", ",", "=", "==", "\n%%\n",
                        "\n---\n", "#: exercise ", "```unroll\n", "```unroll check=twice\n", "```unroll solution=", "```unroll starter=",
                        "```unroll assert\n", "## Exercise: ", "## Question: ", "mutant=", "```\n", "seed=", "axis=", "label=", "x=",
                        "hidden=", "temperature=", "argmax=true", "W=Whh", "factors=", "heatmap=", "title=", "xlabel=", "ylabel="]
        let values = ["1e308", "-1e308", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "0/0", "1/0", "-1/0",
                      "log(0)", "1e15", "-0.0", "9007199254740993", "1e6", "3e6", "zeros(0)", "zeros(0, 3)", "ones(1, 0)",
                      "randn(1000, 1000)", "zeros(1e6)", "eye(0)", "[]", "[[]]", "\"\"", "\"\\n\"", "\"é\"", "\u{0}"]
        let meta = [":vars", ":reset", ":help", ":lesson 1", ":next", ":check", ":hint", ":skip", ":where", ":answer a", ":quit"]
        let checks = ["close ", "shape ", "true ", "property ", "gradient ", "uses ", "avoids ", "raises ", " rtol=", " atol=",
                      " points=", " trials=", " hidden", " visible"]
        return builtins + keywords + values + meta + checks
    }

    /// An entry as libFuzzer's dictionary syntax wants it: `"`, `\` and non-printing bytes escaped as `\xNN`.
    static func escaped(_ entry: String) -> String {
        entry.utf8.map { byte in
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte > 0x7E {
                return "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
            return String(UnicodeScalar(byte))
        }.joined()
    }
}
