#include "executor.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "metrics.hpp"
#include "tickets/naming.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

asio::awaitable<executor::outcome> executor::run(std::vector<effect> effects, context ctx) {
  outcome out;
  ctx.deleting = std::any_of(effects.begin(), effects.end(), [](const effect& e) { return e.what == step::delete_channel; });
  for (const auto& e : effects)
    if (!co_await apply(e, ctx, out)) {
      out.ticket = ctx.ticket;
      co_return out;
    }
  out.done = true;
  out.ticket = ctx.ticket;
  co_return out;
}

std::string executor::reason(const context& ctx, const char* what) const {
  return "Ticket #" + std::to_string(ctx.ticket.number) + " " + what + " by " +
         (ctx.actor_name.empty() ? ctx.actor_id.str() : ctx.actor_name);
}

asio::awaitable<bool> executor::apply(const effect& e, context& ctx, outcome& out) {
  const lang gl = guild_lang(ctx.guild);
  const auto channel = ctx.ticket.channel_id;
  const std::string about = "ticket #" + std::to_string(ctx.ticket.number);
  switch (e.what) {
    case step::claim:
    case step::close:
    case step::reopen:
      co_return co_await store_step(e.what, ctx, out);
    case step::release_claim:
    case step::transfer_claim:
      co_return co_await claim_step(e.what, ctx, out);
    case step::add_member:
    case step::remove_member:
      co_return co_await members_step(e.what, ctx, out);
    case step::set_name:
    case step::close_request:
    case step::settle_request:
      co_return co_await request_step(e.what, ctx, out);
    case step::sync_channel: {
      const std::string why = reason(ctx, std::string(log_verb(e.log)).c_str());
      co_await sync_overwrites(ctx.ticket, ctx.guild, ctx.ticket.state, ctx.config, why);
      queue_rename(ctx.ticket, ctx.guild, ctx.config, why);
      co_await refresh_welcome(ctx.ticket, ctx.guild, ctx.config, ctx.source_message);
      co_return true;
    }
    case step::note:
      if (channel && e.note)
        co_await post(*channel, embed_message(info_embed(e.note->render(gl), e.color)), about + ": note");
      co_return true;
    case step::closed_note:
      if (channel) co_await post(*channel, closed_message(gl, ctx.actor_id, ctx.ticket.close_reason), about + ": close note");
      co_return true;
    case step::log:
      co_await log_action(e.log, ctx.ticket, ctx.actor_id, now_ms(), ctx.config,
                          ctx.target ? std::optional(ctx.target->id) : std::nullopt);
      co_return true;
    case step::set_deadline: {
      if (!ctx.config.options.auto_delete_hours) co_return true;
      const std::int64_t deadline = now_ms() + std::int64_t{*ctx.config.options.auto_delete_hours} * 3600 * 1000;
      auto set = co_await s_.db([this, g = ctx.guild, n = ctx.ticket.number, deadline] {
        return s_.store.set_delete_deadline(g, n, deadline);
      });
      if (!set) spdlog::warn("guild {}: the deletion deadline of {} was not saved: {}", ctx.guild.str(), about, set.error().message);
      co_return true;  // the ticket stays closed; staff can still delete it
    }
    case step::archive: {
      auto saved = co_await archiver_.archive(ctx.ticket, ctx.config, ctx.guild, ctx.upload_limit, ctx.actor_id, ctx.deleting);
      if (!saved.ok) {
        spdlog::warn("guild {}: the transcript of {} failed: {}", ctx.guild.str(), about, saved.problem);
        if (!e.required) co_return true;
        out.archive_failed = true;
        out.failure = text_ref{msg::transcript_failed, {saved.problem}};
        co_return false;
      }
      out.archived_messages = saved.messages;
      ctx.transcript_html = std::move(saved.html);
      if (e.required) {
        // Remembered: a deletion Discord refuses afterwards does not make another one.
        auto marked = co_await s_.db([this, g = ctx.guild, n = ctx.ticket.number] { return s_.store.mark_archived(g, n, now_ms()); });
        if (!marked) spdlog::warn("guild {}: remembering the transcript of {} failed: {}", ctx.guild.str(), about, marked.error().message);
      }
      co_return true;
    }
    case step::delete_channel:
      co_return co_await delete_channel(ctx, out);
    case step::dm_summary:
      co_await send_summary(ctx);
      co_return true;  // the ticket's action stands whatever the DM does
    case step::reset_inactivity:
    case step::stop_inactivity_watch:
    case step::start_inactivity_watch:
      co_return co_await inactivity_step(e.what, ctx, out);
  }
  co_return true;
}

