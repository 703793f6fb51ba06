/// The control files that show the statistics.
extension MemcgStats {
    /// The body of memory.stat: every key of the release's table in its
    /// order (see `MemoryStatLayout`), state items in bytes, events as
    /// counts, keys the model does not keep as 0. Reading flushes under
    /// rstat when enough updates are pending, as the kernel's read does.
    package func memoryStatText(_ slot: StatsSlot) -> String {
        checkLive(slot)
        flushIfPastThreshold()
        countersRead += mechanism.countersRead(self, slot.index, items: layout.memoryStat.count)
        var text = ""
        for line in layout.memoryStat {
            switch line {
            case .item(let item), .renamed(_, let item):
                text += "\(line.key) \(outputValue(read(slot, item), item))\n"
            case .unmodelled(let key, _):
                text += "\(key) 0\n"
            }
        }
        return text
    }

    /// The body of memory.numa_stat: one line per node item of the release's
    /// table, `key N0=bytes N1=bytes ...`. Only called when the table has
    /// the file (`MemoryStatTable.hasNumaStat`).
    package func numaStatText(_ slot: StatsSlot) -> String {
        checkLive(slot)
        flushIfPastThreshold()
        var text = ""
        for line in layout.numaStat {
            text += line.key
            switch line {
            case .item(let item), .renamed(_, let item):
                for node in 0..<nodes {
                    text += " N\(node)=\(outputValue(readNode(slot, item, node: node), item))"
                }
            case .unmodelled:
                for node in 0..<nodes { text += " N\(node)=0" }
            }
            text += "\n"
        }
        return text
    }

    /// The counters one memory.stat read of the cgroup loads beyond one per
    /// line: the walk over descendants (and CPUs) the scheme's read does,
    /// which the control file charges at `CostModel.statCounterRead` each.
    package func memoryStatExtraCounters(_ slot: StatsSlot) -> Int {
        checkLive(slot)
        let lines = layout.memoryStat.count
        return mechanism.countersRead(self, slot.index, items: lines) - lines
    }

    private func outputValue(_ value: Int64, _ item: MemcgStatItem) -> Int64 {
        value * Int64(item.bytesPerUnit)
    }
}
