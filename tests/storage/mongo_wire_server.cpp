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

}  // namespace

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
  namespace fs = std::filesystem;
  fs::path dir = fs::path(GUICHET_SOURCE_DIR) / "tests" / "mongo_wire";
  if (!fs::exists(dir / "node_modules" / "@push.rocks" / "smartmongo")) {
    cached_why = "the MongoDB-wire test server is not installed (run: npm ci --ignore-scripts in tests/mongo_wire)";
    why = cached_why;
    return std::nullopt;
  }
  int port = free_port();
  pid_t pid = fork();
  if (pid == 0) {
    // The server dies with the test program, even when that one is killed.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    chdir(dir.c_str());
    std::string p = std::to_string(port);
    execlp("node", "node", "server.mjs", p.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  the_child().pid = pid;
  for (int i = 0; i < 300; ++i) {
    if (port_open(port)) {
      cached = mongo_target{"mongodb://127.0.0.1:" + std::to_string(port), false};
      return cached;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      the_child().pid = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  cached_why = "the MongoDB-wire test server (node tests/mongo_wire/server.mjs) did not start";
  why = cached_why;
  return std::nullopt;
}

}  // namespace test_support
