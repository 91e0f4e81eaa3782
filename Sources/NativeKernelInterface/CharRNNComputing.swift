/// The loss and gradients of the vanilla character RNN over one window, as both
/// builds of NativeKernels' `CharRNNEngine` provide them (see there).
public protocol CharRNNComputing: AnyObject {
    func lossAndGradients(parameters: UnsafePointer<Double>, gradients: UnsafeMutablePointer<Double>,
                          inputs: UnsafePointer<Int32>, targets: UnsafePointer<Int32>, length: Int,
                          h0: UnsafePointer<Double>, hLast: UnsafeMutablePointer<Double>) -> Double
}
