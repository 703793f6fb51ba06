import Foundation

/// Draws a `Chart` as a standalone SVG: a title, axes with ticks, labels
/// and units, one line per series, and a legend. Reference series are
/// dashed so they never pass for model output.
package enum SVGChart {
    static let width = 960.0, height = 440.0
    /// The legend sits right of the plot, where it cannot hide a line.
    static let left = 96.0, right = 280.0, top = 48.0, bottom = 64.0
    /// Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]

    package static func render(_ chart: Chart) -> String {
        let plotW = width - left - right, plotH = height - top - bottom
        let drawable = chart.series.map { s in
            s.points.filter { $0.x.isFinite && $0.y.isFinite && (!chart.x.logarithmic || $0.x > 0) && (!chart.y.logarithmic || $0.y > 0) }
        }
        let xs = drawable.flatMap { $0.map(\.x) }, ys = drawable.flatMap { $0.map(\.y) }
        let xAxis = Scale(values: xs, logarithmic: chart.x.logarithmic, binary: chart.x.unit == .bytes, length: plotW)
        let yAxis = Scale(values: ys, logarithmic: chart.y.logarithmic, binary: chart.y.unit == .bytes, length: plotH)
        func px(_ x: Double) -> Double { left + xAxis.position(x) }
        func py(_ y: Double) -> Double { top + plotH - yAxis.position(y) }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-\(chart.id)" viewBox="0 0 \(n(width)) \(n(height))" width="\(n(width))" height="\(n(height))" role="img" aria-labelledby="chart-\(chart.id)-title">
        <title id="chart-\(chart.id)-title">\(escape(chart.title))</title>
        <rect x="0" y="0" width="\(n(width))" height="\(n(height))" fill="#ffffff"/>
        <text x="\(n(left + plotW / 2))" y="26" text-anchor="middle" font-family="sans-serif" font-size="16" font-weight="bold">\(escape(chart.title))</text>

        """
        // Grid and ticks.
        for tick in xAxis.ticks {
            let x = px(tick)
            svg += "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(top + plotH))\" stroke=\"#e4e4e4\"/>\n"
            svg += "<text x=\"\(n(x))\" y=\"\(n(top + plotH + 18))\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\">\(escape(label(tick, chart.x.unit)))</text>\n"
        }
        for tick in yAxis.ticks {
            let y = py(tick)
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotW))\" y2=\"\(n(y))\" stroke=\"#e4e4e4\"/>\n"
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"11\">\(escape(label(tick, chart.y.unit)))</text>\n"
        }
        svg += "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(top + plotH))\" x2=\"\(n(left + plotW))\" y2=\"\(n(top + plotH))\" stroke=\"#333333\"/>\n"
        svg += "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotH))\" stroke=\"#333333\"/>\n"
        svg += "<text x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 18))\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"13\">\(escape(axisTitle(chart.x)))</text>\n"
        svg += "<text x=\"18\" y=\"\(n(top + plotH / 2))\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"13\" transform=\"rotate(-90 18 \(n(top + plotH / 2)))\">\(escape(axisTitle(chart.y)))</text>\n"

        // Series.
        var colour = 0
        for (series, points) in zip(chart.series, drawable) {
            let stroke = series.isReference ? "#555555" : palette[colour % palette.count]
            if !series.isReference { colour += 1 }
            let dash = series.isReference ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<g class=\"series\" data-name=\"\(escape(series.name))\">\n"
            if points.count > 1 {
                let path = points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ")
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\"\(dash)/>\n"
            }
            for p in points {
                svg += "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"\(series.isReference ? 5 : 3)\" fill=\"\(series.isReference ? "none" : stroke)\" stroke=\"\(stroke)\"\(dash)/>\n"
            }
            svg += "</g>\n"
        }

        // Legend, right of the plot.
        let legendX = left + plotW + 16
        let legendH = 18.0 * Double(chart.series.count) + 8
        svg += "<g class=\"legend\">\n<rect x=\"\(n(legendX))\" y=\"\(n(top))\" width=\"\(n(right - 24))\" height=\"\(n(legendH))\" fill=\"#ffffff\" stroke=\"#bbbbbb\"/>\n"
        colour = 0
        for (i, series) in chart.series.enumerated() {
            let stroke = series.isReference ? "#555555" : palette[colour % palette.count]
            if !series.isReference { colour += 1 }
            let y = top + 14 + 18 * Double(i)
            let dash = series.isReference ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<line x1=\"\(n(legendX + 8))\" y1=\"\(n(y - 4))\" x2=\"\(n(legendX + 32))\" y2=\"\(n(y - 4))\" stroke=\"\(stroke)\" stroke-width=\"2\"\(dash)/>\n"
            svg += "<text x=\"\(n(legendX + 38))\" y=\"\(n(y))\" font-family=\"sans-serif\" font-size=\"11\">\(escape(series.name))</text>\n"
        }
        svg += "</g>\n</svg>\n"
        return svg
    }

    static func axisTitle(_ axis: Chart.Axis) -> String {
        let unit: String = switch axis.unit {
        case .bytes: "bytes, binary prefixes"
        case .count: "count"
        default: axis.unit.symbol
        }
        return "\(axis.label) (\(unit)\(axis.logarithmic ? ", log scale" : ""))"
    }

    static func label(_ value: Double, _ unit: FigureUnit) -> String {
        switch unit {
        case .bytes: FigureFormat.bytes(value)
        case .pages, .count, .exponent: FigureFormat.grouped(value)
        case .seconds: FigureFormat.grouped(value) + " s"
        case .milliseconds: FigureFormat.grouped(value) + " ms"
        case .percent: FigureFormat.grouped(value) + " %"
        }
    }

    static func n(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Maps data values to pixels along one axis, and picks its ticks:
    /// powers of ten on a logarithmic axis (powers of two for bytes, so the
    /// labels read 1 MiB, 32 MiB, 1 GiB), round steps on a linear one that
    /// starts at 0.
    struct Scale {
        let low: Double, high: Double, logarithmic: Bool, length: Double
        let ticks: [Double]

        init(values: [Double], logarithmic: Bool, binary: Bool, length: Double) {
            self.logarithmic = logarithmic
            self.length = length
            var lo = values.min() ?? 1, hi = values.max() ?? 1
            if logarithmic {
                let base = binary ? 2.0 : 10.0
                func exp(_ v: Double) -> Double { log(v) / log(base) }
                var e0 = floor(exp(lo)), e1 = ceil(exp(hi))
                if e1 <= e0 { e1 = e0 + 1 }
                let step = max(1, ceil((e1 - e0) / 6))
                e0 = floor(e0 / step) * step
                e1 = ceil(e1 / step) * step
                lo = pow(base, e0)
                hi = pow(base, e1)
                self.ticks = stride(from: e0, through: e1, by: step).map { pow(base, $0) }
            } else {
                lo = min(lo, 0)
                if hi <= lo { hi = lo + 1 }
                let scale = binary ? pow(1024, max(0, floor(log(max(abs(hi), 1)) / log(1024)))) : 1
                let step = Scale.niceStep((hi - lo) / scale / 5) * scale
                lo = floor(lo / step) * step
                hi = ceil(hi / step) * step
                self.ticks = stride(from: lo, through: hi + step / 2, by: step).map { $0 }
            }
            self.low = lo
            self.high = hi
        }

        func position(_ v: Double) -> Double {
            if logarithmic { return (log10(v) - log10(low)) / (log10(high) - log10(low)) * length }
            return (v - low) / (high - low) * length
        }

        static func niceStep(_ raw: Double) -> Double {
            let magnitude = pow(10, floor(log10(raw)))
            let f = raw / magnitude
            return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude
        }
    }
}
