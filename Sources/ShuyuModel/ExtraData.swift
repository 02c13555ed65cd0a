/// Data a source carried that the model does not interpret — a TBX transaction history,
/// an image reference, a custom `descrip` type, a `note` — kept whole so that an export
/// to the same format gives it back.
public struct ExtraData: Hashable, Sendable, Codable {
    /// The format of ``content``; `tbx` for a serialised TBX element.
    public var format: String
    /// The data, e.g. `<transacGrp>…</transacGrp>` serialised by the XML library.
    public var content: String
    /// The data category, when the content is one (`administrativeStatus`, `context`,
    /// `transacGrp`…), so that writers can tell what it stands for.
    public var category: String?

    public init(format: String, content: String, category: String? = nil) {
        self.format = format
        self.content = content
        self.category = category
    }
}
