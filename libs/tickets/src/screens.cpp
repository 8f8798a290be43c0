#include "tickets/screens.hpp"

#include "tickets/text_fit.hpp"
#include "components.hpp"

#include <cmath>
#include <ctime>

#include "discord/limits.hpp"
#include "discord/model/time.hpp"
#include "tickets/custom_id.hpp"

namespace tickets {

using discord::component;
using discord::component_type;
using discord::embed;
using discord::message_create;

std::string user_mention(std::string_view id) { return "<@" + std::string(id) + ">"; }
std::string channel_mention(std::string_view id) { return "<#" + std::string(id) + ">"; }
std::string role_mention(std::string_view id) { return "<@&" + std::string(id) + ">"; }
std::string ticket_link(const ticket& t) {
  return t.channel_id ? channel_mention(*t.channel_id) : "#" + std::to_string(t.number);
}

std::string ticket_label(const ticket& t) {
  const std::string number = "#" + std::to_string(t.number);
  return t.channel_id ? number + " (" + channel_mention(*t.channel_id) + ")" : number;
}

std::string permission_list(const discord::permissions& p) {
  std::string out;
  for (auto n : p.names()) out += "• `" + std::string(n) + "`\n";
  return out;
}

std::string discord_time(std::int64_t unix_ms, char style) {
  return "<t:" + std::to_string(unix_ms / 1000) + ":" + std::string(1, style) + ">";
}

namespace detail {

component button(std::string label, std::string emoji, std::string custom_id, discord::button_style style, bool disabled) {
  component b;
  b.type = component_type::button;
  b.style = static_cast<int>(style);
  b.label = fit(std::move(label), discord::limits::button_label_max);
  b.emoji = discord::partial_emoji{std::nullopt, std::move(emoji), false};
  b.custom_id = std::move(custom_id);
  b.disabled = disabled;
  return b;
}

component row(std::vector<component> children) {
  component r;
  r.type = component_type::action_row;
  r.components = std::move(children);
  return r;
}

discord::modal paragraph_modal(std::string custom_id, std::string title, std::string field_id, std::string label, std::string placeholder,
                               bool required, std::size_t max_length) {
  component input;
  input.type = component_type::text_input;
  input.custom_id = std::move(field_id);
  input.style = static_cast<int>(discord::text_input_style::paragraph);
  input.label = fit(std::move(label), discord::limits::text_input_label_max);
  input.placeholder = std::move(placeholder);
  input.required = required;
  input.max_length = static_cast<int>(max_length);
  discord::modal m;
  m.custom_id = std::move(custom_id);
  m.title = fit(std::move(title), discord::limits::modal_title_max);
  m.components = {row({std::move(input)})};
  return m;
}

}  // namespace detail

using detail::button;
using detail::row;

namespace {

discord::embed_field field(std::string name, std::string value, bool inline_ = true) {
  return {fit(std::move(name), discord::limits::embed_field_name_max), fit(std::move(value), discord::limits::embed_field_value_max), inline_};
}

std::string iso_from_ms(std::int64_t ms) { return discord::iso8601_from_ms(ms); }

}  // namespace

embed error_embed(lang l, std::string description) {
  embed e;
  e.title = std::string(text(l, msg::error_title));
  e.description = fit(std::move(description), discord::limits::embed_description_max);
  e.color = colors::error;
  return e;
}

embed success_embed(lang l, std::string description) {
  embed e;
  e.title = std::string(text(l, msg::success_title));
  e.description = fit(std::move(description), discord::limits::embed_description_max);
  e.color = colors::success;
  return e;
}

embed info_embed(std::string description, std::uint32_t color) {
  embed e;
  e.description = fit(std::move(description), discord::limits::embed_description_max);
  e.color = color;
  return e;
}

message_create ephemeral(embed e) {
  message_create m;
  m.embeds = std::vector<embed>{std::move(e)};
  m.components = std::vector<component>{};
  m.flags = discord::message_flag_ephemeral;
  return m;
}

message_create embed_message(embed e) {
  message_create m;
  m.embeds = std::vector<embed>{std::move(e)};
  return m;
}

message_create panel_message(const guild_config& c, lang l) {
  embed e;
  if (c.panel) {
    e.title = fit(c.panel->title, discord::limits::embed_title_max);
    e.description = fit(c.panel->description, discord::limits::embed_description_max);
    if (c.panel->footer && !c.panel->footer->empty()) e.footer = discord::embed_footer{*c.panel->footer, std::nullopt};
    if (c.panel->image && !c.panel->image->empty()) e.image = discord::embed_media{*c.panel->image, {}, {}};
  }
  e.color = colors::panel;
  component select;
  select.type = component_type::string_select;
  select.custom_id = encode(action::open);
  select.placeholder = std::string(text(l, msg::panel_select_placeholder));
  select.min_values = 1;
  select.max_values = 1;
  for (const auto& cat : c.categories) {
    if (select.options.size() >= discord::limits::select_options_max) break;
    discord::select_option o;
    o.label = fit(cat.name, discord::limits::select_option_text_max);
    o.value = fit(cat.id, discord::limits::select_option_text_max);  // stable across renames
    std::string start = cat.description.substr(0, cat.description.find('\n'));
    if (!start.empty()) o.description = fit(start, discord::limits::select_option_text_max);
    if (cat.emoji && !cat.emoji->empty()) o.emoji = discord::partial_emoji{std::nullopt, *cat.emoji, false};
    select.options.push_back(std::move(o));
  }
  message_create m;
  m.embeds = std::vector<embed>{std::move(e)};
  m.components = std::vector<component>{row({std::move(select)})};
  return m;
}

std::vector<component> ticket_buttons(status state, lang l) {
  bool open = state == status::open, claimed = state == status::claimed, closed = state == status::closed;
  const auto b = [&](msg label, const char* emoji, action a, discord::button_style style, bool enabled) {
    return button(std::string(text(l, label)), emoji, encode(a), style, !enabled);
  };
  using style = discord::button_style;
  return {row({
              b(msg::button_claim, "📥", action::claim, style::primary, open),
              b(msg::button_close, "🔒", action::close, style::secondary, open || claimed),
              b(msg::button_reopen, "♻️", action::reopen, style::success, closed),
              b(msg::button_delete, "🗑️", action::remove, style::danger, true),
              b(msg::button_transcript, "📋", action::transcript, style::secondary, true),
          }),
          // Staff's everyday actions: each asks what it needs (a member, a reason) in one more step.
          row({
              b(msg::button_add, "➕", action::member_add, style::secondary, open || claimed),
              b(msg::button_remove, "➖", action::member_remove, style::secondary, open || claimed),
              b(msg::button_release, "↩️", action::release, style::secondary, claimed),
              b(msg::button_transfer, "🔁", action::transfer, style::secondary, claimed),
              b(msg::button_close_reason, "📝", action::close_with_reason, style::secondary, open || claimed),
          }),
          row({b(msg::button_close_request, "📨", action::close_request, style::secondary, open || claimed)})};
}

std::string escape_markdown(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  bool line_start = true;  // headings and quotes only begin a line
  for (char c : s) {
    const bool always = std::string_view("\\*_~`|[]<").find(c) != std::string_view::npos;
    if (always || (line_start && (c == '#' || c == '>'))) out += '\\';
    out += c;
    if (c == '\n') line_start = true;
    else if (c != ' ') line_start = false;
  }
  return out;
}

namespace {

// What the welcome embed shows of each answer, within a field (1,024) and what is left of the
// embed's 6,000 characters; `whole` says whether it is all of it.
struct shown_answer {
  std::string question, value;
  bool whole = true;
};
std::vector<shown_answer> answers_shown(const ticket& t, std::size_t budget, lang l) {
  std::vector<shown_answer> out;
  const std::string below = std::string(text(l, msg::welcome_answer_below));
  for (const auto& [q, a] : t.answers) {
    shown_answer s{fit(q, discord::limits::embed_field_name_max), escape_markdown(a), true};
    const std::size_t room = std::min<std::size_t>(discord::limits::embed_field_value_max, budget > utf8_chars(s.question) + 60 ? budget - utf8_chars(s.question) - 60 : 0);
    if (utf8_chars(s.value) > room) {
      s.whole = false;
      const std::size_t note = utf8_chars(below) + 1;  // the cut and its note stay within the field
      s.value = room > note + 1 ? fit(s.value, room - note) + "\n" + below : below;
    }
    budget -= std::min(budget, utf8_chars(s.question) + utf8_chars(s.value));
    out.push_back(std::move(s));
  }
  return out;
}

// The welcome embed without the answers: the category's text and the ticket's facts.
embed welcome_base(const ticket& t, const category* cat, lang l) {
  embed e;
  e.title = fit(format(l, msg::welcome_title, std::to_string(t.number), t.category), discord::limits::embed_title_max);
  std::string intro = cat && !cat->description.empty() ? cat->description : std::string{};
  e.description = fit(intro, discord::limits::embed_description_max);
  if (e.description->empty()) e.description.reset();
  e.color = cat && cat->color ? *cat->color : colors::created;
  e.fields.push_back(field(std::string(text(l, msg::welcome_owner)), user_mention(t.owner_id)));
  e.fields.push_back(field(std::string(text(l, msg::welcome_created)), discord_time(t.created_at_ms)));
  e.fields.push_back(field(std::string(text(l, msg::welcome_owner_id)), "`" + t.owner_id.str() + "`"));
  msg state = t.state == status::claimed ? msg::status_claimed : t.state == status::closed ? msg::status_closed : msg::status_open;
  e.fields.push_back(field(std::string(text(l, msg::welcome_status)), std::string(text(l, state))));
  if (t.claimer_id) e.fields.push_back(field(std::string(text(l, msg::welcome_claimed_by)), user_mention(*t.claimer_id)));
  if (!t.added_members.empty()) {
    std::string list;
    for (auto m : t.added_members) list += (list.empty() ? "" : ", ") + user_mention(m);
    e.fields.push_back(field(std::string(text(l, msg::welcome_members)), list, false));
  }
  e.timestamp = iso_from_ms(t.created_at_ms);
  return e;
}

// What Discord counts of an embed towards the 6,000 characters of a message.
std::size_t embed_text_length(const embed& e) {
  std::size_t n = utf8_chars(e.title.value_or("")) + utf8_chars(e.description.value_or(""));
  for (const auto& f : e.fields) n += utf8_chars(f.name) + utf8_chars(f.value);
  if (e.footer) n += utf8_chars(e.footer->text);
  if (e.author) n += utf8_chars(e.author->name);
  return n;
}

// What the answers may use of the welcome embed (with a margin for the facts' later changes: a
// claimer, members added).
std::size_t answers_budget(const ticket& t, const category* cat, lang l) {
  const std::size_t used = embed_text_length(welcome_base(t, cat, l)) + 400;
  return used < discord::limits::embed_total_text_max ? discord::limits::embed_total_text_max - used : 0;
}

}  // namespace

std::vector<message_create> answers_followups(const ticket& t, const category* cat, lang l) {
  std::vector<message_create> out;
  const auto shown = answers_shown(t, answers_budget(t, cat, l), l);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (shown[i].whole) continue;
    embed e;
    e.title = fit(t.answers[i].first, discord::limits::embed_title_max);
    e.description = fit(escape_markdown(t.answers[i].second), discord::limits::embed_description_max);
    e.color = colors::panel;
    e.footer = discord::embed_footer{std::string(text(l, msg::answers_full_title)), std::nullopt};
    out.push_back(embed_message(std::move(e)));
  }
  return out;
}

