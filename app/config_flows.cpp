#include "config_flows.hpp"

#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>

#include "interaction_facts.hpp"
#include "responder.hpp"
#include "tickets/config_screen.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

namespace {


std::optional<std::string> field(const discord::interaction& i, std::string_view name) {
  if (!i.data) return std::nullopt;
  for (const auto& f : i.data->fields)
    if (f.custom_id == name) return f.value;
  return std::nullopt;
}

std::optional<std::size_t> index_after(const std::string& arg, std::string_view prefix) {
  if (arg.rfind(prefix, 0) != 0) return std::nullopt;
  std::size_t v = 0;
  const char* first = arg.data() + prefix.size();
  const char* last = arg.data() + arg.size();
  auto [end, ec] = std::from_chars(first, last, v);
  if (ec != std::errc{} || end != last || first == last) return std::nullopt;
  return v;
}

std::string bullet_list(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "• " + l + "\n";
  return out;
}

}  // namespace

bool config_flows::handles(std::string_view custom_id) { return custom_id.rfind("gt1:cfg", 0) == 0; }

server_view config_flows::view(discord::guild_id g) const {
  server_view v;
  if (const auto* gd = s_.cache.guild(g)) {
    for (const auto& r : gd->roles) v.roles.insert(r.id.str());
    for (const auto& c : gd->channels)
      v.channels[c.id.str()] = channel_facts{static_cast<int>(c.type), s_.cache.permissions_in(g, c.id, s_.self)};
  }
  return v;
}

asio::awaitable<void> config_flows::on_interaction(discord::interaction i) {
  responder r(s_.rest, i);
  const lang l = r.user_lang();
  if (!i.guild) {
    std::string why(text(l, msg::not_in_guild));
    co_await r.error(std::move(why));
    co_return;
  }
  // The screen is ephemeral, but every control checks who uses it, every time.
  if (!is_admin(i)) {
    std::string why(text(l, msg::admin_only));
    co_await r.error(std::move(why));
    co_return;
  }
  const discord::guild_id g = *i.guild;
  // A save made from an older read is refused by the store: read again and apply the change again,
  // so that two admins saving at once both keep theirs.
  constexpr int save_attempts = 3;
  for (int attempt = 1;; ++attempt) {
    auto loaded = co_await s_.db([this, g] { return s_.store.get_config(g.str()); });
    if (!loaded) {
      std::string why(text(l, msg::storage_unavailable));
      co_await r.error(std::move(why));
      co_return;
    }
    guild_config c;
    if (*loaded) c = **loaded;
    c.guild_id = g.str();
    if (co_await show(i, r, c, l)) co_return;  // nothing to change

    const edit e = apply(i, c, l);
    if (e.unknown) {
      std::string why(text(l, msg::unknown_action));
      co_await r.error(std::move(why));
      co_return;
    }
    if (!e.problems.empty()) {
      // Every problem at once, nothing saved.
      std::string why = format(l, msg::cfg_invalid, bullet_list(e.problems));
      co_await r.error(std::move(why));
      co_return;
    }
    auto saved = co_await s_.db([this, c] { return s_.store.save_config(c); });
    if (!saved && saved.error().code == storage::errc::conflict && attempt < save_attempts) continue;
    if (!saved) {
      spdlog::error("guild {}: saving the configuration failed: {}", g.str(), saved.error().message);
      std::string why(text(l, msg::storage_unavailable));
      co_await r.error(std::move(why));
      co_return;
    }
    ++c.revision;
    // Roles replaced, a category renamed or removed: the live tickets follow at once.
    if (config_changed_) config_changed_(g);
    const bool from_modal = i.type == discord::interaction_type::modal_submit;
    auto screen = e.roles_next ? roles_picker(c, *e.roles_next, l)
                               : (e.show_options ? options_screen(c, l) : config_screen(c, view(g), l));
    if (from_modal) co_await r.respond(std::move(screen));
    else co_await r.update(std::move(screen));
    co_return;
  }
}

// The controls that only show something (a screen, a modal, a preview); true when it was one.
asio::awaitable<bool> config_flows::show(const discord::interaction& i, responder& r, const guild_config& c, lang l) {
  const discord::guild_id g = *i.guild;
  if (i.type == discord::interaction_type::application_command) {
    auto screen = config_screen(c, view(g), l);
    co_await r.respond(std::move(screen));
    co_return true;
  }
  const std::string what = control(i);
  const std::string first = first_value(i);
  if (what == "panel") {
    auto m = panel_modal(c, l);
    co_await r.modal(std::move(m));
    co_return true;
  }
  if (what == "add") {
    if (c.categories.size() >= max_categories) {
      std::string why(text(l, msg::cfg_err_sixth));
      co_await r.error(std::move(why));
      co_return true;
    }
    auto m = category_modal(c, std::nullopt, l);
    co_await r.modal(std::move(m));
    co_return true;
  }
  if (what == "preview") {
    auto preview = panel_message(c, guild_lang(g));
    preview.flags = discord::message_flag_ephemeral;
    co_await r.respond(std::move(preview));
    co_return true;
  }
  if (what == "options") {
    auto screen = options_screen(c, l);
    co_await r.update(std::move(screen));
    co_return true;
  }
  if (what == "back") {
    auto screen = config_screen(c, view(g), l);
    co_await r.update(std::move(screen));
    co_return true;
  }
  if (what == "edit") {
    if (auto idx = index_after(first, "text:"); idx && *idx < c.categories.size()) {
      auto m = category_modal(c, idx, l);
      co_await r.modal(std::move(m));
      co_return true;
    }
    if (auto idx = index_after(first, "roles:"); idx && *idx < c.categories.size()) {
      auto picker = roles_picker(c, *idx, l);
      co_await r.update(std::move(picker));
      co_return true;
    }
  }
  co_return false;
}

