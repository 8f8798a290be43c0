// Opening a ticket from the panel: the member's checks, the reservation, the channel and its
// welcome message, undone step by step if one fails.
#include <spdlog/spdlog.h>

#include "discord/limits.hpp"
#include "ticket_flows.hpp"
#include "tickets/opening.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;
using discord::permission;

asio::awaitable<void> ticket_flows::open(discord::interaction i, std::string category_id) {
  responder r(s_.rest, i);
  const lang l = r.user_lang();
  const auto g = *i.guild;
  const bool answered_questions = i.type == discord::interaction_type::modal_submit;
  // Whatever comes of this pick, the panel's select goes back to its placeholder.
  if (i.source_message && !answered_questions) panels_.reset_after_pick({g, *i.channel, i.source_message->id});
  const discord::user who = *i.actor();  // the interaction check guarantees it
  const lang gl = exec_.guild_lang(g);
  // The configuration first: a category with questions answers with its form, which must be the
  // first answer (no defer before a modal).
  auto cfg = co_await r.within_grace(s_.db([this, g] { return s_.store.get_config(g); }));
  if (!cfg || !*cfg) {
    co_await r.error(std::string(text(l, cfg ? msg::open_unknown_category : msg::storage_unavailable)));
    co_return;
  }
  const guild_config c = **cfg;
  opening_facts facts = opening_facts_of(g, c, category_id, who.id);
  facts.member_blocked = is_blocked(c, who.id, i.guild_member ? i.guild_member->roles : std::vector<discord::role_id>{});
  std::vector<std::pair<std::string, std::string>> answers;
  if (facts.picked && !facts.picked->questions.empty() && !facts.member_blocked) {
    if (!answered_questions) {
      // Nothing is reserved yet: a dismissed form opens nothing and takes no number.
      if (r.answered()) co_await r.error(std::string(text(l, msg::restarting)));
      else co_await r.modal(questions_modal(*facts.picked, l));
      co_return;
    }
    auto given = answers_from(*facts.picked, i.data ? i.data->fields : std::vector<discord::submitted_field>{});
    if (given.refused) {
      co_await r.error(given.refused->render(l));
      co_return;
    }
    answers = std::move(given.answers);
  }
  if (!r.answered() && !co_await r.defer_ephemeral()) co_return;
  const opening_guard under_way(opening_, g, who.id);
  if (auto no = why_not_open(facts)) {
    co_await r.error(no->reply.render(l));
    if (no->log) co_await exec_.post_log(c, log_warning(no->log->render(gl)));
    co_return;
  }
  const category cat = *facts.picked;
  if (auto why = co_await why_member_cannot_open(g, who.id, c, l)) {
    co_await r.error(std::move(*why));
    co_return;
  }
  // A full category (Discord holds 50 channels in one): use or make an overflow category beside it.
  auto room = co_await category_with_room(c, g, *c.ticket_category);
  if (!room) {
    co_await r.error(std::string(text(l, msg::open_category_full)));
    co_await exec_.post_log(c, log_warning(std::string(text(gl, msg::open_category_full))));
    co_return;
  }
  auto reserved = co_await reserve(g, c, cat, who, std::move(answers));
  if (reserved.refused) {
    co_await r.error(reserved.refused->render(l));
    co_return;
  }
  const ticket_channel_facts where{g, who.id, who.username, s_.self, *room, facts.staff_roles};
  auto made = co_await make_ticket_channel(reserved.ticket, cat, c, where);
  if (made.refused) {
    co_await r.error(made.refused->render(l));
    co_await exec_.post_log(c, log_warning(format(gl, msg::log_open_failed, user_mention(who.id.str()), made.problem)));
    co_return;
  }
  co_await r.success(format(l, msg::open_created, channel_mention(*made.ticket.channel_id)));
  co_await exec_.log_action(log_kind::created, made.ticket, who.id, made.ticket.created_at_ms, c);
}

