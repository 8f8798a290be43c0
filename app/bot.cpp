#include "bot.hpp"

#include <csignal>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>

#include "spawn.hpp"
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "discord/limits.hpp"
#include "config_flows.hpp"
#include "logging.hpp"
#include "services.hpp"
#include "ticket_flows.hpp"
#include "tickets/interaction_check.hpp"

namespace app {

namespace asio = boost::asio;

namespace {
constexpr std::uint32_t wanted_intents = discord::intents::guilds | discord::intents::guild_members |
                                         discord::intents::guild_messages | discord::intents::message_content;
}

bot::bot(config cfg, std::unique_ptr<storage::ticket_store> store) : cfg_(std::move(cfg)), store_(std::move(store)) {
  discord::rest::options opts;
  opts.api_base = cfg_.api_url;
  opts.token = cfg_.token;
  opts.log = discord_log_sink();
  rest_ = std::make_unique<discord::rest::client>(ioc_.get_executor(), opts);
  renames_ = std::make_unique<rename_queue>(*rest_);
  later_ = std::make_unique<background>(ioc_.get_executor());
}

bot::~bot() = default;

void bot::stop(int code, const std::string& why) {
  if (code != exit_code::ok) spdlog::critical("{}", redact(why));
  else spdlog::info("{}", why);
  exit_code_ = code;
  for (auto& s : shards_) s->stop();
  ioc_.stop();
}

// SIGTERM/SIGINT: no new events (the shards close), then the steps being retried get a moment to
// finish before the process ends; what is left is repaired from stored state at the next start.
asio::awaitable<void> bot::drain_then_stop() {
  constexpr auto drain_max = std::chrono::seconds(10);
  spdlog::info("stopping (signal received){}", later_->pending() ? ": finishing the steps under way" : "");
  for (auto& s : shards_) s->stop();
  const auto give_up = std::chrono::steady_clock::now() + drain_max;
  asio::steady_timer t(ioc_);
  while (later_->pending() > 0 && std::chrono::steady_clock::now() < give_up) {
    t.expires_after(std::chrono::milliseconds(100));
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (later_->pending() > 0)
    spdlog::warn("{} step(s) still being retried at shutdown: the next start repairs the channels", later_->pending());
  stop(exit_code::ok, "stopped");
}

int bot::run() {
  asio::signal_set signals(ioc_, SIGINT, SIGTERM);
  signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) spawn(ioc_, drain_then_stop(), "shutdown");
  });
  asio::co_spawn(ioc_, start(), [this](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      stop(exit_code::discord_refused, std::string("start-up failed: ") + ex.what());
    }
  });
  ioc_.run();
  workers_.join();
  return exit_code_;
}

asio::awaitable<void> bot::start() {
  auto app_info = co_await rest_->get_current_application();
  if (!app_info) {
    const auto& e = app_info.error();
    if (e.status == 401)
      stop(exit_code::discord_refused,
           "Discord rejected the bot token (HTTP 401 Unauthorized). Copy a fresh token from the Developer Portal "
           "(Bot → Reset Token) into DISCORD_TOKEN.");
    else
      stop(exit_code::discord_refused, "cannot reach Discord at " + cfg_.api_url + ": " + e.describe());
    co_return;
  }
  discord::user_id self = app_info->bot ? app_info->bot->id : discord::user_id{app_info->id.value};
  cache_.keep_member(self);
  services_ = std::make_unique<services>(services{ioc_, workers_, *rest_, *store_, cache_, *renames_, *later_, app_info->id, self});
  flows_ = std::make_unique<ticket_flows>(*services_);
  config_ = std::make_unique<config_flows>(*services_, [this](discord::guild_id g) {
    spawn(ioc_, flows_->reconcile_guild(g), "reconciliation after a configuration change");
  });
  router_ = std::make_unique<router>(ioc_, cache_, *flows_, *config_, app_info->id, progress_);
  spdlog::info("application {} ({})", app_info->name, app_info->id.str());

  auto registered = co_await rest_->bulk_overwrite_global_commands(app_info->id, guichet_commands());
  if (!registered) spdlog::error("registering the /ticket command failed: {}", registered.error().describe());

  auto gateway = co_await rest_->get_gateway_bot();
  if (!gateway) {
    stop(exit_code::discord_refused, "cannot get the gateway address (GET /gateway/bot): " + gateway.error().describe());
    co_return;
  }
  co_await start_shards(*gateway);
  spawn(ioc_, housekeeping(), "housekeeping");
}

