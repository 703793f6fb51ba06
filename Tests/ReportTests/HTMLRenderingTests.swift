import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Report
import Testing

/// Where headless Chromium is, if installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
}

@Suite struct HTMLRenderingTests {
    /// Collects XML parse errors and the elements seen.
    final class Checker: NSObject, XMLParserDelegate {
        var error: String?
        var elements: [String: Int] = [:]
        var attributes: [[String: String]] = []
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            error = "line \(parser.lineNumber): \(parseError)"
        }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            elements[name, default: 0] += 1
            self.attributes.append(attributes)
        }
    }

    static func check(_ text: String) -> Checker {
        // The doctype is HTML's, not XML's; everything after it must parse as XML.
        let body = text.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let checker = Checker()
        parser.delegate = checker
        if !parser.parse(), checker.error == nil { checker.error = "parse failed" }
        return checker
    }

    @Test func everyChartIsWellFormedSVGWithTitleAxesAndLegend() {
        let charts = ReportFixture.report.sections.flatMap(\.charts)
        #expect(!charts.isEmpty)
        for chart in charts {
            let svg = SVGChart.render(chart)
            let checker = Self.check(svg)
            #expect(checker.error == nil, "\(chart.id): \(checker.error ?? "")")
            #expect(checker.elements["title"] == 1)
            #expect((checker.elements["line"] ?? 0) >= 2 + chart.series.count)
            #expect(checker.elements["g"] == chart.series.count + 1)
            #expect(svg.contains(chart.x.label) && svg.contains(chart.y.label))
            for series in chart.series { #expect(svg.contains(series.name)) }
        }
    }

    @Test func thePageIsWellFormedAndSelfContained() {
        let html = HTMLRenderer.render(ReportFixture.report)
        let checker = Self.check(html)
        #expect(checker.error == nil, "\(checker.error ?? "")")
        #expect(checker.elements["svg"] == ReportFixture.report.sections.flatMap(\.charts).count)
        #expect(checker.elements["table"] == ReportFixture.report.sections.flatMap(\.tables).count)
        // Nothing is loaded from anywhere: no src, no stylesheet links.
        #expect(!checker.attributes.contains { $0["src"] != nil })
        #expect(checker.elements["link"] == nil)
        #expect(!html.contains("@import"))
    }

    @Test(.enabled(if: Chromium.path != nil || Chromium.inCI,
                   "chromium is not installed here (apt-get install -y chromium); CI installs it and runs this test"))
    func chromiumLoadsThePageWithoutErrorsAndDrawsEveryChart() throws {
        let chromium = try #require(Chromium.path, "CI must have chromium installed (.ci/run installs it)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memcg-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html")
        try HTMLRenderer.render(ReportFixture.report).write(to: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                             "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", file.absoluteString]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium exited \(process.terminationStatus): \(log.suffix(2000))")

        // Console messages from the page appear in the log as CONSOLE lines.
        let consoleErrors = log.split(separator: "\n").filter {
            $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("SyntaxError")
        }
        #expect(consoleErrors.isEmpty, "console: \(consoleErrors)")
        let charts = ReportFixture.report.sections.flatMap(\.charts).count
        #expect(dom.contains("data-charts=\"\(charts)\""), "the page's script did not run: \(dom.prefix(300))")
        #expect(dom.contains("data-charts-drawn=\"\(charts)\""), "not every chart drew")
        #expect(dom.components(separatedBy: "data-drawn=\"yes\"").count - 1 == charts)
    }
}
