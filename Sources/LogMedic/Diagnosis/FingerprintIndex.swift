/// Group numbers by fingerprint bytes: open addressing on a 64-bit hash of the bytes, which are
/// compared on a hit, so a collision only costs a comparison. A `Dictionary` keyed by the hash would
/// hash it again and keep an array per entry: this runs once per finding.
struct FingerprintIndex {
    /// The fingerprint of each group, by group number.
    private var keys: [[UInt8]] = []
    private var hashes: [UInt64] = []
    /// A group number per slot, -1 when empty; at most half full.
    private var slots = [Int32](repeating: -1, count: 64)

    func find(_ key: [UInt8]) -> Int? {
        let h = Self.hash(key)
        var i = Int(truncatingIfNeeded: h) & (slots.count - 1)
        while slots[i] >= 0 {
            let g = Int(slots[i])
            if hashes[g] == h, keys[g] == key { return g }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Adds a key not in the index yet, as the next group number.
    mutating func append(_ key: [UInt8]) {
        let g = keys.count
        keys.append(key)
        hashes.append(Self.hash(key))
        if 2 * keys.count > slots.count {
            slots = [Int32](repeating: -1, count: 2 * slots.count)
            for n in keys.indices { place(n) }
        } else {
            place(g)
        }
    }

    private mutating func place(_ g: Int) {
        var i = Int(truncatingIfNeeded: hashes[g]) & (slots.count - 1)
        while slots[i] >= 0 { i = (i + 1) & (slots.count - 1) }
        slots[i] = Int32(g)
    }

    private static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes(ByteHash.hash) }
}