opening_facts ticket_flows::opening_facts_of(discord::guild_id g, const guild_config& c, const std::string& category_id,
                                             discord::user_id member) const {
  opening_facts f;
  f.picked = c.category_by_id(category_id);  // the panel's option value is the category's id
  if (f.picked) f.staff_roles = exec_.existing_roles(g, f.picked->roles);
  auto parent = c.ticket_category;
  f.ticket_category_exists = parent && s_.cache.channel(g, *parent);
  if (f.ticket_category_exists) f.bot_missing = s_.cache.permissions_in(g, *parent, s_.self).missing_from(bot_required_permissions());
  f.guild_channels = s_.cache.channel_count(g);
  f.member = member;
  return f;
}

// The number and the member's single slot, in one atomic store operation (which also counts the
// member's recent openings).
asio::awaitable<ticket_flows::step_result> ticket_flows::reserve(discord::guild_id g, guild_config c, category cat, discord::user who,
                                                                std::vector<std::pair<std::string, std::string>> answers) {
  storage::open_request req;
  req.answers = std::move(answers);
  req.guild_id = g;
  req.owner_id = who.id;
  req.owner_name = who.username;
  req.category = cat.name;
  req.category_id = cat.id;
  req.at_ms = now_ms();
  req.opens_max = c.options.opens_per_window;
  req.window_ms = std::int64_t{c.options.open_window_minutes} * 60'000;
  auto reserved = co_await s_.db([this, req] { return s_.store.open_ticket(req); });
  step_result out;
  if (!reserved) out.refused = text_ref{msg::storage_unavailable, {}};
  else if (reserved->retry_at_ms) out.refused = cooldown_refusal(c.options, *reserved->retry_at_ms);
  else if (!reserved->created) out.refused = text_ref{msg::open_already_open, {ticket_link(reserved->ticket)}};
  else out.ticket = reserved->ticket;
  co_return out;
}

// The channel, then the pinned welcome message, then the store: a failed step undoes the ones
// before it (the channel deleted, the number released), so that nothing is left half-made.
asio::awaitable<ticket_flows::step_result> ticket_flows::make_ticket_channel(ticket t, category cat, guild_config c, ticket_channel_facts where) {
  const lang gl = exec_.guild_lang(where.guild);
  const std::string reason = "Ticket #" + std::to_string(t.number) + " opened by " + where.owner_name;
  step_result out;
  auto made = co_await s_.rest.create_guild_channel(where.guild, ticket_channel(t, cat, c, where, gl), reason);
  if (!made) {
    co_await release_reservation(where.guild, t.number);
    spdlog::warn("guild {}: creating the channel of ticket #{} failed: {}", where.guild.str(), t.number, made.error().describe());
    out.problem = made.error().describe();
    out.refused = channel_refusal(made.error().is(discord::rest::codes::max_guild_channels),
                                  made.error().details.find("CHANNEL_PARENT_MAX_CHANNELS") != std::string::npos, out.problem);
    co_return out;
  }
  const discord::channel channel = *made;
  s_.cache.upsert_channel(channel);
  touched(channel.id);
  t.channel_id = channel.id;
  t.state = status::open;
  auto welcome = co_await s_.rest.create_message(channel.id, welcome_message(t, &cat, gl));
  std::optional<std::string> failure;
  if (!welcome) failure = welcome.error().describe();
  else if (auto pinned = co_await s_.rest.pin_message(channel.id, welcome->id, reason); !pinned) failure = pinned.error().describe();
  if (!failure) {
    auto attached = co_await s_.db([this, g = where.guild, n = t.number, id = channel.id, welcome_id = welcome->id] {
      return s_.store.attach_channel(g, n, id, welcome_id);
    });
    if (attached) {
      out.ticket = *attached;
      awaiting_first_reply_.insert(channel.id);
      live_ticket_channels_.insert(channel.id);
      // Answers too long for the welcome embed, whole, each in its own message.
      for (auto& m : answers_followups(out.ticket, &cat, gl))
        co_await exec_.post(channel.id, std::move(m), "ticket #" + std::to_string(t.number) + ": answers");
      co_return out;
    }
    failure = attached.error().message;
  }
  co_await delete_half_made(channel.id, reason);
  co_await release_reservation(where.guild, t.number);
  out.problem = *failure;
  out.refused = text_ref{msg::open_failed, {*failure}};
  co_return out;
}

