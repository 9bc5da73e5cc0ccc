/// Texts known to hold no secret literal, remembered by class: two texts are of one class when they differ only in
/// which ASCII digits they hold. A failure storm repeats a few messages with other ids, times and counts in each
/// (`Key (id)=(7541209)`, `08:00:00.007`), so the class of nearly every event text and time is known after a few.
///
/// A class is clean when no text of it can hold a literal: its key (the text with every digit read as `0`) holds
/// none of the redactor's literals with their digits read as `0` either (`Redactor.findsNoLiteral(inDigitClass:)`).
/// A literal without digits occurs at the same places in every text of a class, and one with digits (`$2a$`)
/// occurs in some text of the class only where its `0`-read form occurs in the key.
///
/// Direct-mapped by the length and three words of the key, so a miss costs a few loads; a hit costs one pass
/// that reads the text's digits as `0` while comparing it with the key. Texts of `minTextBytes` to `maxTextBytes`.
struct CleanTextClasses {
    static let slots = 2048
    static let minTextBytes = 8
    static let maxTextBytes = 512
    /// Each slot's key: a clean class's text with its digits read as `0`; empty when none.
    private var keys: [[UInt8]] = []

    /// The slot of `text`'s class: every text of a class has this one.
    static func slot(of text: UnsafeRawBufferPointer) -> Int {
        let n = text.count
        var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        @inline(__always) func mix(_ offset: Int) {
            h = (h ^ DigitClass.zeroingDigits(DigitClass.word(text, at: offset))) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
        }
        mix(0)
        mix(n / 4)
        mix(n / 2)
        mix(n &- n / 4 &- 8)
        mix(n &- 8)
        return Int(h % UInt64(slots))
    }

    /// Whether `text`'s class was found clean.
    func holds(_ text: UnsafeRawBufferPointer, at slot: Int) -> Bool {
        guard !keys.isEmpty else { return false }
        return keys[slot].withUnsafeBytes { DigitClass.isKey($0, of: text) }
    }

    /// Remembers `text`'s class in its slot when `isClean` says its key is clean; whether it was.
    mutating func insert(_ text: UnsafeRawBufferPointer, at slot: Int, isClean: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        if keys.isEmpty { keys = Array(repeating: [], count: Self.slots) }
        keys[slot].removeAll(keepingCapacity: true)
        keys[slot].append(contentsOf: text)
        let clean = keys[slot].withUnsafeMutableBytes { key in
            DigitClass.readDigitsAsZero(key)
            return isClean(UnsafeRawBufferPointer(key))
        }
        if !clean { keys[slot].removeAll(keepingCapacity: true) }
        return clean
    }
}

/// Bytes with every ASCII digit read as `0`, eight at a time.
enum DigitClass {
    /// `word` with each ASCII digit byte made `0`: a digit is 0x30 + 0…9, so it is the byte whose top nibble
    /// is 3 once 0x30 is taken away (`x ^ 0x30` below 10). Seven-bit lanes: nothing carries between bytes.
    @inline(__always)
    static func zeroingDigits(_ word: UInt64) -> UInt64 {
        word & ~((digitLanes(word) >> 7) &* 0x0F)
    }

    /// The high bit of each byte of `word` that is an ASCII digit.
    @inline(__always)
    static func digitLanes(_ word: UInt64) -> UInt64 {
        let lanes: UInt64 = 0x8080_8080_8080_8080
        let offset = word ^ 0x3030_3030_3030_3030
        let tenOrMore = (offset & ~lanes) &+ 0x7676_7676_7676_7676
        return ~(tenOrMore | offset) & lanes
    }

    /// The eight bytes at `offset`, or the text's last eight when fewer are left (texts here have at least eight).
    @inline(__always)
    static func word(_ text: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        text.loadUnaligned(fromByteOffset: min(offset, text.count &- 8), as: UInt64.self)
    }

    /// Whether `key` is `text` with its digits read as `0`. Most words of a text hold no digit: equal to the
    /// key's, they are passed with one comparison.
    static func isKey(_ key: UnsafeRawBufferPointer, of text: UnsafeRawBufferPointer) -> Bool {
        guard key.count == text.count, key.count >= CleanTextClasses.minTextBytes else { return false }
        var offset = 0
        let lastWord = text.count &- 8
        while offset <= lastWord {
            let k = key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let t = text.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            guard k == t || k == zeroingDigits(t) else { return false }
            offset &+= 8
        }
        return offset == text.count || word(key, at: offset) == zeroingDigits(word(text, at: offset))  // the last eight
    }

    /// A hash of `text`'s class (any length): every text of a class has the same. The text's own hash is asked for
    /// only when its class is not remembered (`ByteHash`): in a storm nearly every text's class is.
    static func classHash(_ text: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(text.count)
        @inline(__always) func mix(_ word: UInt64) {
            h = (h ^ zeroingDigits(word)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
        }
        var i = 0
        while i &+ 8 <= text.count {
            mix(text.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i &+= 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < text.count {
            tail |= UInt64(text[i]) << shift
            shift &+= 8
            i &+= 1
        }
        mix(tail)
        return h
    }

    /// `bytes` with each digit read as `0`.
    static func readingDigitsAsZero(_ bytes: [UInt8]) -> [UInt8] { bytes.map { $0 &- 0x30 < 10 ? 0x30 : $0 } }

    /// Reads each digit of `bytes` as `0`; whether there was one.
    @discardableResult
    static func readDigitsAsZero(_ bytes: UnsafeMutableRawBufferPointer) -> Bool {
        var offset = 0
        var digits: UInt64 = 0
        while offset &+ 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            digits |= digitLanes(word)
            bytes.storeBytes(of: zeroingDigits(word), toByteOffset: offset, as: UInt64.self)
            offset &+= 8
        }
        var found = digits != 0
        for i in offset..<bytes.count where bytes[i] &- 0x30 < 10 {
            bytes[i] = 0x30
            found = true
        }
        return found
    }
}
