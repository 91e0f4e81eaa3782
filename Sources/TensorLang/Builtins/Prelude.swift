/// The builtin tables every session starts with. Adding a library is one line here.
public enum Prelude {
    public static var libraries: [(title: String, builtins: [Builtin])] {
        [
            ("Creation", CreationLibrary.builtins),
            ("Math", MathLibrary.builtins),
            ("Shapes and sequences", ShapeLibrary.builtins),
            ("Linear algebra", LinearAlgebraLibrary.builtins),
            ("Autodiff", AutodiffLibrary.builtins),
            ("Recurrent cells", RecurrentLibrary.builtins),
            ("Character models", CharModelLibrary.builtins),
            ("Training on sequences", SequenceTrainingLibrary.builtins),
            ("Input and output", IOLibrary.builtins),
            ("Plots", PlotLibrary.builtins),
        ]
    }
}
