/// Whether reclaim started from the root can reach a memcg's lruvecs, as
/// it moves through the memcg's offline: the lifecycle of its lists.
///
/// Reclaim walks memcgs with `mem_cgroup_iter`. Up to 3.18 (and in the
/// 2014 RFC) the walk took `css_tryget_online`, which fails once the
/// css_offline callback has returned: the lists of an offlined memcg are
/// out of reclaim's reach. From 3.19 the walk takes `css_tryget` and
/// visits dying memcgs too (b2052564e66d, "mm: memcontrol: continue cache
/// reclaim from offlined groups").
package enum LruvecReach: Sendable, Equatable {
    /// Online, or dying before its offline step ran: reclaim visits it.
    case online
    /// Its offline page step is running (cgroup_mutex held): reclaim still
    /// visits it (CSS_ONLINE is cleared only after css_offline returns),
    /// and the step itself will move whatever is put on its lists.
    case reparenting
    /// Offline done; reclaim still visits it (3.19 and later).
    case dyingVisited
    /// Offline done; reclaim no longer visits it. A page on these lists
    /// is AWOL: on no list reclaim from the root can reach.
    case dyingUnreachable

    /// Whether reclaim's memcg walk scans these lists.
    var reclaimVisits: Bool { self != .dyingUnreachable }

    /// The reach after the offline step, in a design whose reclaim does or
    /// does not visit dying memcgs.
    static func afterOffline(reclaimVisitsDying: Bool) -> LruvecReach {
        reclaimVisitsDying ? .dyingVisited : .dyingUnreachable
    }
}
