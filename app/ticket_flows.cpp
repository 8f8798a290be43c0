// The ticket buttons, and the routing of component interactions: load → decide → execute.
#include "ticket_flows.hpp"

#include <spdlog/spdlog.h>

#include "action_inputs.hpp"
#include "interaction_facts.hpp"
#include "metrics.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

// An interaction with no handler: a component of an older version, or one outside a server.
asio::awaitable<void> ticket_flows::unknown(discord::interaction i, bool undecodable) {
  responder r(s_.rest, i);
  co_await r.error(std::string(text(r.user_lang(), undecodable ? msg::unknown_action : msg::not_in_guild)));
}

asio::awaitable<void> ticket_flows::refuse_while_stopping(discord::interaction i) {
  metrics::add("guichet_interactions_refused_while_stopping_total");
  responder r(s_.rest, i);
  co_await r.error(std::string(text(r.user_lang(), msg::restarting)));
}

// ---- the ticket buttons --------------------------------------------------------------------------

actor ticket_flows::actor_of(const discord::interaction& i, const ticket& t, const guild_config& c) const {
  const auto* who = i.actor();
  const std::vector<discord::role_id> none;
  auto a = tickets::actor_of(who && who->id == t.owner_id, is_admin(i), i.guild_member ? i.guild_member->roles : none,
                             c.category_by_id(t.category_id));
  a.is_claimer = who && t.claimer_id && who->id == *t.claimer_id;
  a.is_added = who && t.has_member(who->id);
  return a;
}

// The ticket of a channel of this guild, and the guild's configuration; or why not. Both are read
// at once where the store allows it (SQLite), else in one trip to the worker pool (a click's cost
// was mostly its hops between threads).
asio::awaitable<ticket_flows::loaded> ticket_flows::load(discord::guild_id g, discord::channel_id ch) {
  struct reads {
    storage::result<std::optional<ticket>> found;
    storage::result<std::optional<guild_config>> config;
  };
  const reads got = co_await s_.read([this, g, ch] {
    reads r{s_.store.find_by_channel(ch), storage::result<std::optional<guild_config>>(std::nullopt)};
    // A ticket of another guild is not a ticket here, whatever the interaction claims.
    if (r.found && *r.found && (*r.found)->state != status::deleted && (*r.found)->guild_id == g) r.config = s_.store.get_config(g);
    return r;
  });
  loaded out;
  if (!got.found || !got.config) {
    out.failure = text_ref{msg::storage_unavailable, {}};
    co_return out;
  }
  if (!*got.found || (*got.found)->state == status::deleted || (*got.found)->guild_id != g) {
    out.failure = text_ref{msg::not_a_ticket, {}};
    co_return out;
  }
  out.ticket = **got.found;
  out.config = got.config->value_or(guild_config{g});
  co_return out;
}

namespace {

// The buttons of the welcome message (and the modal opened from one): their message is the one
// to refresh when the ticket's state changes.
bool from_welcome(action a) {
  switch (a) {
    case action::claim:
    case action::close:
    case action::reopen:
    case action::remove:
    case action::transcript:
    case action::member_add:
    case action::member_remove:
    case action::release:
    case action::transfer:
    case action::close_with_reason:
    case action::close_reason_submit:
    case action::close_request:
      return true;
    default:
      return false;
  }
}

// The second step each asking action shows.
action pick_of(action a) {
  return a == action::member_add ? action::member_add_pick : a == action::member_remove ? action::member_remove_pick : action::transfer_pick;
}

}  // namespace

// A claimer who left the server or lost the category's staff roles (and admin rights) no longer
// holds the ticket: asked of Discord now, not of a cache.
asio::awaitable<bool> ticket_flows::claimer_absent(discord::guild_id g, ticket t, guild_config c) {
  if (!t.claimer_id) co_return false;
  auto m = co_await s_.rest.get_guild_member(g, *t.claimer_id);
  if (!m) co_return m.error().is(discord::rest::codes::unknown_member);
  if (const auto* guild = s_.cache.guild(g); guild && guild->owner_id == *t.claimer_id) co_return false;
  for (auto r : m->roles)
    if (const auto* role = s_.cache.role(g, r); role && has_admin_rights(role->perms)) co_return false;
  co_return !is_category_staff(*m, c, t);
}

