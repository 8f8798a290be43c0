#pragma once
// GET /healthz, /readyz and /metrics over plain HTTP/1.1 (Beast), for systemd, Docker's
// HEALTHCHECK, Prometheus and load balancers. Opt-in (GUICHET_HTTP_ADDR) and meant for loopback or
// a private network: it shows counts, never a token, an id or a name.
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace app {

struct health_checks {
  // Why the process is not ready (a JSON array of reasons, e.g. ["shard 0: connecting"]), or nothing.
  std::function<std::optional<std::string>()> not_ready;
  // Brings the gauges up to date just before /metrics is rendered.
  std::function<void()> refresh_gauges;
};

class health_server {
 public:
  health_server(boost::asio::io_context& ioc, health_checks checks) : ioc_(ioc), checks_(std::move(checks)) {}

  // Binds and starts accepting; throws boost::system::system_error when the address is taken.
  void start(const boost::asio::ip::tcp::endpoint& where);
  boost::asio::ip::tcp::endpoint local_endpoint() const;

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  health_checks checks_;
  std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
  int connections_ = 0;
};

}  // namespace app
