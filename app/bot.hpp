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
#include "health_server.hpp"
#include "background.hpp"
#include "media_fetch.hpp"
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
// The ones a restart cannot fix: systemd's RestartPreventExitStatus lists them.
inline constexpr bool is_permanent(int code) { return code == discord_refused || code == bad_config; }
}  // namespace exit_code

// How Guichet talks to Discord's REST API (base URL, token, log, User-Agent), for the bot and for
// `guichet check` alike; the bot adds its metrics hooks.
discord::rest::options rest_options(const config& cfg);

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
  // Asks Discord who we are, waiting out an unreachable Discord; nothing when it refused the token.
  boost::asio::awaitable<std::optional<discord::application_info>> application_when_reachable();
  // The store's health every few seconds, systemd's READY and watchdog, for /readyz and the unit.
  boost::asio::awaitable<void> watch_health();
  std::optional<std::string> not_ready() const;
  void refresh_gauges() const;
  void start_health_server();

  config cfg_;
  boost::asio::io_context ioc_{1};
  boost::asio::thread_pool workers_{4};
  std::unique_ptr<storage::ticket_store> store_;
  std::unique_ptr<discord::rest::client> rest_;
  std::unique_ptr<rename_queue> renames_;
  std::unique_ptr<background> later_;
  guild_cache cache_;
  std::unique_ptr<media_fetcher> media_;
  std::unique_ptr<services> services_;
  std::unique_ptr<ticket_flows> flows_;
  std::unique_ptr<config_flows> config_;
  std::unique_ptr<discord::gateway::identify_gate> gate_;
  std::vector<std::unique_ptr<discord::gateway::shard>> shards_;
  std::unique_ptr<router> router_;
  gateway_progress progress_;
  std::unique_ptr<health_server> health_;
  std::optional<std::string> store_problem_ = "not checked yet";
  bool stopping_ = false;
  int exit_code_ = exit_code::ok;
};

}  // namespace app
