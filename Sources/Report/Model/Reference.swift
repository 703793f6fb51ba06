/// Where a published figure comes from.
package struct Citation: Sendable, Hashable {
    let author: String
    package let title: String
    let date: String
    package let url: String

    init(author: String, title: String, date: String, url: String) {
        self.author = author
        self.title = title
        self.date = date
        self.url = url
    }

    package var text: String { "\(author), \"\(title)\", \(date), \(url)" }
}

/// How a model figure is compared with a reference.
package enum ReferenceCheck: Sendable, Hashable {
    /// Within `tolerance` (a fraction, 0.15 = 15 %) of the value.
    case approximately(tolerance: Double)
    /// Inside [low, high] widened by `tolerance` of each end.
    case range(low: Double, high: Double, tolerance: Double)
    /// At most the value (a bound the design promises).
    case atMost
    /// Within a factor of the value either way (for figures stated loosely,
    /// such as "half a day").
    case withinFactor(Double)
    /// Shown beside the model's figure, not compared (the workloads differ
    /// in a way the note explains).
    case context
}

/// A figure published in a thread or a patch series, kept as data with its
/// source, never mixed into the model's columns.
package struct Reference: Sendable {
    package let id: String
    /// What was measured, in the source's own terms.
    package let what: String
    package let value: Double
    package let unit: FigureUnit
    /// How the source states it ("~6 GB", "35-42 %").
    let stated: String
    package let check: ReferenceCheck
    let citation: Citation

    init(id: String, what: String, value: Double, unit: FigureUnit, stated: String, check: ReferenceCheck, citation: Citation) {
        self.id = id
        self.what = what
        self.value = value
        self.unit = unit
        self.stated = stated
        self.check = check
        self.citation = citation
    }

    /// The tolerance in words, for the table's footnotes.
    var toleranceText: String {
        switch check {
        case .approximately(let t): "tolerance: within \(Int((t * 100).rounded())) %"
        case .range(_, _, let t): t == 0 ? "tolerance: inside the range" : "tolerance: inside the range widened by \(Int((t * 100).rounded())) %"
        case .atMost: "tolerance: at or below the bound"
        case .withinFactor(let f): "tolerance: within a factor of \(FigureFormat.grouped(f))"
        case .context: "context only, not compared"
        }
    }

    /// Whether `model` agrees with this reference; nil when not compared.
    package func agrees(_ model: Double) -> Bool? {
        switch check {
        case .approximately(let t):
            return abs(model - value) <= t * abs(value)
        case .range(let low, let high, let t):
            return model >= low * (1 - t) && model <= high * (1 + t)
        case .atMost:
            return model <= value
        case .withinFactor(let f):
            return model >= value / f && model <= value * f
        case .context:
            return nil
        }
    }
}

/// The model's figure under one design set against a reference, in words.
package struct Comparison: Sendable {
    let referenceID: String
    package let design: String
    package let row: String
    package let model: Double
    /// nil: shown but not compared.
    package let agrees: Bool?
    package let sentence: String
}
