// /ticket stats at scale: one guild with 100,000 tickets (a mix of states, ten staff members),
// written straight into the SQLite file and the MongoDB-wire server (CongoDB, or MONGODB_TEST_URI),
// then the store's stats() timed: all time and the last 30 days. Prints the median of 5 runs.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bulk_tickets.hpp"
#include "mongo_wire_server.hpp"
#include "storage/ticket_store.hpp"

namespace {

constexpr int tickets_in_guild = 100'000;

void time_stats(storage::ticket_store& store, const char* backend, discord::guild_id g, std::int64_t newest_ms) {
  for (const auto& [label, since] : {std::pair<const char*, std::optional<std::int64_t>>{"all time", std::nullopt},
                                     std::pair<const char*, std::optional<std::int64_t>>{"30 days", newest_ms - 30LL * 86'400'000}}) {
    std::vector<double> ms;
    std::size_t staff = 0;
    for (int run = 0; run < 5; ++run) {
      const auto start = std::chrono::steady_clock::now();
      auto st = store.stats(g, since);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      if (!st) {
        std::fprintf(stderr, "%s: stats failed: %s\n", backend, st.error().message.c_str());
        return;
      }
      staff = st->by_staff.size();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-7s %-9s median %8.1f ms  (runs %.1f … %.1f; %zu staff lines)\n", backend, label, ms[2], ms.front(), ms.back(), staff);
  }
}

}  // namespace

int main() {
  const discord::guild_id g{4242};
  const auto all = test_support::synthetic_tickets(g, tickets_in_guild);
  const std::int64_t newest = all.back().created_at_ms;
  std::printf("stats of one guild with %d tickets\n", tickets_in_guild);
  const auto path = std::filesystem::temp_directory_path() / ("guichet-stats-bench-" + std::to_string(getpid()) + ".db");
  {
    auto store = storage::open_sqlite(path.string());
    if (!store) return 1;
    test_support::bulk_insert_sqlite(path.string(), all);
    time_stats(**store, "sqlite", g, newest);
  }
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + s);
  std::string why;
  auto target = test_support::mongo_for_tests(why);
  if (!target) {
    std::printf("mongo   SKIPPED: %s\n", why.c_str());
    return 0;
  }
  const std::string db = "guichet_stats_bench_" + std::to_string(getpid());
  auto store = storage::open_mongo({target->uri, db, 5000});
  if (!store) return 1;
  test_support::bulk_insert_mongo(target->uri, db, all);
  time_stats(**store, target->real_mongod ? "mongod" : "congodb", g, newest);
  return 0;
}
