#include "router.hpp"

#include <spdlog/spdlog.h>

#include "metrics.hpp"
#include "responder.hpp"

#include "spawn.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/interaction_check.hpp"

namespace app {

void router::route(int shard, discord::gateway_event&& event) {
  std::visit([&](auto& e) { on(shard, e); }, event);
}

void router::on(int shard, discord::ready_event& e) {
  spdlog::info("shard {} ready as {} ({} guilds)", shard, e.self.username, e.guilds.size());
  // A second READY means a new session: events were missed, the next round reconciles all.
  if (!progress_.shards_ready.insert(shard).second) progress_.reconcile_requested = true;
  for (const auto& g : e.guilds)
    if (!cache_.guild(g)) progress_.guilds_awaited.insert(g);
}

void router::on(int shard, discord::resumed_event&) { spdlog::info("shard {} resumed", shard); }

void router::on(int, discord::guild_create_event& e) {
  spdlog::debug("guild {} ({}) available", e.value.name, e.value.id.str());
  const bool awaited = progress_.guilds_awaited.erase(e.value.id) > 0;
  cache_.upsert_guild(std::move(e.value));
  if (awaited && progress_.guilds_awaited.empty()) spdlog::info("all guilds available ({})", cache_.guild_count());
}

void router::on(int, discord::guild_update_event& e) {
  const auto* g = cache_.guild(e.value.id);
  if (!g) return;
  auto copy = *g;  // GUILD_UPDATE carries no channels nor members
  copy.name = e.value.name;
  copy.preferred_locale = e.value.preferred_locale;
  copy.owner_id = e.value.owner_id;
  copy.roles = e.value.roles;
  cache_.upsert_guild(std::move(copy));
}

void router::on(int, discord::guild_delete_event& e) {
  if (!e.unavailable) cache_.remove_guild(e.id);
}

void router::on(int, discord::interaction_create_event& e) {
  metrics::add("guichet_interactions_received_total", {interaction_kind(e.value.type)});
  // The one door: handlers only ever see well-formed guild interactions.
  const auto check = tickets::check_interaction(e.value, application_);
  if (check.verdict == tickets::interaction_verdict::drop) {
    spdlog::warn("interaction {} dropped: {}", e.value.id.str(), check.problem);
    return;
  }
  interaction(std::move(e.value));
}

void router::interaction(discord::interaction i) {
  using tickets::action;
  if (stopping_) {
    start(tickets_.refuse_while_stopping(std::move(i)), "restarting notice");
    return;
  }
  if (i.type == discord::interaction_type::application_command) {
    const bool config = i.data && !i.data->options.empty() && i.data->options.front().name == "config";
    const bool in_ticket = i.data && i.data->name == "this-ticket";
    if (config) start(config_.on_interaction(std::move(i)), "configuration command");
    else if (in_ticket) start(tickets_.typed_action(std::move(i)), "ticket command");
    else start(tickets_.command(std::move(i)), "command");
    return;
  }
  const auto id = tickets::decode(i.data && i.data->custom_id ? *i.data->custom_id : std::string{});
  // The owner's rating, in their DMs: the buttons name the ticket.
  if (id && (id->what == action::rate || id->what == action::rate_comment || id->what == action::rate_comment_submit)) {
    start(tickets_.rating(std::move(i), id->what, id->arg), "rating");
    return;
  }
  if (!id || !i.guild) {
    start(tickets_.unknown(std::move(i), !id), "unknown interaction");
    return;
  }
  switch (id->what) {
    case action::config:
      start(config_.on_interaction(std::move(i)), "configuration screen");
      return;
    case action::rate:
    case action::rate_comment:
    case action::rate_comment_submit:
      return;  // handled above
    case action::stats:
      start(tickets_.stats_window_switch(std::move(i), id->arg), "statistics window");
      return;
    case action::open: {
      std::string category = i.data->values.empty() ? std::string{} : i.data->values.front();
      start(tickets_.open(std::move(i), std::move(category)), "opening");
      return;
    }
    case action::open_answers:
      start(tickets_.open(std::move(i), id->arg), "opening with answers");
      return;
    case action::claim:
    case action::close:
    case action::close_after_leave:
    case action::reopen:
    case action::remove:
    case action::remove_confirm:
    case action::remove_cancel:
    case action::remove_without_transcript:
    case action::transcript:
    case action::member_add:
    case action::member_add_pick:
    case action::member_remove:
    case action::member_remove_pick:
    case action::release:
    case action::transfer:
    case action::transfer_pick:
    case action::close_with_reason:
    case action::close_reason_submit:
    case action::close_request:
    case action::close_request_accept:
    case action::close_request_refuse:
    case action::rename:
    case action::keep_open:
    case action::inactivity_off:
    case action::inactivity_on:
      start(tickets_.ticket_action(std::move(i), id->what), "ticket button");
      return;
  }
}

void router::on(int, discord::member_add_event& e) {
  cache_.upsert_member(e.guild, e.value);
  start(tickets_.on_member_add(e.guild, e.value), "member join");
}

void router::on(int, discord::member_update_event& e) { cache_.upsert_member(e.guild, e.value); }

void router::on(int, discord::member_remove_event& e) {
  cache_.remove_member(e.guild, e.account.id);
  start(tickets_.on_member_remove(e.guild, e.account), "member leave");
}

void router::on(int, discord::channel_create_event& e) { cache_.upsert_channel(e.value); }
void router::on(int, discord::channel_update_event& e) { cache_.upsert_channel(e.value); }

void router::on(int, discord::channel_delete_event& e) {
  cache_.remove_channel(e.value);
  start(tickets_.on_channel_delete(e.value), "channel deletion");
}

void router::on(int, discord::role_create_event& e) { cache_.upsert_role(e.guild, e.value); }
void router::on(int, discord::role_update_event& e) { cache_.upsert_role(e.guild, e.value); }

void router::on(int, discord::role_delete_event& e) {
  std::string name = cache_.role(e.guild, e.id) ? cache_.role(e.guild, e.id)->name : e.id.str();
  cache_.remove_role(e.guild, e.id);
  start(tickets_.on_role_delete(e.guild, e.id, std::move(name)), "role deletion");
}

void router::on(int, discord::message_create_event& e) { start(tickets_.on_message(std::move(e.value)), "message"); }

// Dispatches Guichet does not use (typing, presences…) arrive as unknown_event: nothing to do.
void router::on(int, discord::unknown_event&) {}

}  // namespace app
