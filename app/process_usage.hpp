#pragma once
// This process's own resource use, for /metrics (Prometheus's standard process_* series).
namespace app {

struct process_usage {
  double resident_bytes = 0;
  double cpu_seconds = 0;  // user + system, all threads
};

process_usage read_process_usage();
// When this process started, seconds since the Unix epoch.
double process_start_seconds();

}  // namespace app
