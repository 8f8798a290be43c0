#include "tickets/config_edit.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>

#include "tickets/custom_id.hpp"
#include "tickets/screens.hpp"
#include "tickets/text_fit.hpp"
#include "discord/limits.hpp"

namespace tickets {

namespace {

struct control_name {
  config_control what;
  std::string_view name;
};
constexpr control_name control_names[] = {
    {config_control::panel, "panel"},         {config_control::add, "add"},
    {config_control::options, "options"},     {config_control::validate, "validate"},
    {config_control::cancel, "cancel"},
    {config_control::back, "back"},           {config_control::start, "start"},
    {config_control::log, "log"},             {config_control::transcript, "transcript"},
    {config_control::ticket_category, "category"}, {config_control::edit, "edit"},
    {config_control::roles, "roles"},         {config_control::opt_naming, "opt-naming"},
    {config_control::opt_transcript, "opt-transcript"}, {config_control::opt_left, "opt-left"},
    {config_control::opt_autodelete, "opt-autodelete"}, {config_control::panel_modal, "panel-modal"},
    {config_control::category_modal, "cat-modal"}, {config_control::blacklist, "blacklist"},
    {config_control::block_roles, "block-roles"}, {config_control::block_members, "block-members"},
    {config_control::questions, "questions"}, {config_control::question_add, "q-add"},
    {config_control::question_edit, "q-edit"}, {config_control::question_modal, "q-modal"},
    {config_control::delays, "delays"}, {config_control::opt_close_request, "opt-close-request"},
    {config_control::opt_inactivity_warn, "opt-idle-warn"}, {config_control::opt_inactivity_close, "opt-idle-close"},
    {config_control::opt_dm, "opt-dm"},
};

constexpr std::pair<category_edit, std::string_view> edit_names[] = {
    {category_edit::text, "text"}, {category_edit::roles, "roles"}, {category_edit::remove, "remove"},
    {category_edit::questions, "questions"}};

// "name" or "name:index", the index all digits.
std::optional<std::pair<std::string_view, std::optional<std::size_t>>> split(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return std::pair{s, std::optional<std::size_t>{}};
  std::size_t index = 0;
  auto digits = s.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return std::pair{s.substr(0, colon), std::optional<std::size_t>{index}};
}

std::string field(const config_inputs& in, const char* name) {
  auto it = in.fields.find(name);
  return it == in.fields.end() ? std::string{} : it->second;
}

std::optional<channel_facts> channel_of(const server_view& v, const std::string& text) {
  auto id = discord::channel_id::parse(text);
  if (!id) return std::nullopt;
  auto it = v.channels.find(*id);
  if (it == v.channels.end()) return std::nullopt;
  return it->second;
}

// A delay picked among `choices` (hours), or "0": off; any other value changes nothing.
template <std::size_t N>
void pick_hours(const std::string& value, const int (&choices)[N], std::optional<int>& into) {
  int hours = -1;
  std::from_chars(value.data(), value.data() + value.size(), hours);
  if (hours == 0) into.reset();
  else if (std::find(std::begin(choices), std::end(choices), hours) != std::end(choices)) into = hours;
}

// Only a value the select offered; a forged one changes nothing.
void apply_option(config_control what, const std::string& value, guild_options& o) {
  switch (what) {
    case config_control::opt_naming:
      o.naming = value == "emoji_category_number" ? naming_scheme::emoji_category_number : naming_scheme::number_username;
      break;
    case config_control::opt_transcript: o.transcript_on_close = value == "yes"; break;
    case config_control::opt_left:
      o.on_member_left = value == "delete" ? member_left_action::remove : member_left_action::close;
      break;
    case config_control::opt_close_request: pick_hours(value, close_request_choices, o.close_request_hours); break;
    case config_control::opt_inactivity_warn: pick_hours(value, inactivity_choices, o.inactivity_warn_hours); break;
    case config_control::opt_inactivity_close: {
      std::optional<int> hours;
      pick_hours(value, inactivity_choices, hours);
      if (hours) o.inactivity_close_hours = *hours;
      break;
    }
    case config_control::opt_dm:
      if (value == "with" || value == "without" || value == "off") {
        o.dm_summary = value != "off";
        o.dm_transcript = value == "with";
      }
      break;
    case config_control::opt_autodelete: pick_hours(value, auto_delete_choices, o.auto_delete_hours); break;
    default: break;
  }
}

config_outcome edit_category_text(guild_config& c, std::optional<std::size_t> idx, const config_inputs& in, lang l) {
  config_outcome out;
  category cat;
  if (idx && *idx < c.categories.size()) cat = c.categories[*idx];
  else cat.id = in.seed_id;  // a new category: see category::id
  cat.name = field(in, "name");
  while (!cat.name.empty() && (cat.name.back() == ' ' || cat.name.back() == '\n')) cat.name.pop_back();
  cat.description = field(in, "message");
  // Minutes, typed (a number, never an id); empty: no target.
  cat.first_response_minutes.reset();
  if (const std::string minutes = field(in, "first_response"); !minutes.empty()) {
    int m = 0;
    auto [end, ec] = std::from_chars(minutes.data(), minutes.data() + minutes.size(), m);
    if (ec != std::errc{} || end != minutes.data() + minutes.size() || m < 1 || m > first_response_minutes_max)
      out.problems.push_back(format(l, msg::cfg_err_first_response, std::to_string(first_response_minutes_max)));
    else cat.first_response_minutes = m;
  }
  for (auto& p : validate_category(c, cat, idx, l)) out.problems.push_back(std::move(p));
  if (!out.problems.empty()) return out;
  const std::size_t at = idx && *idx < c.categories.size() ? *idx : c.categories.size();
  if (at == c.categories.size()) c.categories.push_back(cat);
  else c.categories[at] = cat;
  out.next = next_screen::roles_picker;  // next: its staff roles, picked in a role select (never typed)
  out.roles_index = at;
  return out;
}

// A question's text, typed in its modal: the label, an optional placeholder, a maximum length.
config_outcome edit_question(guild_config& c, std::optional<std::size_t> slot, const config_inputs& in, lang l) {
  config_outcome out;
  const std::size_t cat = slot ? *slot / 8 : c.categories.size(), q = slot ? *slot % 8 : 0;
  if (cat >= c.categories.size()) {
    out.problems.emplace_back(text(l, msg::unknown_action));
    return out;
  }
  auto& questions = c.categories[cat].questions;
  if (q != new_question && q >= questions.size()) {
    out.problems.emplace_back(text(l, msg::unknown_action));
    return out;
  }
  question one = q == new_question ? question{} : questions[q];
  one.label = field(in, "label");
  while (!one.label.empty() && (one.label.back() == ' ' || one.label.back() == '\n')) one.label.pop_back();
  if (one.label.empty()) out.problems.push_back(format(l, msg::cfg_err_required, text(l, msg::cfg_field_question)));
  else if (utf8_chars(one.label) > discord::limits::text_input_label_max)
    out.problems.push_back(format(l, msg::cfg_err_too_long, text(l, msg::cfg_field_question), std::to_string(discord::limits::text_input_label_max),
                                  std::to_string(utf8_chars(one.label))));
  const std::string placeholder = field(in, "placeholder");
  one.placeholder = placeholder.empty() ? std::nullopt : std::optional(placeholder);
  if (utf8_chars(placeholder) > discord::limits::text_input_placeholder_max)
    out.problems.push_back(format(l, msg::cfg_err_too_long, text(l, msg::cfg_field_placeholder),
                                  std::to_string(discord::limits::text_input_placeholder_max), std::to_string(utf8_chars(placeholder))));
  if (const std::string max = field(in, "max_length"); !max.empty()) {
    int n = 0;
    auto [end, ec] = std::from_chars(max.data(), max.data() + max.size(), n);
    if (ec != std::errc{} || end != max.data() + max.size() || n < 1 || n > static_cast<int>(discord::limits::text_input_value_max))
      out.problems.push_back(format(l, msg::cfg_err_max_length, std::to_string(discord::limits::text_input_value_max)));
    else one.max_length = n;
  }
  if (q == new_question && questions.size() >= questions_max) out.problems.push_back(format(l, msg::cfg_err_sixth_question, std::to_string(questions_max)));
  if (!out.problems.empty()) return out;
  if (q == new_question) questions.push_back(std::move(one));
  else questions[q] = std::move(one);
  out.next = next_screen::questions;
  out.roles_index = cat;
  return out;
}

// The questions screen's select: required ↔ optional, one line ↔ paragraph, up one, removed.
config_outcome change_question(guild_config& c, std::optional<std::size_t> cat, const std::string& value) {
  config_outcome out;
  auto parts = split(value);
  if (!cat || *cat >= c.categories.size() || !parts || !parts->second) {
    out.unknown = true;
    return out;
  }
  auto& questions = c.categories[*cat].questions;
  const std::size_t q = *parts->second;
  out.next = next_screen::questions;
  out.roles_index = *cat;
  if (q >= questions.size()) return out;
  if (parts->first == "required") questions[q].required = !questions[q].required;
  else if (parts->first == "style") questions[q].paragraph = !questions[q].paragraph;
  else if (parts->first == "up" && q > 0) std::swap(questions[q], questions[q - 1]);
  else if (parts->first == "remove") questions.erase(questions.begin() + static_cast<long>(q));
  else out.unknown = parts->first != "text";  // "text" opens the modal: a screen, not a change
  return out;
}

// A role select sends ids; anything else is not a role and is refused with the rest.
config_outcome edit_roles(guild_config& c, std::optional<std::size_t> idx, const config_inputs& in, lang l) {
  config_outcome out;
  if (!idx || *idx >= c.categories.size()) {
    out.problems.emplace_back(text(l, msg::unknown_action));
    return out;
  }
  std::vector<discord::role_id> roles;
  for (const auto& v : in.values)
    if (auto id = discord::role_id::parse(v)) roles.push_back(*id);
    else out.problems.emplace_back(text(l, msg::unknown_action));
  if (!out.problems.empty()) return out;
  out.problems = validate_staff_roles(roles, c.guild_id, in.managed_role_names, l);
  if (out.problems.empty()) c.categories[*idx].roles = roles;
  return out;
}

}  // namespace

std::string encode_control(const control_ref& c) {
  for (const auto& n : control_names)
    if (n.what == c.what) {
      std::string arg(n.name);
      if (c.index) arg += ":" + std::to_string(*c.index);
      if (c.revision) arg += "@" + std::to_string(*c.revision);
      if (c.revision && !c.draft.empty()) arg += "." + c.draft;
      return encode(action::config, arg);
    }
  return encode(action::config, "back");
}

std::optional<control_ref> decode_control(std::string_view arg) {
  std::optional<std::int64_t> revision;
  std::string draft;
  if (auto at = arg.rfind('@'); at != std::string_view::npos) {
    auto version = arg.substr(at + 1);
    arg = arg.substr(0, at);
    if (auto dot = version.find('.'); dot != std::string_view::npos) {
      draft = std::string(version.substr(dot + 1));
      version = version.substr(0, dot);
      if (draft.empty() || draft.size() > 20 || draft.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    }
    std::int64_t r = 0;
    auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), r);
    if (version.empty() || ec != std::errc{} || end != version.data() + version.size() || r < 0) return std::nullopt;
    revision = r;
  }
  auto parts = split(arg);
  if (!parts) return std::nullopt;
  for (const auto& n : control_names)
    if (n.name == parts->first) return control_ref{n.what, parts->second, revision, std::move(draft)};
  return std::nullopt;
}

