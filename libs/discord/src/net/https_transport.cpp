// HTTP(S) transport on Beast: kept-alive connections, certificate verification and SNI for HTTPS,
// plain HTTP for local fakes.
#include <deque>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "discord/net/transport.hpp"
#include "tls.hpp"

namespace discord::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr auto request_timeout = std::chrono::seconds(30);
constexpr std::uint64_t response_body_limit = 64ULL * 1024 * 1024;

struct connection {
  std::variant<beast::tcp_stream, beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;

  explicit connection(beast::tcp_stream s) : stream(std::move(s)) {}
  explicit connection(beast::ssl_stream<beast::tcp_stream> s) : stream(std::move(s)) {}
};

beast::tcp_stream& lowest(connection& c) {
  if (auto* p = std::get_if<beast::tcp_stream>(&c.stream)) return *p;
  return beast::get_lowest_layer(std::get<1>(c.stream));
}

class beast_http_transport final : public http_transport, public std::enable_shared_from_this<beast_http_transport> {
 public:
  beast_http_transport(asio::any_io_executor ex, std::string scheme, std::string host, std::string port)
      : ex_(std::move(ex)), secure_(scheme == "https"), host_(std::move(host)), port_(std::move(port)) {}

  asio::awaitable<boost::system::result<http_response>> send(http_request request) override {
    auto self = shared_from_this();  // keep the pool alive across suspensions
    // A kept-alive connection may have been closed by the server meanwhile: then retry once on a new one.
    for (int attempt = 0; attempt < 2; ++attempt) {
      std::unique_ptr<connection> conn;
      bool reused = false;
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
        reused = true;
      } else {
        auto made = co_await connect();
        if (!made) co_return made.error();
        conn = std::move(*made);
      }
      http_response out;
      bool keep_alive = false;
      error_code ec = co_await exchange(*conn, request, out, keep_alive);
      if (ec) {
        if (reused && attempt == 0) continue;
        co_return ec;
      }
      if (keep_alive && idle_.size() < 8) idle_.push_back(std::move(conn));
      co_return out;
    }
    co_return error_code(asio::error::connection_aborted);
  }

 private:
  asio::awaitable<boost::system::result<std::unique_ptr<connection>>> connect() {
    tcp::resolver resolver(ex_);
    auto [rec, endpoints] = co_await resolver.async_resolve(host_, port_, asio::as_tuple(asio::use_awaitable));
    if (rec) co_return rec;
    beast::tcp_stream tcp_stream(ex_);
    tcp_stream.expires_after(request_timeout);
    auto [cec, ep] = co_await tcp_stream.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
    if (cec) co_return cec;
    if (!secure_) co_return std::make_unique<connection>(std::move(tcp_stream));
    beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp_stream), client_tls_context());
    if (!prepare_tls(tls, host_)) co_return error_code(asio::error::invalid_argument);
    auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    if (hec) co_return hec;
    co_return std::make_unique<connection>(std::move(tls));
  }

  template <class Stream>
  asio::awaitable<error_code> exchange_on(Stream& stream, beast::flat_buffer& buffer, http::request<http::string_body>& req,
                                          http_response& out, bool& keep_alive) {
    auto [wec, wn] = co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
    if (wec) co_return wec;
    http::response_parser<http::string_body> parser;
    parser.body_limit(response_body_limit);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (rec) co_return rec;
    auto res = parser.release();
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    out.body = std::move(res.body());
    keep_alive = res.keep_alive();
    co_return error_code{};
  }

  asio::awaitable<error_code> exchange(connection& conn, const http_request& request, http_response& out, bool& keep_alive) {
    http::request<http::string_body> req;
    req.method(http::string_to_verb(request.method));
    req.target(request.target);
    req.version(11);
    req.set(http::field::host, (port_ == "443" || port_ == "80") ? host_ : host_ + ":" + port_);
    for (const auto& [k, v] : request.headers) req.set(k, v);
    req.body() = request.body;
    req.keep_alive(true);
    req.prepare_payload();
    lowest(conn).expires_after(request_timeout);
    if (auto* plain = std::get_if<beast::tcp_stream>(&conn.stream))
      co_return co_await exchange_on(*plain, conn.buffer, req, out, keep_alive);
    co_return co_await exchange_on(std::get<1>(conn.stream), conn.buffer, req, out, keep_alive);
  }

  asio::any_io_executor ex_;
  bool secure_;
  std::string host_;
  std::string port_;
  std::vector<std::unique_ptr<connection>> idle_;
};

}  // namespace

std::shared_ptr<http_transport> make_http_transport(asio::any_io_executor ex, std::string scheme, std::string host,
                                                    std::string port) {
  return std::make_shared<beast_http_transport>(std::move(ex), std::move(scheme), std::move(host), std::move(port));
}

}  // namespace discord::net
