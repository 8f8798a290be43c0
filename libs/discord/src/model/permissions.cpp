#include "discord/model/permissions.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace discord {

namespace {
constexpr std::array<std::pair<permission, std::string_view>, 50> permission_names{{
    {permission::create_instant_invite, "create_instant_invite"},
    {permission::kick_members, "kick_members"},
    {permission::ban_members, "ban_members"},
    {permission::administrator, "administrator"},
    {permission::manage_channels, "manage_channels"},
    {permission::manage_guild, "manage_guild"},
    {permission::add_reactions, "add_reactions"},
    {permission::view_audit_log, "view_audit_log"},
    {permission::priority_speaker, "priority_speaker"},
    {permission::stream, "stream"},
    {permission::view_channel, "view_channel"},
    {permission::send_messages, "send_messages"},
    {permission::send_tts_messages, "send_tts_messages"},
    {permission::manage_messages, "manage_messages"},
    {permission::embed_links, "embed_links"},
    {permission::attach_files, "attach_files"},
    {permission::read_message_history, "read_message_history"},
    {permission::mention_everyone, "mention_everyone"},
    {permission::use_external_emojis, "use_external_emojis"},
    {permission::view_guild_insights, "view_guild_insights"},
    {permission::connect, "connect"},
    {permission::speak, "speak"},
    {permission::mute_members, "mute_members"},
    {permission::deafen_members, "deafen_members"},
    {permission::move_members, "move_members"},
    {permission::use_vad, "use_vad"},
    {permission::change_nickname, "change_nickname"},
    {permission::manage_nicknames, "manage_nicknames"},
    {permission::manage_roles, "manage_roles"},
    {permission::manage_webhooks, "manage_webhooks"},
    {permission::manage_guild_expressions, "manage_guild_expressions"},
    {permission::use_application_commands, "use_application_commands"},
    {permission::request_to_speak, "request_to_speak"},
    {permission::manage_events, "manage_events"},
    {permission::manage_threads, "manage_threads"},
    {permission::create_public_threads, "create_public_threads"},
    {permission::create_private_threads, "create_private_threads"},
    {permission::use_external_stickers, "use_external_stickers"},
    {permission::send_messages_in_threads, "send_messages_in_threads"},
    {permission::use_embedded_activities, "use_embedded_activities"},
    {permission::moderate_members, "moderate_members"},
    {permission::view_creator_monetization_analytics, "view_creator_monetization_analytics"},
    {permission::use_soundboard, "use_soundboard"},
    {permission::create_guild_expressions, "create_guild_expressions"},
    {permission::create_events, "create_events"},
    {permission::use_external_sounds, "use_external_sounds"},
    {permission::send_voice_messages, "send_voice_messages"},
    {permission::send_polls, "send_polls"},
    {permission::use_external_apps, "use_external_apps"},
    {permission::pin_messages, "pin_messages"},
}};
}  // namespace

std::string_view permission_name(permission p) {
  if (p == permission::bypass_slowmode) return "bypass_slowmode";
  for (const auto& [flag, name] : permission_names)
    if (flag == p) return name;
  return "unknown";
}

permissions permissions::parse(std::string_view decimal) {
  std::uint64_t v = 0;
  std::from_chars(decimal.data(), decimal.data() + decimal.size(), v);
  return permissions{v};
}

std::vector<std::string_view> permissions::names() const {
  std::vector<std::string_view> out;
  for (const auto& [flag, name] : permission_names)
    if (has(flag)) out.push_back(name);
  if (has(permission::bypass_slowmode)) out.push_back("bypass_slowmode");
  return out;
}

permissions compute_base_permissions(guild_id guild, user_id owner, const permission_subject& member,
                                     const std::vector<role_permissions>& guild_roles) {
  if (member.user == owner) return permissions::all();
  permissions result;
  for (const auto& r : guild_roles)
    if (r.id == everyone_role(guild)) result |= r.value;
  for (const auto& r : guild_roles)
    if (std::find(member.roles.begin(), member.roles.end(), r.id) != member.roles.end()) result |= r.value;
  if (result.has(permission::administrator)) return permissions::all();
  return result;
}

permissions compute_channel_permissions(permissions base, guild_id guild, const permission_subject& member,
                                        const std::vector<permission_overwrite>& overwrites) {
  if (base.has(permission::administrator)) return permissions::all();
  std::uint64_t result = base.bits();
  for (const auto& o : overwrites) {
    if (o.type == overwrite_type::role && o.id.value == guild.value) {
      result &= ~o.deny.bits();
      result |= o.allow.bits();
    }
  }
  std::uint64_t allow = 0, deny = 0;
  for (const auto& o : overwrites) {
    if (o.type != overwrite_type::role || o.id.value == guild.value) continue;
    bool has_role = std::any_of(member.roles.begin(), member.roles.end(),
                                [&](role_id r) { return r.value == o.id.value; });
    if (has_role) {
      allow |= o.allow.bits();
      deny |= o.deny.bits();
    }
  }
  result &= ~deny;
  result |= allow;
  for (const auto& o : overwrites) {
    if (o.type == overwrite_type::member && o.id.value == member.user.value) {
      result &= ~o.deny.bits();
      result |= o.allow.bits();
    }
  }
  permissions out{result};
  // Implicit permissions: no view → nothing; no send → no send-dependent permissions.
  if (!out.has(permission::view_channel)) return permissions{};
  if (!out.has(permission::send_messages)) {
    out &= ~permissions{permission::send_tts_messages, permission::mention_everyone, permission::embed_links,
                        permission::attach_files};
  }
  return out;
}

}  // namespace discord
