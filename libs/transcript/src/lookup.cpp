#include <algorithm>
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

std::optional<std::string> picture(const context& ctx, const std::string& url) {
  if (!ctx.media) return safe_url(url) ? std::optional(url) : std::nullopt;
  auto it = ctx.media->data.find(url);
  if (it == ctx.media->data.end() || it->second.rfind("data:image/", 0) != 0) return std::nullopt;
  return it->second;
}

std::optional<repeated_picture> picture_class(const context& ctx, const std::string& url) {
  if (!ctx.media) return std::nullopt;
  auto it = ctx.media->data.find(url);
  if (it == ctx.media->data.end() || it->second.rfind("data:image/", 0) != 0) return std::nullopt;
  auto [known, fresh] = ctx.media->classes.try_emplace(url, ctx.media->class_data.size());
  if (fresh) ctx.media->class_data.push_back(&it->second);
  return repeated_picture{"p" + std::to_string(known->second), fresh ? &it->second : nullptr};
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

std::string readable_duration(std::int64_t ms, std::string_view locale) {
  const std::int64_t s = std::max<std::int64_t>(ms, 0) / 1000;
  const std::int64_t d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
  const auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  if (d > 0) return std::to_string(d) + (locale.rfind("en", 0) == 0 ? " d " : " j ") + std::to_string(h) + " h";
  if (h > 0) return std::to_string(h) + " h " + two(m) + " min";
  if (m > 0) return std::to_string(m) + " min";
  return std::to_string(s) + " s";
}

}  // namespace transcript
