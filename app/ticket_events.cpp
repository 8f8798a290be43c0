// Gateway events that touch tickets: members leaving and coming back, channels deleted by hand,
// staff roles deleted, first staff replies. (Reconciliation and clean-up: housekeeping.cpp.)
#include <spdlog/spdlog.h>

#include "ticket_flows.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

asio::awaitable<void> ticket_flows::on_member_remove(discord::guild_id g, discord::user account) {
  auto active = co_await s_.db([this, g, id = account.id] { return s_.store.find_active_by_owner(g, id); });
  if (!active || !*active) co_return;
  const ticket t = **active;
  lang gl = exec_.guild_lang(g);
  if (auto ch = t.channel_id)
    co_await exec_.post(*ch, member_left_message(gl, account.id, account.username),
                  "ticket #" + std::to_string(t.number) + ": member-left note");
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  if (cfg && *cfg) {
    auto warning = log_warning(format(gl, msg::log_member_left, user_mention(account.id.str()) + " (" + account.username + ")"));
    co_await exec_.post_log(**cfg, std::move(warning));
  }
}

asio::awaitable<void> ticket_flows::on_member_add(discord::guild_id g, discord::member m) {
  if (!m.account) co_return;
  auto uid = m.account->id;
  auto active = co_await s_.db([this, g, uid] { return s_.store.find_active_by_owner(g, uid); });
  if (!active || !*active) co_return;  // closed tickets stay locked; no active ticket: nothing to restore
  const ticket t = **active;
  auto ch = t.channel_id;
  if (!ch) co_return;
  // The owner's access back: the channel made what the ticket's state wants (the one mechanism).
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  if (cfg) co_await exec_.sync_overwrites(t, g, t.state, cfg->value_or(guild_config{g}), "Ticket #" + std::to_string(t.number) + ": owner came back");
  auto note = embed_message(info_embed(format(exec_.guild_lang(g), msg::member_back, user_mention(uid.str())), colors::reopened));
  co_await exec_.post(*ch, std::move(note), "ticket #" + std::to_string(t.number) + ": member-back note");
}

asio::awaitable<void> ticket_flows::on_channel_delete(discord::channel c) {
  s_.renames.forget(c.id);
  awaiting_first_reply_.erase(c.id);
  live_ticket_channels_.erase(c.id);
  activity_noted_.erase(c.id);
  co_await drop_overflow_if_empty(c);
  auto found = co_await s_.db([this, id = c.id] { return s_.store.find_by_channel(id); });
  if (!found || !*found || (*found)->state == status::deleted) co_return;
  const ticket t = **found;
  // Deleted by hand: free the owner, who could otherwise never open a ticket again.
  auto deleted = co_await s_.db([this, t] { return s_.store.mark_deleted(t.guild_id, t.number, now_ms()); });
  if (!deleted) {
    spdlog::error("guild {}: marking ticket #{} deleted failed: {}", t.guild_id.str(), t.number, deleted.error().message);
    co_return;
  }
  const auto g = t.guild_id;
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  if (cfg && *cfg) {
    auto warning = log_warning(format(exec_.guild_lang(g), msg::log_channel_deleted, std::to_string(t.number)));
    co_await exec_.post_log(**cfg, std::move(warning));
    auto entry = log_message(log_kind::deleted, *deleted, std::nullopt, now_ms(), exec_.guild_lang(g));
    co_await exec_.post_log(**cfg, std::move(entry));
  }
}

// An overflow category left empty by a deleted ticket channel is removed (and forgotten).
asio::awaitable<void> ticket_flows::drop_overflow_if_empty(discord::channel gone) {
  if (!gone.guild || !gone.parent_id) co_return;
  const auto g = *gone.guild;
  const auto parent = *gone.parent_id;
  if (!s_.cache.children_of(g, parent).empty()) co_return;
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  if (!cfg || !*cfg) co_return;
  const auto& known = (*cfg)->overflow_categories;
  if (std::find(known.begin(), known.end(), parent) == known.end()) co_return;
  co_await s_.db([this, g, parent] { return s_.store.remove_overflow_category(g, parent); });
  auto r = co_await s_.rest.delete_channel(parent, std::string("Empty overflow ticket category"));
  if (!r && !r.error().is(discord::rest::codes::unknown_channel))
    spdlog::warn("guild {}: removing the empty overflow category failed: {}", g.str(), r.error().describe());
}

asio::awaitable<void> ticket_flows::on_role_delete(discord::guild_id g, discord::role_id r, std::string role_name) {
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  if (!cfg || !*cfg) co_return;
  for (const auto& cat : (*cfg)->categories)
    if (std::find(cat.roles.begin(), cat.roles.end(), r) != cat.roles.end())
    {
      auto warning = log_warning(format(exec_.guild_lang(g), msg::log_role_deleted, "`" + role_name + "`", cat.name));
      co_await exec_.post_log(**cfg, std::move(warning));
    }
}

asio::awaitable<void> ticket_flows::on_message(discord::message m) {
  if (m.author.bot || m.webhook || !m.guild) co_return;
  // Most messages are outside ticket channels: known from memory, without a store lookup (before
  // the first reconciliation has listed the tickets, the store is asked).
  if (!first_replies_known_ || live_ticket_channels_.count(m.channel)) co_await note_activity(m);
  if (first_replies_known_ && !awaiting_first_reply_.count(m.channel)) co_return;
  // Every message of every guild would cost a store lookup: a flood must not queue them without
  // bound. Beyond the bound a first staff reply may go unrecorded (a statistic), nothing else.
  if (messages_in_flight_ >= messages_in_flight_max) co_return;
  const in_flight counted(messages_in_flight_);
  auto found = co_await s_.db([this, id = m.channel] { return s_.store.find_by_channel(id); });
  if (found && (!*found || (*found)->first_staff_reply_at_ms)) awaiting_first_reply_.erase(m.channel);
  if (!found || !*found || (*found)->first_staff_reply_at_ms || (*found)->owner_id == m.author.id) co_return;
  const ticket t = **found;
  auto cfg = co_await s_.db([this, g = *m.guild] { return s_.store.get_config(g); });
  if (!cfg || !*cfg) co_return;
  // Staff as the buttons judge it: the category's roles, or an administrator of the server.
  const std::vector<discord::role_id> none;
  const bool admin = has_admin_rights(s_.cache.guild_permissions(*m.guild, m.author.id, m.author_member ? m.author_member->roles : none));
  if (!tickets::actor_of(false, admin, m.author_member ? m.author_member->roles : none, (*cfg)->category_by_id(t.category_id)).staff_rights())
    co_return;
  auto at = discord::message_id{m.id}.created_at_ms();
  if (co_await s_.db([this, ch = m.channel, at, author = m.author.id] { return s_.store.record_staff_reply(ch, at, author); })) awaiting_first_reply_.erase(m.channel);
}

}  // namespace app
