#include "ticket_flows.hpp"

#include <spdlog/spdlog.h>

#include "discord/limits.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/naming.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;
using discord::permission;

namespace {

bool has_admin_rights(const discord::interaction& i) {
  if (!i.guild_member || !i.guild_member->channel_permissions) return false;
  auto p = *i.guild_member->channel_permissions;
  return p.has(permission::administrator) || p.has(permission::manage_guild);
}

std::string option_value(const discord::interaction& i, std::string_view name) {
  if (!i.data) return {};
  for (const auto& sub : i.data->options)
    for (const auto& o : sub.options)
      if (o.name == name && o.value) return *o.value;
  return {};
}

// "<#channel>" once the ticket has one, "#number" before.
std::string ticket_link(const ticket& t) {
  return t.channel_id ? channel_mention(*t.channel_id) : "#" + std::to_string(t.number);
}

std::string describe_missing(const discord::permissions& missing) {
  std::string out;
  for (auto n : missing.names()) out += "• `" + std::string(n) + "`\n";
  return out;
}

}  // namespace

lang ticket_flows::guild_lang(discord::guild_id g) const {
  if (auto* gd = s_.cache.guild(g)) return lang_of(gd->preferred_locale);
  return lang::fr;
}

std::vector<discord::role_id> ticket_flows::existing_roles(discord::guild_id g, const std::vector<std::string>& ids) const {
  std::vector<discord::role_id> out;
  for (const auto& id : ids)
    if (auto r = discord::role_id::parse(id); r && s_.cache.role(g, *r)) out.push_back(*r);
  return out;
}

std::string ticket_flows::display_name(discord::guild_id g, const std::string& user_id) const {
  if (auto u = discord::user_id::parse(user_id))
    if (auto* m = s_.cache.member(g, *u)) return m->account ? m->account->username : m->display_name();
  return user_id;
}

actor ticket_flows::actor_of(const discord::interaction& i, const ticket& t, const guild_config& c) const {
  actor a;
  const auto* who = i.actor();
  a.is_owner = who && who->id.str() == t.owner_id;
  a.is_admin = has_admin_rights(i);
  if (const auto* cat = c.category_by_id(t.category_id); cat && i.guild_member)
    for (const auto& r : i.guild_member->roles)
      if (std::find(cat->roles.begin(), cat->roles.end(), r.str()) != cat->roles.end()) a.is_staff = true;
  return a;
}

asio::awaitable<void> ticket_flows::post_log(guild_config c, discord::message_create m) {
  if (!c.log_channel) co_return;
  auto channel = discord::channel_id::parse(*c.log_channel);
  if (!channel) co_return;
  // A log channel that is gone or unwritable never blocks a ticket: the failure is only logged.
  co_await post(*channel, std::move(m), "guild " + c.guild_id + ": log entry in channel " + *c.log_channel);
}

asio::awaitable<void> ticket_flows::post(discord::channel_id channel, discord::message_create m, std::string what) {
  if (!m.nonce) m.nonce = discord::rest::make_nonce();  // one nonce for every try: never posted twice
  co_await s_.later.run(std::move(what), [this, channel, m] { return s_.rest.create_message(channel, m); });
}

// ---- routing -----------------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::on_interaction(discord::interaction i) {
  if (i.type == discord::interaction_type::application_command) {
    co_await command(std::move(i));
    co_return;
  }
  if (!i.data || !i.data->custom_id) co_return;
  auto id = decode(*i.data->custom_id);
  responder r(s_.rest, i);
  if (!id) {
    co_await r.error(std::string(text(r.user_lang(), msg::unknown_action)));
    co_return;
  }
  if (!i.guild) {
    co_await r.error(std::string(text(r.user_lang(), msg::not_in_guild)));
    co_return;
  }
  if (id->what == action::open) {
    std::string category = i.data->values.empty() ? std::string{} : i.data->values.front();
    co_await open(std::move(i), std::move(category));
    co_return;
  }
  if (id->what == action::config) co_return;  // the configuration screen has its own handler
  co_await button(std::move(i), id->what);
}

