/// The closest of `candidates` to `name`, for every "did you mean" hint (unknown
/// variables, builtins, keywords, record fields, meta-commands, lesson names); nil when
/// nothing is close. Case is ignored; ties go to the alphabetically first candidate.
///
/// - Parameter maxDistance: the largest edit distance accepted; by default it grows
///   with the name's length (a third of it, at least 1).
public func didYouMean(_ name: String, among candidates: some Sequence<String>, maxDistance: Int? = nil) -> String? {
    let limit = maxDistance ?? max(1, name.count / 3)
    let wanted = name.lowercased()
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let d = editDistance(wanted, candidate.lowercased())
        guard d <= limit else { continue }
        if let current = best, d > current.distance || (d == current.distance && candidate >= current.candidate) { continue }
        best = (candidate, d)
    }
    return best?.candidate
}

/// Levenshtein distance: the fewest single-character insertions, deletions and substitutions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
