#include "discord/model/time.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace discord {

std::string iso8601_from_ms(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

std::int64_t ms_from_iso8601(std::string_view s) {
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
  // The fraction has 1 to 6 digits (Discord sends 6): milliseconds are its first three, read
  // only as far as the text goes.
  std::int64_t ms = 0;
  if (s.size() > 20 && s[19] == '.') {
    const std::size_t digits = std::min<std::size_t>(3, s.size() - 20);
    ms = num(20, digits);
    for (std::size_t k = digits; k < 3; ++k) ms *= 10;
  }
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

}  // namespace discord
