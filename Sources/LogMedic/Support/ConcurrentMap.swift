import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, the results in order. If any element fails, the error of the first one that
    /// does (in array order) is thrown, as `map` would.
    func concurrentMap<T, Failure: Error>(_ transform: @Sendable (Element) throws(Failure) -> T) throws(Failure) -> [T] {
        let results = LockedBox([Result<T, Failure>?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = Result { () throws(Failure) -> T in try transform(self[index]) }
            results.withLock { $0[index] = result }
        }
        return try results.withLock { $0 }.map { result throws(Failure) -> T in try result!.get() }
    }
}
