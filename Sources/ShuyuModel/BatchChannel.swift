import Foundation

/// Batches of values from a producing thread to a consuming one: bounded, so that a fast
/// producer cannot fill memory ahead of a slow consumer. Used to read on one core while
/// the other stores (import) or writes (export).
public final class BatchChannel<Element: Sendable, Outcome: Sendable>: @unchecked Sendable {
    /// Thrown inside the producer when the consumer has stopped.
    public struct Stopped: Error {}

    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [[Element]] = []
    private var stopped = false
    private var finished = false
    private var outcome: Result<Outcome, any Error>?
    private var latestProgress: Int64?

    /// - Parameter capacity: how many batches may wait.
    public init(capacity: Int = 8) { self.capacity = capacity }

    /// Waits for room; false when the consumer has stopped.
    public func put(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity, !stopped { condition.wait() }
        guard !stopped else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, or nil once the producer has finished and everything was taken.
    public func take() -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// The producer is done, with its result or its error.
    public func finish(_ result: Result<Outcome, any Error>) {
        condition.lock()
        outcome = result
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// What the producer finished with; valid once ``take()`` has returned nil.
    public var result: Result<Outcome, any Error>? {
        condition.lock()
        defer { condition.unlock() }
        return outcome
    }

    /// The consumer gives up: the producer's next `put` fails.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// How far the producer has got (bytes read, say), for progress reports.
    public var progress: Int64? {
        get {
            condition.lock()
            defer { condition.unlock() }
            return latestProgress
        }
        set {
            condition.lock()
            latestProgress = newValue
            condition.unlock()
        }
    }

    /// Runs `produce` on a thread of its own and hands what it puts to `consume` on this
    /// one, batch by batch, in order. `produce` gets a function that adds one element (and
    /// throws ``Stopped`` once the consumer has stopped). A throw in `produce` is rethrown
    /// here after every element added before it was consumed; a throw in `consume` stops
    /// the producer and is rethrown once its thread has finished. `consume` also gets the
    /// producer's latest ``progress``.
    public static func run(
        batchSize: Int = 256,
        produce: @escaping @Sendable (BatchChannel, (Element) throws -> Void) throws -> Outcome,
        consume: (_ batch: [Element], _ progress: Int64?) throws -> Void
    ) throws -> Outcome {
        let channel = BatchChannel()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            var batch: [Element] = []
            batch.reserveCapacity(batchSize)
            do {
                let outcome = try produce(channel) { element in
                    batch.append(element)
                    if batch.count == batchSize {
                        guard channel.put(batch) else { throw Stopped() }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty, !channel.put(batch) { throw Stopped() }
                channel.finish(.success(outcome))
            } catch {
                // What came before a failure still goes first.
                if !(error is Stopped), !batch.isEmpty { _ = channel.put(batch) }
                channel.finish(.failure(error))
            }
        }
        thread.stackSize = 8 << 20  // as deep as the main thread's
        thread.start()
        defer { done.wait() }
        do {
            while let batch = channel.take() { try consume(batch, channel.progress) }
        } catch {
            channel.stop()
            throw error
        }
        return try channel.result!.get()
    }
}
