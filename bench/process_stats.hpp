#pragma once
// What /proc says of a process: the benchmarks measure the bot's process, not their own.
#include <sys/types.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace bench {

// CPU seconds so far, all threads: the scheduler's nanosecond run times (/proc/<pid>/task/*/schedstat),
// not the 10 ms ticks of /proc/<pid>/stat, which charge a whole tick to whoever runs when it falls.
// Threads that ended are not counted: the bot's threads live as long as it does.
inline double cpu_seconds(pid_t pid) {
  std::error_code ec;
  unsigned long long ns = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream f(task.path() / "schedstat");
    unsigned long long run = 0;
    if (f >> run) ns += run;
  }
  return static_cast<double>(ns) / 1e9;
}

// Resident set size now, MiB.
inline double rss_mib(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

}  // namespace bench
