/// Reduction of English words to a base form for matching: plural and possessive
/// endings, and British spellings to American ones.
///
/// The reduction is a key, not a dictionary lemma: it only has to map the forms a
/// translation uses ("phonograms", "performers'", "parties", "organisations") to the
/// same key as the glossary's form ("phonogram", "performer", "party",
/// "organization"). Words it cannot reduce safely are left alone.
public enum EnglishInflection {
    /// Words that end in `s` but are not plurals, or whose plural is the same.
    static let invariant: Set<String> = [
        "news", "means", "series", "species", "analysis", "basis", "thesis", "crisis", "status",
        "bus", "gas", "lens", "chaos", "corpus", "bias", "atlas", "canvas", "alias", "virus",
        "campus", "census", "consensus", "bonus", "focus", "genus", "nexus", "plus", "thus", "us",
        "this", "its", "is", "was", "has", "does", "his", "hers", "ours", "yours", "theirs", "whereas",
        "always", "perhaps", "across", "unless", "less", "afterwards", "towards", "mathematics",
        "economics", "politics", "physics", "ethics", "statistics", "logistics", "data", "media",
        "criteria", "phenomena", "sars", "aids", "arms", "headquarters", "diabetes", "overseas",
        "emphasis", "hypothesis", "diagnosis", "synopsis", "parenthesis", "axis", "axes", "process",
    ]

    /// Irregular plurals.
    static let irregular: [String: String] = [
        "people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot",
        "teeth": "tooth", "mice": "mouse", "indices": "index", "appendices": "appendix",
        "matrices": "matrix", "criteria": "criterion", "phenomena": "phenomenon", "analyses": "analysis",
        "bases": "basis", "theses": "thesis", "crises": "crisis", "hypotheses": "hypothesis",
        "lives": "life", "wives": "wife", "knives": "knife", "halves": "half", "selves": "self",
        "leaves": "leaf", "thieves": "thief", "shelves": "shelf", "processes": "process",
        "statuses": "status", "viruses": "virus", "buses": "bus", "biases": "bias", "aliases": "alias",
        "censuses": "census", "consensuses": "consensus", "focuses": "focus",
    ]

    /// British spellings and their American equivalents, for whole words.
    static let spelling: [String: String] = [
        "programme": "program", "licence": "license", "defence": "defense", "offence": "offense",
        "centre": "center", "metre": "meter", "theatre": "theater", "behaviour": "behavior",
        "labour": "labor", "favour": "favor", "honour": "honor", "colour": "color", "neighbour": "neighbor",
        "endeavour": "endeavor", "judgement": "judgment", "fulfil": "fulfill", "fulfilment": "fulfillment",
        "enrolment": "enrollment", "catalogue": "catalog", "dialogue": "dialog", "analyse": "analyze",
        "cheque": "check", "tyre": "tire", "grey": "gray", "ageing": "aging", "travelling": "traveling",
        "modelling": "modeling", "labelling": "labeling", "cancelled": "canceled", "counselling": "counseling",
    ]

    /// Verb stems whose British `-ise` forms are spelt `-ize` in American English.
    static let izeStems: Set<String> = [
        "author", "recogn", "organ", "harmon", "standard", "util", "real", "character", "crimin",
        "prior", "digital", "minim", "maxim", "categor", "emphas", "civil", "legal", "normal",
        "modern", "central", "decentral", "special", "general", "local", "global", "critic",
        "summar", "optim", "mobil", "stabil", "neutral", "penal", "capital", "commercial", "industrial",
        "internal", "international", "institutional", "militar", "securit", "democrat", "synchron",
        "apolog", "symbol", "sympath", "theor", "final", "formal", "rational", "visual", "liberal",
    ]

    /// The base form of one lower-cased word.
    public static func base(of word: String) -> String {
        var w = word
        // Possessives: performer's → performer; performers' → performers (then singular).
        if w.hasSuffix("'s") { w.removeLast(2) } else if w.hasSuffix("'") { w.removeLast() }
        w = singular(of: w)
        return american(w)
    }

    /// The singular of a lower-cased noun, or the word itself when it does not look plural.
    public static func singular(of word: String) -> String {
        if let known = irregular[word] { return known }
        if invariant.contains(word) || word.count < 3 || !word.hasSuffix("s") { return word }
        if !word.allSatisfy({ $0.isLetter }) { return word }
        if word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is") { return word }
        if word.hasSuffix("ies"), word.count > 4 {
            return String(word.dropLast(3)) + "y"
        }
        for ending in ["sses", "shes", "ches", "xes", "zzes", "oes"] where word.hasSuffix(ending) {
            // "heroes" → "hero", but "shoes" → "shoe": only for known -o plurals below.
            if ending == "oes" { return ["heroes", "potatoes", "tomatoes", "vetoes", "echoes", "embargoes"].contains(word) ? String(word.dropLast(2)) : String(word.dropLast()) }
            return String(word.dropLast(2))
        }
        return String(word.dropLast())
    }

    /// The American spelling of a lower-cased word, or the word itself.
    public static func american(_ word: String) -> String {
        if let known = spelling[word] { return known }
        for (british, american) in [("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("iser", "izer")] {
            guard word.hasSuffix(british) else { continue }
            let stem = String(word.dropLast(british.count))
            if british == "isation" || izeStems.contains(stem) { return stem + american }
        }
        return word
    }
}

extension EnglishInflection {
    /// Irregular past and participle forms of verbs that occur in treaty language.
    static let irregularVerbs: [String: [String]] = [
        "make": ["made", "making"], "take": ["took", "taken", "taking"], "give": ["gave", "given", "giving"],
        "be": ["is", "are", "was", "were", "been", "being"], "have": ["has", "had", "having"],
        "do": ["does", "did", "done", "doing"], "become": ["became", "becoming"], "hold": ["held", "holding"],
        "bring": ["brought", "bringing"], "set": ["setting"], "put": ["putting"], "lay": ["laid", "laying"],
        "write": ["wrote", "written", "writing"], "run": ["ran", "running"],
    ]

    /// Keys for the inflected forms of a verb term: `-s`, `-ed`, `-ing` of its verb (the first
    /// word of a phrase such as "make available", the only word otherwise).
    public static func verbFormKeys(_ term: String) -> [String] {
        var words = Folding.englishWords(term)
        guard let verb = words.first else { return [] }
        var forms: [String]
        if let irregular = irregularVerbs[verb] {
            forms = irregular
        } else if verb.hasSuffix("e") {
            forms = [verb + "s", verb + "d", String(verb.dropLast()) + "ing"]
        } else if verb.hasSuffix("y"), let before = verb.dropLast().last, !"aeiou".contains(before) {
            forms = [String(verb.dropLast()) + "ies", String(verb.dropLast()) + "ied", verb + "ing"]
        } else {
            forms = [verb + "s", verb + "ed", verb + "ing", verb + "es"]
            // Short verbs ending consonant-vowel-consonant double it: admit → admitted.
            let letters = Array(verb)
            if letters.count >= 3, !"aeiouwxy".contains(letters[letters.count - 1]),
               "aeiou".contains(letters[letters.count - 2]), !"aeiou".contains(letters[letters.count - 3]) {
                forms += [verb + String(letters.last!) + "ed", verb + String(letters.last!) + "ing"]
            }
        }
        return forms.map { form in
            words[0] = form
            return words.map(base(of:)).joined(separator: " ")
        }
    }
}
