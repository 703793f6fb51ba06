import Foundation

extension Reference {
    /// The model's `value` under `design` set against this reference, in a
    /// sentence; `why` is added when they disagree (or are not compared).
    func compare(design: String, row: String, value: Double?, why: String? = nil) -> Comparison? {
        guard let value else { return nil }
        let model = FigureFormat.text(value, unit)
        let source = "\(citation.author) (\(citation.date))"
        let verdict = agrees(value)
        var sentence: String
        switch verdict {
        case .some(true):
            sentence = "\(design): \(row) is \(model) against \(stated) in \(source): agrees (\(toleranceText))."
        case .some(false):
            let ratio = self.value == 0 ? nil : value / self.value
            let how = ratio.map { r in r >= 1 ? String(format: "%.1f times the reference", r) : String(format: "%.2f of the reference", r) } ?? "the reference is 0"
            sentence = "\(design): \(row) is \(model) against \(stated) in \(source): DISAGREES, \(how), beyond the \(toleranceText)."
        case .none:
            sentence = "\(design): \(row) is \(model); \(source) reports \(stated) (not compared)."
        }
        if let why, verdict != true { sentence += " " + why }
        return Comparison(referenceID: id, design: design, row: row, model: value, agrees: verdict, sentence: sentence)
    }
}
