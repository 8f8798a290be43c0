#include "mongo_wire_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#ifndef GUICHET_SOURCE_DIR
#error "GUICHET_SOURCE_DIR must be defined"
#endif

namespace test_support {

namespace {

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

bool port_open(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

struct child_server {
  pid_t pid = -1;
  ~child_server() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  }
};

child_server& the_child() {
  static child_server c;
  return c;
}

std::filesystem::path server_dir() { return std::filesystem::path(GUICHET_SOURCE_DIR) / "tests" / "mongo_wire"; }

bool installed(std::string& why) {
  if (std::filesystem::exists(server_dir() / "node_modules" / "@push.rocks" / "smartmongo")) return true;
  why = "the MongoDB-wire test server is not installed (run: npm ci --ignore-scripts in tests/mongo_wire)";
  return false;
}

// Forks `node server.mjs port`; the child dies with the test program, even when that one is killed.
pid_t spawn_server(int port) {
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    chdir(server_dir().c_str());
    std::string p = std::to_string(port);
    execlp("node", "node", "server.mjs", p.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits until the server listens; false if it exited or never listened.
bool wait_listening(pid_t pid, int port) {
  for (int i = 0; i < 300; ++i) {
    if (port_open(port)) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

mongo_wire_process::mongo_wire_process() : port_(free_port()) {}

mongo_wire_process::~mongo_wire_process() { stop(); }

bool mongo_wire_process::start(std::string& why) {
  if (!installed(why)) return false;
  pid_ = spawn_server(port_);
  if (wait_listening(pid_, port_)) return true;
  stop();
  why = "the MongoDB-wire test server (node tests/mongo_wire/server.mjs) did not start";
  return false;
}

void mongo_wire_process::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string mongo_wire_process::uri() const { return "mongodb://127.0.0.1:" + std::to_string(port_); }

std::optional<mongo_target> mongo_for_tests(std::string& why) {
  static std::optional<mongo_target> cached;
  static std::string cached_why;
  static bool tried = false;
  if (tried) {
    why = cached_why;
    return cached;
  }
  tried = true;
  if (const char* uri = std::getenv("MONGODB_TEST_URI"); uri && *uri) {
    cached = mongo_target{uri, true};
    return cached;
  }
  if (!installed(cached_why)) {
    why = cached_why;
    return std::nullopt;
  }
  int port = free_port();
  pid_t pid = spawn_server(port);
  the_child().pid = pid;
  if (wait_listening(pid, port)) {
    cached = mongo_target{"mongodb://127.0.0.1:" + std::to_string(port), false};
    return cached;
  }
  the_child().pid = -1;
  cached_why = "the MongoDB-wire test server (node tests/mongo_wire/server.mjs) did not start";
  why = cached_why;
  return std::nullopt;
}

}  // namespace test_support