std::string control_on(const config_draft& shown, config_control what, std::optional<std::size_t> index) {
  return encode_control({what, index, shown.config.revision, shown.stamp});
}

bool is_current(const control_ref& c, const config_draft& shown) {
  return !c.revision || (*c.revision == shown.config.revision && c.draft == shown.stamp);
}

std::string encode_category_edit(category_edit e, std::size_t index) {
  for (const auto& [kind, name] : edit_names)
    if (kind == e) return std::string(name) + ":" + std::to_string(index);
  return {};
}

std::optional<std::pair<category_edit, std::size_t>> decode_category_edit(std::string_view value) {
  auto parts = split(value);
  if (!parts || !parts->second) return std::nullopt;
  for (const auto& [kind, name] : edit_names)
    if (name == parts->first) return std::pair{kind, *parts->second};
  return std::nullopt;
}

config_outcome apply_config_edit(guild_config& c, const control_ref& control, const config_inputs& in, const server_view& v,
                                 lang l, lang guild_language) {
  config_outcome out;
  const std::string first = in.values.empty() ? std::string{} : in.values.front();
  switch (control.what) {
    case config_control::edit:
      if (auto e = decode_category_edit(first); e && e->first == category_edit::remove && e->second < c.categories.size())
        c.categories.erase(c.categories.begin() + static_cast<long>(e->second));
      break;
    case config_control::start:
      if (c.categories.empty()) c.categories = starting_categories(guild_language, in.seed_id);
      break;
    case config_control::log:
    case config_control::transcript:
      out.problems = validate_text_channel(channel_of(v, first), l);
      if (out.problems.empty()) (control.what == config_control::log ? c.log_channel : c.transcript_channel) = discord::channel_id::parse(first);
      break;
    case config_control::ticket_category:
      out.problems = validate_ticket_category(channel_of(v, first), l);
      if (out.problems.empty()) c.ticket_category = discord::channel_id::parse(first);
      break;
    case config_control::roles:
      return edit_roles(c, control.index, in, l);
    case config_control::opt_naming:
    case config_control::opt_transcript:
    case config_control::opt_left:
    case config_control::opt_autodelete:
      out.next = next_screen::options;
      apply_option(control.what, first, c.options);
      break;
    case config_control::opt_close_request:
    case config_control::opt_inactivity_warn:
    case config_control::opt_inactivity_close:
    case config_control::opt_dm:
      out.next = next_screen::delays;
      apply_option(control.what, first, c.options);
      break;
    case config_control::panel_modal: {
      panel_embed p;
      p.title = field(in, "title");
      p.description = field(in, "description");
      if (auto f = field(in, "footer"); !f.empty()) p.footer = f;
      if (auto f = field(in, "image"); !f.empty()) p.image = f;
      out.problems = validate_panel(p, l);
      if (out.problems.empty()) c.panel = p;
      break;
    }
    case config_control::category_modal:
      return edit_category_text(c, control.index, in, l);
    case config_control::block_roles:
    case config_control::block_members: {
      // The whole list as picked (an empty pick clears it). @everyone would block the whole server.
      out.next = next_screen::blacklist;
      std::vector<std::uint64_t> ids;
      for (const auto& v : in.values)
        if (auto id = discord::snowflake<discord::user_tag>::parse(v)) ids.push_back(id->value);
      if (control.what == config_control::block_roles) {
        if (std::find(ids.begin(), ids.end(), c.guild_id.value) != ids.end()) {
          out.problems.push_back(std::string(text(l, msg::cfg_err_everyone_blocked)));
          break;
        }
        c.blocked_roles.clear();
        for (auto id : ids) c.blocked_roles.push_back(discord::role_id{id});
      } else {
        c.blocked_members.clear();
        for (auto id : ids) c.blocked_members.push_back(discord::user_id{id});
      }
      break;
    }
    case config_control::question_modal:
      return edit_question(c, control.index, in, l);
    case config_control::question_edit:
      return change_question(c, control.index, first);
    case config_control::panel:
    case config_control::add:
    case config_control::options:
    case config_control::blacklist:
    case config_control::questions:
    case config_control::question_add:
    case config_control::delays:
    case config_control::back:
    case config_control::validate:
    case config_control::cancel:
      out.unknown = true;
      break;
  }
  return out;
}

