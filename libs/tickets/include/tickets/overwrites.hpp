#pragma once
// The permission overwrites of a ticket channel in each state.
#include <optional>
#include <vector>

#include "discord/model/permissions.hpp"
#include "tickets/model.hpp"

namespace tickets {

struct overwrite_input {
  discord::guild_id guild;
  discord::user_id owner;
  discord::user_id bot;
  std::vector<discord::role_id> staff_roles;  // the category's roles that still exist
  std::optional<discord::user_id> claimer;
  bool owner_present = true;  // false after the owner left: no member overwrite for them
  std::vector<discord::user_id> members;  // added by staff: the owner's rights, following the state
};

// What the owner may do in an open ticket.
discord::permissions owner_permissions();
// What staff roles get.
discord::permissions staff_permissions();
// What the bot gives itself in the channel (a bot that is not Administrator would otherwise lock
// itself out of a channel that @everyone cannot see).
discord::permissions bot_channel_permissions();
// What the bot must hold in the ticket category to create and run tickets.
discord::permissions bot_required_permissions();
// What the invite link asks for: the above, and Manage Messages, which pinned messages before
// Discord split Pin Messages from it (servers where that split is not applied yet still need it).
discord::permissions invite_permissions();

std::vector<discord::permission_overwrite> ticket_overwrites(const overwrite_input& in, status state);

// What to change on a ticket channel so that its overwrites are exactly `wanted`. A ticket
// channel's overwrites are Guichet's: whatever the wanted set does not hold goes (a role taken off
// the category, a former claimer, an overwrite added by hand), or a right that fresh state does not
// grant would survive.
struct overwrite_changes {
  std::vector<discord::permission_overwrite> set;     // missing, or different
  std::vector<discord::permission_overwrite> remove;  // present, not wanted
  bool empty() const { return set.empty() && remove.empty(); }
};
overwrite_changes overwrite_diff(const std::vector<discord::permission_overwrite>& current,
                                 const std::vector<discord::permission_overwrite>& wanted);

}  // namespace tickets