message_create welcome_message(const ticket& t, const category* cat, lang l) {
  embed e = welcome_base(t, cat, l);
  // The answers given at opening, below the facts; what a field cannot hold follows in its own message.
  for (auto& a : answers_shown(t, answers_budget(t, cat, l), l))
    if (e.fields.size() < discord::limits::embed_fields_max) e.fields.push_back({std::move(a.question), std::move(a.value), false});
  message_create m;
  // The mention notifies the owner; allowed_mentions lets only them be pinged.
  m.content = user_mention(t.owner_id);
  m.embeds = std::vector<embed>{std::move(e)};
  m.components = ticket_buttons(t.state, l);
  discord::allowed_mentions am;
  am.users.push_back(t.owner_id);
  m.mentions = am;
  return m;
}

message_create closed_message(lang l, discord::user_id closer_id, const std::optional<std::string>& reason) {
  message_create m;
  std::string said = format(l, msg::closed_embed, user_mention(closer_id));
  if (reason && !reason->empty()) said += "\n" + format(l, msg::closed_reason_line, *reason);
  m.embeds = std::vector<embed>{info_embed(std::move(said), colors::closed)};
  m.components = std::vector<component>{row({
      button(std::string(text(l, msg::button_reopen)), "♻️", encode(action::reopen), discord::button_style::success),
      button(std::string(text(l, msg::button_delete)), "🗑️", encode(action::remove), discord::button_style::danger),
      button(std::string(text(l, msg::button_transcript)), "📋", encode(action::transcript), discord::button_style::secondary),
  })};
  return m;
}

