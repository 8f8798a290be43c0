#pragma once
// The one way the work that follows an interaction's answer is carried out (overwrites, welcome
// refreshes, notes, log posts, pins, uploads): tried at once, and when it fails on something time
// can heal — the network, a 5xx, a 429 — tried again out of everyone's way, with exponential
// backoff and jitter, for up to retry_window. Then it is given up with one warning that names the
// step and the cause. A 4xx other than 429 is not retried: it will not get better.
//
// What a ticket channel should look like is derived from the stored ticket, so what is still
// pending when the process stops is repaired by the start-up reconciliation, not lost.
#include <chrono>
#include <cstddef>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "discord/rest/client.hpp"

namespace app {

inline constexpr std::chrono::minutes retry_window{15};
inline constexpr std::chrono::seconds retry_pause_max{60};

// Worth trying again later: network failures, Discord's 5xx, rate limits.
bool transient(const discord::rest::error& e);
// How long to wait before attempt `n` (1-based) after `e`: retry_after for a 429, else backoff.
std::chrono::milliseconds pause_before(int n, const discord::rest::error& e);

class background {
 public:
  explicit background(boost::asio::any_io_executor ex) : ex_(std::move(ex)) {}

  // `attempt`: a callable returning awaitable<discord::rest::result<T>>, called once now and again
  // for each retry (so it must own copies of what it sends). Returns whether the first try worked;
  // false also when it goes on in the background.
  template <class Attempt>
  boost::asio::awaitable<bool> run(std::string what, Attempt attempt) {
    auto first = co_await attempt();
    if (first) co_return true;
    if (!transient(first.error())) {
      warn_given_up(what, first.error(), false);
      co_return false;
    }
    ++pending_;
    boost::asio::co_spawn(ex_, retry(std::move(what), std::move(attempt), first.error()), boost::asio::detached);
    co_return false;
  }

  // Steps still being retried.
  std::size_t pending() const { return pending_; }

 private:
  template <class Attempt>
  boost::asio::awaitable<void> retry(std::string what, Attempt attempt, discord::rest::error last) {
    const auto give_up_at = std::chrono::steady_clock::now() + retry_window;
    boost::asio::steady_timer timer(ex_);
    for (int n = 1;; ++n) {
      note_retry(what, last, n);
      timer.expires_after(pause_before(n, last));
      co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      auto again = co_await attempt();
      if (again) {
        note_recovered(what, n);
        break;
      }
      last = again.error();
      if (!transient(last) || std::chrono::steady_clock::now() >= give_up_at) {
        warn_given_up(what, last, transient(last));
        break;
      }
    }
    --pending_;
  }

  void note_retry(const std::string& what, const discord::rest::error& e, int n) const;
  void note_recovered(const std::string& what, int n) const;
  void warn_given_up(const std::string& what, const discord::rest::error& e, bool timed_out) const;

  boost::asio::any_io_executor ex_;
  std::size_t pending_ = 0;
};

}  // namespace app
