#include "rename_queue.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "background.hpp"

namespace app {

namespace asio = boost::asio;

void rename_queue::want(discord::channel_id channel, std::string name, std::string reason) {
  auto& w = wishes_[channel];
  w.name = std::move(name);
  w.reason = std::move(reason);
  if (!w.running) {
    w.running = true;
    asio::co_spawn(rest_.executor(), drain(channel), asio::detached);
  }
}

void rename_queue::forget(discord::channel_id channel) {
  auto it = wishes_.find(channel);
  if (it != wishes_.end() && !it->second.running) wishes_.erase(it);
  else if (it != wishes_.end()) it->second.name.clear();
}

// Until the latest wish is applied: Discord's rename limit is waited out (retry_after), transient
// failures are retried with backoff for up to retry_window, a refusal (4xx) ends the wish.
asio::awaitable<void> rename_queue::drain(discord::channel_id channel) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto give_up_at = std::chrono::steady_clock::now() + retry_window;
  int failures = 0;
  for (;;) {
    auto it = wishes_.find(channel);
    if (it == wishes_.end() || it->second.name.empty()) break;
    if (it->second.applied && *it->second.applied == it->second.name) break;
    std::string name = it->second.name;
    auto r = co_await rest_.rename_channel(channel, name, it->second.reason);
    it = wishes_.find(channel);
    if (it == wishes_.end()) co_return;
    if (r) {
      it->second.applied = name;
      failures = 0;
      give_up_at = std::chrono::steady_clock::now() + retry_window;
      continue;  // a newer wish may have come meanwhile
    }
    const auto& e = r.error();
    if (e.is(discord::rest::codes::unknown_channel)) break;
    if (e.status == 429) {
      double wait = e.retry_after.value_or(1.0);
      spdlog::info("rename of channel {} to {} waits {:.1f} s (Discord's rename limit)", channel.str(), it->second.name, wait);
      timer.expires_after(std::chrono::milliseconds(static_cast<long long>(wait * 1000) + 50));
    } else if (transient(e) && std::chrono::steady_clock::now() < give_up_at) {
      ++failures;
      spdlog::info("rename of channel {} to {}: {} — trying again", channel.str(), it->second.name, e.describe());
      timer.expires_after(pause_before(failures, e));
    } else {
      spdlog::warn("rename of channel {} to {} given up: {}", channel.str(), it->second.name, e.describe());
      break;
    }
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  wishes_.erase(channel);
}

}  // namespace app
