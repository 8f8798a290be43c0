#pragma once
// The message components every screen of the domain is built from (one way to make a button).
#include <string>
#include <vector>

#include "discord/model/message.hpp"

namespace tickets::detail {

discord::component button(std::string label, std::string emoji, std::string custom_id, discord::button_style style,
                          bool disabled = false);
discord::component row(std::vector<discord::component> children);

}  // namespace tickets::detail
