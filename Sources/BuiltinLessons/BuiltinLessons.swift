/// The lessons of `lessons/`, compiled into the program by the EmbedFiles
/// build plugin: a binary copied alone to another machine still has its course.
public enum BuiltinLessons {
    /// Every `NN-name.md` file of the package's `lessons/` folder, sorted by name,
    /// with its text exactly as it is on disk.
    public static var files: [(name: String, text: String)] { embeddedLessonFiles }
}
