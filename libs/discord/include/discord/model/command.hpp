#pragma once
// Application command definitions, as registered with PUT /applications/{id}/commands.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "discord/model/interaction.hpp"
#include "discord/model/permissions.hpp"

namespace discord {

using localizations = std::map<std::string, std::string>;  // locale → text, e.g. {"fr": "…"}

struct command_option {
  command_option_type type = command_option_type::string;
  std::string name;
  localizations name_localizations;
  std::string description;
  localizations description_localizations;
  bool required = false;
  std::vector<int> channel_types;
  std::optional<int> max_length;  // string options: at most this many characters (Discord: ≤ 6000)
  std::vector<command_option> options;
};

struct application_command {
  std::optional<std::string> id;
  int type = 1;  // CHAT_INPUT
  std::string name;
  localizations name_localizations;
  std::string description;
  localizations description_localizations;
  std::vector<command_option> options;
  // Who sees the command by default; null = everyone. Discord checks it, and so do we on every call.
  std::optional<permissions> default_member_permissions;
  std::vector<int> contexts;  // 0 = GUILD
};

struct application_info {
  application_id id;
  std::string name;
  std::optional<user> bot;
  std::uint64_t flags = 0;  // application flags: the portal's privileged intent toggles among them
};

// Application flags (https://discord.com/developers/docs/resources/application#application-object-application-flags):
// a privileged intent is usable when its flag or its _LIMITED flag (bots under 100 servers) is set.
namespace application_flag {
inline constexpr std::uint64_t gateway_presence = 1ULL << 12, gateway_presence_limited = 1ULL << 13;
inline constexpr std::uint64_t gateway_guild_members = 1ULL << 14, gateway_guild_members_limited = 1ULL << 15;
inline constexpr std::uint64_t gateway_message_content = 1ULL << 18, gateway_message_content_limited = 1ULL << 19;
}  // namespace application_flag

struct session_start_limit {
  int total = 1000;
  int remaining = 1000;
  std::int64_t reset_after_ms = 0;
  int max_concurrency = 1;
};

struct gateway_bot_info {
  std::string url;
  int shards = 1;
  session_start_limit limit;
};

}  // namespace discord
