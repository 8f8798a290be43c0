#pragma once
// The message components every screen of the domain is built from (one way to make a button).
#include <string>
#include <vector>

#include "discord/model/interaction.hpp"
#include "discord/model/message.hpp"

namespace tickets::detail {

discord::component button(std::string label, std::string emoji, std::string custom_id, discord::button_style style,
                          bool disabled = false);
discord::component row(std::vector<discord::component> children);
// A modal of one paragraph field.
discord::modal paragraph_modal(std::string custom_id, std::string title, std::string field_id, std::string label, std::string placeholder,
                               bool required, std::size_t max_length);

}  // namespace tickets::detail
