import ShuyuMatching
import ShuyuModel

/// The glossary's own integrity, checked on concepts from any source — the YAML glossary,
/// a store, a TBX file — and reported as findings (`shuyu validate`).
///
/// Rules: `duplicate-concept-id`, `duplicate-term` (the same term twice in one language
/// section), `multiple-preferred` (more than one preferred term per language),
/// `missing-language` (no Chinese or no English term), `empty-term`,
/// `approved-and-rejected` (an English string approved in one concept and rejected in
/// another with no note saying why), and `nested-term` (information: a Chinese term inside
/// a longer term of another concept, which shapes longest-match).
public enum ConceptValidator {
    /// Where a concept is, for findings: a file and line when known.
    public typealias Locate = (String) -> (file: String, line: Int)

    public static let ruleIDs = ["duplicate-concept-id", "duplicate-term", "multiple-preferred", "missing-language", "empty-term", "approved-and-rejected", "nested-term"]

    /// - Parameter languageSeverity: how serious a concept without Chinese or English is: an
    ///   error in Shuyu's glossary, a warning in a general termbase.
    public static func validate(_ concepts: [Concept], document: String, languageSeverity: Severity = .error, locate: Locate) -> [Finding] {
        var checker = Checker(languageSeverity: languageSeverity)
        for concept in concepts { checker.add(concept) }
        return checker.findings(document: document, locate: locate)
    }

    /// The same checks on concepts handed over one at a time (a termbase read as it streams):
    /// each concept's own rules run as it comes, and only what the rules across concepts
    /// need is kept — approved English keys, rejected English terms without a note, and
    /// each concept's Chinese terms — not the concepts.
    public struct Checker {
        let languageSeverity: Severity
        private var reports: [Report] = []
        private var seen: Set<String> = []
        /// The first concept with each approved English key.
        private var approved: [String: String] = [:]
        /// Rejected English terms without a note, in concept order.
        private var rejected: [(concept: Brief, term: Term)] = []
        /// Each concept's Chinese terms, for nested terms, under its place in this list (a
        /// concept id can come twice), with the concept it came from.
        private var chinese: [(concept: Brief, terms: [Term])] = []

        struct Report {
            var rule: String
            var severity: Severity
            var concept: Brief
            var message: String
            var found: String?
        }

        struct Brief {
            var id: String
            var citations: [String]
        }

        public init(languageSeverity: Severity = .error) { self.languageSeverity = languageSeverity }

        private mutating func report(_ rule: String, _ severity: Severity, _ concept: Brief, _ message: String, found: String? = nil) {
            reports.append(Report(rule: rule, severity: severity, concept: concept, message: message, found: found))
        }

        public mutating func add(_ concept: Concept) {
            let brief = Brief(id: concept.id, citations: concept.citations)
            if !seen.insert(concept.id).inserted {
                report("duplicate-concept-id", .error, brief, "concept id '\(concept.id)' is used more than once")
            }
            for section in concept.languages {
                var terms: Set<String> = []
                var preferred = 0
                for term in section.terms {
                    if term.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        report("empty-term", .error, brief, "an empty term in the \(section.language) section of '\(concept.id)'")
                        continue
                    }
                    let key = Folding.nfkc(term.text).lowercased()
                    if !terms.insert(key).inserted {
                        report("duplicate-term", .error, brief, "'\(term.text)' appears twice in the \(section.language) section of '\(concept.id)'", found: term.text)
                    }
                    if term.status == .preferred, !term.isStatusImplicit { preferred += 1 }
                }
                if preferred > 1 {
                    report("multiple-preferred", .error, brief, "\(preferred) preferred \(section.language) terms in '\(concept.id)'; mark all but one admitted")
                }
            }
            if concept.chineseTerms.isEmpty { report("missing-language", languageSeverity, brief, "'\(concept.id)' has no Chinese term") }
            if concept.englishTerms.isEmpty { report("missing-language", languageSeverity, brief, "'\(concept.id)' has no English term") }
            for term in concept.englishTerms {
                if term.status.isApproved {
                    let key = Folding.englishExactKey(term.text)
                    if approved[key] == nil { approved[key] = concept.id }
                } else if term.status.isRejected, (term.usageNote ?? "").isEmpty {
                    rejected.append((brief, term))
                }
            }
            // Every Chinese term goes into the index (a longer term of any status can win a
            // leftmost-longest match); only approved ones are looked into.
            let chineseTerms = concept.chineseTerms
            if !chineseTerms.isEmpty { chinese.append((brief, chineseTerms)) }
        }

