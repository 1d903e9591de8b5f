// PeriodicTask: a WorkerThread whose step always asks for the same wait.
#include "service/periodic_task.h"

namespace billing::service {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval,
                           std::function<void()> tick)
    : thread_(name + " failed", interval, [interval, tick = std::move(tick)] {
        tick();
        return interval;
      }) {}

}  // namespace billing::service
