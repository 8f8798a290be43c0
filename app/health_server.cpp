#include "health_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "metrics.hpp"

namespace app {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {
// A scraper or a probe needs one connection; a few more for a person with curl. Past that, a
// connection is closed at once rather than costing memory.
constexpr int connections_max = 16;
constexpr auto exchange_timeout = std::chrono::seconds(10);
constexpr std::size_t header_limit_bytes = 8 * 1024;
constexpr std::size_t body_limit_bytes = 1024;

http::response<http::string_body> answer(const http::request<http::empty_body>& req, const health_checks& checks) {
  http::response<http::string_body> res;
  res.version(req.version());
  res.keep_alive(req.keep_alive());
  res.set(http::field::cache_control, "no-store");
  const auto reply = [&](http::status status, std::string type, std::string body) {
    res.result(status);
    res.set(http::field::content_type, type);
    res.body() = std::move(body);
  };
  std::string_view target = req.target();
  if (auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    reply(http::status::method_not_allowed, "text/plain; charset=utf-8", "GET or HEAD only\n");
    res.set(http::field::allow, "GET, HEAD");
  } else if (target == "/healthz") {
    reply(http::status::ok, "application/json", "{\"status\":\"ok\"}\n");
  } else if (target == "/readyz") {
    auto why = checks.not_ready ? checks.not_ready() : std::nullopt;
    if (why) reply(http::status::service_unavailable, "application/json", "{\"status\":\"not ready\",\"reasons\":" + *why + "}\n");
    else reply(http::status::ok, "application/json", "{\"status\":\"ready\"}\n");
  } else if (target == "/metrics") {
    if (checks.refresh_gauges) checks.refresh_gauges();
    reply(http::status::ok, "text/plain; version=0.0.4; charset=utf-8", metrics::render());
  } else {
    reply(http::status::not_found, "text/plain; charset=utf-8", "not found: /healthz, /readyz, /metrics\n");
  }
  res.prepare_payload();
  if (req.method() == http::verb::head) res.body().clear();  // the length of the GET stays
  return res;
}
}  // namespace

void health_server::start(const tcp::endpoint& where) {
  acceptor_.emplace(ioc_);
  acceptor_->open(where.protocol());
  acceptor_->set_option(asio::socket_base::reuse_address(true));
  acceptor_->bind(where);
  acceptor_->listen();
  asio::co_spawn(ioc_, accept_loop(), asio::detached);
}

tcp::endpoint health_server::local_endpoint() const { return acceptor_->local_endpoint(); }

asio::awaitable<void> health_server::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_->async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {
      spdlog::warn("health endpoint: accept failed: {}", ec.message());
      continue;
    }
    if (connections_ >= connections_max) continue;  // the socket closes as it leaves scope
    asio::co_spawn(ioc_, serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> health_server::serve(tcp::socket socket) {
  ++connections_;
  struct release {
    int& n;
    ~release() { --n; }
  } counted{connections_};
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::empty_body> parser;
    parser.header_limit(header_limit_bytes);
    parser.body_limit(body_limit_bytes);
    stream.expires_after(exchange_timeout);
    auto [read_ec, read_n] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (read_ec) co_return;  // closed, timed out or not HTTP: nothing to answer
    const auto& req = parser.get();
    auto res = answer(req, checks_);
    stream.expires_after(exchange_timeout);
    auto [write_ec, write_n] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    if (write_ec || !res.keep_alive()) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace app
