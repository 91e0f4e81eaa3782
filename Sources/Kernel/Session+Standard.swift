import TensorLang

/// The one place a session is assembled: every front-end — the REPL, the Jupyter
/// kernel, `unroll run`/`eval`, lessons and the grader — builds its session here.
extension Session {
    /// A session with the whole language, configured for one front-end.
    ///
    /// ```swift
    /// let session = Session.standard(.script(environment: ProcessInfo.processInfo.environment, json: false))
    /// session.execute("[1, 2] * 2", storeHistory: true) { print($0) }
    /// // .result(MimeBundle(plain: "[2. 4.]", html: "<table …>"))
    /// ```
    public static func standard(_ options: SessionOptions = SessionOptions()) -> Session {
        let session = Session(files: options.files, history: options.history ?? MemoryHistory())
        session.startupWarnings += session.historyStore.takeWarnings()
        session.limits = options.limits
        session.renderer.shapeFooter = options.showsShapeFooter
        session.renderer.includesJSON = options.valuesAsJSON
        session.pictures.drawsSVG = options.drawsSVG
        session.pictures.display = options.display
        if let lessonOptions = options.lessons {
            let lessons = LessonStepper(library: lessonOptions.library, store: lessonOptions.progress)
            session.add(lessons)
            if let warning = lessons.startupWarning { session.startupWarnings.append(warning) }
        }
        return session
    }

    /// A fresh interpreter for grading: the one inside a ``SessionOptions/grading`` session.
    /// The grader makes one per exercise and forks it for each student.
    public static func makeGradingInterpreter() -> Interpreter {
        standard(.grading).interpreter
    }
}
