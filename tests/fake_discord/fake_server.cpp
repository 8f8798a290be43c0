// The fake's sockets: HTTP/1.1 with keep-alive and WebSocket upgrade on one loopback port.
#include <deque>
#include <sstream>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "fake_impl.hpp"

namespace fake_discord {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

struct ws_peer : std::enable_shared_from_this<ws_peer> {
  explicit ws_peer(websocket::stream<beast::tcp_stream> s) : ws(std::move(s)) {}
  websocket::stream<beast::tcp_stream> ws;
  std::deque<std::pair<std::string, int>> queue;  // text, or close code (>0) / drop (-1)
  bool writing = false;
  bool done = false;

  void push(std::string text, int close_code) {
    if (done) return;
    if (close_code == -1) {  // drop: no close frame
      done = true;
      boost::system::error_code ec;
      beast::get_lowest_layer(ws).socket().shutdown(tcp::socket::shutdown_both, ec);
      beast::get_lowest_layer(ws).socket().close(ec);
      return;
    }
    queue.emplace_back(std::move(text), close_code);
    if (!writing) {
      writing = true;
      asio::co_spawn(ws.get_executor(), write_loop(shared_from_this()), asio::detached);
    }
  }

  static asio::awaitable<void> write_loop(std::shared_ptr<ws_peer> self) {
    while (!self->queue.empty() && !self->done) {
      auto [text, code] = std::move(self->queue.front());
      self->queue.pop_front();
      if (code > 0) {
        self->done = true;
        co_await self->ws.async_close(websocket::close_reason(static_cast<websocket::close_code>(code)),
                                      asio::as_tuple(asio::use_awaitable));
        boost::system::error_code ec;
        beast::get_lowest_layer(self->ws).socket().close(ec);
        break;
      }
      self->ws.text(true);
      auto [ec, n] = co_await self->ws.async_write(asio::buffer(text), asio::as_tuple(asio::use_awaitable));
      if (ec) break;
    }
    self->writing = false;
  }
};

}  // namespace

struct io_runtime {
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::map<int, std::shared_ptr<ws_peer>> peers;  // touched on the I/O thread only
  std::thread thread;
};

namespace {

asio::awaitable<void> serve_ws(server::impl* impl, io_runtime* rt, websocket::stream<beast::tcp_stream> stream,
                               http::request<http::string_body> req) {
  auto peer = std::make_shared<ws_peer>(std::move(stream));
  peer->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  peer->ws.read_message_max(16 * 1024 * 1024);
  auto [aec] = co_await peer->ws.async_accept(req, asio::as_tuple(asio::use_awaitable));
  if (aec) co_return;
  // HELLO is posted to this thread, so it goes out after the peer is registered.
  int conn = impl->on_ws_open();
  rt->peers[conn] = peer;
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await peer->ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    impl->on_ws_text(conn, text);
  }
  peer->done = true;
  rt->peers.erase(conn);
  impl->on_ws_closed(conn);
}

// Writes the status line, the headers and half of the body, then drops the connection: a server
// that crashes or a proxy that gives up in the middle of an answer.
asio::awaitable<void> write_cut(beast::tcp_stream& stream, http::response<http::string_body>& res) {
  std::ostringstream head;
  head << res.base();
  std::string bytes = head.str() + res.body().substr(0, res.body().size() / 2);
  co_await asio::async_write(stream, asio::buffer(bytes), asio::as_tuple(asio::use_awaitable));
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream.socket().close(ec);
}

