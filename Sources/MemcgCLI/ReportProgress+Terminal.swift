import Foundation
import Report
import Synchronization

/// The one progress line `memcg report` keeps on a terminal's stderr:
/// section, design, percent and ETA, redrawn every half second while a run
/// is going, shown only once the work has taken more than a second.
// Unchecked: the timer is set up in init and cancelled in finish, both on
// the command's thread; everything the timer's handler reads is in `state`.
final class ProgressLine: @unchecked Sendable {
    private struct State {
        var last: ReportProgress?
        var since = ContinuousClock.now
        var drawn = false
    }
    private let state = Mutex(State())
    private let started = ContinuousClock.now
    private let timer: (any DispatchSourceTimer)?

    init(enabled: Bool) {
        guard enabled else { timer = nil; return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        self.timer = timer
        timer.schedule(deadline: .now() + 1, repeating: 0.5)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    func update(_ progress: ReportProgress) {
        state.withLock {
            $0.last = progress
            $0.since = ContinuousClock.now
        }
    }

    private func draw() {
        let line: String? = state.withLock { s in
            guard let p = s.last else { return nil }
            s.drawn = true
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds)
            let eta = p.etaSeconds.map { String(format: " ETA %.0f s", max(0, $0 - (ContinuousClock.now - s.since).seconds)) } ?? ""
            return String(format: "report: section %@, %@, %@ (run %d/%d) %3.0f%%%@, %.0f s so far",
                          p.section, p.experiment, p.design, p.runIndex + 1, p.runCount, p.fraction * 100, eta, seconds)
        }
        if let line { FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
    }

    func finish() {
        timer?.cancel()
        let drawn = state.withLock { $0.drawn }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Ctrl-C during a report: the first asks it to stop after the current
/// run and print what finished; a second one ends the process at once.
// Unchecked: the signal source is only created and resumed in init; the
// handler shares nothing but the atomic flag.
final class Interrupt: @unchecked Sendable {
    private let flag = Atomic<Bool>(false)
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            if self.flag.exchange(true, ordering: .sequentiallyConsistent) {
                signal(SIGINT, SIG_DFL)
                kill(getpid(), SIGINT)
            } else {
                FileHandle.standardError.write(Data("\nstopping after the current run; Ctrl-C again to quit at once\n".utf8))
            }
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    var requested: Bool { flag.load(ordering: .sequentiallyConsistent) }
}
