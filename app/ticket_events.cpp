// Gateway events that touch tickets: members leaving and coming back, channels deleted by hand,
// staff roles deleted, first staff replies; and the start-up reconciliation.
#include <spdlog/spdlog.h>

#include "ticket_flows.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

asio::awaitable<void> ticket_flows::on_member_remove(discord::guild_id g, discord::user account) {
  auto job20 = make_job([this, g, id = account.id] { return s_.store.find_active_by_owner(g.str(), id.str()); });
  auto active = co_await s_.db(std::move(job20));
  if (!active || !*active) co_return;
  const ticket t = **active;
  lang gl = guild_lang(g);
  if (auto ch = discord::channel_id::parse(t.channel_id.value_or("")))
    co_await s_.rest.create_message(*ch, member_left_message(gl, account.id.str(), account.username));
  auto job21 = make_job([this, g] { return s_.store.get_config(g.str()); });
  auto cfg = co_await s_.db(std::move(job21));
  if (cfg && *cfg) {
    auto warning = log_warning(format(gl, msg::log_member_left, user_mention(account.id.str()) + " (" + account.username + ")"));
    co_await post_log(**cfg, std::move(warning));
  }
}

asio::awaitable<void> ticket_flows::on_member_add(discord::guild_id g, discord::member m) {
  if (!m.account) co_return;
  auto uid = m.account->id;
  auto job22 = make_job([this, g, uid] { return s_.store.find_active_by_owner(g.str(), uid.str()); });
  auto active = co_await s_.db(std::move(job22));
  if (!active || !*active) co_return;  // closed tickets stay locked; no active ticket: nothing to restore
  const ticket t = **active;
  auto ch = discord::channel_id::parse(t.channel_id.value_or(""));
  if (!ch) co_return;
  const auto* channel = s_.cache.channel(g, *ch);
  bool has_overwrite = channel && std::any_of(channel->permission_overwrites.begin(), channel->permission_overwrites.end(),
                                              [&](const discord::permission_overwrite& o) { return o.id.value == uid.value; });
  if (!has_overwrite) {
    discord::permission_overwrite o;
    o.id = discord::any_id{uid.value};
    o.type = discord::overwrite_type::member;
    o.allow = owner_permissions();
    auto r = co_await s_.rest.edit_channel_permissions(*ch, o, "Ticket #" + std::to_string(t.number) + ": owner came back");
    if (!r) spdlog::warn("ticket #{}: restoring the owner's access failed: {}", t.number, r.error().describe());
  }
  auto note = embed_message(info_embed(format(guild_lang(g), msg::member_back, user_mention(uid.str())), colors::reopened));
  co_await s_.rest.create_message(*ch, note);
}

asio::awaitable<void> ticket_flows::on_channel_delete(discord::channel c) {
  s_.renames.forget(c.id);
  co_await drop_overflow_if_empty(c);
  auto job23 = make_job([this, id = c.id] { return s_.store.find_by_channel(id.str()); });
  auto found = co_await s_.db(std::move(job23));
  if (!found || !*found || (*found)->state == status::deleted) co_return;
  const ticket t = **found;
  // Deleted by hand: free the owner, who could otherwise never open a ticket again.
  auto job24 = make_job([this, t] { return s_.store.mark_deleted(t.guild_id, t.number, now_ms()); });
  auto deleted = co_await s_.db(std::move(job24));
  if (!deleted) {
    spdlog::error("guild {}: marking ticket #{} deleted failed: {}", t.guild_id, t.number, deleted.error().message);
    co_return;
  }
  auto g = discord::guild_id::parse(t.guild_id).value_or(discord::guild_id{});
  auto job25 = make_job([this, g] { return s_.store.get_config(g.str()); });
  auto cfg = co_await s_.db(std::move(job25));
  if (cfg && *cfg) {
    // Texts are built before the co_await (g++ 12 and short-string temporaries, see offload.hpp).
    auto warning = log_warning(format(guild_lang(g), msg::log_channel_deleted, std::to_string(t.number)));
    co_await post_log(**cfg, std::move(warning));
    auto entry = log_message(log_kind::deleted, *deleted, std::string{}, now_ms(), guild_lang(g));
  co_await post_log(**cfg, std::move(entry));
  }
}

// An overflow category left empty by a deleted ticket channel is removed (and forgotten).
asio::awaitable<void> ticket_flows::drop_overflow_if_empty(discord::channel gone) {
  if (!gone.guild || !gone.parent_id) co_return;
  const auto g = *gone.guild;
  const auto parent = *gone.parent_id;
  if (!s_.cache.children_of(g, parent).empty()) co_return;
  auto job = make_job([this, g] { return s_.store.get_config(g.str()); });
  auto cfg = co_await s_.db(std::move(job));
  if (!cfg || !*cfg) co_return;
  auto c = **cfg;
  auto it = std::find(c.overflow_categories.begin(), c.overflow_categories.end(), parent.str());
  if (it == c.overflow_categories.end()) co_return;
  c.overflow_categories.erase(it);
  auto save = make_job([this, c] { return s_.store.save_config(c); });
  co_await s_.db(std::move(save));
  auto r = co_await s_.rest.delete_channel(parent, std::string("Empty overflow ticket category"));
  if (!r && !r.error().is(discord::rest::codes::unknown_channel))
    spdlog::warn("guild {}: removing the empty overflow category failed: {}", g.str(), r.error().describe());
}

