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
        try readInBackground(preparing: { $0 }, progress: progress, body)
    }

    /// ``readInBackground(progress:_:)``, with `prepare` applied to each concept on the
    /// parsing thread (an import works out each concept's stored form there, so that the
    /// storing thread only writes).
    public func readInBackground<Prepared: Sendable>(
        preparing prepare: @escaping @Sendable (Concept) -> Prepared, progress: ((Int64) -> Void)? = nil,
        _ body: (Prepared) throws -> Void
    ) throws -> TBXReadSummary {
        let reader = UncheckedBox(self)
        return try BatchChannel<Prepared, TBXReadSummary>.run(
            produce: { channel, add in
                try reader.value.read(progress: { channel.progress = $0 }) { try add(prepare($0)) }
            },
            consume: { batch, bytes in
                for item in batch { try body(item) }
                if let bytes, let progress { progress(bytes) }
            })
    }
}

/// A value handed to another thread that does not share it (the parsing thread is the only
/// one to touch the reader until it has finished).
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