asio::awaitable<void> ticket_flows::command(discord::interaction i) {
  responder r(s_.rest, i);
  lang l = r.user_lang();
  if (!i.guild || !i.data || i.data->options.empty()) {
    co_await r.error(std::string(text(l, msg::not_in_guild)));
    co_return;
  }
  // Discord hides the command from non-admins (default_member_permissions), and we check again.
  if (!has_admin_rights(i)) {
    co_await r.error(std::string(text(l, msg::admin_only)));
    co_return;
  }
  const std::string sub = i.data->options.front().name;
  if (sub == "panel") co_await panel(std::move(i));
  else if (sub == "stats") co_await stats(std::move(i));
  else if (sub == "close") co_await force_close(std::move(i));
  else co_await r.error(std::string(text(l, msg::unknown_action)));
}

// ---- /ticket panel -----------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::panel(discord::interaction i) {
  responder r(s_.rest, i);
  lang l = r.user_lang();
  if (!co_await r.defer_ephemeral()) co_return;
  auto g = *i.guild;
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
  if (!cfg) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  guild_config c = cfg->value_or(guild_config{g.str()});
  auto missing = missing_for_panel(c, l);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += m + "\n";
    co_await r.error(format(l, msg::panel_incomplete, list));
    co_return;
  }
  discord::channel_id target = *i.channel;
  if (auto opt = option_value(i, "channel"); !opt.empty())
    if (auto id = discord::channel_id::parse(opt)) target = *id;
  if (!s_.cache.channel(g, target)) {  // a channel of another server, or none
    co_await r.error(format(l, msg::panel_cannot_post, channel_mention(target.str()), std::string("• `view_channel`\n")));
    co_return;
  }
  auto have = s_.cache.permissions_in(g, target, s_.self);
  auto need = discord::permissions{permission::view_channel, permission::send_messages, permission::embed_links};
  if (!have.has_all(need)) {
    co_await r.error(format(l, msg::panel_cannot_post, channel_mention(target.str()), describe_missing(have.missing_from(need))));
    co_return;
  }
  auto posted = co_await s_.rest.create_message(target, panel_message(c, guild_lang(g)));
  if (!posted) {
    co_await r.error(format(l, msg::discord_error, posted.error().describe()));
    co_return;
  }
  co_await r.success(format(l, msg::panel_posted, channel_mention(target.str())));
}

// ---- /ticket stats -----------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::stats(discord::interaction i) {
  responder r(s_.rest, i);
  lang l = r.user_lang();
  if (!co_await r.defer_ephemeral()) co_return;
  auto g = *i.guild;
  auto st = co_await s_.db([this, g] { return s_.store.statistics(g.str()); });
  if (!st) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  co_await r.edit(stats_message(*st, l));
}

