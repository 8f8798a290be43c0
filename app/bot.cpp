#include "bot.hpp"

#include <csignal>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
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
// Runs a flow; a bug that throws is logged with the flow's name instead of vanishing.
template <class Awaitable>
void spawn(asio::io_context& ioc, Awaitable a, const char* what) {
  asio::co_spawn(ioc, std::move(a), [what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("{} failed: {}", what, ex.what());
    }
  });
}

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
  services_ = std::make_unique<services>(services{ioc_, workers_, *rest_, *store_, cache_, *renames_, *later_, app_info->id, self});
  flows_ = std::make_unique<ticket_flows>(*services_);
  config_ = std::make_unique<config_flows>(*services_, [this](discord::guild_id g) {
    spawn(ioc_, flows_->reconcile_guild(g), "reconciliation after a configuration change");
  });
  spdlog::info("application {} ({})", app_info->name, app_info->id.str());

  auto registered = co_await rest_->bulk_overwrite_global_commands(app_info->id, guichet_commands());
  if (!registered) spdlog::error("registering the /ticket command failed: {}", registered.error().describe());

  auto gateway = co_await rest_->get_gateway_bot();
  if (!gateway) {
    stop(exit_code::discord_refused, "cannot get the gateway address (GET /gateway/bot): " + gateway.error().describe());
    co_return;
  }
  int total = cfg_.shards.total.value_or(std::max(1, gateway->shards));
  std::vector<int> ids = cfg_.shards.ids;
  if (ids.empty())
    for (int i = 0; i < total; ++i) ids.push_back(i);
  if (gateway->limit.remaining < static_cast<int>(ids.size())) {
    spdlog::warn("Discord's session start limit is used up; waiting {} s", gateway->limit.reset_after_ms / 1000);
    asio::steady_timer t(ioc_, std::chrono::milliseconds(gateway->limit.reset_after_ms));
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  gate_ = std::make_unique<discord::gateway::identify_gate>(
      ioc_.get_executor(), gateway->limit.max_concurrency, std::chrono::seconds(discord::limits::identify_spacing_seconds));
  for (int id : ids) {
    discord::gateway::shard_options so;
    so.identify = {cfg_.token, wanted_intents, id, total, "linux", "guichet"};
    so.gateway_url = gateway->url;
    so.log = discord_log_sink();
    shards_.push_back(std::make_unique<discord::gateway::shard>(
        ioc_.get_executor(), so, *gate_, [this](int shard, discord::gateway_event&& e) { on_event(shard, std::move(e)); }));
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
  spawn(ioc_, housekeeping(), "housekeeping");
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
         (shards_ready_.size() < shards_.size() || !guilds_awaited_.empty())) {
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
    if (reconcile_requested_ || round % full_reconcile_every == 0) {
      reconcile_requested_ = false;
      co_await flows_->reconcile();
    } else {
      co_await flows_->resolve_reservations();
    }
    co_await flows_->auto_delete_due();
  }
}

void bot::on_event(int shard_id, discord::gateway_event&& event) {
  std::visit(
      [&](auto&& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, discord::ready_event>) {
          spdlog::info("shard {} ready as {} ({} guilds)", shard_id, e.self.username, e.guilds.size());
          // A second READY means a new session: events were missed, the next round reconciles all.
          if (!shards_ready_.insert(shard_id).second) reconcile_requested_ = true;
          for (const auto& g : e.guilds)
            if (!cache_.guild(g)) guilds_awaited_.insert(g);
        } else if constexpr (std::is_same_v<E, discord::resumed_event>) {
          spdlog::info("shard {} resumed", shard_id);
        } else if constexpr (std::is_same_v<E, discord::guild_create_event>) {
          spdlog::info("guild {} ({}) available", e.value.name, e.value.id.str());
          guilds_awaited_.erase(e.value.id);
          cache_.upsert_guild(std::move(e.value));
        } else if constexpr (std::is_same_v<E, discord::guild_update_event>) {
          if (auto* g = cache_.guild(e.value.id)) {
            auto copy = *g;
            copy.name = e.value.name;
            copy.preferred_locale = e.value.preferred_locale;
            copy.owner_id = e.value.owner_id;
            copy.roles = e.value.roles;
            cache_.upsert_guild(std::move(copy));
          }
        } else if constexpr (std::is_same_v<E, discord::guild_delete_event>) {
          if (!e.unavailable) cache_.remove_guild(e.id);
        } else if constexpr (std::is_same_v<E, discord::interaction_create_event>) {
          // The one door: handlers only ever see well-formed guild interactions.
          const auto check = tickets::check_interaction(e.value, services_->application);
          if (check.verdict == tickets::interaction_verdict::drop) {
            spdlog::warn("interaction {} dropped: {}", e.value.id.str(), check.problem);
            return;
          }
          if (check.verdict == tickets::interaction_verdict::outside_guild) {
            spawn(ioc_, flows_->on_interaction(std::move(e.value)), "interaction outside a server");
            return;
          }
          bool config_command = e.value.type == discord::interaction_type::application_command && e.value.data &&
                                !e.value.data->options.empty() && e.value.data->options.front().name == "config";
          bool config_component = e.value.data && e.value.data->custom_id && config_flows::handles(*e.value.data->custom_id);
          if (config_command || config_component) spawn(ioc_, config_->on_interaction(std::move(e.value)), "configuration interaction");
          else spawn(ioc_, flows_->on_interaction(std::move(e.value)), "interaction");
        } else if constexpr (std::is_same_v<E, discord::member_add_event>) {
          cache_.upsert_member(e.guild, e.value);
          spawn(ioc_, flows_->on_member_add(e.guild, e.value), "member join");
        } else if constexpr (std::is_same_v<E, discord::member_update_event>) {
          cache_.upsert_member(e.guild, e.value);
        } else if constexpr (std::is_same_v<E, discord::member_remove_event>) {
          cache_.remove_member(e.guild, e.account.id);
          spawn(ioc_, flows_->on_member_remove(e.guild, e.account), "member leave");
        } else if constexpr (std::is_same_v<E, discord::channel_create_event> ||
                             std::is_same_v<E, discord::channel_update_event>) {
          cache_.upsert_channel(e.value);
        } else if constexpr (std::is_same_v<E, discord::channel_delete_event>) {
          cache_.remove_channel(e.value);
          spawn(ioc_, flows_->on_channel_delete(e.value), "channel deletion");
        } else if constexpr (std::is_same_v<E, discord::role_create_event> || std::is_same_v<E, discord::role_update_event>) {
          cache_.upsert_role(e.guild, e.value);
        } else if constexpr (std::is_same_v<E, discord::role_delete_event>) {
          std::string name = cache_.role(e.guild, e.id) ? cache_.role(e.guild, e.id)->name : e.id.str();
          cache_.remove_role(e.guild, e.id);
          spawn(ioc_, flows_->on_role_delete(e.guild, e.id, name), "role deletion");
        } else if constexpr (std::is_same_v<E, discord::message_create_event>) {
          spawn(ioc_, flows_->on_message(std::move(e.value)), "message");
        }
      },
      event);
}

}  // namespace app
