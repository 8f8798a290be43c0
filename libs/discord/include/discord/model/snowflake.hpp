#pragma once
// Typed Discord ids: a channel id cannot be passed where a user id is expected.
// Serialised as decimal strings, as Discord sends them.
#include <charconv>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace discord {

template <class Tag>
struct snowflake {
  std::uint64_t value = 0;

  constexpr snowflake() = default;
  constexpr explicit snowflake(std::uint64_t v) : value(v) {}

  constexpr bool empty() const { return value == 0; }
  constexpr explicit operator bool() const { return value != 0; }
  std::string str() const { return std::to_string(value); }

  static std::optional<snowflake> parse(std::string_view text) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return snowflake{v};
  }

  // Milliseconds since the Unix epoch at which Discord created this id.
  constexpr std::int64_t created_at_ms() const {
    return static_cast<std::int64_t>(value >> 22) + 1420070400000LL;
  }

  friend constexpr auto operator<=>(snowflake, snowflake) = default;
};

struct user_tag;
struct guild_tag;
struct channel_tag;
struct role_tag;
struct message_tag;
struct application_tag;
struct interaction_tag;
struct emoji_tag;
struct attachment_tag;
struct sticker_tag;
struct webhook_tag;
struct generic_tag;

using user_id = snowflake<user_tag>;
using guild_id = snowflake<guild_tag>;
using channel_id = snowflake<channel_tag>;
using role_id = snowflake<role_tag>;
using message_id = snowflake<message_tag>;
using application_id = snowflake<application_tag>;
using interaction_id = snowflake<interaction_tag>;
using emoji_id = snowflake<emoji_tag>;
using attachment_id = snowflake<attachment_tag>;
using sticker_id = snowflake<sticker_tag>;
using webhook_id = snowflake<webhook_tag>;
// An id whose kind depends on another field (a permission overwrite target: role or member).
using any_id = snowflake<generic_tag>;

// The @everyone role has the guild's id.
inline role_id everyone_role(guild_id g) { return role_id{g.value}; }

}  // namespace discord

template <class Tag>
struct std::hash<discord::snowflake<Tag>> {
  std::size_t operator()(discord::snowflake<Tag> s) const noexcept { return std::hash<std::uint64_t>{}(s.value); }
};