// ---- opening a ticket --------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::open(discord::interaction i, std::string category_id) {
  responder r(s_.rest, i);
  lang l = r.user_lang();
  if (!co_await r.defer_ephemeral()) co_return;
  const auto g = *i.guild;
  const discord::user* who = i.actor();
  if (!who) co_return;
  const opening_guard under_way(opening_, g.str(), who->id.str());
  lang gl = lang_of(i.guild_locale.value_or(s_.cache.guild(g) ? s_.cache.guild(g)->preferred_locale : "fr"));

  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
  if (!cfg || !*cfg) {
    co_await r.error(std::string(text(l, cfg ? msg::open_unknown_category : msg::storage_unavailable)));
    co_return;
  }
  guild_config c = **cfg;
  const category* cat = c.category_by_id(category_id);  // the panel's option value is the category's id
  if (!cat) {
    co_await r.error(std::string(text(l, msg::open_unknown_category)));
    co_return;
  }
  const category cat_copy = *cat;
  auto staff = existing_roles(g, cat_copy.roles);
  if (staff.empty()) {
    co_await r.error(format(l, msg::open_no_staff_role, cat_copy.name));
    co_await post_log(c, log_warning(format(gl, msg::log_no_staff_role, cat_copy.name, user_mention(who->id.str()))));
    co_return;
  }
  if (auto why = co_await why_member_cannot_open(g, who->id.str(), c, l)) {
    co_await r.error(std::move(*why));
    co_return;
  }
  auto parent = c.ticket_category ? discord::channel_id::parse(*c.ticket_category) : std::nullopt;
  if (!parent || !s_.cache.channel(g, *parent)) {
    co_await r.error(std::string(text(l, msg::panel_missing_ticket_category)));
    co_return;
  }
  auto have = s_.cache.permissions_in(g, *parent, s_.self);
  auto missing = have.missing_from(bot_required_permissions());
  if (!missing.empty()) {
    co_await r.error(format(l, msg::open_missing_permissions, describe_missing(missing)));
    co_await post_log(c, log_warning(format(gl, msg::log_open_failed, user_mention(who->id.str()), describe_missing(missing))));
    co_return;
  }
  if (s_.cache.channel_count(g) >= discord::limits::channels_per_guild_max) {
    co_await r.error(std::string(text(l, msg::open_guild_full)));
    co_await post_log(c, log_warning(std::string(text(gl, msg::open_guild_full))));
    co_return;
  }
  // A full category (Discord holds 50 channels in one): use or make an overflow category beside it.
  auto room = co_await category_with_room(c, g, *parent);
  if (!room) {
    co_await r.error(std::string(text(l, msg::open_category_full)));
    co_await post_log(c, log_warning(std::string(text(gl, msg::open_category_full))));
    co_return;
  }
  parent = *room;

  // 1. Reserve: the number and the member's single slot, in one atomic store operation.
  const std::int64_t at = now_ms();
  storage::open_request req;
  req.guild_id = g.str();
  req.owner_id = who->id.str();
  req.owner_name = who->username;
  req.category = cat_copy.name;
  req.category_id = cat_copy.id;
  req.at_ms = at;
  req.opens_max = c.options.opens_per_window;
  req.window_ms = std::int64_t{c.options.open_window_minutes} * 60'000;
  auto reserved = co_await s_.db([this, req] { return s_.store.open_ticket(req); });
  if (!reserved) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  if (reserved->retry_at_ms) {
    const std::string when = "<t:" + std::to_string(*reserved->retry_at_ms / 1000 + 1) + ":R>";
    co_await r.error(format(l, msg::open_cooldown, std::to_string(c.options.opens_per_window),
                            std::to_string(c.options.open_window_minutes), when));
    co_return;
  }
  if (!reserved->created) {
    co_await r.error(format(l, msg::open_already_open, ticket_link(reserved->ticket)));
    co_return;
  }
  ticket t = reserved->ticket;

  // 2. The channel, with its overwrites (the bot keeps access).
  naming_input names;
  names.scheme = c.options.naming;
  names.number = t.number;
  names.owner_name = who->username;
  names.category = cat_copy.name;
  names.emoji = cat_copy.emoji;
  discord::channel_create create;
  create.name = channel_name(names, status::open, gl);
  create.parent_id = *parent;
  create.topic = format(gl, msg::channel_topic, std::to_string(t.number), who->username, who->id.str(), cat_copy.name);
  overwrite_input access;
  access.guild = g;
  access.owner = who->id;
  access.bot = s_.self;
  access.staff_roles = staff;
  create.permission_overwrites = ticket_overwrites(access, status::open);
  const std::string reason = "Ticket #" + std::to_string(t.number) + " opened by " + who->username;
  auto made = co_await s_.rest.create_guild_channel(g, create, reason);
  if (!made) {
    co_await release_reservation(g, t.number);
    spdlog::warn("guild {}: creating the channel of ticket #{} failed: {}", g.str(), t.number, made.error().describe());
    msg m = made.error().is(discord::rest::codes::max_guild_channels) ? msg::open_guild_full
            : made.error().details.find("CHANNEL_PARENT_MAX_CHANNELS") != std::string::npos ? msg::open_category_full
                                                                                             : msg::open_failed;
    std::string why = std::string(text(l, m));
    if (m == msg::open_failed) why = format(l, m, made.error().describe());
    co_await r.error(std::move(why));
    co_await post_log(c, log_warning(format(gl, msg::log_open_failed, user_mention(who->id.str()), made.error().describe())));
    co_return;
  }
  const discord::channel channel = *made;
  s_.cache.upsert_channel(channel);
  touched(channel.id);
  t.channel_id = channel.id.str();
  t.state = status::open;

  // 3. The pinned welcome message with its buttons.
  auto welcome_body = welcome_message(t, &cat_copy, gl);
  auto welcome = co_await s_.rest.create_message(channel.id, std::move(welcome_body));
  std::optional<discord::rest::error> failure;
  if (!welcome) failure = welcome.error();
  else if (auto pinned = co_await s_.rest.pin_message(channel.id, welcome->id, reason); !pinned) failure = pinned.error();
  if (!failure) {
    auto attached = co_await s_.db([this, g, n = t.number, id = channel.id] { return s_.store.attach_channel(g.str(), n, id.str()); });
    if (!attached) {
      discord::rest::error e;
      e.message = attached.error().message;
      failure = e;
    }
  }
  if (failure) {
    co_await delete_half_made(channel.id, reason);
    co_await release_reservation(g, t.number);
    co_await r.error(format(l, msg::open_failed, failure->describe()));
    co_await post_log(c, log_warning(format(gl, msg::log_open_failed, user_mention(who->id.str()), failure->describe())));
    co_return;
  }
  awaiting_first_reply_.insert(channel.id);
  co_await r.success(format(l, msg::open_created, channel_mention(channel.id.str())));
  auto entry = log_message(log_kind::created, t, who->id.str(), at, gl);
  co_await post_log(c, std::move(entry));
}

