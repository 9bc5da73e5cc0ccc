/// Values per key, at most `limit` keys. Beyond the limit the keys that sort first are kept, not the
/// first seen: a key among the first `limit` of the whole input is among the first `limit` of every part
/// of it that holds the key, so whatever the split and the order, the same keys are kept with complete
/// values, and merging parts gives what one pass gives.
struct CappedCounts<Key: Hashable & Comparable, Value> {
    private(set) var values: [Key: Value] = [:]
    /// The last kept key once the limit is reached (a new key must sort before it to be kept).
    private var largest: Key?
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Applies `change` to the value of `key` (`initial` when the key is new), unless the key is not kept.
    mutating func update(_ key: Key, initial: Value, _ change: (inout Value) -> Void) {
        if values[key] != nil { return change(&values[key]!) }
        if values.count >= limit {
            guard let largest, key < largest else { return }
            values[largest] = nil
        }
        var value = initial
        change(&value)
        values[key] = value
        largest = values.count >= limit ? values.keys.max() : nil
    }
}
