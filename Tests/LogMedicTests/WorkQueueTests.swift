import Foundation
import Testing
@testable import LogMedic

/// Grouping cuts a file only where a worker would otherwise wait: it takes the unread half of the file
/// another worker has most left of. Whatever is taken, and in whatever order the parts finish, the report
/// is the one pass's.
@Suite struct WorkQueueTests {
    static func item(_ input: Int, _ path: String, size: Int?) -> ScanPipeline.WorkItem {
        ScanPipeline.WorkItem(input: input, path: path, range: size.map { ByteRange(start: 0, end: $0) })
    }

    @Test func aWorkerWithNothingLeftTakesTheUnreadHalfOfTheLargestRest() throws {
        let queue = WorkQueue([Self.item(0, "a.log", size: 1000), Self.item(1, "b.log", size: 100)], minimumPiece: 100)
        let (first, a) = try #require(queue.next())
        let (second, b) = try #require(queue.next())
        #expect(first.path == "a.log" && second.path == "b.log", "inputs first, in order")
        #expect(try #require(a).reserve(upTo: 200) == 1000, "the first worker has read 200 bytes")
        let (taken, takenClaim) = try #require(queue.next())
        #expect(taken.path == "a.log" && taken.range == ByteRange(start: 600, end: 1000), "half of the 800 unread bytes")
        #expect(a?.reserve(upTo: 450) == 600, "the first worker now stops at the cut")
        #expect(takenClaim?.reserve(upTo: 700) == 1000)
        let (again, _) = try #require(queue.next())
        #expect(again.range == ByteRange(start: 850, end: 1000), "the taken part has most left: 300 bytes")
        #expect(queue.next()?.0.path == nil, "150 bytes are left of each part of a, 100 of b: no two parts of 100")
        #expect(b?.close() == 100)
    }

    @Test func whatWasReadOrClosedIsNeverTaken() throws {
        let queue = WorkQueue([Self.item(0, "a.log", size: 1000)], minimumPiece: 10)
        let (_, claim) = try #require(queue.next())
        let a = try #require(claim)
        _ = a.reserve(upTo: 990)
        #expect(queue.next()?.0.path == nil, "10 unread bytes make no two parts of 10")
        let queue2 = WorkQueue([Self.item(0, "a.log", size: 1000)], minimumPiece: 10)
        let (_, claim2) = try #require(queue2.next())
        #expect(claim2?.close() == 1000)
        #expect(queue2.next()?.0.path == nil, "a closed range keeps its end")
    }

    @Test func inputsThatCannotBeCutAreHandedOutWhole() throws {
        let queue = WorkQueue([Self.item(0, "-", size: nil)], minimumPiece: 1)
        let (item, claim) = try #require(queue.next())
        #expect(item.range == nil && claim == nil)
        #expect(queue.next()?.0.path == nil)
    }

    /// The second worker takes half of what the first has not read, at every offset a cut can fall on
    /// in the fixtures' layouts; the parts merged in either order give the one-pass report.
    @Test(arguments: [false, true])
    func aTakenPartMergedInEitherOrderGivesTheOnePassReport(takenFirst: Bool) throws {
        let pipeline = ScanPipeline(catalog: builtinCatalog, parallelism: 1)
        for (path, expected) in zip(ShardMergeTests.corpus, ShardMergeTests.onePassWithoutResponses) {
            let size = try #require(ScanPipeline.plainFileSize(path))
            for read in stride(from: 0, to: size / 2, by: max(1, size / 7)) {
                let queue = WorkQueue([Self.item(0, path, size: size)], minimumPiece: 1)
                let (whole, wholeClaim) = try #require(queue.next())
                _ = wholeClaim?.reserve(upTo: read)
                let (taken, takenClaim) = try #require(queue.next())
                #expect(taken.range?.start == read + (size - read) / 2)
                var merge = ScanPipeline.GroupMerge(sizes: [size], rules: builtinCatalog.rules)
                let boundaries = ChunkBoundaries()
                let parts = takenFirst ? [(taken, takenClaim), (whole, wholeClaim)] : [(whole, wholeClaim), (taken, takenClaim)]
                for (item, claim) in parts {
                    var grouper = FindingGrouper(rules: builtinCatalog.rules)
                    let stats = Scanner(catalog: builtinCatalog).scan(item, claim: claim, numbering: .fromRangeStart, boundaries: boundaries) {
                        _ = grouper.add($0)
                    }
                    merge.add(item, end: claim?.close(), grouper, stats)
                }
                let diagnosis = Diagnoser(pipeline: pipeline, snapshot: nil)
                    .diagnosis(groups: merge.merged.groupsBySeverity(), stats: merge.total, inputs: [path])
                #expect(ShardMergeTests.report(diagnosis) == expected, "\(path): the second half of the bytes after \(read) taken")
            }
        }
    }
}
