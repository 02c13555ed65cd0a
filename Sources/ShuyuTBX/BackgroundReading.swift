import Foundation
import ShuyuModel

extension TBXReader {
    /// Like ``read(progress:_:)``, with the parsing on a thread of its own: concepts reach
    /// `body` on the calling thread in batches, while the next ones are parsed. An import
    /// spends about as long storing concepts as reading them, so on two cores this takes
    /// about the time of the slower half.
    ///
    /// Everything `read` guarantees holds: concepts arrive in document order; an error in the
    /// file is thrown after `body` has had every concept before it; an error thrown by `body`
    /// stops the parsing and is rethrown once the parsing thread has finished. `progress`
    /// is called on the calling thread.
    public func readInBackground(progress: ((Int64) -> Void)? = nil, _ body: (Concept) throws -> Void) throws -> TBXReadSummary {
        let channel = ConceptChannel(capacity: 8)
        let work = UncheckedBox(self)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            var batch: [Concept] = []
            batch.reserveCapacity(ConceptChannel.batchSize)
            do {
                let summary = try work.value.read(progress: { channel.record(bytes: $0) }) { concept in
                    batch.append(concept)
                    if batch.count == ConceptChannel.batchSize {
                        guard channel.put(batch) else { throw ConceptChannel.Stopped() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty, !channel.put(batch) { throw ConceptChannel.Stopped() }
                channel.finish(.success(summary))
            } catch {
                // The concepts before a fault in the file still go first, as `read` gives them.
                if !(error is ConceptChannel.Stopped), !batch.isEmpty { _ = channel.put(batch) }
                channel.finish(.failure(error))
            }
        }
        thread.stackSize = 8 << 20  // as deep as the main thread's recursion into nested elements
        thread.start()
        defer { done.wait() }
        do {
            while let batch = channel.take() {
                for concept in batch { try body(concept) }
                if let bytes = channel.bytes { progress?(bytes) }
            }
        } catch {
            channel.stop()
            throw error
        }
        return try channel.result!.get()
    }
}

/// A value handed to another thread that does not share it (the parsing thread is the only
/// one to touch the reader until it has finished).
private final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Batches of concepts from the parsing thread to the storing one: bounded, so that a fast
/// reader cannot fill memory ahead of a slow store.
private final class ConceptChannel: @unchecked Sendable {
    static let batchSize = 256
    struct Stopped: Error {}

    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [[Concept]] = []
    private var stopped = false
    private var finished = false
    private(set) var result: Result<TBXReadSummary, any Error>?
    private var latestBytes: Int64?

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the consumer has stopped.
    func put(_ batch: [Concept]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity, !stopped { condition.wait() }
        guard !stopped else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, or nil once the producer has finished and everything was taken.
    func take() -> [Concept]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    func finish(_ outcome: Result<TBXReadSummary, any Error>) {
        condition.lock()
        result = outcome
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer gives up: the producer's next `put` fails.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    func record(bytes: Int64) {
        condition.lock()
        latestBytes = bytes
        condition.unlock()
    }

    var bytes: Int64? {
        condition.lock()
        defer { condition.unlock() }
        return latestBytes
    }
}