// What stops this member opening now, checked before reserving (the store's open would refuse an
// active ticket too; asking first spares a reservation). The member's single slot keeps two of
// their openings from racing past these checks.
asio::awaitable<std::optional<std::string>> ticket_flows::why_member_cannot_open(discord::guild_id g, std::string owner,
                                                                               guild_config c, lang l) {
  auto existing = co_await s_.db([this, g, owner] { return s_.store.find_active_by_owner(g.str(), owner); });
  if (!existing) co_return std::string(text(l, msg::storage_unavailable));
  if (*existing && (*existing)->state == status::reserved && opening_.count({g.str(), owner}) == 1) {
    // A reservation no other opening of this process is working on: left by a crash or by a
    // rollback the store refused while it was down. Undone now, so the member is never blocked.
    if (co_await undo_interrupted_opening(**existing)) existing->reset();
  }
  if (*existing) co_return format(l, msg::open_already_open, ticket_link(**existing));
  // Closed tickets are channels until staff delete them: a member keeps a bounded number.
  auto closed = co_await s_.db([this, g] { return s_.store.list(g.str(), {status::closed}); });
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
    if (auto o = discord::channel_id::parse(id); o && s_.cache.channel(g, *o) && s_.cache.children_of(g, *o).size() < max) co_return *o;
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
  auto saved = co_await s_.db([this, g, id = made->id.str()] { return s_.store.add_overflow_category(g.str(), id); });
  if (!saved) spdlog::warn("guild {}: remembering the overflow category failed: {}", g.str(), saved.error().message);
  co_return made->id;
}

asio::awaitable<void> ticket_flows::release_reservation(discord::guild_id g, std::int64_t number) {
  auto released = co_await s_.db([this, g, number] { return s_.store.release(g.str(), number, now_ms()); });
  if (!released) spdlog::error("guild {}: releasing ticket #{} failed: {}", g.str(), number, released.error().message);
}

asio::awaitable<void> ticket_flows::delete_half_made(discord::channel_id id, std::string reason) {
  auto deleted = co_await s_.rest.delete_channel(id, reason + " (rolled back)");
  if (!deleted) spdlog::error("deleting the half-made channel {} failed: {}", id.str(), deleted.error().describe());
}

