#include "config_flows.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "interaction_facts.hpp"
#include "responder.hpp"
#include "tickets/config_edit.hpp"
#include "tickets/config_screen.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

namespace {




std::string bullet_list(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "• " + l + "\n";
  return out;
}

}  // namespace

bool config_flows::handles(std::string_view custom_id) { return custom_id.rfind("gt1:cfg", 0) == 0; }

server_view config_flows::view(discord::guild_id g) const { return s_.cache.view(g, s_.self); }

asio::awaitable<void> config_flows::on_interaction(discord::interaction i) {
  responder r(s_.rest, i);
  const lang l = r.user_lang();
  // The screen is ephemeral, but every control checks who uses it, every time.
  if (!i.guild || !is_admin(i)) {
    co_await r.error(std::string(text(l, i.guild ? msg::admin_only : msg::not_in_guild)));
    co_return;
  }
  const discord::guild_id g = *i.guild;
  // A save made from an older read is refused by the store: read again and apply the change again,
  // so that two admins saving at once both keep theirs.
  constexpr int save_attempts = 3;
  for (int attempt = 1;; ++attempt) {
    auto loaded = co_await s_.db([this, g] { return s_.store.get_config(g); });
    if (!loaded) {
      co_await r.error(std::string(text(l, msg::storage_unavailable)));
      co_return;
    }
    guild_config c;
    if (*loaded) c = **loaded;
    c.guild_id = g;
    // A copy of an older screen (another admin saved since, or this one did from another copy)
    // shows what is no longer true: refused, never acted on. A retry after a lost save race is not
    // such a copy.
    const auto control = decode_control(control_arg(i));
    if (attempt == 1 && control && control->revision && *control->revision != c.revision) {
      co_await r.error(std::string(text(l, msg::cfg_outdated)));
      co_return;
    }
    if (co_await show(i, r, c, l)) co_return;  // nothing to change

    const config_outcome e = apply(i, c, l);
    if (e.unknown || !e.problems.empty()) {  // every problem at once, nothing saved
      co_await r.error(e.unknown ? std::string(text(l, msg::unknown_action)) : format(l, msg::cfg_invalid, bullet_list(e.problems)));
      co_return;
    }
    auto saved = co_await s_.db([this, c] { return s_.store.save_config(c); });
    if (!saved && saved.error().code == storage::errc::conflict && attempt < save_attempts) continue;
    if (!saved) {
      spdlog::error("guild {}: saving the configuration failed: {}", g.str(), saved.error().message);
      co_await r.error(std::string(text(l, msg::storage_unavailable)));
      co_return;
    }
    ++c.revision;
    // Roles replaced, a category renamed or removed: the live tickets follow at once.
    if (config_changed_) config_changed_(g);
    // One screen, edited in place: a modal opened from the screen's buttons carries that message
    // and is answered by updating it (type 7); only a modal without one gets a new message.
    const bool from_modal = i.type == discord::interaction_type::modal_submit && !i.source_message;
    auto screen = e.next == next_screen::roles_picker ? roles_picker(c, e.roles_index, l)
                  : e.next == next_screen::options    ? options_screen(c, l)
                                                      : config_screen(c, view(g), l);
    if (from_modal) co_await r.respond(std::move(screen));
    else co_await r.update(std::move(screen));
    co_return;
  }
}

// The controls that only show something (a screen, a modal, a preview); true when it was one.
asio::awaitable<bool> config_flows::show(const discord::interaction& i, responder& r, const guild_config& c, lang l) {
  const discord::guild_id g = *i.guild;
  if (i.type == discord::interaction_type::application_command) {
    co_await r.respond(config_screen(c, view(g), l));
    co_return true;
  }
  const auto control = decode_control(control_arg(i));
  if (!control) co_return false;
  switch (control->what) {
    case config_control::panel:
      co_await r.modal(panel_modal(c, l));
      co_return true;
    case config_control::add:
      if (c.categories.size() >= max_categories) co_await r.error(std::string(text(l, msg::cfg_err_sixth)));
      else co_await r.modal(category_modal(c, std::nullopt, l));
      co_return true;
    case config_control::preview: {
      auto preview = panel_message(c, s_.cache.language(g));
      preview.flags = discord::message_flag_ephemeral;
      co_await r.respond(std::move(preview));
      co_return true;
    }
    case config_control::options:
      co_await r.update(options_screen(c, l));
      co_return true;
    case config_control::back:
      co_await r.update(config_screen(c, view(g), l));
      co_return true;
    case config_control::edit: {
      auto e = decode_category_edit(first_value(i));
      if (!e || e->second >= c.categories.size() || e->first == category_edit::remove) co_return false;
      if (e->first == category_edit::text) co_await r.modal(category_modal(c, e->second, l));
      else co_await r.update(roles_picker(c, e->second, l));
      co_return true;
    }
    default:
      co_return false;
  }
}

// What the control changes (libs/tickets: apply_config_edit), with what the cache knows.
config_outcome config_flows::apply(const discord::interaction& i, guild_config& c, lang l) const {
  const discord::guild_id g = *i.guild;
  const auto control = decode_control(control_arg(i));
  if (!control) {
    config_outcome unknown;
    unknown.unknown = true;
    return unknown;
  }
  config_inputs in;
  in.seed_id = i.id.str();
  if (i.data) {
    in.values = i.data->values;
    for (const auto& f : i.data->fields) in.fields[f.custom_id] = f.value.value_or("");
  }
  if (control->what == config_control::roles)
    for (const auto& v : in.values)
      if (auto id = discord::role_id::parse(v); id && s_.cache.role(g, *id) && s_.cache.role(g, *id)->managed)
        in.managed_role_names.push_back(s_.cache.role(g, *id)->name);
  return apply_config_edit(c, *control, in, view(g), l, s_.cache.language(g));
}

std::string config_flows::control_arg(const discord::interaction& i) {
  auto decoded = decode(i.data && i.data->custom_id ? *i.data->custom_id : std::string{});
  return decoded ? decoded->arg : std::string{};
}

std::string config_flows::first_value(const discord::interaction& i) {
  return i.data && !i.data->values.empty() ? i.data->values.front() : std::string{};
}


}  // namespace app
