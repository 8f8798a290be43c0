#pragma once
// What the flows share: Discord's REST client, the store (through the worker pool), the guild
// cache, who we are, and the rename queue.
#include <chrono>
#include <memory>
#include <optional>
#include <type_traits>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "background.hpp"
#include "discord/rest/client.hpp"
#include "guild_cache.hpp"
#include "logging.hpp"
#include "media_fetch.hpp"
#include "metrics.hpp"
#include "offload.hpp"
#include "rename_queue.hpp"
#include "storage/ticket_store.hpp"

namespace app {

inline void record_store_call(std::chrono::steady_clock::duration took, bool failed) {
  metrics::add("guichet_store_operations_total", {failed ? "error" : "ok"});
  metrics::observe("guichet_store_operation_duration_seconds", {}, std::chrono::duration<double>(took).count());
}

// A store call, timed and counted for the metrics (an error result counts as an error).
template <class F>
auto timed(F& job) {
  const auto start = std::chrono::steady_clock::now();
  auto out = job();
  bool failed = false;
  if constexpr (requires { out.has_error(); }) failed = out.has_error();
  record_store_call(std::chrono::steady_clock::now() - start, failed);
  return out;
}

struct services {
  boost::asio::io_context& ioc;
  boost::asio::thread_pool& workers;
  discord::rest::client& rest;
  storage::ticket_store& store;
  guild_cache& cache;
  rename_queue& renames;
  background& later;  // retried steps after an answer
  discord::application_id application;
  discord::user_id self;
  media_fetcher& media;  // what transcripts keep inside them

  // Runs a store call on the worker pool: co_await s.db([..] { return store.…; }). Timed and
  // counted for the metrics (an error result counts as an error).
  template <class F>
  auto db(F job) {
    return offload(workers, [job = std::move(job)]() mutable { return timed(job); });
  }

  // Reads only: answered here when the store can do it without waiting (SQLite: no hop to the pool
  // and back, which is most of what a click costs), else on the pool as db() does.
  template <class F>
  boost::asio::awaitable<std::invoke_result_t<F&>> read(F job) {
    std::optional<std::invoke_result_t<F&>> now;
    if (store.read_now([&] { now.emplace(timed(job)); })) co_return std::move(*now);
    co_return co_await db(std::move(job));
  }
};

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace app