// What stops this member opening now, checked before reserving (the store's open would refuse an
// active ticket too; asking first spares a reservation). The member's single slot keeps two of
// their openings from racing past these checks.
asio::awaitable<std::optional<std::string>> ticket_flows::why_member_cannot_open(discord::guild_id g, discord::user_id owner,
                                                                               guild_config c, lang l) {
  auto existing = co_await s_.db([this, g, owner] { return s_.store.find_active_by_owner(g, owner); });
  if (!existing) co_return std::string(text(l, msg::storage_unavailable));
  if (*existing && (*existing)->state == status::reserved && opening_.count({g, owner}) == 1) {
    // A reservation no other opening of this process is working on: left by a crash or by a
    // rollback the store refused while it was down. Undone now, so the member is never blocked.
    if (co_await undo_interrupted_opening(**existing)) existing->reset();
  }
  if (*existing) co_return format(l, msg::open_already_open, ticket_link(**existing));
  // Closed tickets are channels until staff delete them: a member keeps a bounded number.
  auto closed = co_await s_.db([this, g] { return s_.store.list(g, {status::closed}); });
  if (!closed) co_return std::string(text(l, msg::storage_unavailable));
  std::string kept;
  int kept_count = 0;
  for (const auto& t : *closed)
    if (t.owner_id == owner) {
      ++kept_count;
      kept += (kept.empty() ? "" : ", ") + ticket_link(t);
    }
  if (kept_count >= c.options.closed_per_member_max)
    co_return format(l, msg::open_too_many_closed, std::to_string(kept_count), kept);
  co_return std::nullopt;
}

asio::awaitable<std::optional<discord::channel_id>> ticket_flows::category_with_room(guild_config c, discord::guild_id g,
                                                                                     discord::channel_id main) {
  const auto max = discord::limits::channels_per_category_max;
  if (s_.cache.children_of(g, main).size() < max) co_return main;
  for (const auto& id : c.overflow_categories)
    if (s_.cache.channel(g, id) && s_.cache.children_of(g, id).size() < max) co_return id;
  const auto* base = s_.cache.channel(g, main);
  if (!base) co_return std::nullopt;
  // Overflow categories are bounded too: one member or a raid must not spread over the server.
  if (static_cast<int>(c.overflow_categories.size()) >= c.options.overflow_categories_max) co_return std::nullopt;
  discord::channel_create create;
  create.type = discord::channel_type::guild_category;
  create.name = base->name + " " + std::to_string(c.overflow_categories.size() + 2);
  create.permission_overwrites = base->permission_overwrites;  // same permissions as the ticket category
  auto made = co_await s_.rest.create_guild_channel(g, create, std::string("Ticket category full: overflow category"));
  if (!made) {
    spdlog::warn("guild {}: creating an overflow category failed: {}", g.str(), made.error().describe());
    co_return std::nullopt;
  }
  s_.cache.upsert_channel(*made);
  // Saved at once so that other openings and restarts use it (an atomic add: a configuration
  // saved meanwhile keeps it).
  auto saved = co_await s_.db([this, g, id = made->id] { return s_.store.add_overflow_category(g, id); });
  if (!saved) spdlog::warn("guild {}: remembering the overflow category failed: {}", g.str(), saved.error().message);
  co_return made->id;
}

asio::awaitable<void> ticket_flows::release_reservation(discord::guild_id g, std::int64_t number) {
  auto released = co_await s_.db([this, g, number] { return s_.store.release(g, number, now_ms()); });
  if (!released) spdlog::error("guild {}: releasing ticket #{} failed: {}", g.str(), number, released.error().message);
}

asio::awaitable<void> ticket_flows::delete_half_made(discord::channel_id id, std::string reason) {
  auto deleted = co_await s_.rest.delete_channel(id, reason + " (rolled back)");
  if (!deleted) spdlog::error("deleting the half-made channel {} failed: {}", id.str(), deleted.error().describe());
}

}  // namespace app
