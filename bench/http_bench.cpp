// What a fresh connection costs a request, against the fake Discord's HTTP server on loopback:
// an interaction callback-sized GET on a kept-alive pooled connection vs. on a new connection each
// time (what a client that never trusts its pool would pay). Prints medians of 5 runs of 200
// requests, and the ratio. Loopback has no round trip: over the Internet a fresh connection adds
// one RTT for TCP and one (TLS 1.3) or two (TLS 1.2) for the handshake on top of this.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "discord/net/transport.hpp"
#include "fake_discord.hpp"

namespace {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

asio::awaitable<double> run(asio::any_io_executor ex, std::uint16_t port, std::string target, int n, bool fresh) {
  auto pooled = discord::net::make_http_transport(ex, "http", "127.0.0.1", std::to_string(port));
  discord::net::http_request req;
  req.method = "GET";
  req.target = target;
  req.headers = {{"Authorization", "Bot fake-token"}};
  std::vector<double> us;
  for (int i = 0; i < n; ++i) {
    auto t = fresh ? discord::net::make_http_transport(ex, "http", "127.0.0.1", std::to_string(port)) : pooled;
    auto start = steady::now();
    auto r = co_await t->send(req);
    us.push_back(std::chrono::duration<double, std::micro>(steady::now() - start).count());
    if (!r) std::fprintf(stderr, "request failed: %s\n", r.error().describe().c_str());
  }
  std::sort(us.begin(), us.end());
  co_return us[us.size() / 2];
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  fake_discord::server fake;
  auto g = fake.add_guild("Bench", 1ULL << 3);
  auto channel = fake.add_channel(g, "general");
  const std::string target = "/api/v10/channels/" + std::to_string(channel);
  asio::io_context ioc;
  std::vector<double> pooled, fresh;
  for (int round = 0; round < 5; ++round) {
    for (bool f : {false, true}) {
      auto fut = asio::co_spawn(ioc, run(ioc.get_executor(), fake.port(), target, 200, f), asio::use_future);
      ioc.restart();
      ioc.run();
      (f ? fresh : pooled).push_back(fut.get());
    }
  }
  double p = median(pooled), q = median(fresh);
  std::printf("request on a pooled connection: median %.0f µs\n", p);
  std::printf("request on a fresh connection:  median %.0f µs (+%.0f µs, ×%.2f)\n", q, q - p, q / p);
}