// The store's compare-and-set changes; a lost race or an outage stops the plan with the reason.
asio::awaitable<bool> executor::store_step(step s, context& ctx, outcome& out) {
  const auto g = ctx.guild;
  const auto n = ctx.ticket.number;
  const auto unavailable = [&](const storage::error& e) {
    out.failure = e.code == storage::errc::unavailable
                      ? text_ref{msg::storage_unavailable, {}}
                      : text_ref{msg::ticket_changed, {std::string(to_string(e.current ? e.current->state : ctx.ticket.state))}};
  };
  if (s == step::claim) {
    auto claimed = co_await s_.db([this, g, n, actor = ctx.actor_id, name = ctx.actor_name] { return s_.store.claim(g, n, actor, name, now_ms()); });
    if (!claimed) {
      unavailable(claimed.error());
      co_return false;
    }
    if (!claimed->won) {
      out.failure = text_ref{msg::claim_already, {claimed->ticket.claimer_id ? user_mention(*claimed->ticket.claimer_id) : std::string("?")}};
      co_return false;
    }
    ctx.ticket = claimed->ticket;
    co_return true;
  }
  if (s == step::close) {
    auto closed = co_await s_.db([this, g, n, from = ctx.ticket.state, why = ctx.reason, actor = ctx.actor_id] {
      return s_.store.transition(g, n, from, status::closed, now_ms(), why, actor);
    });
    if (!closed) {
      const auto& e = closed.error();
      if (e.code == storage::errc::conflict && e.current && e.current->state == status::closed) out.failure = text_ref{msg::close_already, {}};
      else unavailable(e);
      co_return false;
    }
    ctx.ticket = *closed;
    co_return true;
  }
  auto reopened = co_await s_.db([this, g, n] { return s_.store.reopen(g, n, now_ms()); });
  if (!reopened) {
    const auto& e = reopened.error();
    if (e.code == storage::errc::conflict && e.current && e.current->number != n)
      out.failure = text_ref{msg::reopen_other_ticket, {user_mention(ctx.ticket.owner_id), ticket_link(*e.current)}};
    else if (e.code == storage::errc::unavailable)
      out.failure = text_ref{msg::storage_unavailable, {}};
    else
      out.failure = text_ref{msg::reopen_not_closed, {}};
    co_return false;
  }
  ctx.ticket = *reopened;
  co_return true;
}

// Staff's name for the channel, and close requests: posted (their id kept), then answered.
asio::awaitable<bool> executor::request_step(step s, context& ctx, outcome& out) {
  const lang gl = guild_lang(ctx.guild);
  const auto channel = ctx.ticket.channel_id;
  const std::string about = "ticket #" + std::to_string(ctx.ticket.number);
  if (s == step::set_name) {
    auto named = co_await s_.db([this, g = ctx.guild, n = ctx.ticket.number, name = ctx.new_name] {
      return s_.store.set_custom_name(g, n, name);
    });
    if (!named) {
      out.failure = named.error().code == storage::errc::unavailable ? text_ref{msg::storage_unavailable, {}} : text_ref{msg::not_a_ticket, {}};
      co_return false;
    }
    ctx.ticket = *named;
    co_return true;
  }
  if (s == step::close_request) {
    if (!channel) co_return true;
    // Posted at once (its id is kept: an unanswered request may close the ticket later).
    auto m = close_request_message(ctx.ticket, ctx.actor_id, gl);
    m.nonce = discord::rest::make_nonce();
    auto posted = co_await s_.rest.create_message(*channel, m);
    if (!posted) {
      out.failure = text_ref{msg::discord_error, {posted.error().describe()}};
      co_return false;
    }
    auto kept = co_await s_.db([this, g = ctx.guild, n = ctx.ticket.number, id = posted->id] {
      return s_.store.set_close_request(g, n, now_ms(), id);
    });
    if (!kept) spdlog::warn("guild {}: the close request of {} was posted but not stored: {}", ctx.guild.str(), about, kept.error().message);
    co_return true;
  }
  // Answered (or timed out): the store forgets it, the message loses its buttons.
  if (!ctx.request_message) ctx.request_message = ctx.ticket.close_request_message_id;
  if (ctx.ticket.state != status::closed)  // a close clears it in the same store operation
    co_await s_.db([this, g = ctx.guild, n = ctx.ticket.number] { return s_.store.set_close_request(g, n, std::nullopt, std::nullopt); });
  if (channel && ctx.request_message)
    co_await s_.later.run(about + ": close request answered",
                          [this, ch = *channel, id = *ctx.request_message,
                           m = settled_request_message(ctx.ticket, ctx.ticket.state == status::closed, gl)] {
                            return s_.rest.edit_message(ch, id, m);
                          });
  co_return true;
}

