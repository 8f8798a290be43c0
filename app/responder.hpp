#pragma once
// Answers one interaction: first within Discord's 3 seconds (a defer or a message), then edits.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "discord/rest/client.hpp"
#include "tickets/screens.hpp"

namespace app {

// The metrics' name for an interaction's type.
std::string_view interaction_kind(discord::interaction_type t);

class responder {
 public:
  responder(discord::rest::client& rest, const discord::interaction& i)
      : rest_(rest), i_(i), received_(std::chrono::steady_clock::now()) {}

  // Ephemeral "thinking…"; the answer comes with edit().
  boost::asio::awaitable<bool> defer_ephemeral();
  // Acknowledges a component without a visible answer yet (deferred update).
  boost::asio::awaitable<bool> defer_update();
  boost::asio::awaitable<bool> respond(discord::message_create m);  // type 4
  boost::asio::awaitable<bool> update(discord::message_create m);   // type 7 (the component's message)
  boost::asio::awaitable<bool> modal(discord::modal m);              // type 9
  boost::asio::awaitable<void> edit(discord::message_create m);     // the original answer
  boost::asio::awaitable<void> error(std::string text);             // an error embed, as answer or edit
  boost::asio::awaitable<void> success(std::string text);

  // Runs `work` (a store read) and lets its answer be the first one when it comes quickly (a
  // refusal is then one request, not a defer and an edit). When it takes longer than `grace`, the
  // interaction is deferred meanwhile (ephemeral), so Discord's 3 s hold whatever the store does.
  template <class T>
  boost::asio::awaitable<T> within_grace(boost::asio::awaitable<T> work);

  tickets::lang user_lang() const { return tickets::lang_of(i_.locale.value_or("fr")); }
  bool answered() const { return answered_; }

 private:
  boost::asio::awaitable<bool> callback(discord::interaction_response r);
  discord::rest::client& rest_;
  const discord::interaction& i_;
  std::chrono::steady_clock::time_point received_;
  bool answered_ = false;
};

// Discord waits 3 s for the first answer; the rest is the network's and the answer's own time.
inline constexpr std::chrono::milliseconds answer_grace{1500};

template <class T>
boost::asio::awaitable<T> responder::within_grace(boost::asio::awaitable<T> work) {
  namespace asio = boost::asio;
  struct guard {
    explicit guard(const asio::any_io_executor& ex) : timer(ex), deferred(ex) {}
    asio::steady_timer timer, deferred;
    bool finished = false, deferring = false;
  };
  const auto ex = co_await asio::this_coro::executor;
  auto g = std::make_shared<guard>(ex);
  g->timer.expires_after(answer_grace);
  g->deferred.expires_at(asio::steady_timer::time_point::max());
  // One thread runs the io_context: the flags are read and written between suspensions only. The
  // watchdog touches the responder only while this function waits for it.
  asio::co_spawn(ex, [g, this]() -> asio::awaitable<void> {
    co_await g->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (g->finished || answered_) co_return;
    g->deferring = true;
    co_await defer_ephemeral();
    g->deferring = false;
    g->deferred.cancel();
  }, asio::detached);
  T value = co_await std::move(work);
  g->finished = true;
  g->timer.cancel();
  while (g->deferring) co_await g->deferred.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return value;
}

}  // namespace app
