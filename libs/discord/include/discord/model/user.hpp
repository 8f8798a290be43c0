#pragma once
#include <optional>
#include <string>
#include <vector>

#include "discord/model/permissions.hpp"
#include "discord/model/snowflake.hpp"

namespace discord {

struct user {
  user_id id;
  std::string username;
  std::optional<std::string> global_name;
  std::string discriminator = "0";
  std::optional<std::string> avatar;
  bool bot = false;
  bool system = false;

  // What Discord shows: the global display name, else the username.
  const std::string& display_name() const { return global_name && !global_name->empty() ? *global_name : username; }
};

struct member {
  std::optional<user> account;  // absent in MESSAGE_CREATE's member (the author is the message's)
  std::optional<std::string> nick;
  std::optional<std::string> avatar;
  std::vector<role_id> roles;
  std::string joined_at;
  std::optional<std::string> communication_disabled_until;
  // Only in interactions: the member's permissions in the channel.
  std::optional<permissions> channel_permissions;

  std::string display_name() const {
    if (nick && !nick->empty()) return *nick;
    return account ? account->display_name() : std::string{};
  }
};

}  // namespace discord
