#include "action_inputs.hpp"

#include <algorithm>

#include "interaction_facts.hpp"
#include "tickets/text_fit.hpp"

namespace app {

bool is_category_staff(const discord::member& m, const tickets::guild_config& c, const tickets::ticket& t) {
  if (m.channel_permissions && tickets::has_admin_rights(*m.channel_permissions)) return true;
  const tickets::category* cat = c.category_by_id(t.category_id);
  if (!cat) return false;
  return std::any_of(m.roles.begin(), m.roles.end(),
                     [&](discord::role_id r) { return std::find(cat->roles.begin(), cat->roles.end(), r) != cat->roles.end(); });
}

std::optional<tickets::target_facts> target_of(const discord::interaction& i, const tickets::guild_config& c, const tickets::ticket& t) {
  if (!i.data) return std::nullopt;
  std::string id;
  if (!i.data->values.empty()) id = i.data->values.front();
  else
    for (const auto& sub : i.data->options)
      for (const auto& o : sub.options)
        if (o.type == discord::command_option_type::user && o.value) id = *o.value;
  auto parsed = discord::user_id::parse(id);
  if (!parsed) return std::nullopt;
  tickets::target_facts f;
  f.id = *parsed;
  const auto& resolved = i.data->resolved;
  if (auto u = resolved.users.find(id); u != resolved.users.end()) {
    f.name = u->second.username;
    f.is_bot = u->second.bot;
  }
  // Discord resolves a member only for people in the server; its roles and permissions are
  // Discord's own answer at the time of the click.
  if (auto m = resolved.members.find(id); m != resolved.members.end()) {
    f.in_guild = true;
    f.is_staff = is_category_staff(m->second, c, t);
  }
  if (f.name.empty()) f.name = id;
  return f;
}

std::optional<std::string> reason_of(const discord::interaction& i) {
  if (!i.data) return std::nullopt;
  std::string typed;
  for (const auto& field : i.data->fields)
    if (field.custom_id == tickets::close_reason_field && field.value) typed = *field.value;
  if (typed.empty()) typed = option_value(i, "reason");
  const auto first = typed.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  typed = typed.substr(first, typed.find_last_not_of(" \t\r\n") - first + 1);
  return tickets::fit(std::move(typed), tickets::close_reason_max);
}

}  // namespace app
