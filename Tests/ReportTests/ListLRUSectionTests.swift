@testable import Report
import Testing

/// The list_lru section's table prints memcg_nr_cache_ids only for the
/// releases that had the array.
@Suite struct ListLRUSectionTests {
    @Test func cacheIDArraySizeIsNotApplicableFrom5_18() {
        let values = ListLRUSection.cacheIDArraySizes(["v5.13": 24_576, "v5.18": 0, "v6.12": 0, "next": 0])
        #expect(values == ["v5.13": 24_576])
        #expect(FigureFormat.text(values["v6.12"], .count) == "n/a")
    }
}