// The shards of this process (GUICHET_SHARDS, or all of Discord's count), identifying as Discord's
// session start limit and max_concurrency allow.
asio::awaitable<void> bot::start_shards(discord::gateway_bot_info gateway) {
  int total = cfg_.shards.total.value_or(std::max(1, gateway.shards));
  std::vector<int> ids = cfg_.shards.ids;
  if (ids.empty())
    for (int i = 0; i < total; ++i) ids.push_back(i);
  if (gateway.limit.remaining < static_cast<int>(ids.size())) {
    spdlog::warn("Discord's session start limit is used up; waiting {} s", gateway.limit.reset_after_ms / 1000);
    asio::steady_timer t(ioc_, std::chrono::milliseconds(gateway.limit.reset_after_ms));
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  gate_ = std::make_unique<discord::gateway::identify_gate>(
      ioc_.get_executor(), gateway.limit.max_concurrency, std::chrono::seconds(discord::limits::identify_spacing_seconds));
  for (int id : ids) {
    discord::gateway::shard_options so;
    so.identify = {cfg_.token, wanted_intents, id, total, "linux", "guichet"};
    so.gateway_url = gateway.url;
    so.log = discord_log_sink();
    shards_.push_back(std::make_unique<discord::gateway::shard>(
        ioc_.get_executor(), so, *gate_, [this](int shard, discord::gateway_event&& e) { router_->route(shard, std::move(e)); }));
  }
  // Not detached: a shard whose loop ends by an exception would leave its guilds silent while the
  // process looks alive. The process stops instead, and its supervisor starts it again.
  for (auto& s : shards_)
    asio::co_spawn(ioc_, run_shard(s.get()), [this, id = s->id()](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        stop(exit_code::internal_error, "shard " + std::to_string(id) + " stopped: " + ex.what());
      }
    });
}

asio::awaitable<void> bot::run_shard(discord::gateway::shard* s) {
  auto exit = co_await s->run();
  if (exit.close_code != 1000) stop(exit_code::discord_refused, exit.message);
}

// The first reconciliation once every shard is READY and its guilds have arrived (at most
// guild_arrival_max); then every housekeeping_period the interrupted openings and the due clean-ups,
// and a whole reconciliation every full_reconcile_period or after a shard had to start a new session.
asio::awaitable<void> bot::wait_for_guilds() {
  constexpr auto guild_arrival_max = std::chrono::seconds(30);
  const auto give_up = std::chrono::steady_clock::now() + guild_arrival_max;
  asio::steady_timer t(ioc_);
  while (std::chrono::steady_clock::now() < give_up &&
         (progress_.shards_ready.size() < shards_.size() || !progress_.guilds_awaited.empty())) {
    t.expires_after(std::chrono::milliseconds(250));
    auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
  }
}

asio::awaitable<void> bot::housekeeping() {
  constexpr auto housekeeping_period = std::chrono::seconds(60);
  constexpr int full_reconcile_every = 10;  // periods
  co_await wait_for_guilds();
  co_await flows_->reconcile();
  co_await flows_->auto_delete_due();
  asio::steady_timer t(ioc_);
  for (int round = 1;; ++round) {
    t.expires_after(housekeeping_period);
    auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    if (progress_.reconcile_requested || round % full_reconcile_every == 0) {
      progress_.reconcile_requested = false;
      co_await flows_->reconcile();
    } else {
      co_await flows_->resolve_reservations();
    }
    co_await flows_->auto_delete_due();
  }
}

}  // namespace app
