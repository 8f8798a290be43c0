// The admin's commands: /ticket panel, /ticket stats, /ticket close (a forced close, from any
// channel).
#include "interaction_facts.hpp"
#include "ticket_flows.hpp"
#include "tickets/config_screen.hpp"
#include "tickets/screens.hpp"
#include "tickets/stats.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;
using discord::permission;

asio::awaitable<void> ticket_flows::command(discord::interaction i) {
  responder r(s_.rest, i);
  lang l = r.user_lang();
  if (!i.guild || !i.data || i.data->options.empty()) {
    co_await r.error(std::string(text(l, msg::not_in_guild)));
    co_return;
  }
  // Discord hides the command from non-admins (default_member_permissions), and we check again.
  if (!is_admin(i)) {
    co_await r.error(std::string(text(l, msg::admin_only)));
    co_return;
  }
  // Every subcommand answers privately, after a while: deferred here, once.
  const std::string sub = i.data->options.front().name;
  if (sub != "panel" && sub != "stats" && sub != "close") {
    co_await r.error(std::string(text(l, msg::unknown_action)));
    co_return;
  }
  if (!co_await r.defer_ephemeral()) co_return;
  if (sub == "panel") co_await panel(i, r, l);
  else if (sub == "stats") co_await stats(i, r, l);
  else co_await force_close(i, r, l);
}


// ---- /ticket panel -----------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::panel(const discord::interaction& i, responder& r, lang l) {
  auto g = *i.guild;
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  if (!cfg) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  guild_config c = cfg->value_or(guild_config{g});
  // The whole setup, checked against the server as it is now.
  auto missing = validate_setup(c, s_.cache.view(g, s_.self), l);
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
    co_await r.error(format(l, msg::panel_cannot_post, channel_mention(target.str()), permission_list(have.missing_from(need))));
    co_return;
  }
  auto posted = co_await s_.rest.create_message(target, panel_message(c, exec_.guild_lang(g)));
  if (!posted) {
    co_await r.error(format(l, msg::discord_error, posted.error().describe()));
    co_return;
  }
  co_await panels_.posted({g, target, posted->id});
  co_await r.success(format(l, msg::panel_posted, channel_mention(target.str())));
}

asio::awaitable<void> ticket_flows::refresh_panels(discord::guild_id g) {
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  if (!cfg || !*cfg) co_return;
  co_await panels_.refresh_all(g, **cfg);
}

// ---- /ticket stats -----------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::stats(const discord::interaction& i, responder& r, lang l) {
  auto shown = co_await stats_screen(*i.guild, stats_window::all_time, l);
  if (shown) co_await r.edit(std::move(*shown));
  else co_await r.error(std::string(text(l, msg::storage_unavailable)));
}

// The figures of one window, computed by the store; none when it cannot answer.
asio::awaitable<std::optional<discord::message_create>> ticket_flows::stats_screen(discord::guild_id g, stats_window w, lang l) {
  struct reads {
    storage::result<ticket_stats> figures;
    storage::result<std::optional<guild_config>> config;
  };
  auto got = co_await s_.db([this, g, since = window_start(w, now_ms())] {
    reads r{storage::result<ticket_stats>(ticket_stats{}), s_.store.get_config(g)};
    std::map<std::string, std::int64_t> targets;  // the share answered in time, where there is a target
    if (r.config && *r.config)
      for (const auto& cat : (**r.config).categories)
        if (cat.first_response_minutes) targets[cat.id] = std::int64_t{*cat.first_response_minutes} * 60'000;
    r.figures = s_.store.stats(g, since, targets);
    return r;
  });
  if (!got.figures || !got.config) co_return std::nullopt;
  name_categories(*got.figures, got.config->value_or(guild_config{g}));
  co_return stats_message(*got.figures, l, w);
}

// The stats screen's window buttons: the same screen, another window, for admins only.
asio::awaitable<void> ticket_flows::stats_window_switch(discord::interaction i, std::string arg) {
  responder r(s_.rest, i);
  const lang l = r.user_lang();
  const auto w = window_from_arg(arg);
  if (!w || !is_admin(i)) {
    co_await r.error(std::string(text(l, w ? msg::admin_only : msg::unknown_action)));
    co_return;
  }
  auto shown = co_await r.within_grace(stats_screen(*i.guild, *w, l));
  if (!shown) co_await r.error(std::string(text(l, msg::storage_unavailable)));
  else if (r.answered()) co_await r.edit(std::move(*shown));
  else co_await r.update(std::move(*shown));
}

// ---- /ticket close -----------------------------------------------------------------------------

asio::awaitable<void> ticket_flows::force_close(const discord::interaction& i, responder& r, lang l) {
  discord::channel_id target = *i.channel;
  if (auto opt = option_value(i, "channel"); !opt.empty())
    if (auto id = discord::channel_id::parse(opt)) target = *id;
  auto found = co_await s_.db([this, target] { return s_.store.find_by_channel(target); });
  if (!found) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  if (!*found || (*found)->state == status::deleted || (*found)->state == status::reserved ||
      (*found)->guild_id != *i.guild) {
    co_await r.error(format(l, msg::force_close_not_ticket, channel_mention(target.str())));
    co_return;
  }
  auto cfg = co_await s_.db([this, g = *i.guild] { return s_.store.get_config(g); });
  if (!cfg) {
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  touched(target);
  auto out = co_await act(**found, action::close, cfg->value_or(guild_config{*i.guild}), i.actor()->id, i.actor()->username, *i.guild);
  if (out.done) co_await r.success(format(l, msg::close_done, ticket_label(out.ticket)));
  else co_await r.error(out.failure.value_or(text_ref{msg::unknown_action, {}}).render(l));
}

}  // namespace app
