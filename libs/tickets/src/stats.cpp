#include "tickets/stats.hpp"

namespace tickets {

void name_categories(ticket_stats& st, const guild_config& c) {
  for (auto& line : st.by_category)
    if (const category* now = c.category_by_id(line.category_id)) line.name = now->name;
}

std::optional<std::int64_t> window_start(stats_window w, std::int64_t now_ms) {
  switch (w) {
    case stats_window::week: return now_ms - 7 * day_ms;
    case stats_window::month: return now_ms - 30 * day_ms;
    case stats_window::all_time: break;
  }
  return std::nullopt;
}

std::string_view window_arg(stats_window w) {
  return w == stats_window::week ? "7" : w == stats_window::month ? "30" : "all";
}

std::optional<stats_window> window_from_arg(std::string_view arg) {
  for (auto w : {stats_window::week, stats_window::month, stats_window::all_time})
    if (window_arg(w) == arg) return w;
  return std::nullopt;
}

}  // namespace tickets
