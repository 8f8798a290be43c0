// WebSocket transport on Beast for the gateway: ws:// for local fakes, wss:// with certificate
// verification and SNI. Writes go through a queue so that heartbeats and other sends never overlap.
#include <deque>
#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>

#include "discord/net/transport.hpp"
#include "discord/net/url.hpp"
#include "tls.hpp"

namespace discord::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

// Discord documents no maximum for what it sends; its largest dispatches are the GUILD_CREATEs of
// big guilds (members beyond large_threshold come in chunks), a few MiB. 16 MiB keeps them all and
// bounds what one hostile or broken frame can make us hold (the parse needs several times this).
constexpr std::size_t gateway_frame_max = 16 * 1024 * 1024;

using plain_ws = websocket::stream<beast::tcp_stream>;
using tls_ws = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct outgoing {
  std::string text;
  std::optional<std::uint16_t> close_code;  // set: a close frame, not a text
  std::string reason;
};

class beast_ws_connection final : public ws_connection, public std::enable_shared_from_this<beast_ws_connection> {
 public:
  explicit beast_ws_connection(asio::any_io_executor ex) : ex_(std::move(ex)) {}

  asio::awaitable<error_code> connect(std::string url_text) override {
    auto self = shared_from_this();
    auto u = parse_url(url_text);
    if (!u || (u->scheme != "ws" && u->scheme != "wss")) co_return error_code(asio::error::invalid_argument);
    tcp::resolver resolver(ex_);
    auto [rec, endpoints] = co_await resolver.async_resolve(u->host, u->port, asio::as_tuple(asio::use_awaitable));
    if (rec) co_return rec;
    beast::tcp_stream tcp_stream(ex_);
    tcp_stream.expires_after(std::chrono::seconds(30));
    auto [cec, ep] = co_await tcp_stream.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
    if (cec) co_return cec;
    // Heartbeats and commands are small and one-way: Nagle's algorithm would hold each until the
    // server's delayed ACK of the previous one.
    boost::system::error_code nd;
    tcp_stream.socket().set_option(tcp::no_delay(true), nd);
    std::string host = u->host + ":" + u->port;
    if (u->secure()) {
      tls_ = std::make_unique<tls_ws>(std::move(tcp_stream), client_tls_context());
      if (!prepare_tls(tls_->next_layer(), u->host)) co_return error_code(asio::error::invalid_argument);
      auto [hec] = co_await tls_->next_layer().async_handshake(asio::ssl::stream_base::client,
                                                               asio::as_tuple(asio::use_awaitable));
      if (hec) co_return hec;
      co_return co_await handshake(*tls_, host, u->target);
    }
    plain_ = std::make_unique<plain_ws>(std::move(tcp_stream));
    co_return co_await handshake(*plain_, host, u->target);
  }

  asio::awaitable<ws_message> read() override {
    auto self = shared_from_this();
    if (plain_) co_return co_await read_on(*plain_);
    if (tls_) co_return co_await read_on(*tls_);
    co_return ws_message{ws_message::kind::error, {}, 0, "not connected"};
  }

  void send(std::string text) override { enqueue(outgoing{std::move(text), std::nullopt, {}}); }

  void abort() override {
    boost::system::error_code ignored;
    if (plain_) beast::get_lowest_layer(*plain_).socket().close(ignored);
    if (tls_) beast::get_lowest_layer(*tls_).socket().close(ignored);
  }

  void close(std::uint16_t code, std::string reason) override {
    if (close_queued_) return;
    close_queued_ = true;
    enqueue(outgoing{{}, code, std::move(reason)});
  }

 private:
  template <class WS>
  asio::awaitable<error_code> handshake(WS& ws, std::string host, std::string target) {
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& req) { req.set(beast::http::field::user_agent, "DiscordBot (guichet)"); }));
    ws.read_message_max(gateway_frame_max);
    auto [ec] = co_await ws.async_handshake(host, target, asio::as_tuple(asio::use_awaitable));
    co_return ec;
  }

  template <class WS>
  asio::awaitable<ws_message> read_on(WS& ws) {
    auto [ec, n] = co_await ws.async_read(buffer_, asio::as_tuple(asio::use_awaitable));
    if (ec == websocket::error::closed) {
      co_return ws_message{ws_message::kind::closed, {}, static_cast<int>(ws.reason().code),
                           std::string(ws.reason().reason.c_str())};
    }
    if (ec) co_return ws_message{ws_message::kind::error, {}, 0, ec.message()};
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    co_return ws_message{ws_message::kind::text, std::move(text), 0, {}};
  }

  void enqueue(outgoing item) {
    queue_.push_back(std::move(item));
    if (!writing_) {
      writing_ = true;
      asio::co_spawn(ex_, write_loop(shared_from_this()), asio::detached);
    }
  }

  template <class WS>
  asio::awaitable<bool> write_one(WS& ws, outgoing& item) {
    if (item.close_code) {
      // Whatever the peer answers, nothing more may be written after a close frame.
      co_await ws.async_close(websocket::close_reason(static_cast<websocket::close_code>(*item.close_code), item.reason),
                              asio::as_tuple(asio::use_awaitable));
      co_return false;
    }
    ws.text(true);
    auto [ec, n] = co_await ws.async_write(asio::buffer(item.text), asio::as_tuple(asio::use_awaitable));
    co_return !ec;
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<beast_ws_connection> self) {
    while (!self->queue_.empty()) {
      outgoing item = std::move(self->queue_.front());
      self->queue_.pop_front();
      bool go_on = false;
      if (self->plain_) go_on = co_await self->write_one(*self->plain_, item);
      else if (self->tls_) go_on = co_await self->write_one(*self->tls_, item);
      if (!go_on) {
        self->queue_.clear();
        break;
      }
    }
    self->writing_ = false;
  }

  asio::any_io_executor ex_;
  std::unique_ptr<plain_ws> plain_;
  std::unique_ptr<tls_ws> tls_;
  beast::flat_buffer buffer_;
  std::deque<outgoing> queue_;
  bool writing_ = false;
  bool close_queued_ = false;
};

}  // namespace

std::shared_ptr<ws_connection> make_ws_connection(asio::any_io_executor ex) {
  return std::make_shared<beast_ws_connection>(std::move(ex));
}

}  // namespace discord::net
