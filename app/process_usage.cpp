#include "process_usage.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

namespace app {

process_usage read_process_usage() {
  process_usage u;
  std::ifstream statm("/proc/self/statm");
  long long size = 0, resident = 0;
  if (statm >> size >> resident) u.resident_bytes = static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  rusage r{};
  if (::getrusage(RUSAGE_SELF, &r) == 0)
    u.cpu_seconds = static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
                    static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
  return u;
}

double process_start_seconds() {
  // Taken the first time it is asked, at start-up (the health watch asks at once).
  static const double start =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  return start;
}

}  // namespace app