// ---- buttons -----------------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::button(discord::interaction i, action what) {
  responder r(s_.rest, i);
  lang l = r.user_lang();
  const auto g = *i.guild;
  lang gl = guild_lang(g);
  // The delete confirmation shows at once (an ephemeral question), everything else is deferred.
  bool quick = what == action::remove || what == action::remove_cancel;
  if (!quick && !co_await r.defer_ephemeral()) co_return;
  auto found = co_await s_.db([this, ch = *i.channel] { return s_.store.find_by_channel(ch.str()); });
  if (!found) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  // A ticket of another guild is not a ticket here, whatever the interaction claims.
  if (!*found || (*found)->state == status::deleted || (*found)->guild_id != g.str()) {
    co_await r.error(std::string(text(l, msg::not_a_ticket)));
    co_return;
  }
  ticket t = **found;
  touched(*i.channel);
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
  if (!cfg) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  guild_config c = cfg->value_or(guild_config{g.str()});
  const std::string actor_id = i.actor()->id.str();
  // Anyone in the channel sees the buttons: who clicked is checked every time.
  auto verdict = decide(t.state, what, actor_of(i, t, c));
  if (!verdict.allowed()) {
    std::string why;
    switch (verdict.reason) {
      case refusal::not_staff:
        why = what == action::claim ? format(l, msg::claim_not_staff, t.category)
              : what == action::reopen ? std::string(text(l, msg::reopen_not_staff))
                                       : std::string(text(l, msg::delete_not_staff));
        break;
      case refusal::not_owner_or_staff: why = std::string(text(l, msg::close_not_allowed)); break;
      case refusal::already_claimed: why = format(l, msg::claim_already, user_mention(t.claimer_id.value_or("?"))); break;
      case refusal::not_open: why = std::string(text(l, msg::claim_not_open)); break;
      case refusal::already_closed: why = std::string(text(l, msg::close_already)); break;
      case refusal::not_closed: why = std::string(text(l, msg::reopen_not_closed)); break;
      default: why = std::string(text(l, msg::not_a_ticket)); break;
    }
    co_await r.error(std::move(why));
    co_return;
  }

  switch (what) {
    case action::claim: {
      auto claimed = co_await s_.db([this, g, n = t.number, actor_id] { return s_.store.claim(g.str(), n, actor_id, now_ms()); });
      if (!claimed) {
        co_await r.error(claimed.error().code == storage::errc::unavailable
                             ? std::string(text(l, msg::storage_unavailable))
                             : format(l, msg::ticket_changed, std::string(to_string(claimed.error().current ? claimed.error().current->state : t.state))));
        co_return;
      }
      if (!claimed->won) {
        co_await r.error(format(l, msg::claim_already, user_mention(claimed->ticket.claimer_id.value_or("?"))));
        co_return;
      }
      t = claimed->ticket;
      std::string reason = "Ticket #" + std::to_string(t.number) + " claimed by " + i.actor()->username;
      co_await apply_overwrites(t, g, status::claimed, reason);
      queue_rename(t, g, c, reason);
      std::optional<discord::message_id> source;
      if (i.source_message) source = i.source_message->id;
      co_await refresh_welcome(t, g, source);
      auto note = embed_message(info_embed(format(gl, msg::claim_done, user_mention(actor_id)), colors::claimed));
      co_await post(*i.channel, std::move(note), "ticket #" + std::to_string(t.number) + ": claim note");
      co_await r.success(format(l, msg::claim_done, user_mention(actor_id)));
      auto entry = log_message(log_kind::claimed, t, actor_id, now_ms(), gl);
  co_await post_log(c, std::move(entry));
      break;
    }
    case action::close:
    case action::close_after_leave: {
      bool remove = what == action::close_after_leave && c.options.on_member_left == member_left_action::remove;
      act_result res;
      std::optional<discord::message_id> source;
      if (i.source_message) source = i.source_message->id;
      if (remove) res = co_await delete_ticket(t, actor_id, g, l);
      else res = co_await close_ticket(t, actor_id, g, source, l);
      if (res.done) co_await r.success(res.message);
      else co_await r.error(res.message);
      break;
    }
    case action::reopen: {
      auto reopened = co_await s_.db([this, g, n = t.number] { return s_.store.reopen(g.str(), n, now_ms()); });
      if (!reopened) {
        if (reopened.error().code == storage::errc::conflict && reopened.error().current &&
            reopened.error().current->number != t.number) {
          std::string why = format(l, msg::reopen_other_ticket, user_mention(t.owner_id), ticket_link(*reopened.error().current));
          co_await r.error(std::move(why));
        } else {
          const msg why = reopened.error().code == storage::errc::unavailable ? msg::storage_unavailable : msg::reopen_not_closed;
          co_await r.error(std::string(text(l, why)));
        }
        co_return;
      }
      t = *reopened;
      std::string reason = "Ticket #" + std::to_string(t.number) + " reopened by " + i.actor()->username;
      co_await apply_overwrites(t, g, t.state, reason);
      queue_rename(t, g, c, reason);
      co_await refresh_welcome(t, g, std::nullopt);
      auto note = embed_message(info_embed(format(gl, msg::reopen_done, user_mention(actor_id)), colors::reopened));
      co_await post(*i.channel, std::move(note), "ticket #" + std::to_string(t.number) + ": reopen note");
      co_await r.success(format(l, msg::reopen_done, user_mention(actor_id)));
      auto entry = log_message(log_kind::reopened, t, actor_id, now_ms(), gl);
  co_await post_log(c, std::move(entry));
      break;
    }
    case action::remove:
      co_await r.respond(delete_confirmation(l));
      break;
    case action::remove_cancel:
      co_await r.update(ephemeral(info_embed(std::string(text(l, msg::delete_cancelled)), colors::panel)));
      break;
    case action::remove_confirm:
    case action::remove_without_transcript: {
      const std::uint64_t limit = i.attachment_size_limit.value_or(discord::limits::default_upload_limit_bytes);
      const bool with_transcript = what == action::remove_confirm;
      auto res = co_await delete_ticket(t, actor_id, g, l, with_transcript, limit);
      if (res.done) {
        co_await r.success(res.message);
      } else if (with_transcript) {
        auto offer = delete_without_transcript_offer(l, res.message);
        co_await r.edit(std::move(offer));
      } else {
        co_await r.error(res.message);
      }
      break;
    }
    case action::transcript: {
      const std::uint64_t limit = i.attachment_size_limit.value_or(discord::limits::default_upload_limit_bytes);
      auto saved = co_await archiver_.archive(t, c, g, limit, actor_id);
      std::string report = saved.ok ? format(l, msg::transcript_saved, std::to_string(saved.messages))
                                    : format(l, msg::transcript_failed, saved.problem);
      if (saved.ok) co_await r.success(std::move(report));
      else co_await r.error(std::move(report));
      break;
    }
    default:
      break;
  }
}


