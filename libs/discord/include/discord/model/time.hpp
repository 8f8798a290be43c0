#pragma once
// Discord's timestamps: ISO 8601 in UTC ("2024-01-01T00:00:00.000Z" or "…+00:00").
#include <cstdint>
#include <string>
#include <string_view>

namespace discord {

std::string iso8601_from_ms(std::int64_t unix_ms);
// 0 when the text is not a timestamp.
std::int64_t ms_from_iso8601(std::string_view iso);

}  // namespace discord
