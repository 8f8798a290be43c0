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

}  // namespace test_support
