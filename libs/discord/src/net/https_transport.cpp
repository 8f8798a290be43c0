// HTTP(S) transport on Beast: a pool of kept-alive connections that never hands out one the server
// has closed, certificate verification and SNI for HTTPS, plain HTTP for local fakes.
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
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
using steady = std::chrono::steady_clock;

std::string http_failure::describe() const {
  const char* where = "";
  switch (stage) {
    case failure_stage::connecting: where = "while connecting"; break;
    case failure_stage::writing: where = "while sending the request"; break;
    case failure_stage::awaiting: where = "before any answer"; break;
    case failure_stage::reading: where = "in the middle of the answer"; break;
  }
  return ec.message() + " (" + where + (reused ? ", on a reused connection)" : ")");
}

namespace {

constexpr std::uint64_t response_body_limit = 64ULL * 1024 * 1024;

struct connection {
  std::variant<beast::tcp_stream, beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
  steady::time_point idle_since{};
  steady::duration idle_bound = pool_idle_max;

  explicit connection(beast::tcp_stream s) : stream(std::move(s)) {}
  explicit connection(beast::ssl_stream<beast::tcp_stream> s) : stream(std::move(s)) {}
};

beast::tcp_stream& lowest(connection& c) {
  if (auto* p = std::get_if<beast::tcp_stream>(&c.stream)) return *p;
  return beast::get_lowest_layer(std::get<1>(c.stream));
}

// An idle connection must have nothing to read: a FIN (the server closed it), a reset, or stray
// bytes (a TLS close_notify, an unsolicited 408) all mean it cannot carry another exchange.
bool still_open(connection& c) {
  if (c.buffer.size() != 0) return false;
  auto& socket = lowest(c).socket();
  if (!socket.is_open()) return false;
  char byte;
  ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// "Keep-Alive: timeout=5, max=100" → 5 s.
std::optional<steady::duration> keep_alive_timeout(const http_response& res) {
  auto v = res.header("keep-alive");
  if (!v) return std::nullopt;
  auto pos = v->find("timeout=");
  if (pos == std::string::npos) return std::nullopt;
  const char* first = v->data() + pos + 8;
  long seconds = 0;
  auto [end, ec] = std::from_chars(first, v->data() + v->size(), seconds);
  if (ec != std::errc{} || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

bool lost_connection(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted || ec == beast::error::timeout ||
         ec == asio::ssl::error::stream_truncated;
}

class beast_http_transport final : public http_transport, public std::enable_shared_from_this<beast_http_transport> {
 public:
  beast_http_transport(asio::any_io_executor ex, std::string scheme, std::string host, std::string port,
                       http_timeouts timeouts)
      : ex_(std::move(ex)), secure_(scheme == "https"), host_(std::move(host)), port_(std::move(port)), timeouts_(timeouts) {}

  asio::awaitable<boost::system::result<http_response, http_failure>> send(http_request request) override {
    auto self = shared_from_this();  // keep the pool alive across suspensions
    std::unique_ptr<connection> conn = take_idle();
    const bool reused = conn != nullptr;
    if (!conn) {
      auto made = co_await connect();
      if (!made) co_return made.error();
      conn = std::move(*made);
    }
    auto answer = co_await exchange(conn, request, reused);
    // A pooled connection that the server closed while it waited: once more, on a fresh connection
    // (never on another pooled one, which may be just as stale).
    if (!answer && reused && lost_connection(answer.error().ec) && (answer.error().not_sent() || request.replay_safe)) {
      auto made = co_await connect();
      if (!made) co_return made.error();
      conn = std::move(*made);
      answer = co_await exchange(conn, request, false);
    }
    if (!answer) co_return answer.error();
    co_return std::move(*answer);
  }

 private:
  using exchange_result = boost::system::result<http_response, http_failure>;

  // The most recently used connection that is still fit; the others on the way are closed.
  std::unique_ptr<connection> take_idle() {
    const auto now = steady::now();
    while (!idle_.empty()) {
      std::unique_ptr<connection> c = std::move(idle_.back());
      idle_.pop_back();
      if (now - c->idle_since < c->idle_bound && still_open(*c)) return c;
    }
    return nullptr;
  }

  void give_back(std::unique_ptr<connection> c, const http_response& res) {
    c->idle_since = steady::now();
    c->idle_bound = pool_idle_max;
    if (auto t = keep_alive_timeout(res)) c->idle_bound = std::min<steady::duration>(pool_idle_max, *t - keep_alive_margin);
    if (c->idle_bound <= steady::duration::zero()) return;
    if (idle_.size() >= pool_idle_connections_max) idle_.erase(idle_.begin());  // the oldest goes
    idle_.push_back(std::move(c));
  }

  asio::awaitable<boost::system::result<std::unique_ptr<connection>, http_failure>> connect() {
    auto failed = [](error_code ec) { return http_failure{ec, failure_stage::connecting, false}; };
    tcp::resolver resolver(ex_);
    auto [rec, endpoints] = co_await resolver.async_resolve(host_, port_, asio::as_tuple(asio::use_awaitable));
    if (rec) co_return failed(rec);
    beast::tcp_stream tcp_stream(ex_);
    tcp_stream.expires_after(timeouts_.connect);
    auto [cec, ep] = co_await tcp_stream.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
    if (cec) co_return failed(cec);
    // Small requests go out at once, never held back by Nagle's algorithm waiting for an ACK the
    // peer delays (up to 40 ms on Linux): what every HTTP client does.
    error_code nd;
    tcp_stream.socket().set_option(tcp::no_delay(true), nd);
    if (!secure_) co_return std::make_unique<connection>(std::move(tcp_stream));
    beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp_stream), client_tls_context());
    if (!prepare_tls(tls, host_)) co_return failed(error_code(asio::error::invalid_argument));
    beast::get_lowest_layer(tls).expires_after(timeouts_.tls_handshake);
    auto [hec] = co_await tls.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable));
    if (hec) co_return failed(hec);
    co_return std::make_unique<connection>(std::move(tls));
  }

