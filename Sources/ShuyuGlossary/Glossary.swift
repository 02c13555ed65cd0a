import Foundation
import ShuyuModel

/// One glossary file's header.
public struct GlossaryCollection: Hashable, Sendable {
    /// Short id of the source family, e.g. `wppt`.
    public var id: String
    public var title: String?
    /// Default subject field for the collection's concepts.
    public var subject: String?
    /// The file it was read from, as given to the loader.
    public var file: String
}

/// A loaded glossary: the concepts of one or more files, in file order.
public struct Glossary: Sendable {
    public var collections: [GlossaryCollection]
    public var concepts: [Concept]
    /// Where each concept starts, by concept id.
    public var locations: [String: SourceLocation]

    public init(collections: [GlossaryCollection] = [], concepts: [Concept] = [], locations: [String: SourceLocation] = [:]) {
        self.collections = collections
        self.concepts = concepts
        self.locations = locations
    }

    /// The glossary files of `directory`: its `*.yaml` and `*.yml` files, sorted by name.
    public static func files(in directory: URL) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return names
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { directory.appendingPathComponent($0) }
    }

    /// Loads every glossary file in `directory` and checks the whole.
    ///
    /// - Throws: ``GlossaryError`` listing every problem found, each with file, line and column.
    public static func load(directory: URL) throws -> Glossary {
        let files = try files(in: directory)
        guard !files.isEmpty else {
            throw GlossaryError([GlossaryDiagnostic(
                code: "no-files", message: "no glossary files (*.yaml) in this directory",
                location: SourceLocation(file: directory.path, line: 1, column: 1))])
        }
        return try load(files: files)
    }

    /// Loads the given glossary files and checks them together (ids unique across files,
    /// related concepts exist).
    public static func load(files: [URL]) throws -> Glossary {
        var diagnostics: [GlossaryDiagnostic] = []
        var glossary = Glossary()
        for url in files {
            let display = displayPath(url)
            let text: String
            if let problem = InputFile.problem(at: url.path) {
                diagnostics.append(.init(code: "unreadable", message: "\(display) \(problem)", location: .init(file: display, line: 1, column: 1)))
                continue
            }
            do {
                // UTF-8 (or UTF-16 with a BOM); anything else is refused with its position.
                text = try TextDecoding.decode(try Data(contentsOf: url), file: display)
            } catch let error as InputError {
                diagnostics.append(.init(code: "encoding", message: error.message, location: .init(file: display, line: max(error.line, 1), column: max(error.column, 1))))
                continue
            } catch {
                diagnostics.append(.init(code: "unreadable", message: "cannot read file: \(error.localizedDescription)", location: .init(file: display, line: 1, column: 1)))
                continue
            }
            var parser = GlossaryFileParser(file: display, text: text)
            let result = parser.parse()
            diagnostics += parser.diagnostics
            if let result {
                glossary.collections.append(result.collection)
                glossary.concepts += result.concepts
                glossary.locations.merge(result.locations) { first, _ in first }
            }
        }
        diagnostics += GlossaryChecks.crossFile(glossary, locations: glossary.locations, fileDiagnostics: diagnostics)
        if !diagnostics.isEmpty { throw GlossaryError(diagnostics) }
        return glossary
    }

    /// Parses one glossary document held in memory (for tests and tools).
    public static func parse(_ text: String, file: String = "<memory>") throws -> Glossary {
        var parser = GlossaryFileParser(file: file, text: text)
        let result = parser.parse()
        var diagnostics = parser.diagnostics
        var glossary = Glossary()
        if let result {
            glossary = Glossary(collections: [result.collection], concepts: result.concepts, locations: result.locations)
            diagnostics += GlossaryChecks.crossFile(glossary, locations: result.locations, fileDiagnostics: diagnostics)
        }
        if !diagnostics.isEmpty { throw GlossaryError(diagnostics) }
        return glossary
    }

    /// A path relative to the current directory when the file is below it, for readable errors.
    static func displayPath(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