asio::awaitable<void> ticket_flows::on_role_delete(discord::guild_id g, discord::role_id r, std::string role_name) {
  auto job26 = make_job([this, g] { return s_.store.get_config(g.str()); });
  auto cfg = co_await s_.db(std::move(job26));
  if (!cfg || !*cfg) co_return;
  for (const auto& cat : (*cfg)->categories)
    if (std::find(cat.roles.begin(), cat.roles.end(), r.str()) != cat.roles.end())
    {
      auto warning = log_warning(format(guild_lang(g), msg::log_role_deleted, "`" + role_name + "`", cat.name));
      co_await post_log(**cfg, std::move(warning));
    }
}

asio::awaitable<void> ticket_flows::on_message(discord::message m) {
  if (m.author.bot || m.webhook || !m.guild) co_return;
  auto job27 = make_job([this, id = m.channel] { return s_.store.find_by_channel(id.str()); });
  auto found = co_await s_.db(std::move(job27));
  if (!found || !*found || (*found)->first_staff_reply_at_ms || (*found)->owner_id == m.author.id.str()) co_return;
  const ticket t = **found;
  auto job28 = make_job([this, g = *m.guild] { return s_.store.get_config(g.str()); });
  auto cfg = co_await s_.db(std::move(job28));
  if (!cfg || !*cfg) co_return;
  const category* cat = (*cfg)->find_category(t.category);
  std::vector<discord::role_id> roles;
  if (m.author_member) roles = m.author_member->roles;
  bool staff = cat && std::any_of(roles.begin(), roles.end(), [&](discord::role_id r) {
                 return std::find(cat->roles.begin(), cat->roles.end(), r.str()) != cat->roles.end();
               });
  auto perms = s_.cache.guild_permissions(*m.guild, m.author.id);
  staff = staff || perms.has(discord::permission::administrator) || perms.has(discord::permission::manage_guild);
  if (!staff) co_return;
  auto at = discord::message_id{m.id}.created_at_ms();
  auto job29 = make_job([this, ch = m.channel, at] { return s_.store.record_staff_reply(ch.str(), at); });
  co_await s_.db(std::move(job29));
}

asio::awaitable<void> ticket_flows::reconcile() {
  const auto now = now_ms();
  // Reservations left without a channel by a crash: released (their numbers are not reused).
  auto job30 = make_job([this] { return s_.store.list_all({status::reserved}); });
  auto reserved = co_await s_.db(std::move(job30));
  if (reserved)
    for (const auto& t : *reserved) {
      auto g = discord::guild_id::parse(t.guild_id);
      if (!g || !s_.cache.guild(*g) || now - t.created_at_ms < 60'000) continue;
      auto job31 = make_job([this, t, now] { return s_.store.release(t.guild_id, t.number, now); });
      co_await s_.db(std::move(job31));
      spdlog::info("guild {}: released ticket #{}, reserved but never given a channel", t.guild_id, t.number);
    }
  // Tickets whose channel no longer exists: deleted.
  auto job32 = make_job([this] { return s_.store.list_all({status::open, status::claimed, status::closed}); });
  auto live = co_await s_.db(std::move(job32));
  if (live)
    for (const auto& t : *live) {
      auto g = discord::guild_id::parse(t.guild_id);
      auto ch = discord::channel_id::parse(t.channel_id.value_or(""));
      if (!g || !s_.cache.guild(*g) || !ch || s_.cache.channel(*g, *ch)) continue;
      auto job33 = make_job([this, t, now] { return s_.store.mark_deleted(t.guild_id, t.number, now); });
      co_await s_.db(std::move(job33));
      spdlog::info("guild {}: ticket #{} lost its channel while Guichet was away; marked deleted", t.guild_id, t.number);
    }
  auto job34 = make_job([this] { return s_.store.reconcile_slots(); });
  auto freed = co_await s_.db(std::move(job34));
  if (freed && *freed > 0) spdlog::info("freed {} member slot(s) left over by an interrupted operation", *freed);
}

asio::awaitable<void> ticket_flows::auto_delete_due() {
  auto job35 = make_job([this] { return s_.store.list_all({status::closed}); });
  auto closed = co_await s_.db(std::move(job35));
  if (!closed) co_return;
  const auto now = now_ms();
  for (const auto& t : *closed) {
    auto g = discord::guild_id::parse(t.guild_id);
    if (!t.delete_after_ms || *t.delete_after_ms > now || !g || !s_.cache.guild(*g)) continue;
    co_await delete_ticket(t, s_.self.str(), *g, guild_lang(*g));
  }
}

}  // namespace app
