#include "config_flows.hpp"

#include <charconv>

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

std::string lines(const std::vector<std::string>& items, const char* bullet) {
  std::string out;
  for (const auto& l : items) out += bullet + l + "\n";
  return out;
}

}  // namespace

bool config_flows::handles(std::string_view custom_id) { return custom_id.rfind("gt1:cfg", 0) == 0; }

server_view config_flows::view(discord::guild_id g) const { return s_.cache.view(g, s_.self); }

discord::message_create config_flows::main_screen(const config_draft& shown, discord::guild_id g, lang l) const {
  return config_screen(shown, view(g), l, s_.cache.language(g));
}

asio::awaitable<std::optional<config_flows::loaded>> config_flows::load(discord::guild_id g) {
  auto config = co_await s_.db([this, g] { return s_.store.get_config(g); });
  auto draft = co_await s_.db([this, g] { return s_.store.get_draft(g); });
  if (!config || !draft) co_return std::nullopt;
  loaded out;
  if (*config) out.saved = **config;
  out.saved.guild_id = g;
  if (*draft) out.stored_stamp = (*draft)->stamp;
  // A draft begun before the configuration was last saved describes a configuration that is gone
  // (a validation the process could not finish dropping): it is not shown, and the next edit replaces it.
  if (*draft && (*draft)->config.revision == out.saved.revision) out.shown = **draft;
  else out.shown.config = out.saved;
  co_return out;
}

asio::awaitable<void> config_flows::on_interaction(discord::interaction i) {
  responder r(s_.rest, i);
  const lang l = r.user_lang();
  // The screen is ephemeral, but every control checks who uses it, every time.
  if (!i.guild || !is_admin(i)) {
    co_await r.error(std::string(text(l, i.guild ? msg::admin_only : msg::not_in_guild)));
    co_return;
  }
  const discord::guild_id g = *i.guild;
  const auto control = decode_control(control_arg(i));
  // An edit made from an older read of the draft is refused by the store: read again and apply the
  // change again, so that two admins editing at once both keep theirs.
  constexpr int save_attempts = 3;
  for (int attempt = 1;; ++attempt) {
    auto state = co_await load(g);
    if (!state) {
      co_await r.error(std::string(text(l, msg::storage_unavailable)));
      co_return;
    }
    if (i.type == discord::interaction_type::application_command) {
      co_await r.respond(main_screen(state->shown, g, l));
      co_return;
    }
    if (!control) {
      co_await r.error(std::string(text(l, msg::unknown_action)));
      co_return;
    }
    // A copy of an older screen (another admin edited since, or this one did from another copy)
    // shows what is no longer true: refused, never acted on. A retry after a lost race is not such a copy.
    if (attempt == 1 && !is_current(*control, state->shown)) {
      co_await r.error(std::string(text(l, msg::cfg_outdated)));
      co_return;
    }
    if (control->what == config_control::validate || control->what == config_control::cancel) {
      if (control->what == config_control::validate) co_await validate(i, r, *state, l);
      else co_await cancel(i, r, *state, l);
      co_return;
    }
    if (co_await show(i, r, state->shown, l)) co_return;  // nothing to change

    config_draft next{state->shown.config, i.id.str()};
    const config_outcome e = apply(i, next.config, l);
    if (e.unknown || !e.problems.empty()) {  // every problem at once, nothing changed
      co_await r.error(e.unknown ? std::string(text(l, msg::unknown_action)) : format(l, msg::cfg_invalid, lines(e.problems, "• ")));
      co_return;
    }
    auto saved = co_await s_.db([this, next, expected = state->stored_stamp] { return s_.store.save_draft(next, expected); });
    if (!saved && saved.error().code == storage::errc::conflict && attempt < save_attempts) continue;
    if (!saved) {
      spdlog::error("guild {}: saving the configuration draft failed: {}", g.str(), saved.error().message);
      co_await r.error(std::string(text(l, msg::storage_unavailable)));
      co_return;
    }
    // One screen, edited in place: a modal opened from the screen's buttons carries that message
    // and is answered by updating it (type 7); only a modal without one gets a new message.
    const bool from_modal = i.type == discord::interaction_type::modal_submit && !i.source_message;
    auto screen = e.next == next_screen::roles_picker ? roles_picker(next, e.roles_index, l)
                  : e.next == next_screen::options    ? options_screen(next, l)
                  : e.next == next_screen::blacklist  ? blacklist_screen(next, l)
                  : e.next == next_screen::questions  ? questions_screen(next, e.roles_index, l)
                  : e.next == next_screen::delays     ? delays_screen(next, l)
                                                      : main_screen(next, g, l);
    if (from_modal) co_await r.respond(std::move(screen));
    else co_await r.update(std::move(screen));
    co_return;
  }
}

