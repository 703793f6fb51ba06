import Report
import Scenarios
import Testing

@Suite struct ReportPlanTests {
    @Test func everySectionPlansAtBothScalesWithTheLegacyAndFixedDesigns() throws {
        for full in [false, true] {
            let plan = try ReportPlan(ReportOptions(full: full))
            #expect(plan.sections.count == ReportPlan.catalog.count)
            for section in plan.sections {
                let designs = Set(section.experiments.flatMap(\.designs))
                #expect(designs.count >= 2, "section \(section.section.id) compares fewer than two designs")
            }
            // v6.12 and next run wherever the mechanism exists there.
            let everywhere = plan.sections.filter { $0.section.id != "000/001" }
            for section in everywhere {
                let designs = Set(section.experiments.flatMap(\.designs))
                #expect(designs.isSuperset(of: ["v6.12", "next"]), "section \(section.section.id)")
            }
        }
    }

    @Test func theTeardownSectionSaysWhyCurrentKernelsAreLeftOut() throws {
        let plan = try ReportPlan(ReportOptions(seeds: ["001"]))
        #expect(plan.sections.count == 1)
        #expect(plan.sections[0].leftOut.contains { $0.hasPrefix("v6.12:") })
        #expect(Set(plan.runs.map(\.design)) == ["v4.10", "v4.11"])
    }

    /// A report's run is the scenario's own host: its memory size too, so
    /// that pressure comes where the scenario's description says it does
    /// and the printed rerun command gives the same figures.
    @Test func runsUseTheScenariosHostMemory() throws {
        let plan = try ReportPlan(ReportOptions(seeds: ["dying"]))
        let host = try #require(plan.runs.first { $0.scenario.name == "long-running-host" })
        #expect(host.context.topology.memoryBytes == host.scenario.defaultTopology.memoryBytes)
        #expect(host.context.topology.memoryBytes == 2 << 30)
    }

    @Test func badSelectionsNameWhatIsValid() {
        #expect(throws: ReportError.unknownSection("005", valid: ReportPlan.selectors)) {
            try ReportPlan(ReportOptions(seeds: ["005"]))
        }
        #expect(throws: ReportError.self) { try ReportPlan(ReportOptions(designs: ["v9.9"])) }
        do {
            _ = try ReportPlan(ReportOptions(designs: ["v9.9"]))
        } catch {
            #expect(error.description.contains("valid presets: v3.18"))
        }
        do {
            _ = try ReportPlan(ReportOptions(seeds: ["000"], designs: ["v6.12"]))
            Issue.record("a section none of whose designs were chosen must be an error")
        } catch {
            #expect(error.description.contains("v4.10"))
        }
    }

    @Test func designsNarrowEverySection() throws {
        let plan = try ReportPlan(ReportOptions(seeds: ["002", "004"], designs: ["v6.12"]))
        #expect(Set(plan.runs.map(\.design)) == ["v6.12"])
        #expect(plan.sections.map(\.section.id) == ["002", "004"])
    }

    @Test func runKeysAreDistinct() throws {
        let plan = try ReportPlan(ReportOptions(full: true))
        #expect(Set(plan.runs.map(\.key)).count == plan.runs.count)
    }
}
