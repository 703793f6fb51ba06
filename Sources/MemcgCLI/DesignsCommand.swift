import ArgumentParser
import Memcg
import Scenarios

/// `memcg designs`: the presets and the knobs they set.
struct DesignsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "designs",
        abstract: "List the kernel design presets and every design knob.",
        discussion: "A preset names a kernel release's combination of knob values; --set KNOB=VALUE on any run overrides one knob."
    )

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        print(json ? DesignsCommand.json() : DesignsCommand.text())
    }

    static func text() -> String {
        var lines: [String] = []
        lines.append("PRESETS (default \(Preset.defaultName))")
        let knobWidth = Design.knobs.map(\.name.count).max() ?? 0
        for preset in Preset.all {
            lines.append("")
            lines.append("\(preset.name)  \(preset.summary)")
            for (knob, value) in preset.design.settings {
                lines.append("    " + knob.padding(toLength: knobWidth, withPad: " ", startingAt: 0) + "  " + value)
            }
            for note in preset.simplifications { lines.append("    simplified: \(note)") }
        }
        lines.append("")
        lines.append("KNOBS")
        for knob in Design.knobs {
            lines.append("")
            lines.append("\(knob.name)  \(knob.summary)")
            for (value, summary) in knob.values {
                lines.append("    \(value): \(summary)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json() -> String {
        let quote = JSONWriter.quote
        let presets = Preset.all.map { preset in
            let knobs = preset.design.settings.map { "\(quote($0.knob)):\(quote($0.value))" }.joined(separator: ",")
            let notes = preset.simplifications.map(quote).joined(separator: ",")
            return "{\"name\":\(quote(preset.name)),\"summary\":\(quote(preset.summary)),\"knobs\":{\(knobs)},\"simplifications\":[\(notes)]}"
        }
        let knobs = Design.knobs.map { knob in
            let values = knob.values.map { "{\"name\":\(quote($0.name)),\"summary\":\(quote($0.summary))}" }.joined(separator: ",")
            return "{\"name\":\(quote(knob.name)),\"summary\":\(quote(knob.summary)),\"values\":[\(values)]}"
        }
        return "{\"default\":\(quote(Preset.defaultName)),\"presets\":[\(presets.joined(separator: ","))],\"knobs\":[\(knobs.joined(separator: ","))]}"
    }
}
