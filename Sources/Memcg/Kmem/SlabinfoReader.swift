/// One open /proc/slabinfo (or a cgroup's memory.kmem.slabinfo) read the
/// way seq_file reads it: a 4 KiB chunk per read(), as many whole lines as
/// fit, then the list lock is dropped until the next read.
///
/// /proc/slabinfo prints a line per root cache with its children's counts
/// added (cache_show with memcg_accumulate_slabinfo). Up to 4.10 its walk
/// goes over slab_caches, children included, each child taking a position
/// and printing nothing (slab_show's is_root_cache test), so child caches
/// created or destroyed ahead of the reader shift the root lines; 4.11
/// walks slab_root_caches only.
///
/// With `SlabinfoResume.position` each chunk starts by walking the list
/// from its head to the number of entries already read (`seq_list_start`),
/// so a cache added at the head or removed ahead of the reader between two
/// chunks makes it repeat or skip an entry, and each chunk costs a walk as
/// long as the position. With `.stableCursor` it resumes at the cache after
/// the last one printed, kept valid when caches leave the list.
///
/// A reader is one pass over the file. It counts what a person comparing
/// the output with the caches that existed throughout would find: entries
/// printed twice (`duplicates`) and caches that existed from the first
/// chunk to the last but were never printed (`missing`).
package final class SlabinfoReader {
    /// seq_file's buffer: one page.
    static let chunkBytes = 4_096

    package let resume: SlabinfoResume
    /// The memcg whose memory.kmem.slabinfo this is; nil for /proc/slabinfo.
    package let memcg: MemCgroup?
    unowned let kmem: KmemAccounting
    /// Whether the walks count in the layer's `listNodesVisited` (not for
    /// the invariant checker's own reads).
    @exclusivity(unchecked) var countsVisits = true
    /// A bound on lines for checkers reading a list that may be corrupt
    /// (a cycle would otherwise never end).
    @exclusivity(unchecked) var maxLines = Int.max

    /// Entries consumed so far (the seq_file position).
    @exclusivity(unchecked) package private(set) var position = 0
    /// Whether the walk is over `slab_root_caches` (/proc/slabinfo from 4.11).
    let walksRootList: Bool
    /// Stable cursor: the slot to print next (-1 at the end).
    @exclusivity(unchecked) var nextSlot: Int32 = -1
    @exclusivity(unchecked) package private(set) var isFinished = false
    @exclusivity(unchecked) private var started = false

    @exclusivity(unchecked) package private(set) var chunks = 0
    @exclusivity(unchecked) private(set) var linesPrinted = 0
    /// List nodes this reader walked (seeking and printing).
    @exclusivity(unchecked) package private(set) var nodesVisited: UInt64 = 0
    /// Nodes walked by the last chunk.
    @exclusivity(unchecked) package private(set) var lastChunkVisits: UInt64 = 0
    @exclusivity(unchecked) package private(set) var duplicates = 0
    @exclusivity(unchecked) package private(set) var missing = 0

    /// Serials of the caches printed so far.
    @exclusivity(unchecked) private(set) var printed: Set<UInt64> = []
    @exclusivity(unchecked) private var presentAtStart: Set<UInt64> = []

    init(kmem: KmemAccounting, memcg: MemCgroup?, resume: SlabinfoResume) {
        self.kmem = kmem
        self.memcg = memcg
        self.resume = resume
        walksRootList = memcg == nil && kmem.slabinfoWalksRootList
    }

    /// Reads the next chunk: "" once the end was reached.
    package func readChunk() -> String {
        guard !isFinished else { return "" }
        chunks += 1
        var visits: UInt64 = 0
        if !started {
            started = true
            presentAtStart = kmem.serials(onListOf: memcg)
            if resume == .stableCursor {
                nextSlot = kmem.listHead(of: memcg)
                kmem.stableReaders.append(self)
            }
        }
        var slot: Int32
        if resume == .position {
            let walk = kmem.advance(from: kmem.listHead(of: memcg), steps: position, of: memcg)
            slot = walk.slot
            visits += UInt64(walk.visited)
        } else {
            slot = nextSlot
        }
        var text = ""
        var bytes = 0
        while slot >= 0 && linesPrinted < maxLines {
            visits += 1
            guard let cache = kmem.caches[Int(slot)] else { break }
            var record = ""
            // slab_show prints the header with the list's first entry,
            // whether or not that entry prints a line.
            if slot == kmem.listHead(of: memcg) && (resume == .position || position == 0) {
                record = SlabInfo.header.joined(separator: "\n") + "\n"
            }
            if memcg != nil {
                record += SlabInfo.line(kmem.allocator.statistics(of: cache.id)) + "\n"
            } else if cache.isRoot {
                // cache_show with memcg_accumulate_slabinfo.
                let (statistics, childVisits) = kmem.accumulatedSlabinfo(of: cache)
                visits += childVisits
                record += SlabInfo.line(statistics) + "\n"
            }
            // Up to 4.10 a child on slab_caches takes a position and prints nothing.
            guard !record.isEmpty else {
                position += 1
                slot = kmem.listSuccessor(slot, of: memcg)
                continue
            }
            let size = record.utf8.count
            if bytes > 0 && bytes + size > Self.chunkBytes { break }
            text += record
            bytes += size
            position += 1
            if memcg != nil || cache.isRoot {
                linesPrinted += 1
                if !printed.insert(cache.serial).inserted { duplicates += 1 }
            }
            slot = kmem.listSuccessor(slot, of: memcg)
        }
        nextSlot = slot
        lastChunkVisits = visits
        nodesVisited += visits
        if countsVisits { kmem.statistics.listNodesVisited += visits }
        if slot < 0 || linesPrinted >= maxLines { finish() }
        return text
    }

    /// Reads chunks until the end; the whole text.
    func readAll() -> String {
        var text = ""
        while !isFinished { text += readChunk() }
        return text
    }

    /// Stops reading (a reader that is not read to the end must be closed,
    /// so that list removals stop updating its cursor).
    package func close() {
        if let index = kmem.stableReaders.firstIndex(where: { $0 === self }) { kmem.stableReaders.remove(at: index) }
        isFinished = true
    }

    private func finish() {
        let presentAtEnd = kmem.serials(onListOf: memcg)
        missing = presentAtStart.intersection(presentAtEnd).subtracting(printed).count
        close()
    }
}
