#include "bot_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#ifndef GUICHET_BINARY
#error "GUICHET_BINARY must be defined"
#endif

namespace e2e {

// GUICHET_UNDER_TEST runs another copy than the one built here (the installed package, a build
// with other flags), so that benchmarks can compare them on the same fake.
std::string guichet_binary() {
  const char* other = std::getenv("GUICHET_UNDER_TEST");
  return other && *other ? other : GUICHET_BINARY;
}

std::string temp_path(const std::string& stem) {
  static std::atomic<int> n{0};
  return (std::filesystem::temp_directory_path() /
          ("guichet-e2e-" + std::to_string(getpid()) + "-" + std::to_string(++n) + "-" + stem))
      .string();
}

bot_process::bot_process(std::map<std::string, std::string> env, std::vector<std::string> args, std::string binary) {
  log_path_ = temp_path("bot.log");
  std::vector<std::string> vars;
  for (const char* keep : {"PATH", "HOME"})
    if (const char* v = std::getenv(keep)) vars.push_back(std::string(keep) + "=" + v);
  for (const auto& [k, v] : env) vars.push_back(k + "=" + v);
  std::string dir = std::filesystem::temp_directory_path().string();  // no .env there
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    if (chdir(dir.c_str()) != 0) _exit(126);
    std::vector<char*> envp;
    for (auto& v : vars) envp.push_back(v.data());
    envp.push_back(nullptr);
    std::string bin = binary.empty() ? guichet_binary() : binary;
    std::vector<char*> argv{bin.data()};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execve(bin.c_str(), argv.data(), envp.data());
    _exit(127);
  }
}

bot_process::~bot_process() {
  if (running()) terminate();
  std::error_code ec;
  std::filesystem::remove(log_path_, ec);
}

bool bot_process::running() {
  if (exit_code_ || pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> bot_process::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

void bot_process::terminate() {
  if (!running()) return;
  kill(pid_, SIGTERM);
  if (!wait_exit(std::chrono::seconds(10))) kill_hard();
}

void bot_process::kill_hard() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  wait_exit(std::chrono::seconds(10));
}

std::string bot_process::output() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool bot_process::wait_output(const std::string& needle, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (output().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

}  // namespace e2e
