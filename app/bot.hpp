#pragma once
// The running bot: start-up (store, application, commands, gateway), housekeeping, shutdown.
#include <memory>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "config.hpp"
#include "discord/gateway/shard.hpp"
#include "discord/rest/client.hpp"
#include "guild_cache.hpp"
#include "background.hpp"
#include "rename_queue.hpp"
#include "router.hpp"
#include "storage/ticket_store.hpp"

namespace app {

struct services;

// Process exit codes.
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int discord_refused = 1;  // bad token, disallowed intents…
inline constexpr int bad_config = 2;
inline constexpr int storage_unreachable = 3;
inline constexpr int internal_error = 4;  // a bug: a shard's loop ended by an exception (a restart helps)
}  // namespace exit_code

class bot {
 public:
  bot(config cfg, std::unique_ptr<storage::ticket_store> store);
  ~bot();
  int run();

 private:
  boost::asio::awaitable<void> start();
  boost::asio::awaitable<void> start_shards(discord::gateway_bot_info gateway);
  boost::asio::awaitable<void> run_shard(discord::gateway::shard* s);
  boost::asio::awaitable<void> housekeeping();
  boost::asio::awaitable<void> wait_for_guilds();
  void stop(int code, const std::string& why);
  boost::asio::awaitable<void> drain_then_stop();

  config cfg_;
  boost::asio::io_context ioc_{1};
  boost::asio::thread_pool workers_{4};
  std::unique_ptr<storage::ticket_store> store_;
  std::unique_ptr<discord::rest::client> rest_;
  std::unique_ptr<rename_queue> renames_;
  std::unique_ptr<background> later_;
  guild_cache cache_;
  std::unique_ptr<services> services_;
  std::unique_ptr<ticket_flows> flows_;
  std::unique_ptr<config_flows> config_;
  std::unique_ptr<discord::gateway::identify_gate> gate_;
  std::vector<std::unique_ptr<discord::gateway::shard>> shards_;
  std::unique_ptr<router> router_;
  gateway_progress progress_;
  int exit_code_ = exit_code::ok;
};

}  // namespace app