asio::awaitable<ticket_flows::act_result> ticket_flows::close_ticket(ticket t, std::string actor_id, discord::guild_id g,
                                                                     std::optional<discord::message_id> source, lang reply) {
  lang gl = guild_lang(g);
  auto from = t.state;
  auto closed = co_await s_.db([this, g, n = t.number, from] { return s_.store.transition(g.str(), n, from, status::closed, now_ms()); });
  if (!closed) {
    if (closed.error().code == storage::errc::unavailable) co_return act_result(false, std::string(text(reply, msg::storage_unavailable)));
    auto now = closed.error().current ? closed.error().current->state : t.state;
    std::string why = now == status::closed ? std::string(text(reply, msg::close_already))
                                            : format(reply, msg::ticket_changed, std::string(to_string(now)));
    co_return act_result(false, std::move(why));
  }
  t = *closed;
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
  guild_config c = cfg && *cfg ? **cfg : guild_config{g.str()};
  std::string reason = "Ticket #" + std::to_string(t.number) + " closed by " + display_name(g, actor_id);
  co_await apply_overwrites(t, g, status::closed, reason);
  queue_rename(t, g, c, reason);
  co_await refresh_welcome(t, g, source);
  if (auto ch = discord::channel_id::parse(t.channel_id.value_or("")))
    co_await post(*ch, closed_message(gl, actor_id), "ticket #" + std::to_string(t.number) + ": close note");
  if (c.options.auto_delete_hours) {
    std::int64_t deadline = now_ms() + std::int64_t{*c.options.auto_delete_hours} * 3600 * 1000;
    co_await s_.db([this, g, n = t.number, deadline] { return s_.store.set_delete_deadline(g.str(), n, deadline); });
  }
  auto entry = log_message(log_kind::closed, t, actor_id, now_ms(), gl);
  co_await post_log(c, std::move(entry));
  if (c.options.transcript_on_close) {
    auto saved = co_await archiver_.archive(t, c, g, discord::limits::default_upload_limit_bytes, actor_id);
    if (!saved.ok) spdlog::warn("ticket #{}: the transcript on close failed: {}", t.number, saved.problem);
  }
  co_return act_result(true, std::string(text(reply, msg::close_done)));
}

