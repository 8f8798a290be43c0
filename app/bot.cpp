#include "bot.hpp"

#include <csignal>

#include <nlohmann/json.hpp>

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
#include "metrics.hpp"
#include "process_usage.hpp"
#include "services.hpp"
#include "systemd_notify.hpp"
#include "version.hpp"
#include "ticket_flows.hpp"
#include "tickets/interaction_check.hpp"

namespace app {

namespace asio = boost::asio;

namespace {
constexpr std::uint32_t wanted_intents = discord::intents::guilds | discord::intents::guild_members |
                                         discord::intents::guild_messages | discord::intents::message_content;
}

discord::rest::options rest_options(const config& cfg) {
  discord::rest::options opts;
  opts.api_base = cfg.api_url;
  opts.token = cfg.token;
  opts.log = discord_log_sink();
  opts.user_agent = user_agent();
  return opts;
}

bot::bot(config cfg, std::unique_ptr<storage::ticket_store> store) : cfg_(std::move(cfg)), store_(std::move(store)) {
  discord::rest::options opts = rest_options(cfg_);
  opts.on_attempt = [](std::string_view route, int status) {
    metrics::add("guichet_rest_requests_total", {route, std::to_string(status)});
  };
  opts.on_rate_limit_wait = [](double seconds) {
    metrics::add("guichet_rest_rate_limit_waits_total");
    metrics::add("guichet_rest_rate_limit_wait_seconds_total", {}, seconds);
  };
  rest_ = std::make_unique<discord::rest::client>(ioc_.get_executor(), opts);
  renames_ = std::make_unique<rename_queue>(*rest_);
  later_ = std::make_unique<background>(ioc_.get_executor());
  media_ = std::make_unique<media_fetcher>(ioc_.get_executor(), cfg_.cdn_url, user_agent());
}

bot::~bot() = default;

void bot::stop(int code, const std::string& why) {
  if (code != exit_code::ok) spdlog::critical("{}", redact(why));
  else spdlog::info("{}", why);
  exit_code_ = code;
  for (auto& s : shards_) s->stop();
  ioc_.stop();
}

// SIGTERM/SIGINT: interactions arriving from now on get a "restarting" notice; the flows under way
// and the steps being retried get up to drain_max to finish; then the shards close with a code that
// keeps their sessions resumable. What is left is repaired from stored state at the next start.
asio::awaitable<void> bot::drain_then_stop() {
  constexpr auto drain_max = std::chrono::seconds(10);
  if (stopping_) co_return;
  stopping_ = true;
  systemd::notify("STOPPING=1\nSTATUS=finishing the actions under way");
  if (router_) router_->stop_taking_interactions();
  const auto busy = [this] { return (router_ ? router_->in_flight() : 0) + static_cast<int>(later_->pending()); };
  spdlog::info("stopping (signal received){}", busy() ? ": finishing the actions under way" : "");
  const auto give_up = std::chrono::steady_clock::now() + drain_max;
  asio::steady_timer t(ioc_);
  while (busy() > 0 && std::chrono::steady_clock::now() < give_up) {
    t.expires_after(std::chrono::milliseconds(50));
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (busy() > 0)
    spdlog::warn("{} action(s) still under way at shutdown: the next start repairs the channels", busy());
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
  spdlog::info("guichet {} starting", version);
  if (cfg_.http) {
    try {
      start_health_server();
    } catch (const std::exception& e) {
      spdlog::critical("GUICHET_HTTP_ADDR {}:{}: cannot listen there ({}). Choose a free port or unset the variable.",
                       cfg_.http->host, cfg_.http->port, e.what());
      return exit_code::bad_config;
    }
  }
  spawn(ioc_, watch_health(), "health watch");
  ioc_.run();
  workers_.join();
  return exit_code_;
}

// A Discord that cannot be reached (network down, 5xx, 429) is waited for with a growing pause: a
// VPS often boots before its network. A refused token is final.
asio::awaitable<std::optional<discord::application_info>> bot::application_when_reachable() {
  constexpr auto pause_max = std::chrono::seconds(60);
  auto pause = std::chrono::seconds(1);
  for (;;) {
    auto app_info = co_await rest_->get_current_application();
    if (app_info) co_return std::move(*app_info);
    const auto& e = app_info.error();
    if (e.status == 401) {
      stop(exit_code::discord_refused,
           "Discord rejected the bot token (HTTP 401 Unauthorized). Copy a fresh token from the Developer Portal "
           "(Bot → Reset Token) into DISCORD_TOKEN.");
      co_return std::nullopt;
    }
    if (!transient(e)) {
      stop(exit_code::discord_refused, "Discord refused GET /applications/@me at " + cfg_.api_url + ": " + e.describe());
      co_return std::nullopt;
    }
    spdlog::warn("cannot reach Discord at {}: {}; trying again in {} s", cfg_.api_url, e.describe(), pause.count());
    asio::steady_timer t(ioc_, pause);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (stopping_) co_return std::nullopt;
    pause = std::min(pause * 2, pause_max);
  }
}

asio::awaitable<void> bot::start() {
  auto app_info = co_await application_when_reachable();
  if (!app_info) co_return;
  discord::user_id self = app_info->bot ? app_info->bot->id : discord::user_id{app_info->id.value};
  cache_.keep_member(self);
  services_ = std::make_unique<services>(services{ioc_, workers_, *rest_, *store_, cache_, *renames_, *later_, app_info->id, self, *media_});
  flows_ = std::make_unique<ticket_flows>(*services_);
  config_ = std::make_unique<config_flows>(*services_, [this](discord::guild_id g) {
    spawn(ioc_, flows_->reconcile_guild(g), "reconciliation after a configuration change");
    spawn(ioc_, flows_->refresh_panels(g), "panels after a configuration change");
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
  co_await flows_->first_response_due();
  co_await flows_->close_requests_due();
  co_await flows_->inactivity_due();
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
    co_await flows_->first_response_due();
    co_await flows_->close_requests_due();
    co_await flows_->inactivity_due();
  }
}

// ---- health --------------------------------------------------------------------------------------

void bot::start_health_server() {
  health_ = std::make_unique<health_server>(ioc_, health_checks{[this] { return not_ready(); }, [this] { refresh_gauges(); }});
  const auto address = asio::ip::make_address(cfg_.http->host);
  health_->start({address, cfg_.http->port});
  if (!address.is_loopback())
    spdlog::warn("health and metrics listen on {} — reachable from other machines; keep it behind a firewall", cfg_.http->host);
  spdlog::info("health and metrics on http://{}:{}/ (healthz, readyz, metrics)", cfg_.http->host, health_->local_endpoint().port());
}

// Ready: every shard of this process in an active session, and the store answering.
std::optional<std::string> bot::not_ready() const {
  std::vector<std::string> reasons;
  if (stopping_) reasons.push_back("stopping");
  if (shards_.empty()) reasons.push_back("connecting to Discord");
  for (const auto& s : shards_)
    if (s->state().state() != discord::gateway::shard_state::active) reasons.push_back("shard " + std::to_string(s->id()) + " not connected");
  if (store_problem_) reasons.push_back("store: " + *store_problem_);
  if (reasons.empty()) return std::nullopt;
  return nlohmann::json(reasons).dump();
}

void bot::refresh_gauges() const {
  metrics::set("guichet_build_info", {version}, 1);
  metrics::clear("guichet_shard_up");
  metrics::clear("guichet_shard_heartbeat_latency_seconds");
  for (const auto& s : shards_) {
    const std::string id = std::to_string(s->id());
    metrics::set("guichet_shard_up", {id}, s->state().state() == discord::gateway::shard_state::active ? 1 : 0);
    if (auto l = s->state().heartbeat_latency())
      metrics::set("guichet_shard_heartbeat_latency_seconds", {id}, std::chrono::duration<double>(*l).count());
  }
  metrics::set("guichet_guilds", {}, static_cast<double>(cache_.guild_count()));
  const auto self = read_process_usage();
  metrics::set("process_resident_memory_bytes", {}, self.resident_bytes);
  metrics::clear("process_cpu_seconds_total");
  metrics::add("process_cpu_seconds_total", {}, self.cpu_seconds);
  metrics::set("process_start_time_seconds", {}, process_start_seconds());
}

asio::awaitable<void> bot::watch_health() {
  constexpr auto tick = std::chrono::milliseconds(250);
  constexpr int store_check_every = 8;  // ticks: the store is asked every 2 s
  const auto watchdog = systemd::watchdog_period();
  auto last_ping = std::chrono::steady_clock::now();
  bool announced = false;
  asio::steady_timer t(ioc_);
  for (int n = 0;; ++n) {
    if (n % store_check_every == 0) {
      auto pinged = co_await offload(workers_, [this] { return store_->ping(); });
      const bool was_ok = !store_problem_;
      store_problem_ = pinged ? std::nullopt : std::optional<std::string>(pinged.error().message);
      if (was_ok && store_problem_) spdlog::error("the store stopped answering: {}", *store_problem_);
      if (!was_ok && !store_problem_ && announced) spdlog::info("the store answers again");
    }
    if (!announced && !not_ready()) {
      announced = true;
      systemd::notify("READY=1\nSTATUS=connected: " + std::to_string(shards_.size()) + " shard(s), " +
                      std::to_string(cache_.guild_count()) + " server(s)");
    }
    // The watchdog hears from the event loop itself: a loop that hangs is restarted by systemd.
    if (watchdog && std::chrono::steady_clock::now() - last_ping >= *watchdog / 2) {
      systemd::notify("WATCHDOG=1");
      last_ping = std::chrono::steady_clock::now();
    }
    t.expires_after(tick);
    auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
  }
}

}  // namespace app
