import Foundation
import GRDB
import GRDBSQLite

/// The rows of a query read through SQLite's C API, for lookup's hot path: an exact lookup
/// reads a few dozen rows, and GRDB's cursors made a row object, a cursor and an argument
/// array for each (with them, twenty concepts of one key cost 155 µs on a million-concept store;
/// SQLite's own search 25–40 µs, `Benchmarks/lookup-floor.c`).
///
/// The statement is GRDB's, from the connection's cache, and is only ever run through a
/// reader: arguments are bound before each run and the statement is reset after it, so
/// that a half-read statement is never left in the cache.
struct RowReader {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
    }

    /// Runs the query with `arguments`, handing each row to `body` until it returns false.
    func rows(_ arguments: StatementArguments, _ body: (Columns) throws -> Bool) throws {
        try statement.setArguments(arguments)
        try step(body)
    }

    /// Runs the query with an integer and a text argument, bound without GRDB's boxing.
    func rows(_ first: Int64, _ second: String, _ body: (Columns) throws -> Bool) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        try check(sqlite3_bind_int64(handle, 1, first))
        try bind(2, second)
        try step(body)
    }

    /// Runs the query with one text argument, bound without GRDB's boxing.
    func rows(_ text: String, _ body: (Columns) throws -> Bool) throws {
        sqlite3_reset(statement.sqliteStatement)
        try bind(1, text)
        try step(body)
    }

    private func bind(_ index: Int32, _ value: String) throws {
        var text = value
        try text.withUTF8 { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { chars in
                guard chars.count <= Int32.max else { return try check(SQLITE_TOOBIG) }
                // A null pointer would bind NULL, not the empty string.
                try check(sqlite3_bind_text(statement.sqliteStatement, index, chars.baseAddress ?? SQLiteBinding.empty, Int32(chars.count), SQLiteBinding.transient))
            }
        }
    }

    /// Runs a statement that takes no arguments and returns no rows (`BEGIN`, `COMMIT`).
    func run() throws {
        try step { _ in false }
    }

    private func step(_ body: (Columns) throws -> Bool) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            try check(code, expected: SQLITE_ROW)
            guard try body(Columns(handle: handle)) else { return }
        }
    }

    private func check(_ code: Int32, expected: Int32 = SQLITE_OK) throws {
        guard code != expected else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }

    /// The current row's columns, valid until the next step: values are copied out at once.
    struct Columns {
        fileprivate let handle: SQLiteStatement

        func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

        func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

        func optionalInt64(_ index: Int32) -> Int64? {
            sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
        }

        func text(_ index: Int32) -> String {
            guard let start = sqlite3_column_text(handle, index) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
        }

        func isBlob(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_BLOB }

        /// A blob column's bytes, in SQLite's own buffer (no copy), for the length of `body`.
        func withBytes<T>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
            let start = sqlite3_column_blob(handle, index)
            return try body(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_column_bytes(handle, index))))
        }
    }
}

/// What binding a value through SQLite's C API takes.
enum SQLiteBinding {
    /// SQLite copies the value before the bind returns.
    static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// A valid pointer for empty text and blobs (a null pointer would bind NULL).
    static var empty: UnsafePointer<CChar> {
        UnsafeRawPointer(emptyBytes.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    private static let emptyBytes: StaticString = ""
}
