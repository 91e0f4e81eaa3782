import NativeKernels
import NativeKernelsAVX2
import TensorCore

/// The loss and gradients of the vanilla character RNN over one window, as
/// both builds of `CharRNNEngine` provide them.
protocol CharRNNComputing: AnyObject {
    func lossAndGradients(parameters: UnsafePointer<Double>, gradients: UnsafeMutablePointer<Double>,
                          inputs: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, length: Int,
                          h0: UnsafePointer<Double>, hLast: UnsafeMutablePointer<Double>) -> Double
}

extension NativeKernels.CharRNNEngine: CharRNNComputing {}
extension NativeKernelsAVX2.CharRNNEngine: CharRNNComputing {}

/// An engine for sequences of up to `capacity` steps of a model with `layout`,
/// from the build `instructionSet` (the process's choice by default).
func makeCharRNNEngine(layout: CharRNNLayout, capacity: Int,
                       instructionSet: NativeInstructionSet = .active) -> any CharRNNComputing {
    instructionSet.usesAVX2
        ? NativeKernelsAVX2.CharRNNEngine(hidden: layout.hidden, vocabulary: layout.vocabulary, capacity: capacity)
        : NativeKernels.CharRNNEngine(hidden: layout.hidden, vocabulary: layout.vocabulary, capacity: capacity)
}
