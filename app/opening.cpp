// Opening a ticket from the panel: the member's checks, the reservation, the channel and its
// welcome message, undone step by step if one fails.
#include <spdlog/spdlog.h>

#include "discord/limits.hpp"
#include "ticket_flows.hpp"
#include "tickets/naming.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;
using discord::permission;

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
  auto staff = exec_.existing_roles(g, cat_copy.roles);
  if (staff.empty()) {
    co_await r.error(format(l, msg::open_no_staff_role, cat_copy.name));
    co_await exec_.post_log(c, log_warning(format(gl, msg::log_no_staff_role, cat_copy.name, user_mention(who->id.str()))));
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
    co_await r.error(format(l, msg::open_missing_permissions, permission_list(missing)));
    co_await exec_.post_log(c, log_warning(format(gl, msg::log_open_failed, user_mention(who->id.str()), permission_list(missing))));
    co_return;
  }
  if (s_.cache.channel_count(g) >= discord::limits::channels_per_guild_max) {
    co_await r.error(std::string(text(l, msg::open_guild_full)));
    co_await exec_.post_log(c, log_warning(std::string(text(gl, msg::open_guild_full))));
    co_return;
  }
  // A full category (Discord holds 50 channels in one): use or make an overflow category beside it.
  auto room = co_await category_with_room(c, g, *parent);
  if (!room) {
    co_await r.error(std::string(text(l, msg::open_category_full)));
    co_await exec_.post_log(c, log_warning(std::string(text(gl, msg::open_category_full))));
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
    co_await exec_.post_log(c, log_warning(format(gl, msg::log_open_failed, user_mention(who->id.str()), made.error().describe())));
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
    auto attached = co_await s_.db([this, g, n = t.number, id = channel.id, welcome_id = welcome->id] {
      return s_.store.attach_channel(g.str(), n, id.str(), welcome_id.str());
    });
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
    co_await exec_.post_log(c, log_warning(format(gl, msg::log_open_failed, user_mention(who->id.str()), failure->describe())));
    co_return;
  }
  awaiting_first_reply_.insert(channel.id);
  co_await r.success(format(l, msg::open_created, channel_mention(channel.id.str())));
  auto entry = log_message(log_kind::created, t, who->id.str(), at, gl);
  co_await exec_.post_log(c, std::move(entry));
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

}  // namespace app
