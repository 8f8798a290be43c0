#include "tickets/stats.hpp"

#include <algorithm>
#include <map>

namespace tickets {

ticket_stats summarize(const std::vector<ticket>& all, const guild_config& c) {
  ticket_stats st;
  st.last_number = c.ticket_count;
  std::map<std::string, ticket_stats::category_count> by_id;
  double resolution_sum = 0, reply_sum = 0;
  std::int64_t resolved = 0, replied = 0;
  for (const auto& t : all) {
    if (!t.channel_id || t.state == status::reserved) continue;  // never became a ticket
    ++st.created;
    const bool open = t.state == status::open || t.state == status::claimed;
    st.open += open;
    st.unclaimed += t.state == status::open;
    st.claimed += t.state == status::claimed;
    st.closed += t.state == status::closed;
    st.deleted += t.state == status::deleted;
    auto& cat = by_id[t.category_id];
    if (cat.name.empty()) {
      const category* now = c.category_by_id(t.category_id);
      cat.name = now ? now->name : t.category;
    }
    ++cat.created;
    cat.open += open;
    // Tickets closed before the first close was kept: their (last) close.
    if (auto first = t.first_closed_at_ms ? t.first_closed_at_ms : t.closed_at_ms) {
      resolution_sum += static_cast<double>(*first - t.created_at_ms);
      ++resolved;
    }
    if (t.first_staff_reply_at_ms) {
      reply_sum += static_cast<double>(*t.first_staff_reply_at_ms - t.created_at_ms);
      ++replied;
    }
  }
  for (auto& [id, cat] : by_id) st.by_category.push_back(cat);
  std::stable_sort(st.by_category.begin(), st.by_category.end(), [](const auto& a, const auto& b) {
    return a.created != b.created ? a.created > b.created : a.name < b.name;
  });
  if (resolved) st.avg_resolution_ms = resolution_sum / static_cast<double>(resolved);
  if (replied) st.avg_first_reply_ms = reply_sum / static_cast<double>(replied);
  return st;
}

}  // namespace tickets
