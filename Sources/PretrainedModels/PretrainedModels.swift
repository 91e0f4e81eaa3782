/// Trained models and the texts they are shown on, compiled into the program by the
/// EmbedFiles build plugin from the package's `pretrained/` folder, so a lesson can
/// use a model that took longer to train than a lesson cell may run, without any
/// file access from the language.
public enum PretrainedModels {
    /// Every file of `pretrained/`, sorted by name, with its text exactly as on disk.
    public static var files: [(name: String, text: String)] { embeddedPretrainedFiles }

    /// The text of the embedded file called `name`, or nil.
    public static func file(_ name: String) -> String? {
        files.first { $0.name == name }?.text
    }

    /// The models there are: the names of the `NAME.json` files.
    public static var names: [String] {
        files.map(\.name).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
    }
}
