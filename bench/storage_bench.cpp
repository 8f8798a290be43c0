// Storage throughput: one ticket's life (open → attach → claim → close) per iteration, on the
// SQLite file and on the MongoDB-wire server (CongoDB, or MONGODB_TEST_URI). Prints the median of
// 5 runs, in ticket lifecycles per second, and the ratio between the backends.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "mongo_wire_server.hpp"
#include "storage/ticket_store.hpp"

namespace {

double run_once(storage::ticket_store& store, discord::guild_id guild, int n) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    const discord::user_id owner{1000u + static_cast<unsigned>(i)};
    auto o = store.open_ticket({guild, owner, "u" + std::to_string(i), "Support", "support", 1});
    if (!o || !o->created) {
      std::fprintf(stderr, "open failed\n");
      return 0;
    }
    auto number = o->ticket.number;
    store.attach_channel(guild, number, discord::channel_id{guild.value * 100000 + static_cast<std::uint64_t>(number)});
    store.claim(guild, number, discord::user_id{7}, "staff", 2);
    store.transition(guild, number, tickets::status::claimed, tickets::status::closed, 3);
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return n / took.count();
}

double median_of_runs(storage::ticket_store& store, const char* name, int n) {
  std::vector<double> rates;
  for (int r = 0; r < 5; ++r) rates.push_back(run_once(store, discord::guild_id{static_cast<std::uint64_t>(100 + r)}, n));
  std::sort(rates.begin(), rates.end());
  std::printf("%-8s median %8.0f lifecycles/s  (4 operations each; runs: %.0f … %.0f)\n", name, rates[2], rates.front(), rates.back());
  return rates[2];
}

}  // namespace

int main() {
  auto path = std::filesystem::temp_directory_path() / ("guichet-bench-" + std::to_string(getpid()) + ".db");
  double sqlite_rate = 0, mongo_rate = 0;
  {
    auto s = storage::open_sqlite(path.string());
    if (!s) return 1;
    sqlite_rate = median_of_runs(**s, "sqlite", 2000);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  std::string why;
  auto target = test_support::mongo_for_tests(why);
  if (!target) {
    std::printf("mongo    SKIPPED: %s\n", why.c_str());
    return 0;
  }
  auto m = storage::open_mongo({target->uri, "guichet_bench_" + std::to_string(getpid()), 5000});
  if (!m) return 1;
  mongo_rate = median_of_runs(**m, target->real_mongod ? "mongod" : "congodb", 300);
  std::printf("ratio    sqlite / %s = %.1f\n", target->real_mongod ? "mongod" : "congodb", sqlite_rate / mongo_rate);
  return 0;
}
