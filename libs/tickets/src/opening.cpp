#include "tickets/opening.hpp"

#include <algorithm>

#include "discord/limits.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/text_fit.hpp"

#include "discord/limits.hpp"
#include "tickets/naming.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace tickets {

discord::modal questions_modal(const category& cat, lang l) {
  discord::modal m;
  m.custom_id = encode(action::open_answers, cat.id);
  m.title = fit(format(l, msg::open_questions_title, cat.name), discord::limits::modal_title_max);
  for (std::size_t q = 0; q < cat.questions.size() && q < questions_max; ++q) {
    const auto& one = cat.questions[q];
    discord::component input;
    input.type = discord::component_type::text_input;
    input.custom_id = "q" + std::to_string(q);
    input.style = static_cast<int>(one.paragraph ? discord::text_input_style::paragraph : discord::text_input_style::short_);
    input.label = fit(one.label, discord::limits::text_input_label_max);
    if (one.placeholder && !one.placeholder->empty()) input.placeholder = fit(*one.placeholder, discord::limits::text_input_placeholder_max);
    input.required = one.required;
    input.max_length = std::clamp(one.max_length, 1, static_cast<int>(discord::limits::text_input_value_max));
    discord::component row;
    row.type = discord::component_type::action_row;
    row.components = {std::move(input)};
    m.components.push_back(std::move(row));
  }
  return m;
}

answers_outcome answers_from(const category& cat, const std::vector<discord::submitted_field>& fields) {
  answers_outcome out;
  for (std::size_t q = 0; q < cat.questions.size() && q < questions_max; ++q) {
    const auto& one = cat.questions[q];
    std::string answer;
    for (const auto& f : fields)
      if (f.custom_id == "q" + std::to_string(q) && f.value) answer = *f.value;
    const auto first = answer.find_first_not_of(" \t\r\n");
    answer = first == std::string::npos ? std::string{} : answer.substr(first, answer.find_last_not_of(" \t\r\n") - first + 1);
    if (answer.empty()) {
      if (one.required) {
        out.refused = text_ref{msg::cfg_err_required, {one.label}};
        return out;
      }
      continue;  // an optional question left empty is not shown
    }
    out.answers.emplace_back(one.label, utf8_prefix(std::move(answer), static_cast<std::size_t>(one.max_length)));
  }
  return out;
}

bool is_blocked(const guild_config& c, discord::user_id member, const std::vector<discord::role_id>& roles) {
  if (std::find(c.blocked_members.begin(), c.blocked_members.end(), member) != c.blocked_members.end()) return true;
  return std::any_of(roles.begin(), roles.end(), [&](discord::role_id r) {
    return std::find(c.blocked_roles.begin(), c.blocked_roles.end(), r) != c.blocked_roles.end();
  });
}

std::optional<opening_refusal> why_not_open(const opening_facts& f) {
  // First, and the same words whatever put them there: the refusal never says who set it.
  if (f.member_blocked) return opening_refusal{{msg::open_blocked, {}}, std::nullopt};
  if (!f.picked) return opening_refusal{{msg::open_unknown_category, {}}, std::nullopt};
  if (f.staff_roles.empty())
    return opening_refusal{{msg::open_no_staff_role, {f.picked->name}},
                           text_ref{msg::log_no_staff_role, {f.picked->name, user_mention(f.member)}}};
  if (!f.ticket_category_exists) return opening_refusal{{msg::panel_missing_ticket_category, {}}, std::nullopt};
  if (!f.bot_missing.empty()) {
    const std::string missing = permission_list(f.bot_missing);
    return opening_refusal{{msg::open_missing_permissions, {missing}}, text_ref{msg::log_open_failed, {user_mention(f.member), missing}}};
  }
  if (f.guild_channels >= discord::limits::channels_per_guild_max)
    return opening_refusal{{msg::open_guild_full, {}}, text_ref{msg::open_guild_full, {}}};
  return std::nullopt;
}

text_ref cooldown_refusal(const guild_options& o, std::int64_t retry_at_ms) {
  return {msg::open_cooldown, {std::to_string(o.opens_per_window), std::to_string(o.open_window_minutes),
                               discord_time(retry_at_ms + 1000, 'R')}};
}

text_ref channel_refusal(bool guild_full, bool category_full, const std::string& described) {
  if (guild_full) return {msg::open_guild_full, {}};
  if (category_full) return {msg::open_category_full, {}};
  return {msg::open_failed, {described}};
}

discord::channel_create ticket_channel(const ticket& t, const category& cat, const guild_config& c, const ticket_channel_facts& f, lang l) {
  naming_input names;
  names.scheme = c.options.naming;
  names.number = t.number;
  names.owner_name = f.owner_name;
  names.category = cat.name;
  names.emoji = cat.emoji;
  discord::channel_create create;
  create.name = channel_name(names, status::open, l);
  create.parent_id = f.parent;
  create.topic = format(l, msg::channel_topic, std::to_string(t.number), f.owner_name, f.owner.str(), cat.name);
  overwrite_input access;
  access.guild = f.guild;
  access.owner = f.owner;
  access.bot = f.bot;
  access.staff_roles = f.staff_roles;
  create.permission_overwrites = ticket_overwrites(access, status::open);
  return create;
}

}  // namespace tickets
