// Drives the model through its public library API, as a package that
// depends on it would: a controller built directly, then a script run
// through the cgroupfs interface. Exits 1 on the first unexpected result.
import CgroupFS
import Foundation
import KernelSim
import Memcg

func require(_ condition: Bool, _ what: String) {
    guard condition else {
        print("library-consumer: FAILED: \(what)")
        exit(1)
    }
}

// 1. The controller alone: a cgroup is charged, memory.stat reads it back, and
//    once it is removed and emptied the kernel frees it.
let kernel = Kernel(KernelConfiguration(topology: try Topology(cpus: 2, nodes: 1), seed: 7))
let controller = MemoryController(kernel: kernel, design: try Preset.named("v6.12").design)
let job = try controller.mkdir("/job")
try controller.chargeAnon(job, pages: 10)
controller.stats.flushAll()
require(controller.memoryStat(job).split(separator: "\n").contains("anon 40960"), "memory.stat anon after charging 10 pages and a flush")
require(job.memory.usage >= 10, "the page counter holds the 10 pages")
controller.unchargeAnon(job, pages: 10)
try controller.rmdir("/job")
require(kernel.runUntilIdle(), "the kernel settles")
require(controller.dyingCgroupCount == 0, "the removed cgroup is freed")

// 2. A script through the cgroupfs interface under a per-memcg-cache
//    design: slab objects are charged, a limit is enforced, and the cgroup
//    is freed after its tasks exit.
let script = """
    mkdir /a
    write /a/memory.max 1M
    run --keep --cpu 0 /a slab vm_area_struct 1
    settle
    run --keep --cpu 1 /a kmalloc 64 100
    expect /a/memory.current > 0
    expect-error ENOMEM run /a anon 2M
    cat /a/memory.max
    kill 1000
    kill 1001
    rmdir /a
    settle
    expect /cgroup.stat nr_dying_descendants == 0
    """
var printed = ""
let runner = ScriptRunner(
    configuration: KernelConfiguration(seed: 1),
    design: try Preset.named("v4.11").design,
    output: { printed += $0 })
do {
    try runner.run(script: script, file: "consumer.memcg", checkingInvariants: true)
} catch {
    require(false, "script: \(error)")
}
// The two kept tasks' pids, then the limit as memory.max prints it.
require(printed == "pid 1000\npid 1001\n1048576\n", "the script printed \(printed.debugDescription)")
print("library-consumer: ok")
