// Names for mentions and dates for people, from the context.
#include <charconv>
#include <ctime>

#include "discord/model/time.hpp"
#include "transcript_internal.hpp"

namespace transcript {

std::string user_name(const context& ctx, std::string_view id) {
  for (const auto& m : ctx.guild.members)
    if (m.account && m.account->id.str() == id) return m.display_name();
  return std::string(id);
}

std::string role_name(const context& ctx, std::string_view id) {
  for (const auto& r : ctx.guild.roles)
    if (r.id.str() == id) return r.name;
  return "rôle " + std::string(id);
}

std::string channel_name(const context& ctx, std::string_view id) {
  if (ctx.channel.id.str() == id) return ctx.channel.name;
  for (const auto& c : ctx.guild.channels)
    if (c.id.str() == id) return c.name;
  return std::string(id);
}

std::int64_t parse_iso_ms(std::string_view iso) { return discord::ms_from_iso8601(iso); }

std::string iso_from_ms(std::int64_t ms) { return discord::iso8601_from_ms(ms); }

std::string readable_time(std::int64_t ms, std::string_view locale) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  if (locale.rfind("en", 0) == 0) std::strftime(buf, sizeof buf, "%m/%d/%Y %H:%M UTC", &tm);
  else std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M UTC", &tm);
  return buf;
}

}  // namespace transcript
