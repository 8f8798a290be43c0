#include "rename_queue.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

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

asio::awaitable<void> rename_queue::drain(discord::channel_id channel) {
  for (int attempts = 0; attempts < 20; ++attempts) {
    auto it = wishes_.find(channel);
    if (it == wishes_.end() || it->second.name.empty()) break;
    if (it->second.applied && *it->second.applied == it->second.name) break;
    std::string name = it->second.name;
    auto r = co_await rest_.rename_channel(channel, name, it->second.reason);
    it = wishes_.find(channel);
    if (it == wishes_.end()) co_return;
    if (r) {
      it->second.applied = name;
      continue;  // a newer wish may have come meanwhile
    }
    if (r.error().status == 429) {
      double wait = r.error().retry_after.value_or(1.0);
      spdlog::info("rename of channel {} to {} waits {:.1f} s (Discord's rename limit)", channel.str(), it->second.name, wait);
      asio::steady_timer t(co_await asio::this_coro::executor,
                           std::chrono::milliseconds(static_cast<long long>(wait * 1000) + 50));
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    if (r.error().is(discord::rest::codes::unknown_channel)) break;
    spdlog::warn("rename of channel {} failed: {}", channel.str(), r.error().describe());
    break;
  }
  wishes_.erase(channel);
}

}  // namespace app
