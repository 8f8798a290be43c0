// The real guichet binary loads N guilds from the fake Discord's gateway over loopback. Each guild
// has the shape of a community server: 30 roles, 50 channels in 5 categories (some with
// overwrites), 100 members with their users, locale fr. Measured on the bot's process only (the
// fake runs in this one): CPU seconds and wall time from IDENTIFY to the last GUILD_CREATE
// handled, and RSS after 5 s idle. Medians of --runs runs.
//   gateway_load [--runs 3] [N ...]      (default N: 1 100 1000)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "process_stats.hpp"
#include "fake_discord.hpp"

namespace {

using fake_discord::id_t;
using fake_discord::json;
using clock_type = std::chrono::steady_clock;

using bench::cpu_seconds;
using e2e::bot_permissions;



void build_world(fake_discord::server& fake, int guilds) {
  for (int n = 0; n < guilds; ++n) {
    id_t g = fake.add_guild("Communauté " + std::to_string(n), bot_permissions, "fr");
    std::vector<id_t> roles;
    for (int r = 0; r < 28; ++r) roles.push_back(fake.add_role(g, "Rôle " + std::to_string(r), (r % 3 == 0) ? (1ULL << 13) : 0, 0x3498DB + r));
    for (int c = 0; c < 5; ++c) {
      const json staff_only = json::array({{{"id", std::to_string(g)}, {"type", 0}, {"allow", "0"}, {"deny", "1024"}},
                                           {{"id", std::to_string(roles[static_cast<std::size_t>(c)])}, {"type", 0}, {"allow", "3072"}, {"deny", "0"}}});
      id_t parent = fake.add_channel(g, "Catégorie " + std::to_string(c), 4, std::nullopt, c % 2 ? staff_only : json::array());
      for (int k = 0; k < 9; ++k) fake.add_channel(g, "salon-" + std::to_string(c) + "-" + std::to_string(k), k == 8 ? 2 : 0, parent);
    }
    for (int m = 0; m < 98; ++m) {
      id_t u = fake.add_user("membre" + std::to_string(n) + "_" + std::to_string(m), "Membre " + std::to_string(m));
      fake.add_member(g, u, {roles[static_cast<std::size_t>(m % 28)], roles[static_cast<std::size_t>((m * 7) % 28)]});
    }
  }
}

struct run_result {
  double cpu = 0, wall = 0, rss = 0;
};

run_result run_once(int guilds, const std::string& dir) {
  fake_discord::server fake;
  build_world(fake, guilds);
  const std::string db = dir + "/gateway-load-" + std::to_string(getpid()) + ".db";
  e2e::bot_process bot({{"DISCORD_TOKEN", fake.opts().token},
                        {"DISCORD_API_URL", fake.api_url()},
                        {"GUICHET_DB", db},
                        {"GUICHET_LOG_LEVEL", "info"}});
  run_result out;
  fake.wait_until([&] { return fake.connected_shards() > 0; }, std::chrono::seconds(60));
  const double cpu0 = cpu_seconds(bot.pid());
  const auto t0 = clock_type::now();
  if (!bot.wait_output("all guilds available", std::chrono::seconds(600))) {
    const auto code = bot.wait_exit(std::chrono::seconds(1));
    std::fprintf(stderr, "the bot did not load %d guilds (%s):\n%s\n", guilds,
                 code ? ("exit status " + std::to_string(*code)).c_str() : "still running", bot.output().substr(0, 4000).c_str());
    return out;
  }
  out.wall = std::chrono::duration<double>(clock_type::now() - t0).count();
  out.cpu = cpu_seconds(bot.pid()) - cpu0;
  std::this_thread::sleep_for(std::chrono::seconds(5));
  out.rss = bench::rss_mib(bot.pid());
  bot.terminate();
  for (const char* s : {"", "-wal", "-shm"}) std::remove((db + s).c_str());
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

// Each run in a process of its own (`--one N` prints "cpu wall rss"): a fake that served 1,000
// guilds leaves gigabytes and threads behind, which the next run must not inherit.
run_result run_isolated(const char* self, int guilds) {
  const std::string command = std::string(self) + " --one " + std::to_string(guilds);
  run_result out;
  if (FILE* p = popen(command.c_str(), "r")) {
    if (std::fscanf(p, "%lf %lf %lf", &out.cpu, &out.wall, &out.rss) != 3) out = {};
    pclose(p);
  }
  return out;
}

int main(int argc, char** argv) {
  int runs = 3;
  std::vector<int> sizes;
  const std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--one" && i + 1 < argc) {
      auto one = run_once(std::stoi(argv[i + 1]), dir);
      std::printf("%.3f %.3f %.1f\n", one.cpu, one.wall, one.rss);
      return one.wall > 0 ? 0 : 1;
    }
    if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
    else sizes.push_back(std::stoi(a));
  }
  if (sizes.empty()) sizes = {1, 100, 1000};
  std::printf("%-8s %12s %12s %14s   (medians of %d runs; the bot's process only)\n", "guilds", "CPU s", "wall s", "RSS MiB", runs);
  for (int n : sizes) {
    std::vector<double> cpu, wall, rss;
    for (int r = 0; r < runs; ++r) {
      auto one = run_isolated(argv[0], n);
      cpu.push_back(one.cpu);
      wall.push_back(one.wall);
      rss.push_back(one.rss);
    }
    std::printf("%-8d %12.3f %12.3f %14.1f\n", n, median(cpu), median(wall), median(rss));
    std::fflush(stdout);
  }
}