message_create member_picker(action pick, const ticket& t, lang l) {
  const msg prompt = pick == action::member_add_pick      ? msg::pick_add_prompt
                     : pick == action::member_remove_pick ? msg::pick_remove_prompt
                                                          : msg::pick_transfer_prompt;
  std::string said = format(l, prompt, ticket_label(t), t.category);
  // Removing: who can be. (Not as the select's default values: picking a value already chosen
  // sends nothing.)
  if (pick == action::member_remove_pick) {
    std::string list;
    for (auto u : t.added_members) list += (list.empty() ? "" : ", ") + user_mention(u);
    said += "\n" + (list.empty() ? std::string(text(l, msg::pick_remove_none)) : format(l, msg::pick_remove_current, list));
  }
  message_create m = ephemeral(info_embed(std::move(said), colors::panel));
  component select;
  select.type = component_type::user_select;
  select.custom_id = encode(pick);
  select.placeholder = std::string(text(l, pick == action::transfer_pick ? msg::pick_staff_placeholder : msg::pick_member_placeholder));
  select.min_values = 1;
  select.max_values = 1;
  m.components = std::vector<component>{row({std::move(select)})};
  return m;
}

discord::modal close_reason_modal(lang l) {
  return detail::paragraph_modal(encode(action::close_reason_submit), std::string(text(l, msg::close_reason_title)), std::string(close_reason_field),
                                 std::string(text(l, msg::close_reason_label)), std::string(text(l, msg::close_reason_placeholder)), false,
                                 close_reason_max);
}

