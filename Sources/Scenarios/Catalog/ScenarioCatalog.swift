/// Every registered scenario, in the order `memcg scenario list` prints them.
public enum ScenarioCatalog {
    public static let all: [any Scenario] = [
        EngineRCUScenario(),
        VMStatDriftScenario(),
        CgroupChurnScenario(),
        ListLRUOverheadScenario(),
        CacheTeardownScenario(),
        CacheTeardownScalingScenario(),
        SlabSharingScenario(),
        ReclaimPressureScenario(),
        LRUOfflineScenario(),
        DyingCgroupsScenario(),
        LongRunningHostScenario(),
    ]
}
