import Foundation
import GRDB
import GRDBSQLite

/// An insert statement bound and stepped through SQLite's C API, for the loops that write
/// millions of rows (an import's concepts, terms and index rows). GRDB's arguments box
/// every value and build an array per row, which cost an import more than a tenth of its
/// storing time; here a value goes straight from the Swift string to SQLite's copy.
///
/// Runs inside a transaction GRDB opened, on its connection, and only inserts: GRDB's
/// bookkeeping around statements (transaction state, observers) has nothing to track.
final class RowInserter {
    private let statement: Statement
    private let db: Database
    private var handle: SQLiteStatement { statement.sqliteStatement }
    /// The first binding SQLite refused since the last run (a value too big, an index out
    /// of range): the row is not inserted with what the previous row left bound.
    private var refused: (code: Int32, index: Int32)?

    init(_ db: Database, sql: String) throws {
        self.db = db
        // A statement of its own (not GRDB's cache), so GRDB never finds it half-bound.
        statement = try db.makeStatement(sql: sql)
    }

    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.count <= Int32.max else { return check(SQLITE_TOOBIG, index) }
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // A null pointer would bind NULL, not the empty string.
                check(sqlite3_bind_text(handle, index, chars.baseAddress ?? SQLiteBinding.empty, Int32(chars.count), SQLiteBinding.transient), index)
            }
        }
    }

    func bind(_ index: Int32, _ text: String?) {
        if let text { bind(index, text) } else { bindNull(index) }
    }

    func bind(_ index: Int32, _ value: Int64) { check(sqlite3_bind_int64(handle, index, value), index) }
    func bind(_ index: Int32, _ value: Int) { bind(index, Int64(value)) }
    func bind(_ index: Int32, _ value: Bool) { bind(index, Int64(value ? 1 : 0)) }
    func bindNull(_ index: Int32) { check(sqlite3_bind_null(handle, index), index) }

    func bind(_ index: Int32, _ blob: Data) {
        blob.withUnsafeBytes { bytes in
            guard bytes.count <= Int32.max else { return check(SQLITE_TOOBIG, index) }
            check(sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(SQLiteBinding.empty), Int32(bytes.count), SQLiteBinding.transient), index)
        }
    }

    private func check(_ code: Int32, _ index: Int32) {
        if code != SQLITE_OK, refused == nil { refused = (code, index) }
    }

    /// Runs the insert with the values bound.
    func run() throws {
        if let refused {
            self.refused = nil
            throw DatabaseError(
                resultCode: ResultCode(rawValue: refused.code), message: "value \(refused.index) could not be bound: \(String(cString: sqlite3_errstr(refused.code)))",
                sql: statement.sql)
        }
        let code = sqlite3_step(handle)
        if code != SQLITE_DONE {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}