message_create close_request_message(const ticket& t, discord::user_id requester, lang l) {
  message_create m;
  m.content = user_mention(t.owner_id);
  m.embeds = std::vector<embed>{info_embed(format(l, msg::close_request_text, user_mention(t.owner_id), user_mention(requester)), colors::warning)};
  m.components = std::vector<component>{row({
      button(std::string(text(l, msg::button_accept)), "✅", encode(action::close_request_accept), discord::button_style::success),
      button(std::string(text(l, msg::button_refuse)), "❌", encode(action::close_request_refuse), discord::button_style::danger),
  })};
  discord::allowed_mentions am;
  am.users.push_back(t.owner_id);
  m.mentions = am;
  return m;
}

message_create settled_request_message(const ticket& t, bool accepted, lang l) {
  message_create m;
  std::string said = format(l, accepted ? msg::close_request_accepted : msg::close_request_refused, user_mention(t.owner_id));
  m.embeds = std::vector<embed>{info_embed(std::move(said), accepted ? colors::closed : colors::reopened)};
  m.components = std::vector<component>{};
  return m;
}

message_create delete_confirmation(lang l) {
  message_create m = ephemeral(info_embed(std::string(text(l, msg::delete_confirm)), colors::deleted));
  m.components = std::vector<component>{row({
      button(std::string(text(l, msg::button_delete_confirm)), "🗑️", encode(action::remove_confirm), discord::button_style::danger),
      button(std::string(text(l, msg::button_cancel)), "✖️", encode(action::remove_cancel), discord::button_style::secondary),
  })};
  return m;
}

