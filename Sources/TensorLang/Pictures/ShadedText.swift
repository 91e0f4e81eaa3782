/// A text with one value per character (`shade_text`), to be drawn with each character
/// shaded by its value: how a hidden unit's activation is read against the text it ran over.
public struct ShadedText: Sendable, Equatable {
    /// The text, one entry per character.
    public var characters: [Character]
    /// One finite value per character.
    public var values: [Double]
    public var title: String

    public init(characters: [Character], values: [Double], title: String = "") {
        self.characters = characters
        self.values = values
        self.title = title
    }
}
