#pragma once
// The MongoDB backend as a loadable module, guichet-mongodb.so, opened only when MONGODB_URI is set.
// libmongoc and what it pulls in (libmongocrypt, ICU, SASL, snappy, zstd, resolv) cost a bot about
// 5 MiB of resident memory just by being linked; one on the embedded SQLite file should not pay it.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "storage/ticket_store.hpp"

namespace storage {

using log_sink = std::function<void(log_level, const std::string&)>;

inline constexpr std::string_view mongo_module_file = "guichet-mongodb.so";
inline constexpr std::string_view mongo_module_symbol = "guichet_mongodb_backend";

// What the module hands out. C++ types cross the boundary, so the loader refuses a module built by
// another version or compiler (`build` differs) rather than crash on a layout it does not know.
struct mongo_backend {
  const char* build;
  void (*set_log_sink)(log_sink sink);
  result<std::unique_ptr<ticket_store>> (*open)(const mongo_options& options);
};

// The identity both sides compare; GUICHET_STORAGE_BUILD is set by libs/storage/CMakeLists.txt.
inline constexpr const char* mongo_module_build = GUICHET_STORAGE_BUILD " " __VERSION__;

// Loads the module (beside the executable, else in ../lib/guichet/ as installed: /usr/bin/guichet
// and /usr/lib/guichet/guichet-mongodb.so), gives it the log sink, opens the store. A module that
// is missing or foreign is an `invalid` error saying where it was looked for.
result<std::unique_ptr<ticket_store>> open_mongo_module(const mongo_options& options, log_sink sink);

}  // namespace storage
