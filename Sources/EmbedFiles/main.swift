import Foundation

// embed-files: writes a Swift source file that holds text files as string
// literals, so they travel inside the executable (lessons, the Pygments lexer).
//
//   EmbedFiles --output OUT.swift --variable NAME --root DIR FILE...
//
// declares `let NAME: [(name: String, text: String)]`, one entry per FILE in
// the order given, each name relative to DIR. The EmbedFilesPlugin build
// plugin runs it; nothing else should.

/// A Swift raw multi-line string literal holding `text` exactly: the number of
/// `#` is chosen so that no quote or backslash in the text ends or escapes it,
/// and control characters other than tab and newline are written as escapes.
func literal(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    var body = ""
    for scalar in text.unicodeScalars {
        if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0x7F {
            body += "\\\(hashes)u{\(String(scalar.value, radix: 16))}"
        } else {
            body.unicodeScalars.append(scalar)
        }
    }
    // The content is everything between the newline after the opening
    // delimiter and the newline before the closing one.
    return "\(hashes)\"\"\"\n\(body)\n\"\"\"\(hashes)"
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("EmbedFiles: error: \(message)\n".utf8))
    exit(1)
}

/// The values of `--output`, `--variable` and `--root`, and the files after them.
func parseArguments(_ arguments: [String]) -> (options: [String: String], files: [String]) {
    var options: [String: String] = [:]
    var files: [String] = []
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument.hasPrefix("--") {
            guard index + 1 < arguments.count else { fail("\(argument) needs a value") }
            options[argument] = arguments[index + 1]
            index += 2
        } else {
            files.append(argument)
            index += 1
        }
    }
    return (options, files)
}

let (options, files) = parseArguments(Array(CommandLine.arguments.dropFirst()))
guard let output = options["--output"], let variable = options["--variable"], let rootOption = options["--root"] else {
    fail("usage: EmbedFiles --output OUT.swift --variable NAME --root DIR FILE...")
}
let root = URL(fileURLWithPath: rootOption).standardizedFileURL.path

var source = """
    // Generated at build time by the EmbedFiles tool from files of the package; do not edit.

    let \(variable): [(name: String, text: String)] = [

    """
for path in files {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    guard let text = String(data: data, encoding: .utf8) else { fail("\(path) is not UTF-8 text") }
    let full = URL(fileURLWithPath: path).standardizedFileURL.path
    let name = full.hasPrefix(root + "/") ? String(full.dropFirst(root.count + 1)) : URL(fileURLWithPath: path).lastPathComponent
    source += "    (\(literal(name)),\n\(literal(text))),\n"
}
source += "]\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    fail("cannot write \(output): \(error.localizedDescription)")
}
