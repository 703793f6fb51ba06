/// One memcg statistic that the model keeps: a `memcg_stat_item`,
/// `node_stat_item` or `vm_event_item` as cgroup v2's memory.stat shows it.
///
/// Cases are in memory.stat order (mm/memcontrol.c `memory_stats[]`, then
/// the event lines), with `slab` right after the two slab items, where the
/// kernel prints it.
///
/// Units. Callers pass bytes for the items the kernel keeps in bytes since
/// 5.9 (`percpu` and the two slab items: objects are charged in bytes
/// through obj_cgroup), whole pages for the other state items and counts
/// for events. The spill threshold of a byte item is the batch in bytes,
/// as the kernel scales it. `kernel_stack`, kept in KiB by the kernel, only
/// ever moves in whole stacks here and is passed in pages.
public enum MemcgStatItem: Int, CaseIterable, Sendable, CustomStringConvertible {
    case anon
    case file
    case kernel
    case kernelStack
    case percpu
    case sock
    case shmem
    case fileMapped
    case fileDirty
    case fileWriteback
    case inactiveAnon
    case activeAnon
    case inactiveFile
    case activeFile
    case unevictable
    case slabReclaimable
    case slabUnreclaimable
    /// Not a counter: the sum of the two slab items, printed after them.
    case slab
    case workingsetRefaultAnon
    case workingsetRefaultFile
    case workingsetActivateAnon
    case workingsetActivateFile
    case workingsetRestoreAnon
    case workingsetRestoreFile
    case pgscan
    case pgsteal
    case pgscanKswapd
    case pgscanDirect
    case pgstealKswapd
    case pgstealDirect
    /// Page faults of the memcg's tasks (`count_memcg_event_mm` in
    /// `handle_mm_fault`), counted to the faulting task's memcg.
    case pgfault
    /// Faults that had to read the page in: here, swap-ins (`do_swap_page`).
    case pgmajfault
    case pgrefill
    case pgactivate
    case pgdeactivate

    /// The key memory.stat prints.
    package var key: String {
        switch self {
        case .anon: return "anon"
        case .file: return "file"
        case .kernel: return "kernel"
        case .kernelStack: return "kernel_stack"
        case .percpu: return "percpu"
        case .sock: return "sock"
        case .shmem: return "shmem"
        case .fileMapped: return "file_mapped"
        case .fileDirty: return "file_dirty"
        case .inactiveAnon: return "inactive_anon"
        case .activeAnon: return "active_anon"
        case .inactiveFile: return "inactive_file"
        case .activeFile: return "active_file"
        case .unevictable: return "unevictable"
        case .slabReclaimable: return "slab_reclaimable"
        case .slabUnreclaimable: return "slab_unreclaimable"
        case .slab: return "slab"
        case .workingsetRefaultAnon: return "workingset_refault_anon"
        case .workingsetRefaultFile: return "workingset_refault_file"
        case .pgscan: return "pgscan"
        case .pgsteal: return "pgsteal"
        case .pgactivate: return "pgactivate"
        case .pgdeactivate: return "pgdeactivate"
        case .fileWriteback: return "file_writeback"
        case .workingsetActivateAnon: return "workingset_activate_anon"
        case .workingsetActivateFile: return "workingset_activate_file"
        case .workingsetRestoreAnon: return "workingset_restore_anon"
        case .workingsetRestoreFile: return "workingset_restore_file"
        case .pgfault: return "pgfault"
        case .pgmajfault: return "pgmajfault"
        case .pgrefill: return "pgrefill"
        case .pgscanKswapd: return "pgscan_kswapd"
        case .pgscanDirect: return "pgscan_direct"
        case .pgstealKswapd: return "pgsteal_kswapd"
        case .pgstealDirect: return "pgsteal_direct"
        }
    }

    public var description: String { key }

    /// A cumulative count that only grows. The reclaim events are
    /// `vm_event_item`s; the refault counts are node state items in the
    /// kernel but are counted like events and printed as plain numbers.
    package var isEvent: Bool {
        switch self {
        case .workingsetRefaultAnon, .workingsetRefaultFile, .pgscan, .pgsteal, .pgactivate, .pgdeactivate,
             .workingsetActivateAnon, .workingsetActivateFile, .workingsetRestoreAnon, .workingsetRestoreFile,
             .pgrefill, .pgscanKswapd, .pgscanDirect, .pgstealKswapd, .pgstealDirect, .pgfault, .pgmajfault:
            return true
        default:
            return false
        }
    }

    /// Whether the value is in pages, printed multiplied by 4096 as bytes
    /// (the kernel's `memcg_page_state_unit` gives bytes for every state
    /// item once its own storage unit is accounted for). Events and the
    /// refault counts are printed as they are.
    package var unitIsPages: Bool { !isEvent && !unitIsBytes }

    /// Whether callers pass and memory.stat prints bytes (the kernel's `_B` items).
    package var unitIsBytes: Bool {
        switch self {
        case .percpu, .slabReclaimable, .slabUnreclaimable, .slab: return true
        default: return false
        }
    }

    /// The item's unit in bytes when printed: a page, a byte, or 1 for counts.
    var bytesPerUnit: Int { unitIsPages ? 4_096 : 1 }

    /// Whether the kernel also keeps this item per NUMA node (a
    /// `node_stat_item`, in the memcg's per-node lruvec), so that
    /// memory.numa_stat shows it. `kernel`, `percpu` and `sock` are
    /// memcg-only items; reclaim events are memcg-wide.
    package var isPerNode: Bool {
        switch self {
        case .kernel, .percpu, .sock, .slab, .pgscan, .pgsteal, .pgactivate, .pgdeactivate,
             .pgrefill, .pgscanKswapd, .pgscanDirect, .pgstealKswapd, .pgstealDirect, .pgfault, .pgmajfault:
            return false
        default:
            return true
        }
    }

    /// Whether the model stores a counter for it (`slab` is derived).
    package var isStored: Bool { self != .slab }

    /// Whether bee07b33db78's offline flush covered it: only
    /// NR_SLAB_RECLAIMABLE, memcg-wide and per node. memcg_flush_percpu_vmstats
    /// (memcg, slab_only=true) set min_idx = NR_SLAB_RECLAIMABLE and max_idx =
    /// NR_SLAB_UNRECLAIMABLE and looped while i < max_idx, so the
    /// unreclaimable counter, the next item, was left out.
    var isFlushedAtOffline: Bool { self == .slabReclaimable }

    /// The per-node items in case order.
    static let perNodeItems: [MemcgStatItem] = allCases.filter(\.isPerNode)
}
