#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "discord/model/guild.hpp"
#include "discord/model/message.hpp"

namespace discord {

enum class interaction_type : int {
  ping = 1,
  application_command = 2,
  message_component = 3,
  autocomplete = 4,
  modal_submit = 5,
};

enum class command_option_type : int {
  sub_command = 1,
  sub_command_group = 2,
  string = 3,
  integer = 4,
  boolean = 5,
  user = 6,
  channel = 7,
  role = 8,
  mentionable = 9,
  number = 10,
  attachment = 11,
};

// An option as the user filled it in; value is kept as text (ids, strings, numbers, "true").
struct command_option_value {
  std::string name;
  command_option_type type = command_option_type::string;
  std::optional<std::string> value;
  std::vector<command_option_value> options;
};

// A submitted modal field or select (modal_submit data).
struct submitted_field {
  std::string custom_id;
  std::optional<std::string> value;     // text input
  std::vector<std::string> values;      // select inside a label
};

struct resolved_data {
  std::map<std::string, user> users;
  std::map<std::string, member> members;
  std::map<std::string, role> roles;
  std::map<std::string, channel> channels;
};

struct interaction_data {
  // application command
  std::optional<std::string> name;
  std::optional<std::string> command_id;
  std::vector<command_option_value> options;
  // message component & modal
  std::optional<std::string> custom_id;
  std::optional<component_type> component;
  std::vector<std::string> values;
  std::vector<submitted_field> fields;  // modal submit, flattened
  resolved_data resolved;
};

struct interaction {
  interaction_id id;
  application_id application;
  interaction_type type = interaction_type::ping;
  std::optional<interaction_data> data;
  std::optional<guild_id> guild;
  std::optional<channel_id> channel;
  std::optional<member> guild_member;  // in a guild
  std::optional<user> dm_user;         // in DMs
  std::string token;
  std::optional<std::string> locale;
  std::optional<std::string> guild_locale;
  std::optional<permissions> app_permissions;
  std::optional<message> source_message;  // the message a component belongs to
  std::optional<std::uint64_t> attachment_size_limit;

  // The user who acted, in a guild or a DM.
  const user* actor() const {
    if (guild_member && guild_member->account) return &*guild_member->account;
    return dm_user ? &*dm_user : nullptr;
  }
};

enum class interaction_callback : int {
  pong = 1,
  channel_message = 4,
  deferred_channel_message = 5,
  deferred_update_message = 6,
  update_message = 7,
  modal = 9,
};

struct modal {
  std::string custom_id;
  std::string title;
  std::vector<component> components;
};

struct interaction_response {
  interaction_callback type = interaction_callback::deferred_channel_message;
  std::optional<message_create> message;  // types 4, 5 (flags only), 7
  std::optional<modal> modal_data;        // type 9
};

}  // namespace discord