  template <class Stream>
  asio::awaitable<exchange_result> exchange_on(Stream& stream, beast::flat_buffer& buffer,
                                               http::request<http::string_body>& req, bool reused, bool& keep_alive) {
    auto [wec, wn] = co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
    if (wec) co_return http_failure{wec, failure_stage::writing, reused};
    http::response_parser<http::string_body> parser;
    parser.body_limit(response_body_limit);
    auto [rec, rn] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (rec) {
      const bool nothing = !parser.got_some() && buffer.size() == 0;
      co_return http_failure{rec, nothing ? failure_stage::awaiting : failure_stage::reading, reused};
    }
    auto res = parser.release();
    http_response out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    out.body = std::move(res.body());
    keep_alive = res.keep_alive();
    co_return out;
  }

  // One exchange on `conn`; a connection that can carry another one goes back to the pool.
  asio::awaitable<exchange_result> exchange(std::unique_ptr<connection>& conn, const http_request& request, bool reused) {
    http::request<http::string_body> req;
    req.method(http::string_to_verb(request.method));
    req.target(request.target);
    req.version(11);
    req.set(http::field::host, (port_ == "443" || port_ == "80") ? host_ : host_ + ":" + port_);
    for (const auto& [k, v] : request.headers) req.set(k, v);
    req.body() = request.body;
    req.keep_alive(true);
    req.prepare_payload();
    lowest(*conn).expires_after(timeouts_.exchange);
    bool keep_alive = false;
    exchange_result r = http_failure{};
    if (auto* plain = std::get_if<beast::tcp_stream>(&conn->stream))
      r = co_await exchange_on(*plain, conn->buffer, req, reused, keep_alive);
    else
      r = co_await exchange_on(std::get<1>(conn->stream), conn->buffer, req, reused, keep_alive);
    if (r && keep_alive) {
      lowest(*conn).expires_never();
      give_back(std::move(conn), *r);
    }
    co_return r;
  }

  asio::any_io_executor ex_;
  bool secure_;
  std::string host_;
  std::string port_;
  http_timeouts timeouts_;
  std::vector<std::unique_ptr<connection>> idle_;  // oldest first
};

}  // namespace

std::shared_ptr<http_transport> make_http_transport(asio::any_io_executor ex, std::string scheme, std::string host,
                                                    std::string port, http_timeouts timeouts) {
  return std::make_shared<beast_http_transport>(std::move(ex), std::move(scheme), std::move(host), std::move(port), timeouts);
}

}  // namespace discord::net

namespace boost::system {
void throw_exception_from_error(const discord::net::http_failure& f, const boost::source_location&) {
  throw std::runtime_error(f.describe());
}
}  // namespace boost::system
