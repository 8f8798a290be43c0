// Transcript rendering speed and memory: 1,000 messages (the fixture) and 10,000 (the fixture's
// shape repeated with new ids and times). Each size runs in its own process so that its peak
// memory is its own. Prints the median time, throughput and peak resident memory; then the same
// sizes through the command line, whole process (`guichet transcript`: read the JSON file, render,
// write the page and the text): median wall and CPU time, peak resident memory.
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

#include <nlohmann/json.hpp>

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

// The fixture's messages repeated to `count`, as raw Discord JSON, with new ids and days.
std::string write_messages(std::size_t count, const std::string& path) {
  const auto fixture = nlohmann::json::parse(slurp(std::string(GUICHET_FIXTURES) + "/messages-1000.json"));
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < count; ++i) {
    nlohmann::json m = fixture[i % fixture.size()];
    const std::size_t round = i / fixture.size();
    m["id"] = std::to_string(std::stoull(m["id"].get<std::string>()) + (round << 32));
    if (round > 0) {
      std::string t = m["timestamp"].get<std::string>();
      m["timestamp"] = "2024-01-" + std::string(round + 1 < 10 ? "0" : "") + std::to_string(round + 1) + t.substr(10);
    }
    out.push_back(std::move(m));
  }
  std::ofstream(path) << out.dump();
  return path;
}

// The input written by a child process: the parent stays small, since a child forked to run the
// command line counts the parent's pages in its peak until it calls exec.
std::string write_messages_apart(std::size_t count) {
  const std::string path = "/tmp/guichet-transcript-bench-" + std::to_string(getpid()) + "-" + std::to_string(count) + ".json";
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    write_messages(count, path);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  (void)status;
  return path;
}

struct process_cost {
  double wall_ms = 0, cpu_ms = 0, peak_mib = 0;
};

// One run of the command line, measured by the kernel (wait4: CPU and peak RSS of the child alone).
process_cost run_cli(const std::vector<std::string>& args) {
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (!freopen("/dev/null", "w", stdout)) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  process_cost c;
  c.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  c.cpu_ms = (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
  c.peak_mib = u.ru_maxrss / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) c.wall_ms = -1;
  return c;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int cli_runs() {
  std::printf("guichet transcript, whole process (%s; medians of 9 runs)\n", GUICHET_BINARY);
  for (std::size_t count : {std::size_t{1000}, std::size_t{10000}}) {
    const std::string input = write_messages_apart(count);
    const std::string html = input + ".html", text = input + ".txt";
    for (bool media : {false, true}) {
      std::vector<std::string> args{GUICHET_BINARY, "transcript", "--messages", input, "--context", std::string(GUICHET_FIXTURES) + "/context.json",
                                    "--out", html, "--text", text};
      if (!media) args.push_back("--no-media");
      std::vector<double> wall, cpu, peak;
      for (int r = 0; r < 9; ++r) {
        auto c = run_cli(args);
        if (c.wall_ms < 0) {
          std::fprintf(stderr, "guichet transcript failed on %s\n", input.c_str());
          return 1;
        }
        wall.push_back(c.wall_ms);
        cpu.push_back(c.cpu_ms);
        peak.push_back(c.peak_mib);
      }
      std::printf("%6zu messages, %-36s wall %7.1f ms | CPU %7.1f ms | peak RSS %5.1f MiB\n", count,
                  media ? "media on (no CDN reachable here):" : "--no-media:", median_of(wall), median_of(cpu), median_of(peak));
    }
    for (const auto& f : {input, html, text}) std::remove(f.c_str());
  }
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
  return cli_runs();
}
