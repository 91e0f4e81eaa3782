/// A name's hash, computed once per name in the syntax tree rather than once per lookup.
///
/// FNV-1a over the name's UTF-8 bytes, folded to an `Int`. Unlike `String`'s `Hashable`
/// (SipHash with a per-process seed, about a fifth of the interpreter's own work in a
/// training loop when it ran on every lookup), the same name always has the same hash,
/// so the parser can store it beside the name. A program that picks names to collide only
/// slows its own lookups (the table probes linearly and stays at most half full).
enum NameHash {
    static func of(_ name: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

/// Values by name, for the interpreter's frames and its builtin table: open addressing
/// with linear probing on ``NameHash``, at most half full. Names are only ever added or
/// replaced (a frame forgets all its names at once, with ``removeAll()``).
struct NameTable<Element> {
    private struct Slot {
        let name: String
        let hash: Int
        var element: Element
    }

    private var slots: [Slot?] = []
    private(set) var count = 0

    /// The element stored under `name`, whose ``NameHash`` is `hash`.
    func element(named name: String, hash: Int) -> Element? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var index = hash & mask
        while let slot = slots[index] {
            if slot.hash == hash && slot.name == name { return slot.element }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Stores `element` under `name` (whose ``NameHash`` is `hash`), replacing any
    /// element already there.
    mutating func set(_ element: Element, named name: String, hash: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var index = hash & mask
        while let slot = slots[index] {
            if slot.hash == hash && slot.name == name {
                slots[index] = Slot(name: slot.name, hash: hash, element: element)
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(name: name, hash: hash, element: element)
        count += 1
    }

    mutating func removeAll() {
        slots = []
        count = 0
    }

    /// Every name with its element, in no particular order.
    var entries: [(name: String, element: Element)] {
        slots.compactMap { $0.map { ($0.name, $0.element) } }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: Swift.max(8, old.count * 2))
        let mask = slots.count - 1
        for case let slot? in old {
            var index = slot.hash & mask
            while slots[index] != nil { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