asio::awaitable<void> ticket_flows::ticket_action(discord::interaction i, action what) {
  responder r(s_.rest, i);
  const lang l = r.user_lang();
  const auto g = *i.guild;
  // A refusal, the delete question and its cancellation answer at once; work is deferred.
  auto ctx = co_await r.within_grace(load(g, *i.channel));
  if (ctx.failure) {
    co_await r.error(ctx.failure->render(l));
    co_return;
  }
  touched(*i.channel);
  // Anyone in the channel sees the buttons: who clicked is checked every time, from fresh state.
  const discord::user_id actor_id = i.actor()->id;
  actor who = actor_of(i, ctx.ticket, ctx.config);
  if ((what == action::transfer || what == action::transfer_pick) && who.is_staff && !who.is_claimer && !who.is_admin)
    who.claimer_absent = co_await r.within_grace(claimer_absent(g, ctx.ticket, ctx.config));
  action_facts facts{actor_id, true, target_of(i, ctx.config, ctx.ticket), reason_of(i)};
  if (auto typed = option_value(i, "name"); !typed.empty()) facts.new_name = typed;
  const plan p = decide(ctx.ticket, what, who, ctx.config, facts);
  if (p.refused) {
    co_await r.error(p.refused->render(l));
    co_return;
  }
  if (p.reply == reply_kind::delete_question) {
    co_await r.respond(delete_confirmation(l));
    co_return;
  }
  if (p.reply == reply_kind::delete_cancelled) {
    co_await r.update(ephemeral(info_embed(std::string(text(l, msg::delete_cancelled)), colors::panel)));
    co_return;
  }
  if (p.reply == reply_kind::pick_member) {
    auto picker = member_picker(pick_of(what), ctx.ticket, l);
    if (r.answered()) co_await r.edit(std::move(picker));
    else co_await r.respond(std::move(picker));
    co_return;
  }
  if (p.reply == reply_kind::reason_modal) {
    // A modal must be the first answer: after a slow store read, the member clicks again.
    if (r.answered()) co_await r.error(std::string(text(l, msg::restarting)));
    else co_await r.modal(close_reason_modal(l));
    co_return;
  }
  if (!r.answered() && !co_await r.defer_ephemeral()) co_return;
  executor::context run{ctx.ticket, ctx.config, g, actor_id, i.actor()->username, std::nullopt,
                        i.attachment_size_limit.value_or(discord::limits::default_upload_limit_bytes)};
  if (i.source_message && from_welcome(what)) run.source_message = i.source_message->id;
  if (i.source_message && (what == action::close_request_accept || what == action::close_request_refuse))
    run.request_message = i.source_message->id;
  if (i.source_message && (what == action::keep_open || what == action::inactivity_off)) run.warning_message = i.source_message->id;
  run.target = facts.target;
  run.reason = facts.reason;
  run.new_name = facts.new_name;
  const auto out = co_await exec_.run(p.effects, std::move(run));
  co_await answer(r, l, p, out);
}

// /this-ticket <action>: what the buttons do, typed.
asio::awaitable<void> ticket_flows::typed_action(discord::interaction i) {
  static constexpr std::pair<std::string_view, action> subcommands[] = {
      {"add", action::member_add_pick},  {"remove", action::member_remove_pick}, {"claim", action::claim},
      {"release", action::release},      {"transfer", action::transfer_pick},    {"close", action::close_reason_submit},
      {"rename", action::rename}};
  const std::string sub = i.data && !i.data->options.empty() ? i.data->options.front().name : std::string{};
  if (sub == "inactivity") {
    const action what = option_value(i, "watch") == "false" ? action::inactivity_off : action::inactivity_on;
    co_return co_await ticket_action(std::move(i), what);
  }
  for (const auto& [name, what] : subcommands)
    if (name == sub) co_return co_await ticket_action(std::move(i), what);
  co_await unknown(std::move(i), true);
}

// What the one who acted reads: the plan's answer, or why it stopped. A deletion stopped by its
// transcript offers to delete without one.
asio::awaitable<void> ticket_flows::answer(responder& r, lang l, const plan& p, const executor::outcome& out) {
  if (out.done) {
    text_ref done = p.done;
    if (done.id == msg::transcript_saved && !done.args.empty()) done.args[0] = std::to_string(out.archived_messages);
    co_await r.success(done.render(l));
    co_return;
  }
  const text_ref why = out.failure.value_or(text_ref{msg::unknown_action, {}});
  const bool deleting = std::any_of(p.effects.begin(), p.effects.end(), [](const effect& e) { return e.what == step::delete_channel; });
  if (deleting && out.archive_failed) {
    co_await r.edit(delete_without_transcript_offer(l, text_ref{msg::delete_transcript_failed, why.args}.render(l)));
    co_return;
  }
  co_await r.error(why.render(l));
}

// An action of Guichet itself or of an admin's command, on a ticket found by other means.
asio::awaitable<executor::outcome> ticket_flows::act(ticket t, action what, guild_config c, discord::user_id actor_id,
                                                     std::string actor_name, discord::guild_id g) {
  actor admin;
  admin.is_admin = true;
  const plan p = decide(t, what, admin, c, action_facts{actor_id, true});
  if (p.refused) {
    executor::outcome refused;
    refused.failure = p.refused;
    refused.ticket = t;
    co_return refused;
  }
  co_return co_await exec_.run(p.effects, executor::context{t, c, g, actor_id, std::move(actor_name), std::nullopt,
                                                                   discord::limits::default_upload_limit_bytes});
}

}  // namespace app
