#pragma once
// What an interaction says about who acts, read the same way by every flow.
#include <string>
#include <string_view>

#include "discord/model/interaction.hpp"
#include "tickets/rules.hpp"

namespace app {

// Administrator or Manage Server, as Discord computed it for the member in this channel.
inline bool is_admin(const discord::interaction& i) {
  return i.guild_member && i.guild_member->channel_permissions && tickets::has_admin_rights(*i.guild_member->channel_permissions);
}

// The value of a slash command's option (of its subcommand), or "".
inline std::string option_value(const discord::interaction& i, std::string_view name) {
  if (!i.data) return {};
  for (const auto& sub : i.data->options)
    for (const auto& o : sub.options)
      if (o.name == name && o.value) return *o.value;
  return {};
}

}  // namespace app
