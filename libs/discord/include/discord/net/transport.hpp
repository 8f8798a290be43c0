#pragma once
// The I/O edges of libs/discord, as small interfaces. Their Beast implementations live in src/net,
// the only files that include Beast or Asio's SSL; everything else sees these types only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace discord::net {

using header_list = std::vector<std::pair<std::string, std::string>>;

// Bounds on every step of an exchange: a step that takes longer is cancelled and counts as a
// failure at that stage (see failure_stage), so a hung server never holds a request for ever.
inline constexpr std::chrono::seconds connect_timeout{10};        // DNS + TCP connect
inline constexpr std::chrono::seconds tls_handshake_timeout{10};
inline constexpr std::chrono::seconds exchange_timeout{20};       // write the request, read the whole answer
// A kept-alive connection idle longer than this is not reused: servers close idle connections
// (Node after 5 s, Go after 90 s, proxies anywhere in between) and the close may still be in flight.
// A "Keep-Alive: timeout=N" header lowers the bound to N less keep_alive_margin.
inline constexpr std::chrono::seconds pool_idle_max{20};
inline constexpr std::chrono::milliseconds keep_alive_margin{500};
inline constexpr std::size_t pool_idle_connections_max = 8;

struct http_request {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string target;  // absolute path and query, e.g. "/api/v10/gateway/bot"
  header_list headers;
  std::string body;
  // Sending it twice has the effect of sending it once (idempotent method, a nonce the server
  // enforces, an acknowledgement the server accepts only once): it may be resent after a failure
  // that happened once the server could have received it.
  bool replay_safe = false;
};

// How far a failed exchange got. It decides whether the request may be sent again.
enum class failure_stage {
  connecting,  // DNS, TCP or TLS: nothing was sent
  writing,     // the request was not completely written: the server cannot have acted on it
  awaiting,    // written, and the connection ended (or timed out) before the first byte of an answer
  reading,     // part of the answer arrived, then the connection ended (or timed out)
};

struct http_failure {
  boost::system::error_code ec;
  failure_stage stage = failure_stage::connecting;
  bool reused = false;  // on a kept-alive connection taken from the pool

  // The server cannot have acted on the request.
  bool not_sent() const { return stage == failure_stage::connecting || stage == failure_stage::writing; }
  std::string describe() const;
};

struct http_response {
  int status = 0;
  header_list headers;  // names lower-cased
  std::string body;

  std::optional<std::string> header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return v;
    return std::nullopt;
  }
};

class http_transport {
 public:
  virtual ~http_transport() = default;
  // One request on a kept-alive connection (a new one when none is idle and alive). When a pooled
  // connection turns out to be closed by the server, the request is sent again once on a fresh
  // connection, if the failure allows it (not_sent(), or replay_safe).
  virtual boost::asio::awaitable<boost::system::result<http_response, http_failure>> send(http_request request) = 0;
};

struct http_timeouts {
  std::chrono::milliseconds connect = connect_timeout;
  std::chrono::milliseconds tls_handshake = tls_handshake_timeout;
  std::chrono::milliseconds exchange = exchange_timeout;
};

// base: "https://discord.com" or "http://127.0.0.1:8080". HTTPS verifies the certificate and sends SNI.
std::shared_ptr<http_transport> make_http_transport(boost::asio::any_io_executor ex, std::string scheme,
                                                    std::string host, std::string port, http_timeouts timeouts = {});

struct ws_message {
  enum class kind { text, closed, error } type = kind::error;
  std::string text;
  int close_code = 0;  // 0 when the connection dropped without a close frame
  std::string reason;
};

class ws_connection {
 public:
  virtual ~ws_connection() = default;
  virtual boost::asio::awaitable<boost::system::error_code> connect(std::string url) = 0;
  virtual boost::asio::awaitable<ws_message> read() = 0;
  // Queued and written in order; never blocks the caller.
  virtual void send(std::string text) = 0;
  // Queued after pending sends; idempotent.
  virtual void close(std::uint16_t code, std::string reason) = 0;
  // Drops the TCP connection at once (a zombie gets no close handshake); a pending read fails.
  virtual void abort() = 0;
};

using ws_factory = std::function<std::shared_ptr<ws_connection>()>;
std::shared_ptr<ws_connection> make_ws_connection(boost::asio::any_io_executor ex);

}  // namespace discord::net

namespace boost::system {
[[noreturn]] void throw_exception_from_error(const discord::net::http_failure& f, const boost::source_location& loc);
}