        /// Concepts a nested term is named with, at most, in a nested-term message.
        static let namedConcepts = 5

        /// The approved terms of other concepts inside `term` (of the concept at `place` in
        /// ``chinese``), leftmost-longest, in order: "网络主权 (cyber.cyber-sovereignty)", once
        /// for each concept with it. A term of more than ``namedConcepts`` other concepts (a
        /// common word in a large termbase) is named once, with how many concepts have it and
        /// the first of them: "一丕 (in 1234 concepts: c12, c345, …)". Listing them all made
        /// messages of thousands of ids (2 GB and half the run for a million concepts).
        private func nested(in term: String, of place: Int, index: TermIndex) -> [String] {
            let id = chinese[place].concept.id
            var parts: [String] = []
            var texts: Set<String> = []
            // The same text twice in the term has the same terms: once is enough.
            for match in index.chineseTermPlaces(inside: term) where texts.insert(match.text).inserted {
                var count = 0
                // The smallest ids, sorted, without repeats.
                var first: [String] = []
                var counted = -1
                // A concept's places are together: one count per concept.
                for found in match.places where found.concept != counted {
                    let other = chinese[found.concept]
                    guard found.concept != place, other.concept.id != id, other.terms[found.term].status.isApproved else { continue }
                    counted = found.concept
                    let otherID = other.concept.id
                    let at = first.firstIndex { $0 >= otherID } ?? first.count
                    // A concept id given twice counts once.
                    if at < first.count, first[at] == otherID { continue }
                    count += 1
                    if at <= Self.namedConcepts {
                        first.insert(otherID, at: at)
                        if first.count > Self.namedConcepts + 1 { first.removeLast() }
                    }
                }
                if count <= Self.namedConcepts {
                    parts += first.map { "\(match.text) (\($0))" }
                } else {
                    parts.append("\(match.text) (in \(count) concepts: \(first.prefix(Self.namedConcepts).joined(separator: ", ")), …)")
                }
            }
            return parts.sorted()
        }

        /// Every finding: each concept's own, then the rules across concepts, in concept order.
        public func findings(document: String, locate: Locate) -> [Finding] {
            var all = reports
            var checker = self
            // English strings approved in one concept and rejected in another.
            for (concept, term) in rejected {
                if let owner = approved[Folding.englishExactKey(term.text)], owner != concept.id {
                    checker.report("approved-and-rejected", .error, concept, "'\(term.text)' is \(term.status.rawValue) here but approved in '\(owner)', with no note saying why", found: term.text)
                }
            }
            // Chinese terms nested in longer terms of other concepts. The index holds term
            // places, not terms, and a match's places are looked up in the list: a million
            // concepts' terms held twice, and the terms the index reads back for nearly every
            // pattern, took gigabytes.
            let terms = ChineseTerms(list: chinese.map(\.terms))
            let index = TermIndex(source: terms) { add in
                for place in chinese.indices { add(terms.concept(at: place)) }
            }
            for (place, (concept, chineseTerms)) in chinese.enumerated() {
                for term in chineseTerms where term.status.isApproved {
                    let inner = nested(in: term.text, of: place, index: index)
                    guard !inner.isEmpty else { continue }
                    checker.report("nested-term", .info, concept, "\(term.text) contains \(inner.joined(separator: ", ")); the longer term wins where both match", found: term.text)
                }
            }
            all += checker.reports.dropFirst(reports.count)
            return all.map { report in
                let place = locate(report.concept.id)
                return Finding(
                    rule: report.rule, severity: report.severity, message: report.message, document: document, segment: report.concept.id,
                    source: Location(file: place.file, line: place.line, column: place.line > 0 ? 1 : 0, length: 0, text: ""),
                    target: nil, conceptID: report.concept.id, expected: [], found: report.found, citations: report.concept.citations,
                    sourceText: "", targetText: "", fix: nil)
            }
        }
    }
}

/// The Chinese terms the checker kept, as concepts named by their place in its list: what
/// the nested-term index is built from.
private struct ChineseTerms: ConceptSource {
    let list: [[Term]]

    func concept(at place: Int) -> Concept {
        Concept(id: String(place), languages: [LanguageSection(language: .zh, terms: list[place])])
    }

    func concept(withID id: String) -> Concept? {
        Int(id).flatMap { list.indices.contains($0) ? concept(at: $0) : nil }
    }
}
