import CgroupFS
import KernelSim
import Memcg
import Workload

/// What a scenario that drives tasks starts from: a fresh kernel with the
/// run's settings, the memory controller under the run's design, the task
/// table over it and a cgroupfs for control-file access.
struct ScenarioMachine {
    let kernel: Kernel
    let controller: MemoryController
    let tasks: TaskTable
    let fs: CgroupFS

    init(_ context: ScenarioContext) {
        kernel = context.makeKernel()
        controller = MemoryController(kernel: kernel, design: context.design)
        tasks = TaskTable(controller: controller)
        fs = CgroupFS(controller: controller, tasks: tasks)
    }

    /// Creates `path` with `+memory` in its `cgroup.subtree_control`, the
    /// parent under which a scenario creates the cgroups it measures.
    @discardableResult
    func memoryParent(_ path: String) throws(MemcgError) -> MemCgroup {
        let parent = try controller.mkdir(path)
        controller.setSubtreeControlMemory(parent, true)
        return parent
    }
}
