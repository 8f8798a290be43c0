#pragma once
// The gateway dispatch events Guichet acts on, typed. Others arrive as unknown_event.
#include <string>
#include <variant>
#include <vector>

#include "discord/model/guild.hpp"
#include "discord/model/interaction.hpp"
#include "discord/model/message.hpp"

namespace discord {

struct ready_event {
  user self;
  std::string session_id;
  std::string resume_gateway_url;
  application_id application;
  std::vector<guild_id> guilds;
};
struct resumed_event {};
struct guild_create_event { guild value; };
struct guild_update_event { guild value; };
struct guild_delete_event { guild_id id; bool unavailable = false; };
struct interaction_create_event { interaction value; };
struct member_add_event { guild_id guild; member value; };
struct member_update_event { guild_id guild; member value; };
struct member_remove_event { guild_id guild; user account; };
struct channel_create_event { channel value; };
struct channel_update_event { channel value; };
struct channel_delete_event { channel value; };
struct role_create_event { guild_id guild; role value; };
struct role_update_event { guild_id guild; role value; };
struct role_delete_event { guild_id guild; role_id id; };
struct message_create_event { message value; };
struct unknown_event { std::string name; };

using gateway_event =
    std::variant<ready_event, resumed_event, guild_create_event, guild_update_event, guild_delete_event,
                 interaction_create_event, member_add_event, member_update_event, member_remove_event,
                 channel_create_event, channel_update_event, channel_delete_event, role_create_event,
                 role_update_event, role_delete_event, message_create_event, unknown_event>;

// Gateway intents (topics/gateway.mdx "List of Intents").
namespace intents {
inline constexpr std::uint32_t guilds = 1u << 0;
inline constexpr std::uint32_t guild_members = 1u << 1;  // privileged
inline constexpr std::uint32_t guild_messages = 1u << 9;
inline constexpr std::uint32_t message_content = 1u << 15;  // privileged
}  // namespace intents

}  // namespace discord
