#pragma once
#include <vector>

#include "discord/model/command.hpp"

namespace app {

// The one chat-input command `ticket` and its subcommands, localized (fr, en), for admins only
// (default_member_permissions = Manage Server).
std::vector<discord::application_command> guichet_commands();

}  // namespace app
