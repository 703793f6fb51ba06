/// A chart of a section: one or more series over a shared pair of axes.
/// The renderers draw it as SVG; the JSON carries its points.
package struct Chart: Sendable {
    package struct Axis: Sendable {
        package let label: String
        package let unit: FigureUnit
        let logarithmic: Bool
        init(_ label: String, unit: FigureUnit, logarithmic: Bool = false) {
            self.label = label
            self.unit = unit
            self.logarithmic = logarithmic
        }
    }

    package struct Series: Sendable {
        package let name: String
        package let points: [(x: Double, y: Double)]
        /// Reference lines are dashed so they never pass for model output.
        let isReference: Bool
        init(_ name: String, points: [(x: Double, y: Double)], isReference: Bool = false) {
            self.name = name
            self.points = points
            self.isReference = isReference
        }
    }

    package let id: String
    package let title: String
    package let x: Axis
    package let y: Axis
    package let series: [Series]

    init(id: String, title: String, x: Axis, y: Axis, series: [Series]) {
        self.id = id
        self.title = title
        self.x = x
        self.y = y
        self.series = series
    }
}
