/// A range of seeds, possibly one shard of it, under one or more designs.
public struct FuzzCampaign: Sendable {
    public let seeds: ClosedRange<UInt64>
    /// 1-based shard index and shard count: this process runs the seeds
    /// whose position in the range is congruent to index-1 modulo count.
    public let shard: (index: Int, count: Int)

    public init(seeds: ClosedRange<UInt64>, shard: (index: Int, count: Int) = (1, 1)) {
        self.seeds = seeds
        self.shard = shard
    }

    /// The seeds this shard runs, in order.
    public var shardSeeds: [UInt64] {
        var result: [UInt64] = []
        var position = 0
        for seed in seeds {
            if position % shard.count == shard.index - 1 { result.append(seed) }
            position += 1
        }
        return result
    }

    /// Parses `A..B` (or a single `N`).
    public static func parseSeeds(_ text: String) -> ClosedRange<UInt64>? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: true)
        if text.contains("..") {
            guard parts.count == 2, let a = UInt64(parts[0]), let b = UInt64(parts[1]), a <= b else { return nil }
            return a...b
        }
        guard let n = UInt64(text) else { return nil }
        return n...n
    }

    /// Parses `K/N` with 1 <= K <= N.
    public static func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
        return (k, n)
    }

    /// Parses `point=rate,point=rate`.
    public static func parseFaults(_ text: String) -> [(point: String, rate: Double)]? {
        var result: [(String, Double)] = []
        for item in text.split(separator: ",") {
            let kv = item.split(separator: "=")
            guard kv.count == 2, let rate = Double(kv[1]), rate >= 0, rate <= 1 else { return nil }
            result.append((String(kv[0]), rate))
        }
        return result
    }
}
