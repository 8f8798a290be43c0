#pragma once
// Ticket channel names, within Discord's rules for text channels: lower case, no spaces, at most
// 100 characters. Usernames are normalised ("Alice Dupont" → "alice-dupont", "Élodie" → "elodie").
#include <cstdint>
#include <string>
#include <string_view>

#include "tickets/model.hpp"
#include "tickets/texts.hpp"

namespace tickets {

std::string normalise_for_channel(std::string_view text);

struct naming_input {
  naming_scheme scheme = naming_scheme::number_username;
  std::int64_t number = 0;
  std::string owner_name;
  std::string category;
  std::optional<std::string> emoji;
  std::optional<std::string> claimer_name;
  std::optional<std::string> custom_name;  // staff's name for the channel: replaces the scheme's
};

// The name a ticket's channel should carry in a state (the guild's language for "fermé"/"closed").
std::string channel_name(const naming_input& in, status state, lang guild_lang);

}  // namespace tickets
