// Charging past memory.max as `try_charge_memcg` does it, and the memcg
// OOM killer's entry (`mem_cgroup_oom`, `mem_cgroup_out_of_memory`). The
// killer itself chooses among tasks, which the workload layer owns: it
// installs it with `setOOMKiller`.

/// What an OOM kill achieved, for the path that asked for it.
package enum OOMKillOutcome: Sendable, Equatable {
    /// A task other than the one charging was killed and its memory freed.
    case killedOther
    /// The charging task itself was chosen: its charge fails, it dies.
    case killedCurrent
    /// No task may be killed (none, or all at oom_score_adj -1000).
    case noVictim
}

/// The retry state of one charge (`try_charge_memcg`'s locals).
struct ChargeRetry {
    var retries = MemoryController.chargeRetries
    var drained = false
    var rounds = 0
}

extension MemoryController {
    /// Installs the OOM killer: given the OOM domain (a memcg, or nil for
    /// the whole machine) it kills a victim and says what came of it.
    package func setOOMKiller(_ killer: @escaping (MemCgroup?) -> OOMKillOutcome) {
        oomKiller = killer
    }

    /// `out_of_memory` in a domain, through the installed killer.
    func outOfMemory(domain: MemCgroup?) -> OOMKillOutcome {
        oomKiller?(domain) ?? .noVictim
    }

    /// One round of `try_charge_memcg` after the counter of `over` refused:
    /// reclaim its subtree; retry when that made room or freed anything,
    /// after draining the stocks once, or while retries last; then the
    /// memcg OOM killer (`oom` counted), and retry with fresh retries if it
    /// killed another task. Throws ENOMEM when the charging task is the
    /// victim or there is none.
    func retryCharge(over: MemCgroup, pages: Int, _ state: inout ChargeRetry) throws(MemcgError) {
        state.rounds += 1
        let reclaimed: Int
        if let reclaim = chargeFailureReclaim {
            reclaimed = reclaim(over, pages)
        } else {
            reclaimed = self.pages.tryToFreeMemcgPages(over, pages: pages)
        }
        if over.memory.max - over.memory.usage >= pages { return }
        if !state.drained {
            drainStocks(caching: over)
            state.drained = true
            return
        }
        // Reclaim that keeps freeing keeps the charge retrying; a cap on
        // the rounds guards the model against a reclaim that frees without end.
        if reclaimed > 0, state.rounds < 100_000 { return }
        // A retry after an idle reclaim (nothing scanned, nothing counted)
        // would repeat it exactly, counting `max` again: count the retries'
        // events and go on to the OOM killer.
        if chargeFailureReclaim == nil, self.pages.lastReclaimWasIdle, state.retries > 0 {
            for _ in 0..<state.retries { memoryEvent(over, .max) }
            over.memory.failCount += state.retries
            state.retries = 0
        }
        if state.retries > 0 {
            state.retries -= 1
            return
        }
        memoryEvent(over, .oom)
        switch outOfMemory(domain: over) {
        case .killedOther:
            state.retries = Self.chargeRetries
        case .killedCurrent:
            throw MemcgError(.ENOMEM, "killed by the OOM killer: \(over.path) is at memory.max")
        case .noVictim:
            throw MemcgError(.ENOMEM, "charge of \(pages) page(s) exceeds memory.max of \(over.path) and the OOM killer found no task to kill")
        }
    }
}
