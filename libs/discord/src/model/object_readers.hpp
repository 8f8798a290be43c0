#pragma once
// The objects several payloads share (users, members, roles, channels, overwrites), read with
// simdjson's On-Demand API: one pass over each object, unknown fields skipped. Each reader throws
// simdjson::simdjson_error on a value of the wrong type; the frame's reader turns that into an error.
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "discord/model/guild.hpp"
#include "discord/model/user.hpp"

namespace discord::fast {

namespace od = simdjson::ondemand;

inline std::string_view text(od::value v) { return v.get_string(); }

inline std::optional<std::string> nullable_text(od::value v) {
  if (v.is_null()) return std::nullopt;
  return std::string(text(v));
}

// Ids arrive as strings (and, in a few old payloads, as numbers).
template <class Tag>
snowflake<Tag> id(od::value v) {
  if (v.type() == od::json_type::number) return snowflake<Tag>{v.get_uint64()};
  return snowflake<Tag>::parse(text(v)).value_or(snowflake<Tag>{});
}

template <class Tag>
std::optional<snowflake<Tag>> nullable_id(od::value v) {
  if (v.is_null()) return std::nullopt;
  return id<Tag>(v);
}

// Permission bitfields travel as decimal strings.
permissions bits(od::value v);
role read_role(od::object o);
permission_overwrite read_overwrite(od::object o);
// `g`: the guild of a channel whose object does not say it (GUILD_CREATE's channels).
channel read_channel(od::object o, std::optional<guild_id> g);
user read_user(od::object o);
member read_member(od::object o);

}  // namespace discord::fast