namespace {

std::string roles_text(const std::vector<discord::role_id>& roles) {
  std::string out;
  for (auto r : roles) out += (out.empty() ? "" : " ") + role_mention(r);
  return out;
}

void describe_channel(std::vector<std::string>& out, const std::optional<discord::channel_id>& before,
                      const std::optional<discord::channel_id>& after, msg label, lang l) {
  if (before != after)
    out.push_back("• " + format(l, msg::label_value, text(l, label), after ? channel_mention(*after) : std::string(text(l, msg::cfg_missing))));
}

}  // namespace

std::vector<std::string> describe_changes(const guild_config& before, const guild_config& after, lang l) {
  std::vector<std::string> out;
  if (before.panel != after.panel && after.panel) out.push_back("• " + format(l, msg::cfg_change_panel, after.panel->title));
  for (const auto& cat : after.categories) {
    const category* old = before.category_by_id(cat.id);
    if (!old) {
      out.push_back("• " + format(l, msg::cfg_change_added, cat.name));
      continue;
    }
    if (old->name != cat.name) out.push_back("• " + format(l, msg::cfg_change_renamed, old->name, cat.name));
    if (old->description != cat.description || old->emoji != cat.emoji || old->color != cat.color)
      out.push_back("• " + format(l, msg::cfg_change_text, cat.name));
    if (old->roles != cat.roles) out.push_back("• " + format(l, msg::cfg_change_staff, cat.name, roles_text(cat.roles)));
  }
  for (const auto& cat : before.categories)
    if (!after.category_by_id(cat.id)) out.push_back("• " + format(l, msg::cfg_change_removed, cat.name));
  describe_channel(out, before.log_channel, after.log_channel, msg::cfg_log, l);
  describe_channel(out, before.transcript_channel, after.transcript_channel, msg::cfg_transcript, l);
  describe_channel(out, before.ticket_category, after.ticket_category, msg::cfg_ticket_category, l);
  if (before.options != after.options) out.push_back("• " + std::string(text(l, msg::cfg_change_options)));
  if (before.blocked_roles != after.blocked_roles || before.blocked_members != after.blocked_members)
    out.push_back("• " + format(l, msg::cfg_change_blacklist, std::to_string(after.blocked_roles.size()), std::to_string(after.blocked_members.size())));
  return out;
}

}  // namespace tickets