message_create delete_without_transcript_offer(lang l, std::string why) {
  message_create m = ephemeral(error_embed(l, std::move(why)));
  m.components = std::vector<component>{row({
      button(std::string(text(l, msg::button_delete_anyway)), "🗑️", encode(action::remove_without_transcript), discord::button_style::danger),
  })};
  return m;
}

message_create first_response_alert_message(const ticket& t, const std::vector<discord::role_id>& staff_roles, int target_minutes,
                                            lang l) {
  message_create m;
  std::string roles;
  for (auto r : staff_roles) roles += (roles.empty() ? "" : " ") + role_mention(r);
  if (!roles.empty()) m.content = roles;
  m.embeds = std::vector<embed>{info_embed(
      format(l, msg::first_response_alert, discord_time(t.created_at_ms, 'R'), human_duration(target_minutes * 60'000.0, l)), colors::warning)};
  discord::allowed_mentions am;
  am.roles = staff_roles;
  m.mentions = am;
  return m;
}

message_create member_left_message(lang l, discord::user_id member_id, std::string_view member_name) {
  message_create m;
  std::string who = user_mention(member_id) + " (" + std::string(member_name) + ")";
  m.embeds = std::vector<embed>{info_embed(format(l, msg::member_left, who), colors::warning)};
  m.components = std::vector<component>{row({
      button(std::string(text(l, msg::member_left_button)), "🔒", encode(action::close_after_leave), discord::button_style::danger),
  })};
  return m;
}

std::string_view log_verb(log_kind k) {
  static constexpr std::string_view verbs[] = {"opened",      "claimed",     "closed",      "reopened",        "deleted",      "member_added",
                                               "member_removed", "released", "transferred", "close_requested", "close_refused", "renamed"};
  return verbs[static_cast<int>(k)];
}

message_create log_message(log_kind kind, const ticket& t, std::optional<discord::user_id> actor_id, std::int64_t at_ms, lang l,
                           std::optional<discord::user_id> subject) {
  static constexpr std::pair<msg, std::uint32_t> kinds[] = {
      {msg::log_created, colors::created},         {msg::log_claimed, colors::claimed},
      {msg::log_closed, colors::closed},           {msg::log_reopened, colors::reopened},
      {msg::log_deleted, colors::deleted},         {msg::log_member_added, colors::claimed},
      {msg::log_member_removed, colors::closed},   {msg::log_released, colors::reopened},
      {msg::log_transferred, colors::claimed},     {msg::log_close_requested, colors::warning},
      {msg::log_close_refused, colors::reopened},   {msg::log_renamed, colors::panel}};
  auto [title, color] = kinds[static_cast<int>(kind)];
  embed e;
  e.title = std::string(text(l, title));
  e.color = color;
  e.fields.push_back(field(std::string(text(l, msg::log_field_ticket)), "#" + std::to_string(t.number)));
  e.fields.push_back(field(std::string(text(l, msg::log_field_category)), t.category));
  e.fields.push_back(field(std::string(text(l, msg::log_field_owner)), user_mention(t.owner_id) + " (`" + t.owner_id.str() + "`)"));
  if (actor_id) e.fields.push_back(field(std::string(text(l, msg::log_field_by)), user_mention(*actor_id)));
  if (subject)
    e.fields.push_back(field(std::string(text(l, kind == log_kind::transferred ? msg::log_field_new_claimer : msg::log_field_member)),
                             user_mention(*subject) + " (`" + subject->str() + "`)"));
  if (t.channel_id)
    e.fields.push_back(field(std::string(text(l, msg::log_field_channel)),
                             kind == log_kind::deleted ? "`" + t.channel_id->str() + "`" : channel_mention(*t.channel_id)));
  if (kind == log_kind::closed && t.close_reason && !t.close_reason->empty())
    e.fields.push_back(field(std::string(text(l, msg::log_field_reason)), *t.close_reason, false));
  e.timestamp = iso_from_ms(at_ms);
  message_create m;
  m.embeds = std::vector<embed>{std::move(e)};
  return m;
}

message_create log_warning(std::string t) {
  message_create m;
  m.embeds = std::vector<embed>{info_embed(std::move(t), colors::warning)};
  return m;
}

std::string human_duration(double ms, lang l) {
  auto total = static_cast<long long>(std::llround(ms / 1000.0));
  long long d = total / 86400, h = (total % 86400) / 3600, m = (total % 3600) / 60, s = total % 60;
  const char* day = l == lang::fr ? " j" : " d";
  char buf[64];
  if (d > 0) std::snprintf(buf, sizeof buf, "%lld%s %lld h", d, day, h);
  else if (h > 0) std::snprintf(buf, sizeof buf, "%lld h %02lld min", h, m);
  else if (m > 0) std::snprintf(buf, sizeof buf, "%lld min %02lld s", m, s);
  else std::snprintf(buf, sizeof buf, "%lld s", s);
  return buf;
}

discord::embed transcript_embed(const ticket& t, const transcript_summary& s, lang l) {
  discord::embed e;
  e.title = format(l, msg::transcript_title, std::to_string(t.number));
  e.color = colors::panel;
  e.fields.push_back(field(std::string(text(l, msg::transcript_field_owner)), user_mention(t.owner_id) + " (`" + t.owner_id.str() + "`)"));
  e.fields.push_back(field(std::string(text(l, msg::transcript_field_category)), t.category));
  e.fields.push_back(field(std::string(text(l, msg::transcript_field_messages)), std::to_string(s.messages)));
  if (t.closed_at_ms)
    e.fields.push_back(field(std::string(text(l, msg::transcript_field_duration)),
                             human_duration(static_cast<double>(*t.closed_at_ms - t.created_at_ms), l)));
  if (s.requested_by) e.fields.push_back(field(std::string(text(l, msg::transcript_field_requested)), user_mention(*s.requested_by)));
  if (t.close_reason && !t.close_reason->empty()) e.fields.push_back(field(std::string(text(l, msg::log_field_reason)), *t.close_reason, false));
  std::string notes;
  if (s.compressed) notes += text(l, msg::transcript_note_compressed);
  if (s.split) notes += text(l, msg::transcript_note_split);
  if (s.content_missing) notes += text(l, msg::transcript_note_no_content);
  if (!notes.empty()) e.description = notes;
  return e;
}

namespace {
// "4,3" (French) or "4.3": one decimal.
std::string average_rating(double avg, lang l) {
  const long tenths = std::lround(avg * 10);
  return std::to_string(tenths / 10) + (l == lang::fr ? "," : ".") + std::to_string(tenths % 10);
}
}  // namespace

message_create stats_message(const ticket_stats& s, lang l, stats_window window) {
  embed e;
  const msg period = window == stats_window::week ? msg::stats_window_week : window == stats_window::month ? msg::stats_window_month : msg::stats_window_all;
  e.title = fit(std::string(text(l, msg::stats_title)) + " — " + std::string(text(l, period)), discord::limits::embed_title_max);
  e.color = colors::panel;
  const auto n = [](std::int64_t v) { return std::to_string(v); };
  e.fields.push_back(field(std::string(text(l, msg::stats_total)), n(s.created)));
  e.fields.push_back(field(std::string(text(l, msg::stats_open)), format(l, msg::stats_open_split, n(s.open), n(s.unclaimed), n(s.claimed))));
  e.fields.push_back(field(std::string(text(l, msg::stats_closed)), n(s.closed)));
  e.fields.push_back(field(std::string(text(l, msg::stats_deleted)), n(s.deleted)));
  // A counter seeded by the admin (or imported) makes numbers run ahead of what Guichet created.
  if (s.last_number != s.created) e.fields.push_back(field(std::string(text(l, msg::stats_last_number)), "#" + n(s.last_number)));
  std::string per;
  for (const auto& c : s.by_category) {
    per += format(l, msg::stats_category_line, c.name, n(c.open), n(c.created));
    if (c.median_first_reply_ms) per += format(l, msg::stats_category_first_reply, human_duration(*c.median_first_reply_ms, l));
    if (c.replied > 0)
      per += format(l, msg::stats_category_in_time, std::to_string(static_cast<int>(std::lround(100.0 * static_cast<double>(c.replied_in_time) /
                                                                                                static_cast<double>(c.replied)))));
    if (c.avg_rating) per += format(l, msg::stats_category_rating, average_rating(*c.avg_rating, l), n(c.ratings));
    per += "\n";
  }
  e.fields.push_back(field(std::string(text(l, msg::stats_per_category)), per.empty() ? std::string(text(l, msg::stats_none)) : per, false));
  e.fields.push_back(field(std::string(text(l, msg::stats_avg_resolution)),
                           s.avg_resolution_ms ? human_duration(*s.avg_resolution_ms, l) : std::string(text(l, msg::stats_none)), false));
  e.fields.push_back(field(std::string(text(l, msg::stats_avg_first_reply)),
                           s.avg_first_reply_ms ? human_duration(*s.avg_first_reply_ms, l) : std::string(text(l, msg::stats_none)), false));
  const std::string busiest = s.by_category.empty() ? std::string(text(l, msg::stats_none))
                                                    : s.by_category.front().name + " (" + n(s.by_category.front().created) + ")";
  e.fields.push_back(field(std::string(text(l, msg::stats_busiest)), busiest, false));
  // One line per staff member, the busiest first, as many as a field holds (the rest counted).
  std::string staff;
  std::size_t shown = 0;
  for (const auto& m : s.by_staff) {
    std::string one = format(l, msg::stats_staff_line, user_mention(m.staff), n(m.claimed), n(m.closed));
    if (m.median_first_reply_ms) one += format(l, msg::stats_staff_first_reply, human_duration(*m.median_first_reply_ms, l));
    if (m.median_resolution_ms) one += format(l, msg::stats_staff_resolution, human_duration(*m.median_resolution_ms, l));
    if (m.avg_rating) one += format(l, msg::stats_staff_rating, average_rating(*m.avg_rating, l) + "/5");
    if (utf8_chars(staff) + utf8_chars(one) + 40 > discord::limits::embed_field_value_max) break;
    staff += one + "\n";
    ++shown;
  }
  if (shown < s.by_staff.size()) staff += format(l, msg::stats_staff_more, n(static_cast<std::int64_t>(s.by_staff.size() - shown)));
  e.fields.push_back(field(std::string(text(l, msg::stats_per_staff)), staff.empty() ? std::string(text(l, msg::stats_none)) : staff, false));
  e.footer = discord::embed_footer{fit(std::string(text(l, msg::stats_definitions)) + " " + std::string(text(l, msg::stats_staff_definitions)),
                                       discord::limits::embed_footer_text_max),
                                   std::nullopt};
  auto m = ephemeral(std::move(e));
  const auto pick = [&](msg label, stats_window w) {
    return button(std::string(text(l, label)), "📅", encode(action::stats, window_arg(w)), discord::button_style::secondary, w == window);
  };
  m.components = std::vector<component>{row({pick(msg::button_window_week, stats_window::week), pick(msg::button_window_month, stats_window::month),
                                              pick(msg::button_window_all, stats_window::all_time)})};
  return m;
}


}  // namespace tickets
