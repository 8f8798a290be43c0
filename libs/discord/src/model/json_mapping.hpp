#pragma once
// nlohmann-json mapping of the models. Internal to libs/discord: the only place that sees the JSON
// library. Unknown fields are ignored; absent or null optional fields become std::nullopt.
#include <nlohmann/json.hpp>

#include "discord/model.hpp"

namespace discord {

using json = nlohmann::json;

// Whether `j` nests more than `max` arrays/objects; iterative, so that it never overflows itself.
bool deeper_than(const json& j, int max);

void from_json(const json& j, user& v);
void to_json(json& j, const user& v);
void from_json(const json& j, member& v);
void to_json(json& j, const member& v);
void from_json(const json& j, role& v);
void to_json(json& j, const role& v);
void from_json(const json& j, permission_overwrite& v);
void to_json(json& j, const permission_overwrite& v);
void from_json(const json& j, channel& v);
void to_json(json& j, const channel& v);
void from_json(const json& j, guild& v);
void to_json(json& j, const guild& v);
void from_json(const json& j, embed& v);
void to_json(json& j, const embed& v);
void from_json(const json& j, partial_emoji& v);
void to_json(json& j, const partial_emoji& v);
void from_json(const json& j, select_option& v);
void to_json(json& j, const select_option& v);
void from_json(const json& j, component& v);
void to_json(json& j, const component& v);
void from_json(const json& j, attachment& v);
void to_json(json& j, const attachment& v);
void from_json(const json& j, message& v);
void to_json(json& j, const message& v);
void to_json(json& j, const allowed_mentions& v);
void from_json(const json& j, allowed_mentions& v);
void to_json(json& j, const message_create& v);
void from_json(const json& j, message_create& v);
void from_json(const json& j, interaction& v);
void to_json(json& j, const interaction& v);
void to_json(json& j, const interaction_response& v);
void from_json(const json& j, interaction_response& v);
void to_json(json& j, const command_option& v);
void from_json(const json& j, command_option& v);
void to_json(json& j, const application_command& v);
void from_json(const json& j, application_command& v);
void from_json(const json& j, application_info& v);
void from_json(const json& j, user_guild& v);
void from_json(const json& j, gateway_bot_info& v);

}  // namespace discord

namespace discord {

// Ids arrive as strings (and, in a few old payloads, as numbers).
template <class Tag>
void from_json(const json& j, snowflake<Tag>& v) {
  if (j.is_string()) {
    auto parsed = snowflake<Tag>::parse(j.get_ref<const std::string&>());
    v = parsed ? *parsed : snowflake<Tag>{};
  } else if (j.is_number_unsigned() || j.is_number_integer()) {
    v = snowflake<Tag>{j.get<std::uint64_t>()};
  } else {
    v = snowflake<Tag>{};
  }
}
template <class Tag>
void to_json(json& j, const snowflake<Tag>& v) { j = v.str(); }

namespace json_detail {

template <class T>
void read(const json& j, const char* key, T& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->template get<T>();
}
template <class T>
void read(const json& j, const char* key, std::optional<T>& out) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) out = it->template get<T>();
}
template <class T>
void write(json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}
// Permission bitfields travel as decimal strings.
inline permissions read_permissions(const json& j) {
  if (j.is_string()) return permissions::parse(j.get_ref<const std::string&>());
  if (j.is_number()) return permissions{j.get<std::uint64_t>()};
  return {};
}

}  // namespace json_detail
}  // namespace discord

#include "discord/model/requests.hpp"
namespace discord {
void to_json(json& j, const channel_create& v);
void from_json(const json& j, channel_create& v);
void to_json(json& j, const channel_modify& v);
void from_json(const json& j, channel_modify& v);
}  // namespace discord
