#pragma once
#include <optional>
#include <string>
#include <vector>

#include "discord/model/permissions.hpp"
#include "discord/model/snowflake.hpp"
#include "discord/model/user.hpp"

namespace discord {

struct role {
  role_id id;
  std::string name;
  std::uint32_t color = 0;
  int position = 0;
  permissions perms;
  bool hoist = false;
  bool managed = false;
  bool mentionable = false;
};

enum class channel_type : int {
  guild_text = 0,
  dm = 1,
  guild_voice = 2,
  group_dm = 3,
  guild_category = 4,
  guild_announcement = 5,
  announcement_thread = 10,
  public_thread = 11,
  private_thread = 12,
  guild_stage_voice = 13,
  guild_directory = 14,
  guild_forum = 15,
  guild_media = 16,
};

struct channel {
  channel_id id;
  channel_type type = channel_type::guild_text;
  std::optional<guild_id> guild;
  std::string name;
  std::optional<channel_id> parent_id;
  std::optional<std::string> topic;
  int position = 0;
  std::vector<permission_overwrite> permission_overwrites;
  // Only in interactions' resolved data: the invoking member's permissions there.
  std::optional<permissions> resolved_permissions;
};

struct guild {
  guild_id id;
  std::string name;
  std::optional<std::string> icon;
  user_id owner_id;
  std::string preferred_locale = "en-US";
  std::vector<role> roles;
  std::vector<channel> channels;
  std::vector<member> members;
  std::optional<int> member_count;
  bool unavailable = false;
};

// A guild as GET /users/@me/guilds lists it: what the bot may do there server-wide.
struct user_guild {
  guild_id id;
  std::string name;
  bool owner = false;
  permissions perms;
};

// A guild and one of its channels, as an archive tool receives them: {"guild": …, "channel": …}.
struct guild_channel_pair {
  guild guild_value;
  channel channel_value;
};

}  // namespace discord
