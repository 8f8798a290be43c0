// Names for mentions and dates for people, from the context.
#include <charconv>
#include <ctime>

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

std::int64_t parse_iso_ms(std::string_view s) {
  // "2024-01-01T00:00:00.000Z" or "…+00:00": Discord's timestamps are UTC.
  if (s.size() < 19) return 0;
  auto num = [&](std::size_t at, std::size_t len) {
    int v = 0;
    std::from_chars(s.data() + at, s.data() + at + len, v);
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  tm.tm_hour = num(11, 2);
  tm.tm_min = num(14, 2);
  tm.tm_sec = num(17, 2);
  std::int64_t ms = 0;
  if (s.size() > 20 && s[19] == '.') ms = num(20, 3);
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

std::string iso_from_ms(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

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