// Release and transfer: compare-and-set on the claimer the action was decided against.
asio::awaitable<bool> executor::claim_step(step s, context& ctx, outcome& out) {
  if (!ctx.ticket.claimer_id || (s == step::transfer_claim && !ctx.target)) {
    out.failure = text_ref{msg::not_claimed, {}};
    co_return false;
  }
  const auto g = ctx.guild;
  const auto n = ctx.ticket.number;
  const auto from = *ctx.ticket.claimer_id;
  auto changed = s == step::release_claim
                     ? co_await s_.db([this, g, n, from] { return s_.store.release_claim(g, n, from); })
                     : co_await s_.db([this, g, n, from, to = ctx.target->id, name = ctx.target->name] {
                         return s_.store.transfer_claim(g, n, from, to, name, now_ms());
                       });
  if (!changed) {
    const auto& e = changed.error();
    out.failure = e.code == storage::errc::unavailable ? text_ref{msg::storage_unavailable, {}}
                  : e.current && !e.current->claimer_id ? text_ref{msg::not_claimed, {}}
                  : text_ref{msg::claim_already, {e.current && e.current->claimer_id ? user_mention(*e.current->claimer_id) : std::string("?")}};
    co_return false;
  }
  ctx.ticket = *changed;
  co_return true;
}

// Adding and removing members: atomic on the stored set; nothing to do is said, not done.
asio::awaitable<bool> executor::members_step(step s, context& ctx, outcome& out) {
  if (!ctx.target) {
    out.failure = text_ref{msg::unknown_action, {}};
    co_return false;
  }
  const auto g = ctx.guild;
  const auto n = ctx.ticket.number;
  const auto who = ctx.target->id;
  auto changed = s == step::add_member ? co_await s_.db([this, g, n, who] { return s_.store.add_member(g, n, who); })
                                       : co_await s_.db([this, g, n, who] { return s_.store.remove_member(g, n, who); });
  if (!changed) {
    out.failure = changed.error().code == storage::errc::unavailable ? text_ref{msg::storage_unavailable, {}} : text_ref{msg::ticket_is_closed, {}};
    co_return false;
  }
  if (!changed->changed) {
    out.failure = text_ref{s == step::add_member ? msg::add_already : msg::remove_not_added, {user_mention(who)}};
    co_return false;
  }
  ctx.ticket = changed->ticket;
  co_return true;
}

asio::awaitable<bool> executor::delete_channel(context& ctx, outcome& out) {
  if (auto ch = ctx.ticket.channel_id) {
    auto gone = co_await s_.rest.delete_channel(*ch, reason(ctx, "deleted"));
    if (!gone && !gone.error().is(discord::rest::codes::unknown_channel)) {
      out.failure = text_ref{msg::discord_error, {gone.error().describe()}};
      out.forbidden = gone.error().status == 403;
      co_return false;
    }
    s_.renames.forget(*ch);
  }
  auto deleted = co_await s_.db([this, g = ctx.guild, n = ctx.ticket.number] { return s_.store.mark_deleted(g, n, now_ms()); });
  if (!deleted) spdlog::error("guild {}: marking ticket #{} deleted failed: {}", ctx.guild.str(), ctx.ticket.number, deleted.error().message);
  else ctx.ticket = *deleted;
  co_return true;  // the channel is gone: the next start marks it deleted if this did not
}

// ---- the channel's shape -----------------------------------------------------------------------

std::vector<discord::permission_overwrite> executor::wanted_overwrites(const ticket& t, discord::guild_id g, status state,
                                                                       const guild_config& c) const {
  overwrite_input in;
  in.guild = g;
  in.owner = t.owner_id;
  in.bot = s_.self;
  if (const category* cat = c.category_by_id(t.category_id)) in.staff_roles = existing_roles(g, cat->roles);
  if (t.claimer_id) in.claimer = t.claimer_id;
  in.members = t.added_members;
  return ticket_overwrites(in, state);
}

