#pragma once
// What the flows share: Discord's REST client, the store (through the worker pool), the guild
// cache, who we are, and the rename queue.
#include <chrono>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "background.hpp"
#include "discord/rest/client.hpp"
#include "guild_cache.hpp"
#include "logging.hpp"
#include "offload.hpp"
#include "rename_queue.hpp"
#include "storage/ticket_store.hpp"

namespace app {

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

  // Runs a store call on the worker pool: co_await s.db([..] { return store.…; }).
  template <class F>
  auto db(F job) {
    return offload(workers, std::move(job));
  }
};

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace app
