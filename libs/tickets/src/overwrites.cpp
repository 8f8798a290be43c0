#include "tickets/overwrites.hpp"

#include <algorithm>

namespace tickets {

using discord::permission;
using discord::permissions;

permissions owner_permissions() {
  return {permission::view_channel, permission::send_messages, permission::read_message_history,
          permission::attach_files, permission::embed_links};
}
permissions staff_permissions() {
  return {permission::view_channel, permission::send_messages, permission::read_message_history,
          permission::attach_files, permission::embed_links};
}
permissions bot_channel_permissions() {
  return {permission::view_channel, permission::send_messages, permission::read_message_history,
          permission::embed_links, permission::attach_files, permission::manage_channels, permission::pin_messages};
}
permissions bot_required_permissions() {
  return {permission::manage_channels, permission::manage_roles, permission::view_channel,
          permission::send_messages, permission::embed_links, permission::attach_files,
          permission::read_message_history, permission::pin_messages};
}

permissions invite_permissions() { return bot_required_permissions() | permissions{permission::manage_messages}; }

std::vector<discord::permission_overwrite> ticket_overwrites(const overwrite_input& in, status state) {
  using discord::any_id;
  using discord::overwrite_type;
  std::vector<discord::permission_overwrite> out;
  const permissions send{permission::send_messages};
  out.push_back({any_id{in.guild.value}, overwrite_type::role, {}, permissions{permission::view_channel}});
  out.push_back({any_id{in.bot.value}, overwrite_type::member, bot_channel_permissions(), {}});

  bool claimed = state == status::claimed && in.claimer;
  for (auto role : in.staff_roles) {
    // @everyone (its id is the guild's) is never a staff role: its deny above must hold, or every
    // member of the server would read the ticket.
    if (role.value == in.guild.value) continue;
    if (claimed) {
      // Replies are reserved to the claimer: the staff still sees and reads the ticket.
      out.push_back({any_id{role.value}, overwrite_type::role, staff_permissions() & ~send, send});
    } else {
      out.push_back({any_id{role.value}, overwrite_type::role, staff_permissions(), {}});
    }
  }
  // The owner and the members staff added: they write while the ticket is open, read once closed.
  const auto participant = [&](discord::user_id u) -> discord::permission_overwrite {
    if (state == status::closed)
      return {any_id{u.value}, overwrite_type::member, permissions{permission::view_channel, permission::read_message_history}, send};
    return {any_id{u.value}, overwrite_type::member, owner_permissions(), {}};
  };
  if (in.owner_present) out.push_back(participant(in.owner));
  for (auto m : in.members)
    if (m != in.owner && m != in.bot && !(in.claimer && m == *in.claimer)) out.push_back(participant(m));
  if (in.claimer && *in.claimer != in.owner && (state == status::claimed || state == status::closed))
    out.push_back({any_id{in.claimer->value}, overwrite_type::member, staff_permissions(), {}});
  return out;
}

overwrite_changes overwrite_diff(const std::vector<discord::permission_overwrite>& current,
                                 const std::vector<discord::permission_overwrite>& wanted) {
  auto same_target = [](const discord::permission_overwrite& a, const discord::permission_overwrite& b) {
    return a.id.value == b.id.value;  // a role and a member never share an id (snowflakes)
  };
  overwrite_changes out;
  for (const auto& w : wanted) {
    auto it = std::find_if(current.begin(), current.end(), [&](const auto& c) { return same_target(c, w); });
    if (it == current.end() || it->type != w.type || it->allow != w.allow || it->deny != w.deny) out.set.push_back(w);
  }
  for (const auto& c : current)
    if (std::none_of(wanted.begin(), wanted.end(), [&](const auto& w) { return same_target(c, w); })) out.remove.push_back(c);
  return out;
}

}  // namespace tickets