// ✅ Valider: the whole draft checked against the server as it is now, then written at once.
asio::awaitable<void> config_flows::validate(const discord::interaction& i, responder& r, const loaded& state, lang l) {
  const discord::guild_id g = *i.guild;
  if (state.shown.stamp.empty()) {
    co_await r.error(std::string(text(l, msg::cfg_no_changes)));
    co_return;
  }
  const auto problems = validate_setup(state.shown.config, view(g), l);
  if (!problems.empty()) {  // every problem at once, nothing written
    co_await r.error(format(l, msg::cfg_invalid, lines(problems, "")));
    co_return;
  }
  auto saved = co_await s_.db([this, c = state.shown.config] { return s_.store.save_config(c); });
  if (!saved) {
    if (saved.error().code == storage::errc::conflict) {
      co_await r.error(std::string(text(l, msg::cfg_outdated)));
      co_return;
    }
    spdlog::error("guild {}: saving the configuration failed: {}", g.str(), saved.error().message);
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  // Left behind if this fails: its revision is now the old one, so it is stale and never shown again.
  if (auto dropped = co_await s_.db([this, g] { return s_.store.drop_draft(g); }); !dropped)
    spdlog::warn("guild {}: the validated draft could not be dropped: {}", g.str(), dropped.error().message);
  const discord::user* who = i.actor();
  spdlog::info("guild {}: configuration validated by {} (revision {})", g.str(), who ? who->id.str() : std::string("?"),
               state.shown.config.revision + 1);
  // Roles replaced, a category renamed or removed: the live tickets follow at once.
  if (config_changed_) config_changed_(g);
  config_draft now{state.shown.config, {}};
  ++now.config.revision;
  auto screen = main_screen(now, g, l);
  const auto changes = describe_changes(state.saved, now.config, l);
  std::string summary = lines(changes, "");
  if (changes.empty()) summary = std::string(text(l, msg::cfg_no_changes)) + "\n";
  discord::embed done = info_embed(summary + "\n" + std::string(text(l, msg::cfg_validated_next)), colors::success);
  done.title = std::string(text(l, msg::cfg_validated));
  screen.embeds->insert(screen.embeds->begin(), std::move(done));
  co_await r.update(std::move(screen));
}

asio::awaitable<void> config_flows::cancel(const discord::interaction& i, responder& r, const loaded& state, lang l) {
  const discord::guild_id g = *i.guild;
  if (auto dropped = co_await s_.db([this, g] { return s_.store.drop_draft(g); }); !dropped) {
    spdlog::error("guild {}: dropping the configuration draft failed: {}", g.str(), dropped.error().message);
    co_await r.error(std::string(text(l, msg::storage_unavailable)));
    co_return;
  }
  auto screen = main_screen(config_draft{state.saved, {}}, g, l);
  screen.embeds->insert(screen.embeds->begin(), info_embed(std::string(text(l, msg::cfg_draft_dropped)), colors::panel));
  co_await r.update(std::move(screen));
}

// The controls that only show something (a screen, a modal); true when it was one.
asio::awaitable<bool> config_flows::show(const discord::interaction& i, responder& r, const config_draft& shown, lang l) {
  const discord::guild_id g = *i.guild;
  const auto control = decode_control(control_arg(i));
  const guild_config& c = shown.config;
  switch (control->what) {
    case config_control::panel:
      co_await r.modal(panel_modal(shown, l));
      co_return true;
    case config_control::add:
      if (c.categories.size() >= max_categories) co_await r.error(std::string(text(l, msg::cfg_err_sixth)));
      else co_await r.modal(category_modal(shown, std::nullopt, l));
      co_return true;
    case config_control::options:
      co_await r.update(options_screen(shown, l));
      co_return true;
    case config_control::blacklist:
      co_await r.update(blacklist_screen(shown, l));
      co_return true;
    case config_control::delays:
      co_await r.update(delays_screen(shown, l));
      co_return true;
    case config_control::back:
      co_await r.update(main_screen(shown, g, l));
      co_return true;
    case config_control::edit: {
      auto e = decode_category_edit(first_value(i));
      if (!e || e->second >= c.categories.size() || e->first == category_edit::remove) co_return false;
      if (e->first == category_edit::text) co_await r.modal(category_modal(shown, e->second, l));
      else if (e->first == category_edit::questions) co_await r.update(questions_screen(shown, e->second, l));
      else co_await r.update(roles_picker(shown, e->second, l));
      co_return true;
    }
    case config_control::question_add:
      if (!control->index || *control->index >= c.categories.size()) co_return false;
      if (c.categories[*control->index].questions.size() >= questions_max)
        co_await r.error(format(l, msg::cfg_err_sixth_question, std::to_string(questions_max)));
      else co_await r.modal(question_modal(shown, *control->index, std::nullopt, l));
      co_return true;
    case config_control::question_edit: {
      // "text:2" opens that question's modal; the other choices change the draft.
      const std::string v = first_value(i);
      if (v.rfind("text:", 0) != 0 || !control->index || *control->index >= c.categories.size()) co_return false;
      std::size_t q = 0;
      const auto digits = std::string_view(v).substr(5);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), q).ec != std::errc{} || q >= c.categories[*control->index].questions.size())
        co_return false;
      co_await r.modal(question_modal(shown, *control->index, q, l));
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
