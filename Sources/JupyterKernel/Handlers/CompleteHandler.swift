import Formats
import Kernel

/// `complete_request` → candidates for the word before the cursor, and in
/// `metadata._jupyter_types_experimental` what each one is (JupyterLab shows
/// it beside the candidate): `{start, end, text, type}`.
///
/// Jupyter counts `cursor_pos`, `cursor_start` and `cursor_end` in Unicode
/// code points; the session counts characters. Both directions are converted.
enum CompleteHandler: RequestHandler {
    static let requestType = "complete_request"

    static func handle(_ content: JSONValue, kernel: KernelState, publish: @escaping Publish) throws -> (reply: JSONValue?, outcome: HandlerOutcome) {
        let fields = try RequestContent(content)
        let code = try fields.string("code")
        let cursor = try fields.int("cursor_pos") ?? code.unicodeScalars.count
        let completion = kernel.session.complete(code, cursor: TextOffsets.characterOffset(ofScalarOffset: cursor, in: code))
        let start = JSONValue.int(TextOffsets.scalarOffset(ofCharacterOffset: completion.cursorStart, in: code))
        let end = JSONValue.int(TextOffsets.scalarOffset(ofCharacterOffset: completion.cursorEnd, in: code))
        let types = completion.matches.map { match -> JSONValue in
            ["start": start, "end": end, "text": .string(match), "type": .string(completion.kinds[match] ?? "")]
        }
        let reply: JSONValue = [
            "status": "ok",
            "matches": .array(completion.matches.map { .string($0) }),
            "cursor_start": start,
            "cursor_end": end,
            "metadata": ["_jupyter_types_experimental": .array(types)],
        ]
        return (reply, .proceed)
    }
}

/// Converts offsets between Unicode code points (Jupyter) and characters (the session).
enum TextOffsets {
    /// The character offset of code point `offset`, clamped to the text;
    /// a code point inside a multi-scalar character maps to that character's end.
    static func characterOffset(ofScalarOffset offset: Int, in text: String) -> Int {
        var characters = 0
        var scalars = 0
        for character in text where scalars < offset {
            scalars += character.unicodeScalars.count
            characters += 1
        }
        return characters
    }

    /// The code-point offset of character `offset`, clamped to the text.
    static func scalarOffset(ofCharacterOffset offset: Int, in text: String) -> Int {
        let clamped = max(0, min(offset, text.count))
        let index = text.index(text.startIndex, offsetBy: clamped)
        return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index)
    }
}
