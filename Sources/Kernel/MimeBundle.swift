/// One piece of rich output: the same content in several formats, keyed by
/// MIME type. `text/plain` is always present; front-ends pick the richest
/// format they can show (a terminal takes `text/plain`, a notebook HTML or SVG).
public struct MimeBundle: Sendable, Equatable {
    public var data: [String: String]
    /// The value shown, to be written as JSON, when the session was asked for it
    /// (``SessionOptions/valuesAsJSON``); `unroll run --json` writes it.
    public var json: ValueJSON?

    public init(plain: String, html: String? = nil, svg: String? = nil) {
        data = ["text/plain": plain]
        if let html { data["text/html"] = html }
        if let svg { data["image/svg+xml"] = svg }
    }

    /// The plain-text form, which every bundle has.
    public var plain: String { data["text/plain"] ?? "" }
}
