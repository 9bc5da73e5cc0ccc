/// Values per key, at most `limit` keys. Beyond the limit the keys that sort first are kept, not the
/// first seen: a key among the first `limit` of the whole input is among the first `limit` of every part
/// of it that holds the key, so whatever the split and the order, the same keys are kept with complete
/// values, and merging parts gives what one pass gives.
struct CappedCounts<Key: Hashable & Comparable, Value> {
    private(set) var values: [Key: Value] = [:]
    /// The kept keys in order, so that a new key is placed (and the last one dropped) by a binary search.
    private var order: [Key] = []
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Applies `change` to the value of `key` (`initial` when the key is new), unless the key is not kept.
    mutating func update(_ key: Key, initial: Value, _ change: (inout Value) -> Void) {
        if values[key] != nil { return change(&values[key]!) }
        if order.count >= limit {
            guard let last = order.last, key < last else { return }
            values[last] = nil
            order.removeLast()
        }
        var low = 0, high = order.count
        while low < high {
            let mid = (low + high) / 2
            if order[mid] < key { low = mid + 1 } else { high = mid }
        }
        order.insert(key, at: low)
        var value = initial
        change(&value)
        values[key] = value
    }
}
