#pragma once
#include <vector>

#include "discord/model/command.hpp"

namespace app {

// The chat-input commands, localized (fr, en): `ticket` for admins (default_member_permissions =
// Manage Server), and `this-ticket` (`ce-ticket`) for staff and owners inside a ticket.
std::vector<discord::application_command> guichet_commands();

}  // namespace app