asio::awaitable<ticket_flows::act_result> ticket_flows::delete_ticket(ticket t, std::string actor_id, discord::guild_id g,
                                                                      lang reply, bool with_transcript, std::uint64_t upload_limit) {
  lang gl = guild_lang(g);
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
  guild_config c = cfg && *cfg ? **cfg : guild_config{g.str()};
  // "Delete → generates the transcript, then deletes": a failed transcript never loses the ticket.
  // Once saved it is remembered, so that a deletion Discord refused is not archived again.
  if (with_transcript && !t.archive_is_current()) {
    auto saved = co_await archiver_.archive(t, c, g, upload_limit, actor_id);
    if (!saved.ok) {
      std::string why = (reply == lang::fr ? "Le transcript n'a pas pu être enregistré (" : "The transcript could not be saved (") + saved.problem +
                        (reply == lang::fr ? "). Le ticket n'est pas supprimé." : "). The ticket was not deleted.");
      co_return act_result(false, std::move(why));
    }
    auto marked = co_await s_.db([this, g, n = t.number] { return s_.store.mark_archived(g.str(), n, now_ms()); });
    if (!marked) spdlog::warn("guild {}: remembering the transcript of ticket #{} failed: {}", g.str(), t.number, marked.error().message);
  }
  std::string reason = "Ticket #" + std::to_string(t.number) + " deleted by " + display_name(g, actor_id);
  if (auto ch = discord::channel_id::parse(t.channel_id.value_or(""))) {
    auto gone = co_await s_.rest.delete_channel(*ch, reason);
    if (!gone && !gone.error().is(discord::rest::codes::unknown_channel)) {
      std::string why = format(reply, msg::discord_error, gone.error().describe());
      auto failed = act_result(false, std::move(why));
      failed.forbidden = gone.error().status == 403;
      co_return failed;
    }
    s_.renames.forget(*ch);
  }
  auto deleted = co_await s_.db([this, g, n = t.number] { return s_.store.mark_deleted(g.str(), n, now_ms()); });
  if (!deleted) spdlog::error("guild {}: marking ticket #{} deleted failed: {}", g.str(), t.number, deleted.error().message);
  else t = *deleted;
  auto entry = log_message(log_kind::deleted, t, actor_id, now_ms(), gl);
  co_await post_log(c, std::move(entry));
  co_return act_result(true, std::string(text(reply, msg::delete_done)));
}

asio::awaitable<void> ticket_flows::apply_overwrites(ticket t, discord::guild_id g, status state, std::string reason) {
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
  guild_config c = cfg && *cfg ? **cfg : guild_config{g.str()};
  co_await sync_overwrites(std::move(t), g, state, std::move(c), std::move(reason));
}

std::vector<discord::permission_overwrite> ticket_flows::wanted_overwrites(const ticket& t, discord::guild_id g, status state,
                                                                           const guild_config& c) const {
  overwrite_input in;
  in.guild = g;
  in.owner = discord::user_id::parse(t.owner_id).value_or(discord::user_id{});
  in.bot = s_.self;
  if (const category* cat = c.category_by_id(t.category_id)) in.staff_roles = existing_roles(g, cat->roles);
  if (t.claimer_id) in.claimer = discord::user_id::parse(*t.claimer_id);
  return ticket_overwrites(in, state);
}

