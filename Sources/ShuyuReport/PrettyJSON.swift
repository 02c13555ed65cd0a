import Foundation

/// JSON text for values made of dictionaries with string keys, arrays, strings and integers,
/// laid out as Foundation's `JSONSerialization` lays them out with `.prettyPrinted`,
/// `.sortedKeys` and `.withoutEscapingSlashes` (two spaces a level, `"key" : value`), byte
/// for byte, at a fraction of its cost: SARIF output serialized every finding through it.
enum PrettyJSON {
    private static let keyOrder = KeyOrder()

    /// The order JSONSerialization's sortedKeys gives: numeric search in the system locale
    /// ("a" < "ä" < "Alpha", "a9" < "a10"). A locale comparison is slow, and a log repeats
    /// a few sets of keys: each set's order is remembered (up to a bound).
    private final class KeyOrder: @unchecked Sendable {
        private let lock = NSLock()
        private var known: [Set<String>: [String]] = [:]
        private let locale = Locale(identifier: "")

        func sorted(_ keys: Dictionary<String, Any>.Keys) -> [String] {
            let set = Set(keys)
            lock.lock()
            defer { lock.unlock() }
            if let order = known[set] { return order }
            let order = keys.sorted { $0.compare($1, options: [.numeric, .forcedOrdering], range: nil, locale: locale) == .orderedAscending }
            if known.count >= 4096 { known.removeAll() }
            known[set] = order
            return order
        }
    }

    /// Appends `value` to `out`; lines after the first are indented from `indent` spaces.
    static func append(_ value: Any, indent: Int, to out: inout [UInt8]) {
        switch value {
        case let text as String:
            appendString(text, to: &out)
        case let number as Int:
            out.append(contentsOf: String(number).utf8)
        case let object as [String: Any]:
            let keys = keyOrder.sorted(object.keys)
            appendContainer(open: 0x7B, close: 0x7D, indent: indent, count: keys.count, to: &out) { index, out in
                let key = keys[index]
                appendString(key, to: &out)
                out.append(contentsOf: " : ".utf8)
                append(object[key]!, indent: indent + 2, to: &out)
            }
        case let array as [Any]:
            appendContainer(open: 0x5B, close: 0x5D, indent: indent, count: array.count, to: &out) { index, out in
                append(array[index], indent: indent + 2, to: &out)
            }
        default:
            preconditionFailure("PrettyJSON: \(type(of: value)) is not a JSON value here")
        }
    }

    private static func appendContainer(open: UInt8, close: UInt8, indent: Int, count: Int, to out: inout [UInt8],
                                        element: (Int, inout [UInt8]) -> Void) {
        out.append(open)
        out.append(0x0A)
        if count == 0 { out.append(0x0A) }
        for index in 0..<count {
            out.append(contentsOf: repeatElement(0x20, count: indent + 2))
            element(index, &out)
            if index < count - 1 { out.append(0x2C) }
            out.append(0x0A)
        }
        out.append(contentsOf: repeatElement(0x20, count: indent))
        out.append(close)
    }

    /// Writes JSON of a known shape in the same layout, member by member, with no dictionary
    /// in between: the caller gives each object's members in sorted order (see
    /// ``SARIFPrinter/appendResult(_:ruleIndex:indent:uri:to:)``, tested against ``append(_:indent:to:)``).
    struct Writer {
        var out: [UInt8] = []

        /// An object or array being written: its indent, and whether it has a member yet.
        struct Container {
            let indent: Int
            var empty = true
        }

        mutating func openObject(indent: Int) -> Container { open(0x7B, indent: indent) }
        mutating func openArray(indent: Int) -> Container { open(0x5B, indent: indent) }

        private mutating func open(_ byte: UInt8, indent: Int) -> Container {
            out.append(byte)
            out.append(0x0A)
            return Container(indent: indent)
        }

        /// Starts a member of an object: its key, then the value (written next).
        mutating func key(_ key: String, in container: inout Container) {
            next(in: &container)
            PrettyJSON.appendString(key, to: &out)
            out.append(contentsOf: " : ".utf8)
        }

        /// Starts an element of an array (written next).
        mutating func element(in container: inout Container) { next(in: &container) }

        private mutating func next(in container: inout Container) {
            if !container.empty {
                out.append(0x2C)
                out.append(0x0A)
            }
            container.empty = false
            out.append(contentsOf: repeatElement(0x20, count: container.indent + 2))
        }

        mutating func closeObject(_ container: Container) { close(container, 0x7D) }
        mutating func closeArray(_ container: Container) { close(container, 0x5D) }

        private mutating func close(_ container: Container, _ byte: UInt8) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: container.indent))
            out.append(byte)
        }

        mutating func string(_ text: String) { PrettyJSON.appendString(text, to: &out) }
        mutating func int(_ number: Int) { out.append(contentsOf: String(number).utf8) }

        /// An object with one member, `key`, whose value is a string (`{"text": …}`).
        mutating func object(_ key: String, _ text: String, indent: Int) {
            var object = openObject(indent: indent)
            self.key(key, in: &object)
            string(text)
            closeObject(object)
        }

        /// An array of strings.
        mutating func strings(_ list: [String], indent: Int) {
            var array = openArray(indent: indent)
            for item in list {
                element(in: &array)
                string(item)
            }
            closeArray(array)
        }
    }

    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        // Most strings need no escape: copied whole.
        let plain = text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(0x22)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, 0x62])
            case 0x0C: out.append(contentsOf: [0x5C, 0x66])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
