import NativeKernelInterface
import TensorCore

/// An engine for sequences of up to `capacity` steps of a model with `layout`,
/// from the build `instructionSet` (the process's choice by default).
func makeCharRNNEngine(layout: CharRNNLayout, capacity: Int,
                       instructionSet: NativeInstructionSet = .active) -> any CharRNNComputing {
    instructionSet.kernels.makeCharRNNEngine(layout.hidden, layout.vocabulary, capacity)
}
