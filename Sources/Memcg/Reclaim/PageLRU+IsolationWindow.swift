import KernelSim

// The window between isolate_lru_folios and move_folios_to_lru. Reclaim
// holds a batch off its lists while shrink_folio_list decides each page;
// on a real machine other CPUs run meanwhile, and a memcg can go offline
// in that window (seed 003). With a nonzero `isolationWindow` the pages
// reclaim keeps are put back that much virtual time later, so that other
// work interleaves; with zero (the default) they are put back at once.

extension PageLRU {
    /// Puts back what reclaim keeps of an isolated batch: now, or when
    /// the isolation window ends.
    func finishIsolation(_ pages: [PageID], memcg: MemCgroup, node: Int, file: Bool) {
        guard isolationWindow > .zero, !pages.isEmpty else {
            putback(pages, memcg: memcg, node: node, file: file)
            return
        }
        kernel.schedule(after: isolationWindow, "move_folios_to_lru") { [unowned self] in
            memcg.lruState!.lruvecs[node].isolated[file ? 1 : 0] -= pages.count
            for id in pages {
                table[id].flags.remove(.isolated)
                if table[id].flags.contains(.freeOnPutback) {
                    table[id].flags.remove(.freeOnPutback)
                    freeDroppedPage(id)
                } else {
                    listAdd(id)
                }
            }
        }
    }

    /// A page freed by its owner while reclaim holds it: with a window,
    /// reclaim frees it at putback (its frame and charge until then).
    func deferFreeUntilPutback(_ id: PageID) -> Bool {
        guard isolationWindow > .zero else { return false }
        table[id].flags.insert(.freeOnPutback)
        return true
    }

    /// Frees a page whose owner let go of it while it was isolated.
    private func freeDroppedPage(_ id: PageID) {
        let record = table[id]
        let memcg = owners[Int(record.owner)]!
        accountCharged(id, memcg, -1)
        host.freeFrames[Int(record.node)] += 1
        table.free(id)
        controller.uncharge(memcg, pages: 1)
    }
}
