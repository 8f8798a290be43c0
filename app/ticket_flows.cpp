// The ticket buttons, and the routing of component interactions: load → decide → execute.
#include "ticket_flows.hpp"

#include <spdlog/spdlog.h>

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
  return tickets::actor_of(who && who->id == t.owner_id, is_admin(i), i.guild_member ? i.guild_member->roles : none,
                           c.category_by_id(t.category_id));
}

// The ticket of a channel of this guild, and the guild's configuration; or why not. Both are read
// in one trip to the worker pool (a click's cost is mostly its hops between threads).
asio::awaitable<ticket_flows::loaded> ticket_flows::load(discord::guild_id g, discord::channel_id ch) {
  struct reads {
    storage::result<std::optional<ticket>> found;
    storage::result<std::optional<guild_config>> config;
  };
  const reads got = co_await s_.db([this, g, ch] {
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

asio::awaitable<void> ticket_flows::button(discord::interaction i, action what) {
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
  const plan p = decide(ctx.ticket, what, actor_of(i, ctx.ticket, ctx.config), ctx.config, action_facts{actor_id, true});
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
  if (!r.answered() && !co_await r.defer_ephemeral()) co_return;
  executor::context run{ctx.ticket, ctx.config, g, actor_id, i.actor()->username, std::nullopt,
                        i.attachment_size_limit.value_or(discord::limits::default_upload_limit_bytes)};
  if (i.source_message) run.source_message = i.source_message->id;
  const auto out = co_await exec_.run(p.effects, std::move(run));
  co_await answer(r, l, p, out);
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
