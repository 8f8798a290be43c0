#pragma once
// /ticket stats: the store computes the figures (one aggregate query each); the domain names the
// categories as they are called today and says where each time window starts.
#include <cstdint>
#include <optional>
#include <string_view>

#include "tickets/model.hpp"

namespace tickets {

// The figures are the tickets' own: a category renamed since keeps its tickets under its new name,
// a removed one under its name at opening.
void name_categories(ticket_stats& st, const guild_config& c);

enum class stats_window { week, month, all_time };
inline constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
// Tickets created since then are counted; none: all of them.
std::optional<std::int64_t> window_start(stats_window w, std::int64_t now_ms);
std::string_view window_arg(stats_window w);  // "7", "30", "all": the switch buttons' argument
std::optional<stats_window> window_from_arg(std::string_view arg);

}  // namespace tickets
