#pragma once
// The I/O edges of libs/discord, as small interfaces. Their Beast implementations live in src/net,
// the only files that include Beast or Asio's SSL; everything else sees these types only.
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

struct http_request {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string target;  // absolute path and query, e.g. "/api/v10/gateway/bot"
  header_list headers;
  std::string body;
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
  // One request on a kept-alive connection (a new one when none is idle).
  virtual boost::asio::awaitable<boost::system::result<http_response>> send(http_request request) = 0;
};

// base: "https://discord.com" or "http://127.0.0.1:8080". HTTPS verifies the certificate and sends SNI.
std::shared_ptr<http_transport> make_http_transport(boost::asio::any_io_executor ex, std::string scheme,
                                                    std::string host, std::string port);

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