asio::awaitable<std::size_t> ticket_flows::sync_overwrites(ticket t, discord::guild_id g, status state, guild_config c,
                                                           std::string reason) {
  auto ch = discord::channel_id::parse(t.channel_id.value_or(""));
  const auto* channel = ch ? s_.cache.channel(g, *ch) : nullptr;
  if (!channel) co_return 0;
  // Against the cached channel (kept current by CHANNEL_UPDATE): one PUT or DELETE per
  // difference, so that a change never rewrites the whole list.
  auto changes = overwrite_diff(channel->permission_overwrites, wanted_overwrites(t, g, state, c));
  const std::string what = "ticket #" + std::to_string(t.number) + ": overwrite of ";
  for (const auto& o : changes.set)
    co_await s_.later.run(what + o.id.str(),
                          [this, channel = *ch, o, reason] { return s_.rest.edit_channel_permissions(channel, o, reason); });
  for (const auto& o : changes.remove)
    co_await s_.later.run(what + o.id.str() + " (removed)", [this, channel = *ch, id = o.id, reason] {
      return s_.rest.delete_channel_permission(channel, id, reason);
    });
  co_return changes.set.size() + changes.remove.size();
}

asio::awaitable<void> ticket_flows::refresh_welcome(ticket t, discord::guild_id g, std::optional<discord::message_id> hint) {
  auto ch = discord::channel_id::parse(t.channel_id.value_or(""));
  if (!ch) co_return;
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
  guild_config c = cfg && *cfg ? **cfg : guild_config{g.str()};
  // The welcome message is the bot's first message of the channel.
  std::optional<discord::message_id> target;
  auto page = co_await s_.rest.get_messages(*ch, std::nullopt, 100);
  if (page && !page->empty()) {
    for (auto it = page->rbegin(); it != page->rend(); ++it)
      if (it->author.id == s_.self) {
        target = it->id;
        break;
      }
  } else if (hint) {
    target = hint;
  }
  if (!target) co_return;
  auto m = welcome_message(t, c.category_by_id(t.category_id), guild_lang(g));
  m.content.reset();  // edits never ping again
  co_await s_.later.run("ticket #" + std::to_string(t.number) + ": welcome message refresh",
                        [this, channel = *ch, id = *target, m] { return s_.rest.edit_message(channel, id, m); });
}

std::string ticket_flows::wanted_channel_name(const ticket& t, discord::guild_id g, const guild_config& c) const {
  const category* cat = c.category_by_id(t.category_id);
  naming_input in{c.options.naming, t.number, t.owner_name, cat ? cat->name : t.category, cat ? cat->emoji : std::nullopt,
                  t.claimer_id ? std::optional(display_name(g, *t.claimer_id)) : std::nullopt};
  return channel_name(in, t.state, guild_lang(g));
}

void ticket_flows::queue_rename(const ticket& t, discord::guild_id g, const guild_config& c, std::string reason) {
  auto ch = discord::channel_id::parse(t.channel_id.value_or(""));
  if (!ch) return;
  s_.renames.want(*ch, wanted_channel_name(t, g, c), std::move(reason));
}

// ---- /ticket close -----------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::force_close(discord::interaction i) {
  responder r(s_.rest, i);
  lang l = r.user_lang();
  if (!co_await r.defer_ephemeral()) co_return;
  discord::channel_id target = *i.channel;
  if (auto opt = option_value(i, "channel"); !opt.empty())
    if (auto id = discord::channel_id::parse(opt)) target = *id;
  auto found = co_await s_.db([this, target] { return s_.store.find_by_channel(target.str()); });
  if (!found) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  if (!*found || (*found)->state == status::deleted || (*found)->state == status::reserved ||
      (*found)->guild_id != i.guild->str()) {
    co_await r.error(format(l, msg::force_close_not_ticket, channel_mention(target.str())));
    co_return;
  }
  if ((*found)->state == status::closed) {
    co_await r.error(std::string(text(l, msg::close_already)));
    co_return;
  }
  touched(target);
  auto res = co_await close_ticket(**found, i.actor()->id.str(), *i.guild, std::nullopt, l);
  if (res.done) co_await r.success(res.message);
  else co_await r.error(res.message);
}

// ---- events (members, channels, roles) are in ticket_events.cpp ----

}  // namespace app
