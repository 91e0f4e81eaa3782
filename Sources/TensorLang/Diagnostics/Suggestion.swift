/// The closest of `candidates` to `name`, for "did you mean" hints in any
/// front-end (unknown meta-commands, lesson names); nil when nothing is close.
///
/// - Parameter maxDistance: the largest edit distance accepted; by default it
///   grows with the name's length (a third of it, at least 1).
public func didYouMean(_ name: String, among candidates: [String], maxDistance: Int? = nil) -> String? {
    guard let maxDistance else { return closestName(to: name, among: candidates) }
    let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= maxDistance else { return nil }
    return best.0
}
