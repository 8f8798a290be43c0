#pragma once
// The real bot binary, started as a child process against the fake Discord.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace e2e {

class bot_process {
 public:
  // env: variables added to a clean environment (PATH and HOME are kept); args: after the binary's
  // name (none: the bot itself); binary: another copy of guichet than the one built (empty: that one).
  explicit bot_process(std::map<std::string, std::string> env, std::vector<std::string> args = {},
                       std::string binary = {});
  ~bot_process();

  // Waits for the process to exit; its exit code, or nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running();
  void terminate();  // SIGTERM and wait
  void kill_hard();  // SIGKILL: a crash
  std::string output() const;  // what it wrote to stderr and stdout
  pid_t pid() const { return pid_; }
  bool wait_output(const std::string& needle, std::chrono::milliseconds timeout) const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  std::optional<int> exit_code_;
};

// Path of the guichet binary under test.
std::string guichet_binary();
std::string temp_path(const std::string& stem);

}  // namespace e2e
