/// What a notebook needs to know about the language (Jupyter's `language_info`).
public enum LanguageInfo {
    public static let name = "unroll"
    public static let version = "0.1.0"
    public static let mimetype = "text/x-unroll"
    public static let fileExtension = ".ur"
    /// The lexer in `python/pygments-unroll`, which `unroll kernel install` puts in place.
    public static let pygmentsLexer = "unroll"
    /// Notebook editors have no Unroll mode; Python's colours its comments, strings and numbers alike.
    public static let codemirrorMode = "python"
}
