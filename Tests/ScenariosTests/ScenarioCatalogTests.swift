import Testing
import Scenarios

// Keeps the ScenariosTests target non-empty so that the package builds.
@Suite struct ScenarioCatalogTests {
    @Test func catalogIsNotEmpty() {
        #expect(!ScenarioCatalog.all.isEmpty)
    }
}
