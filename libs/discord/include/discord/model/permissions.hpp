#pragma once
// Discord's permission bitset with its documented flags (topics/permissions.mdx), and the
// permission algorithm: base permissions from roles, then channel overwrites.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "discord/model/snowflake.hpp"

namespace discord {

enum class permission : std::uint64_t {
  create_instant_invite = 1ULL << 0,
  kick_members = 1ULL << 1,
  ban_members = 1ULL << 2,
  administrator = 1ULL << 3,
  manage_channels = 1ULL << 4,
  manage_guild = 1ULL << 5,
  add_reactions = 1ULL << 6,
  view_audit_log = 1ULL << 7,
  priority_speaker = 1ULL << 8,
  stream = 1ULL << 9,
  view_channel = 1ULL << 10,
  send_messages = 1ULL << 11,
  send_tts_messages = 1ULL << 12,
  manage_messages = 1ULL << 13,
  embed_links = 1ULL << 14,
  attach_files = 1ULL << 15,
  read_message_history = 1ULL << 16,
  mention_everyone = 1ULL << 17,
  use_external_emojis = 1ULL << 18,
  view_guild_insights = 1ULL << 19,
  connect = 1ULL << 20,
  speak = 1ULL << 21,
  mute_members = 1ULL << 22,
  deafen_members = 1ULL << 23,
  move_members = 1ULL << 24,
  use_vad = 1ULL << 25,
  change_nickname = 1ULL << 26,
  manage_nicknames = 1ULL << 27,
  manage_roles = 1ULL << 28,
  manage_webhooks = 1ULL << 29,
  manage_guild_expressions = 1ULL << 30,
  use_application_commands = 1ULL << 31,
  request_to_speak = 1ULL << 32,
  manage_events = 1ULL << 33,
  manage_threads = 1ULL << 34,
  create_public_threads = 1ULL << 35,
  create_private_threads = 1ULL << 36,
  use_external_stickers = 1ULL << 37,
  send_messages_in_threads = 1ULL << 38,
  use_embedded_activities = 1ULL << 39,
  moderate_members = 1ULL << 40,
  view_creator_monetization_analytics = 1ULL << 41,
  use_soundboard = 1ULL << 42,
  create_guild_expressions = 1ULL << 43,
  create_events = 1ULL << 44,
  use_external_sounds = 1ULL << 45,
  send_voice_messages = 1ULL << 46,
  send_polls = 1ULL << 49,
  use_external_apps = 1ULL << 50,
  pin_messages = 1ULL << 51,
  bypass_slowmode = 1ULL << 52,
};

class permissions {
 public:
  constexpr permissions() = default;
  constexpr explicit permissions(std::uint64_t bits) : bits_(bits) {}
  constexpr permissions(std::initializer_list<permission> flags) {
    for (auto f : flags) bits_ |= static_cast<std::uint64_t>(f);
  }

  static constexpr permissions all() { return permissions{(1ULL << 53) - 1}; }

  constexpr std::uint64_t bits() const { return bits_; }
  constexpr bool has(permission p) const { return (bits_ & static_cast<std::uint64_t>(p)) != 0; }
  constexpr bool has_all(permissions p) const { return (bits_ & p.bits_) == p.bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr permissions missing_from(permissions wanted) const { return permissions{wanted.bits_ & ~bits_}; }

  constexpr permissions operator|(permissions o) const { return permissions{bits_ | o.bits_}; }
  constexpr permissions operator&(permissions o) const { return permissions{bits_ & o.bits_}; }
  constexpr permissions operator~() const { return permissions{~bits_ & all().bits_}; }
  constexpr permissions& operator|=(permissions o) { bits_ |= o.bits_; return *this; }
  constexpr permissions& operator&=(permissions o) { bits_ &= o.bits_; return *this; }
  constexpr bool operator==(const permissions&) const = default;

  // Decimal string, as Discord sends and expects permission bitfields.
  std::string str() const { return std::to_string(bits_); }
  static permissions parse(std::string_view decimal);
  // The flag names, e.g. {"manage_channels", "send_messages"}.
  std::vector<std::string_view> names() const;

 private:
  std::uint64_t bits_ = 0;
};

constexpr permissions operator|(permission a, permission b) { return permissions{a, b}; }

std::string_view permission_name(permission p);

enum class overwrite_type : int { role = 0, member = 1 };

struct permission_overwrite {
  any_id id;
  overwrite_type type = overwrite_type::role;
  permissions allow;
  permissions deny;
  bool operator==(const permission_overwrite&) const = default;
};

// Inputs of Discord's permission algorithm (topics/permissions.mdx "Permission Hierarchy").
struct permission_subject {
  user_id user;
  std::vector<role_id> roles;  // the member's roles, without @everyone
};
struct role_permissions {
  role_id id;
  permissions value;
};

// Base permissions: owner → all; @everyone | member roles; Administrator → all.
permissions compute_base_permissions(guild_id guild, user_id owner, const permission_subject& member,
                                     const std::vector<role_permissions>& guild_roles);

// Channel permissions: base, then @everyone overwrite, then role overwrites (allows win over denies
// among roles), then the member overwrite. Administrator bypasses overwrites. A member that cannot view
// the channel has no permission in it, and one that cannot send loses the send-dependent ones.
permissions compute_channel_permissions(permissions base, guild_id guild, const permission_subject& member,
                                        const std::vector<permission_overwrite>& overwrites);

}  // namespace discord
