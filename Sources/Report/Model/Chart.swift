/// A chart of a section: one or more series over a shared pair of axes.
/// The renderers draw it as SVG; the JSON carries its points.
public struct Chart: Sendable {
    public struct Axis: Sendable {
        public let label: String
        public let unit: FigureUnit
        public let logarithmic: Bool
        public init(_ label: String, unit: FigureUnit, logarithmic: Bool = false) {
            self.label = label
            self.unit = unit
            self.logarithmic = logarithmic
        }
    }

    public struct Series: Sendable {
        public let name: String
        public let points: [(x: Double, y: Double)]
        /// Reference lines are dashed so they never pass for model output.
        public let isReference: Bool
        public init(_ name: String, points: [(x: Double, y: Double)], isReference: Bool = false) {
            self.name = name
            self.points = points
            self.isReference = isReference
        }
    }

    public let id: String
    public let title: String
    public let x: Axis
    public let y: Axis
    public let series: [Series]

    public init(id: String, title: String, x: Axis, y: Axis, series: [Series]) {
        self.id = id
        self.title = title
        self.x = x
        self.y = y
        self.series = series
    }
}
