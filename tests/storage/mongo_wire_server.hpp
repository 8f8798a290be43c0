#pragma once
// Starts the MongoDB-wire test server (CongoDB, tests/mongo_wire) for the length of a test program,
// or uses a real mongod when MONGODB_TEST_URI names one.
#include <optional>
#include <string>

namespace test_support {

struct mongo_target {
  std::string uri;
  bool real_mongod = false;  // a real server enforces unique indexes (duplicate key 11000)
};

// nullopt with `why` filled when no server can be had here.
std::optional<mongo_target> mongo_for_tests(std::string& why);

// A MongoDB-wire server of the test's own, on a port it keeps, that the test can stop (as a crash
// or an outage would) and start again. In memory: a restart starts empty.
class mongo_wire_process {
 public:
  mongo_wire_process();  // picks a free port; not started
  ~mongo_wire_process();
  mongo_wire_process(const mongo_wire_process&) = delete;
  mongo_wire_process& operator=(const mongo_wire_process&) = delete;

  // false with `why` when the server cannot run here (not installed, does not start).
  bool start(std::string& why);
  void stop();  // SIGKILL: the connections drop at once
  std::string uri() const;

 private:
  int port_;
  int pid_ = -1;
};

}  // namespace test_support
