#include "discord/gateway/shard.hpp"

#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace discord::gateway {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

identify_gate::identify_gate(asio::any_io_executor ex, int max_concurrency, std::chrono::milliseconds spacing)
    : ex_(std::move(ex)), max_concurrency_(std::max(1, max_concurrency)), spacing_(spacing) {}

asio::awaitable<void> identify_gate::wait(int shard_id) {
  int key = shard_id % max_concurrency_;
  auto now = clock::now();
  auto& next = next_allowed_[key];
  auto at = std::max(now, next);
  next = at + spacing_;  // reserve before waiting, so two shards of one bucket never share a slot
  if (at > now) {
    asio::steady_timer t(ex_, at);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

namespace {
double random_jitter() {
  static thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}
}  // namespace

shard::shard(asio::any_io_executor ex, shard_options opts, identify_gate& gate, event_handler on_event,
             net::ws_factory factory)
    : ex_(ex),
      opts_(std::move(opts)),
      gate_(gate),
      on_event_(std::move(on_event)),
      factory_(std::move(factory)),
      session_(session_config{opts_.identify, random_jitter()}) {
  if (!factory_) factory_ = [ex] { return net::make_ws_connection(ex); };
}

void shard::log(log_level level, const std::string& text) const {
  if (opts_.log) opts_.log(level, "shard " + std::to_string(opts_.identify.shard_id) + ": " + text);
}

void shard::stop() {
  stopped_ = true;
  // Not 1000 or 1001, which end the session: Discord keeps it resumable for a moment, and the
  // guilds do not flap offline for a restart.
  if (current_) current_->close(4900, "restarting");
}

asio::awaitable<shard_exit> shard::run() {
  int connect_failures = 0;
  while (!stopped_) {
    auto ws = factory_();
    current_ = ws;
    std::string url = session_.connect_url(opts_.gateway_url);
    log(log_level::info, "connecting to " + url);
    auto ec = co_await ws->connect(url);
    if (ec) {
      ++connect_failures;
      auto full = std::min(1000LL << std::min(connect_failures, 6), 60'000LL);
      auto delay = std::chrono::milliseconds(full / 2 + static_cast<long long>(random_jitter() * static_cast<double>(full / 2)));
      log(log_level::warn, "cannot connect (" + ec.message() + "), retrying in " + std::to_string(delay.count()) + " ms");
      asio::steady_timer t(ex_, delay);
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    connect_failures = 0;
    session_.on_connected(clock::now());

    auto outcome = co_await (read_loop(ws) || heartbeat_loop(ws));
    std::optional<reconnect_action> again = outcome.index() == 0 ? std::get<0>(outcome) : std::get<1>(outcome);
    current_.reset();
    if (fatal_) co_return shard_exit{fatal_->close_code, fatal_->message};
    if (stopped_) break;
    if (again) {
      ws->close(again->close_code, again->reason);
      log(log_level::info, again->reason + (again->resume ? ", resuming" : ", identifying anew"));
      if (again->delay.count() > 0) {
        asio::steady_timer t(ex_, again->delay);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      }
    }
  }
  co_return shard_exit{1000, "stopped"};
}

asio::awaitable<std::optional<action>> shard::perform(std::vector<action> actions, net::ws_connection& ws) {
  for (auto& a : actions) {
    if (auto* s = std::get_if<send_action>(&a)) {
      ws.send(std::move(s->text));
    } else if (auto* id = std::get_if<identify_action>(&a)) {
      // Waiting for the identify gate happens beside the read loop, never in it: heartbeat ACKs
      // must still be read meanwhile, or the wait would look like a zombie connection.
      asio::co_spawn(ex_, identify_when_allowed(current_, std::move(id->text)), asio::detached);
    } else if (auto* n = std::get_if<note_action>(&a)) {
      log(log_level::warn, n->text);
    } else if (auto* d = std::get_if<dispatch_action>(&a)) {
      if (on_event_) on_event_(opts_.identify.shard_id, std::move(d->event));
    } else {
      co_return std::move(a);  // reconnect or fatal
    }
  }
  co_return std::nullopt;
}

asio::awaitable<void> shard::identify_when_allowed(std::shared_ptr<net::ws_connection> ws, std::string text) {
  co_await gate_.wait(opts_.identify.shard_id);
  if (stopped_ || current_ != ws) co_return;  // that connection is gone: its successor identifies itself
  log(log_level::info, "identifying");
  ws->send(std::move(text));
}

asio::awaitable<std::optional<reconnect_action>> shard::read_loop(std::shared_ptr<net::ws_connection> ws) {
  for (;;) {
    auto msg = co_await ws->read();
    std::vector<action> actions;
    if (msg.type == net::ws_message::kind::text) {
      actions = session_.on_text(msg.text, clock::now());
    } else {
      if (stopped_) co_return std::nullopt;
      log(log_level::warn, msg.type == net::ws_message::kind::closed
                               ? "closed by Discord with code " + std::to_string(msg.close_code) +
                                     (msg.reason.empty() ? "" : " (" + msg.reason + ")")
                               : "connection lost: " + msg.reason);
      actions = session_.on_closed(msg.close_code, clock::now());
    }
    auto end = co_await perform(std::move(actions), *ws);
    if (!end) {
      if (msg.type != net::ws_message::kind::text) co_return reconnect_action{};
      continue;
    }
    if (auto* f = std::get_if<fatal_action>(&*end)) {
      fatal_ = *f;
      co_return std::nullopt;
    }
    co_return std::get<reconnect_action>(*end);
  }
}

asio::awaitable<std::optional<reconnect_action>> shard::heartbeat_loop(std::shared_ptr<net::ws_connection> ws) {
  asio::steady_timer timer(ex_);
  for (;;) {
    auto next = session_.next_tick();
    timer.expires_at(next ? *next : clock::now() + std::chrono::milliseconds(250));
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return std::nullopt;  // cancelled: the read loop ended first
    auto end = co_await perform(session_.on_tick(clock::now()), *ws);
    if (end) {
      if (auto* r = std::get_if<reconnect_action>(&*end)) {
        ws->abort();  // ends the pending read at once
        co_return *r;
      }
    }
  }
}

}  // namespace discord::gateway
