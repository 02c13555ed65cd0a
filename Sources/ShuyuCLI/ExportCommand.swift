import ArgumentParser
import Foundation
import ShuyuModel
import ShuyuStore
import ShuyuTBX

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case tbx, tbxV2 = "tbx-v2", csv
}

extension TBXDialect: ExpressibleByArgument {}

/// `shuyu export`: write the store (or part of it) as TBX or CSV.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the term store as TBX v3 (default), TBX-Basic 2008 or CSV.",
        discussion: """
            The same store gives the same bytes, so exports diff cleanly in git. With -o the file \
            is written through a temporary file and renamed, never left half-written.
            Examples:
              shuyu export -o terms.tbx
              shuyu export --format tbx-v2 --lang zh,en --status preferred -o client.tbx
              shuyu export --collection wppt --format csv -o wppt.csv
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "tbx (TBX v3, DCA), tbx-v2 (TBX-Basic 2008 martif) or csv.")
    var format: ExportFormat = .tbx

    @Option(name: .long, help: "TBX v3 dialect: basic, min or core.")
    var dialect: TBXDialect = .basic

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
    var output: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Languages to keep, e.g. zh,en (zh keeps zh-CN too).", valueName: "tags"))
    var lang: [String] = []

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Statuses to keep, e.g. preferred,admitted.", valueName: "statuses"))
    var status: [String] = []

    @Option(name: .long, parsing: .singleValue, help: "Keep concepts with this subject field (repeatable).")
    var subject: [String] = []

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Keep one glossary file's concepts (wppt, wct, cyber) or one imported file's (its file name).", valueName: "name"))
    var collection: [String] = []

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Keep concepts whose id starts with this.", valueName: "prefix"))
    var idPrefix: [String] = []

    @Option(name: .long, help: "Title written in the TBX header.")
    var title = "Shuyu terminology"

    func filter() throws -> ConceptFilter {
        var filter = ConceptFilter()
        filter.languages = lang.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        for raw in status.flatMap({ $0.split(separator: ",") }) {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let value = TermStatus(rawValue: name) else {
                throw ValidationError("unknown status '\(name)'; use \(TermStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.statuses.insert(value)
        }
        filter.subjects = subject
        filter.origins = collection.flatMap { ["glossary:\($0)", "import:\($0)"] }
        filter.idPrefixes = idPrefix
        return filter
    }

    func validate() throws { _ = try filter() }

    func run() throws {
        let store = try storeOptions.openStore()
        let filter = try filter()
        if let output {
            try AtomicOutput(path: output).write { path in try export(store, filter: filter, to: path) }
        } else {
            try export(store, filter: filter, to: nil)
        }
    }

    private func export(_ store: TermStore, filter: ConceptFilter, to path: String?) throws {
        switch format {
        case .csv:
            try exportCSV(store, filter: filter, to: path)
        case .tbx, .tbxV2:
            // Cross-references may only point at concepts the file contains. Targets are looked
            // up as they come, so memory does not grow with the store.
            let sources = try store.sources()
            let writer = try TBXWriter(path: path, format: format == .tbx ? .v3 : .v2, dialect: dialect) { id in
                guard let target = try? store.concept(id: id) else { return false }
                return filter.apply(target) != nil
            }
            try writer.begin(title: title, descriptions: sources.flatMap(\.descriptions))
            try store.forEachConceptInBackground { concept in
                if let kept = filter.apply(concept) { try writer.write(kept) }
            }
            try writer.finish(back: sources.flatMap { $0.extras.filter { $0.category == "back" } })
        }
    }

    private func exportCSV(_ store: TermStore, filter: ConceptFilter, to path: String?) throws {
        var languages: Set<String> = []
        try store.forEachConcept { concept in
            filter.apply(concept)?.languages.forEach { languages.insert($0.language.value) }
        }
        let csv = CSVExport(languages: languages.sorted())
        let handle: FileHandle
        if let path {
            // Not FileManager.createFile: it writes through a rename, which would replace a
            // device or /dev/stdout with a regular file.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw CLIError(message: "\(path): cannot write: \(String(cString: strerror(errno)))") }
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        } else {
            handle = .standardOutput
        }
        var buffer = csv.header
        try store.forEachConcept { concept in
            guard let kept = filter.apply(concept) else { return }
            buffer += csv.row(for: kept)
            if buffer.utf8.count > 1 << 16 { handle.write(buffer); buffer = "" }
        }
        handle.write(buffer)
        if path != nil { try handle.close() }
    }
}