// The change a control asks for, applied to `c` if it is valid (the problems otherwise).
config_flows::edit config_flows::apply(const discord::interaction& i, guild_config& c, lang l) const {
  const discord::guild_id g = *i.guild;
  const std::string what = control(i);
  const std::vector<std::string> values = i.data ? i.data->values : std::vector<std::string>{};
  const std::string first = first_value(i);
  edit e;
  if (what == "edit") {
    if (auto idx = index_after(first, "remove:"); idx && *idx < c.categories.size())
      c.categories.erase(c.categories.begin() + static_cast<long>(*idx));
  } else if (what == "start") {
    if (c.categories.empty()) c.categories = starting_categories(guild_lang(g), i.id.str());
  } else if (what == "log" || what == "transcript") {
    auto facts = view(g);
    auto it = facts.channels.find(first);
    e.problems = validate_text_channel(it == facts.channels.end() ? std::nullopt : std::optional(it->second), l);
    if (e.problems.empty()) (what == "log" ? c.log_channel : c.transcript_channel) = first;
  } else if (what == "category") {
    auto facts = view(g);
    auto it = facts.channels.find(first);
    e.problems = validate_ticket_category(it == facts.channels.end() ? std::nullopt : std::optional(it->second), l);
    if (e.problems.empty()) c.ticket_category = first;
  } else if (auto idx = index_after(what, "roles:")) {
    std::vector<std::string> managed;
    for (const auto& v : values)
      if (auto id = discord::role_id::parse(v); id && s_.cache.role(g, *id) && s_.cache.role(g, *id)->managed)
        managed.push_back(s_.cache.role(g, *id)->name);
    if (*idx >= c.categories.size()) e.problems.emplace_back(text(l, msg::unknown_action));
    else e.problems = validate_staff_roles(values, g.str(), managed, l);
    if (e.problems.empty()) c.categories[*idx].roles = values;
  } else if (what.rfind("opt-", 0) == 0) {
    e.show_options = true;
    apply_option(what, first, c.options);
  } else if (what == "panel-modal") {
    panel_embed p;
    p.title = field(i, "title").value_or("");
    p.description = field(i, "description").value_or("");
    if (auto f = field(i, "footer"); f && !f->empty()) p.footer = *f;
    if (auto f = field(i, "image"); f && !f->empty()) p.image = *f;
    e.problems = validate_panel(p, l);
    if (e.problems.empty()) c.panel = p;
  } else if (what == "cat-modal" || what.rfind("cat-modal:", 0) == 0) {
    auto idx = index_after(what, "cat-modal:");
    category cat;
    if (idx && *idx < c.categories.size()) cat = c.categories[*idx];
    else cat.id = i.id.str();  // a new category: see category::id
    cat.name = field(i, "name").value_or("");
    while (!cat.name.empty() && (cat.name.back() == ' ' || cat.name.back() == '\n')) cat.name.pop_back();
    cat.description = field(i, "message").value_or("");
    e.problems = validate_category(c, cat, idx, l);
    if (e.problems.empty()) {
      std::size_t at = idx && *idx < c.categories.size() ? *idx : c.categories.size();
      if (at == c.categories.size()) c.categories.push_back(cat);
      else c.categories[at] = cat;
      e.roles_next = at;  // next: its staff roles, picked in a role select (never typed)
    }
  } else {
    e.unknown = true;
  }
  return e;
}

// Only a value the select offered; a forged one changes nothing.
void config_flows::apply_option(const std::string& what, const std::string& value, guild_options& o) {
  if (what == "opt-naming") {
    o.naming = value == "emoji_category_number" ? naming_scheme::emoji_category_number : naming_scheme::number_username;
  } else if (what == "opt-transcript") {
    o.transcript_on_close = value == "yes";
  } else if (what == "opt-left") {
    o.on_member_left = value == "delete" ? member_left_action::remove : member_left_action::close;
  } else if (what == "opt-autodelete") {
    int hours = -1;
    std::from_chars(value.data(), value.data() + value.size(), hours);
    if (hours == 0) o.auto_delete_hours.reset();  // "0": off
    else if (std::find(std::begin(auto_delete_choices), std::end(auto_delete_choices), hours) != std::end(auto_delete_choices))
      o.auto_delete_hours = hours;
  }
}

std::string config_flows::control(const discord::interaction& i) {
  auto decoded = decode(i.data && i.data->custom_id ? *i.data->custom_id : std::string{});
  return decoded ? decoded->arg : std::string{};
}

std::string config_flows::first_value(const discord::interaction& i) {
  return i.data && !i.data->values.empty() ? i.data->values.front() : std::string{};
}

tickets::lang config_flows::guild_lang(discord::guild_id g) const {
  if (const auto* gd = s_.cache.guild(g)) return lang_of(gd->preferred_locale);
  return lang::fr;
}

}  // namespace app