asio::awaitable<void> serve(server::impl* impl, io_runtime* rt, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  const auto idle = impl->opts.idle_timeout;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    // An idle kept-alive connection is closed after `idle`, as Node and most servers do (FIN, no answer).
    if (idle.count() > 0) stream.expires_after(idle);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    stream.expires_never();
    auto req = parser.release();
    if (websocket::is_upgrade(req)) {
      co_await serve_ws(impl, rt, websocket::stream<beast::tcp_stream>(std::move(stream)), std::move(req));
      co_return;
    }
    http_input in;
    in.method = std::string(req.method_string());
    in.target = std::string(req.target());
    in.authorization = std::string(req[http::field::authorization]);
    in.content_type = std::string(req[http::field::content_type]);
    in.audit_log_reason = std::string(req["X-Audit-Log-Reason"]);
    in.body = std::move(req.body());
    http_answer a = impl->handle(in);
    http::response<http::string_body> res{static_cast<http::status>(a.status), 11};
    res.set(http::field::server, "fake-discord");
    for (const auto& [k, v] : a.headers) res.set(k, v);
    if (a.raw) {
      res.set(http::field::content_type, a.raw->first);
      res.body() = a.raw->second;
    } else if (!a.body.is_null()) {
      res.set(http::field::content_type, "application/json");
      res.body() = a.body.dump();
    }
    res.keep_alive(req.keep_alive());
    if (idle.count() > 0 && impl->opts.advertise_keep_alive)
      res.set("Keep-Alive", "timeout=" + std::to_string(std::max<long long>(1, idle.count() / 1000)));
    res.prepare_payload();
    if (a.delay_ms > 0) {
      asio::steady_timer late(stream.get_executor(), std::chrono::milliseconds(a.delay_ms));
      co_await late.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (a.cut_response) {
      co_await write_cut(stream, res);
      co_return;
    }
    auto [wec, wn] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    if (wec || !req.keep_alive()) co_return;
  }
}

asio::awaitable<void> accept_loop(server::impl* impl, io_runtime* rt) {
  for (;;) {
    auto [ec, socket] = co_await rt->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    // Like Discord's edge: gateway events are small one-way frames, sent at once (without this,
    // Nagle's algorithm holds each one until the client's delayed ACK of the previous one).
    boost::system::error_code nd;
    socket.set_option(tcp::no_delay(true), nd);
    {
      std::lock_guard lock(impl->mu);
      ++impl->http_connections;  // counted when accepted; a WebSocket upgrade is one too
    }
    asio::co_spawn(rt->ioc, serve(impl, rt, std::move(socket)), asio::detached);
  }
}

io_runtime* runtime_of(server::impl* impl);
std::map<server::impl*, std::unique_ptr<io_runtime>> runtimes;
std::mutex runtimes_mu;

io_runtime* runtime_of(server::impl* impl) {
  std::lock_guard lock(runtimes_mu);
  return runtimes.at(impl).get();
}

}  // namespace

server::server(options opts) : impl_(std::make_unique<impl>(std::move(opts))) {
  auto rt = std::make_unique<io_runtime>();
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  rt->acceptor.open(ep.protocol());
  rt->acceptor.set_option(tcp::acceptor::reuse_address(true));
  rt->acceptor.bind(ep);
  rt->acceptor.listen();
  impl_->port = rt->acceptor.local_endpoint().port();
  io_runtime* raw = rt.get();
  impl* state = impl_.get();
  impl_->send_text = [raw](int conn, std::string text) {
    asio::post(raw->ioc, [raw, conn, text = std::move(text)]() mutable {
      if (auto it = raw->peers.find(conn); it != raw->peers.end()) it->second->push(std::move(text), 0);
    });
  };
  impl_->close_conn = [raw](int conn, int code) {
    asio::post(raw->ioc, [raw, conn, code] {
      if (auto it = raw->peers.find(conn); it != raw->peers.end()) it->second->push({}, code == 0 ? -1 : code);
    });
  };
  asio::co_spawn(raw->ioc, accept_loop(state, raw), asio::detached);
  raw->thread = std::thread([raw] { raw->ioc.run(); });
  std::lock_guard lock(runtimes_mu);
  runtimes[state] = std::move(rt);
}

server::~server() {
  io_runtime* rt = runtime_of(impl_.get());
  asio::post(rt->ioc, [rt] {
    boost::system::error_code ec;
    rt->acceptor.close(ec);
    for (auto& [id, p] : rt->peers) p->push({}, -1);
    rt->ioc.stop();
  });
  rt->thread.join();
  std::lock_guard lock(runtimes_mu);
  runtimes.erase(impl_.get());
}

std::uint16_t server::port() const { return impl_->port; }

void server::drop_gateway() {
  std::lock_guard lock(impl_->mu);
  for (const auto& [conn, sess] : impl_->conn_session) impl_->close_conn(conn, 0);
}

void server::close_gateway(int code) {
  std::lock_guard lock(impl_->mu);
  for (const auto& [conn, sess] : impl_->conn_session) impl_->close_conn(conn, code);
}

}  // namespace fake_discord
