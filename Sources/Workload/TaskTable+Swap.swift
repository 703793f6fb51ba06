public import Memcg

// A task touching its anonymous memory again: pages that reclaim sent to
// swap come back in (`do_swap_page`).

extension TaskTable {
    /// The task accesses the first `bytes` of its anonymous memory (all of
    /// it when nil), in the order it faulted it in: a resident page's pte
    /// turns young; a page out on swap is swapped in, a page fault's cost,
    /// charged as `PageLRU.swapIn` says (the memcg its swap entry recorded
    /// while that is online, else the task's own).
    public func touchAnon(_ task: SimTask, bytes: Int?) throws(MemcgError) {
        try perform(touchSteps(task, bytes: bytes), as: task)
    }

    func touchSteps(_ task: SimTask, bytes: Int?) -> ActionSteps {
        let pages = bytes.map { $0 / PageSize.bytes + ($0 % PageSize.bytes == 0 ? 0 : 1) } ?? task.anonPageIDs.count
        return ActionSteps(count: Swift.min(pages, task.anonPageIDs.count)) { [unowned(unsafe) self] index throws(MemcgError) in
            // The task may have exited meanwhile (its pages freed).
            guard index < task.anonPageIDs.count else { return }
            let lru = controller.pages
            let id = task.anonPageIDs[index]
            if lru.isResident(id) {
                lru.touch(id)
                return
            }
            controller.countPageFault(task.memcg, major: true)
            task.anonPageIDs[index] = try lru.swapIn(id, faulting: task.memcg)
            faulted(task)
        }
    }
}