asio::awaitable<std::size_t> executor::sync_overwrites(ticket t, discord::guild_id g, status state, guild_config c, std::string why) {
  auto ch = t.channel_id;
  const auto* channel = ch ? s_.cache.channel(g, *ch) : nullptr;
  if (!channel) co_return 0;
  // Against the cached channel (kept current by CHANNEL_UPDATE): one PUT or DELETE per
  // difference, so that a change never rewrites the whole list.
  auto changes = overwrite_diff(channel->permission_overwrites, wanted_overwrites(t, g, state, c));
  const std::string what = "ticket #" + std::to_string(t.number) + ": overwrite of ";
  for (const auto& o : changes.set)
    co_await s_.later.run(what + o.id.str(), [this, channel = *ch, o, why] { return s_.rest.edit_channel_permissions(channel, o, why); });
  for (const auto& o : changes.remove)
    co_await s_.later.run(what + o.id.str() + " (removed)",
                          [this, channel = *ch, id = o.id, why] { return s_.rest.delete_channel_permission(channel, id, why); });
  co_return changes.set.size() + changes.remove.size();
}

asio::awaitable<void> executor::refresh_welcome(ticket t, discord::guild_id g, guild_config c, std::optional<discord::message_id> hint) {
  auto ch = t.channel_id;
  if (!ch) co_return;
  std::optional<discord::message_id> target = t.welcome_message_id ? t.welcome_message_id : hint;
  if (!target) {
    // A ticket opened before the welcome message was remembered: the bot's oldest message among
    // the first page of the channel.
    auto page = co_await s_.rest.get_messages(*ch, std::nullopt, 100);
    if (page)
      for (auto it = page->rbegin(); it != page->rend() && !target; ++it)
        if (it->author.id == s_.self) target = it->id;
  }
  if (!target) co_return;
  auto m = welcome_message(t, c.category_by_id(t.category_id), guild_lang(g));
  m.content.reset();  // edits never ping again
  co_await s_.later.run("ticket #" + std::to_string(t.number) + ": welcome message refresh",
                        [this, channel = *ch, id = *target, m] { return s_.rest.edit_message(channel, id, m); });
}

std::string executor::wanted_channel_name(const ticket& t, discord::guild_id g, const guild_config& c) const {
  const category* cat = c.category_by_id(t.category_id);
  naming_input in{c.options.naming, t.number, t.owner_name, cat ? cat->name : t.category, cat ? cat->emoji : std::nullopt,
                  t.claimer_id ? std::optional(t.claimer_name.empty() ? t.claimer_id->str() : t.claimer_name) : std::nullopt,
                  t.custom_name};
  return channel_name(in, t.state, guild_lang(g));
}

void executor::queue_rename(const ticket& t, discord::guild_id g, const guild_config& c, std::string why) {
  auto ch = t.channel_id;
  if (!ch) return;
  s_.renames.want(*ch, wanted_channel_name(t, g, c), std::move(why));
}

// ---- messages after the answer -----------------------------------------------------------------

asio::awaitable<void> executor::post_log(guild_config c, discord::message_create m) {
  if (!c.log_channel) co_return;
  // A log channel that is gone or unwritable never blocks a ticket: the failure is only logged.
  co_await post(*c.log_channel, std::move(m), "guild " + c.guild_id.str() + ": log entry in channel " + c.log_channel->str());
}

asio::awaitable<void> executor::log_action(log_kind kind, const ticket& t, discord::user_id actor, std::int64_t at_ms,
                                           const guild_config& c, std::optional<discord::user_id> subject) {
  const std::string verb(log_verb(kind));
  spdlog::info("guild {}: ticket #{} {} by {} (owner {}, channel {}{})", t.guild_id, t.number, verb, actor, t.owner_id,
               t.channel_id ? t.channel_id->str() : std::string("none"), subject ? ", member " + subject->str() : std::string());
  metrics::add("guichet_tickets_total", {verb});
  co_await post_log(c, log_message(kind, t, actor, at_ms, guild_lang(c.guild_id), subject));
}

asio::awaitable<void> executor::post(discord::channel_id channel, discord::message_create m, std::string what) {
  if (!m.nonce) m.nonce = discord::rest::make_nonce();  // one nonce for every try: never posted twice
  co_await s_.later.run(std::move(what), [this, channel, m] { return s_.rest.create_message(channel, m); });
}

// ---- what the cache knows ------------------------------------------------------------------------

std::vector<discord::role_id> executor::existing_roles(discord::guild_id g, const std::vector<discord::role_id>& ids) const {
  std::vector<discord::role_id> out;
  for (auto r : ids)
    if (s_.cache.role(g, r)) out.push_back(r);
  return out;
}


}  // namespace app
