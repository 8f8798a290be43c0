// Transcript rendering speed and memory: 1,000 messages (the fixture) and 10,000 (the fixture's
// shape repeated with new ids and times). Each size runs in its own process so that its peak
// memory is its own. Prints the median time, throughput and peak resident memory.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "discord/json.hpp"
#include "transcript/render.hpp"

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

int run(std::size_t count, int repetitions) {
  auto parsed = discord::from_json_text<std::vector<discord::message>>(slurp(std::string(GUICHET_FIXTURES) + "/messages-1000.json"));
  auto pair = discord::from_json_text<discord::guild_channel_pair>(slurp(std::string(GUICHET_FIXTURES) + "/context.json"));
  if (!parsed || !pair) return 1;
  std::vector<discord::message> messages;
  messages.reserve(count);
  for (std::size_t i = 0; messages.size() < count; ++i) {
    discord::message m = (*parsed)[i % parsed->size()];
    std::size_t round = i / parsed->size();
    m.id = discord::message_id{m.id.value + (round << 32)};
    if (round > 0) m.timestamp = "2024-01-" + std::string(round + 1 < 10 ? "0" : "") + std::to_string(round + 1) + m.timestamp.substr(10);
    messages.push_back(std::move(m));
  }
  transcript::context ctx;
  ctx.guild = pair->guild_value;
  ctx.channel = pair->channel_value;
  std::vector<double> ms;
  std::size_t bytes = 0;
  for (int r = 0; r < repetitions; ++r) {
    auto start = std::chrono::steady_clock::now();
    std::string html = transcript::render_html(messages, ctx);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    bytes = html.size();
  }
  std::sort(ms.begin(), ms.end());
  double median = ms[ms.size() / 2];
  std::printf("%6zu messages: median %8.2f ms (min %.2f, max %.2f over %d runs) | %9.0f messages/s | %7.1f MB/s of HTML (%.2f MB) | peak RSS %.1f MiB\n",
              count, median, ms.front(), ms.back(), repetitions, count / (median / 1000.0), bytes / 1e6 / (median / 1000.0), bytes / 1e6,
              peak_rss_kib() / 1024.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3) return run(std::stoul(argv[1]), std::stoi(argv[2]));
  std::printf("transcript rendering (input parsed once; the timing covers render_html)\n");
  for (auto [count, reps] : {std::pair<std::size_t, int>{1000, 21}, {10000, 7}}) {
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      std::string c = std::to_string(count), r = std::to_string(reps);
      execl(argv[0], argv[0], c.c_str(), r.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
  }
  std::printf("reference (discord-html-transcripts 3.3, Node, this machine kind): ~360 ms / 320 MiB for 1,000; ~5 s / 1.4 GiB for 10,000\n");
  return 0;
}
