#pragma once
// Bodies of the channel requests Guichet sends.
#include <optional>
#include <string>
#include <vector>

#include "discord/model/guild.hpp"

namespace discord {

struct channel_create {
  std::string name;
  channel_type type = channel_type::guild_text;
  std::optional<channel_id> parent_id;
  std::optional<std::string> topic;
  std::vector<permission_overwrite> permission_overwrites;
};

struct channel_modify {
  std::optional<std::string> name;
  std::optional<std::string> topic;
  std::optional<channel_id> parent_id;
  std::optional<std::vector<permission_overwrite>> permission_overwrites;
};

}  // namespace discord
