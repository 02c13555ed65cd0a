import Foundation
import GRDB
import Testing
@testable import ShuyuStore

/// Values bound through SQLite's C API arrive as GRDB would have stored them.
@Suite struct RowInserterTests {
    @Test func valuesKeepTheirTypes() throws {
        let queue = try DatabaseQueue()
        let rows = try queue.write { db -> [Row] in
            try db.execute(sql: "CREATE TABLE t(n INTEGER PRIMARY KEY, text TEXT, number INTEGER, flag INTEGER, data BLOB)")
            let insert = try RowInserter(db, sql: "INSERT INTO t(text, number, flag, data) VALUES (?, ?, ?, ?)")
            let values: [(String?, Int, Bool, Data)] = [
                ("录音制品 🎵", -3, true, Data([0, 1, 2])), ("", 0, false, Data()), (nil, Int(Int64.max), false, Data("x".utf8)),
            ]
            for (text, number, flag, data) in values {
                insert.bind(1, text)
                insert.bind(2, number)
                insert.bind(3, flag)
                insert.bind(4, data)
                try insert.run()
            }
            return try Row.fetchAll(db, sql: "SELECT typeof(text) AS type, text, number, flag, data, typeof(data) AS dataType FROM t ORDER BY n")
        }
        #expect(rows.map { $0["type"] as String } == ["text", "text", "null"])
        #expect(rows.map { $0["text"] as String? } == ["录音制品 🎵", "", nil])
        #expect(rows.map { $0["number"] as Int64 } == [-3, 0, .max])
        #expect(rows.map { $0["flag"] as Bool } == [true, false, false])
        // An empty blob is a blob, not NULL.
        #expect(rows.map { $0["dataType"] as String } == ["blob", "blob", "blob"])
        #expect(rows.map { $0["data"] as Data } == [Data([0, 1, 2]), Data(), Data("x".utf8)])
    }

    @Test func aFailedInsertThrowsAndTheStatementRunsAgain() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t(key TEXT PRIMARY KEY NOT NULL)")
            let insert = try RowInserter(db, sql: "INSERT INTO t(key) VALUES (?)")
            insert.bind(1, "a")
            try insert.run()
            insert.bind(1, "a")
            #expect {
                try insert.run()
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT && (error as? DatabaseError)?.message?.contains("UNIQUE") == true
            }
            // A value SQLite refuses to bind fails the row, rather than leaving the last one's.
            insert.bind(2, "out of range")
            #expect { try insert.run() } throws: { ($0 as? DatabaseError)?.resultCode == .SQLITE_RANGE }
            insert.bind(1, "b")
            try insert.run()
            #expect(try String.fetchAll(db, sql: "SELECT key FROM t ORDER BY key") == ["a", "b"])
        }
    }
}
