#include "sqlite_stats.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace storage::sqlite {

namespace {

// The tickets a statistic counts: they got a channel, and were created in the window.
#define COUNTED "guild_id = ?1 AND channel_id IS NOT NULL AND status <> 'reserved' AND created_at_ms >= ?2"
#define RESOLVED_AT "COALESCE(first_closed_at_ms, closed_at_ms)"

// The median of `value` per `who` over the counted tickets where both are known: the middle
// row (the mean of the two middle rows for an even count), per partition.
#define MEDIAN_BY(who, value)                                                                                         \
  "SELECT who, AVG(v) FROM (SELECT who, v, ROW_NUMBER() OVER (PARTITION BY who ORDER BY v) AS rn, "                 \
  "COUNT(*) OVER (PARTITION BY who) AS n FROM (SELECT " who " AS who, " value " AS v FROM tickets WHERE " COUNTED    \
  " AND " who " IS NOT NULL AND " value " IS NOT NULL)) WHERE rn BETWEEN (n + 1) / 2 AND (n + 2) / 2 GROUP BY who"

}  // namespace

namespace {

// Counts by status and the averages, over the counted tickets.
void summary_figures(connection& db, const std::string& guild, std::int64_t since, tickets::ticket_stats& st) {
  statement s(db,
              "SELECT COUNT(*), COALESCE(SUM(status IN ('open', 'claimed')), 0), COALESCE(SUM(status = 'open'), 0), "
              "COALESCE(SUM(status = 'claimed'), 0), COALESCE(SUM(status = 'closed'), 0), COALESCE(SUM(status = 'deleted'), 0), "
              "AVG(" RESOLVED_AT " - created_at_ms), AVG(first_staff_reply_at_ms - created_at_ms) FROM tickets WHERE " COUNTED);
  s.bind(1, guild).bind(2, since);
  if (s.step()) {
    st.created = s.integer(0);
    st.open = s.integer(1);
    st.unclaimed = s.integer(2);
    st.claimed = s.integer(3);
    st.closed = s.integer(4);
    st.deleted = s.integer(5);
    if (!s.is_null(6)) st.avg_resolution_ms = s.real(6);
    if (!s.is_null(7)) st.avg_first_reply_ms = s.real(7);
  }
  statement n(db, "SELECT ticket_count FROM guilds WHERE guild_id = ?");
  n.bind(1, guild);
  if (n.step()) st.last_number = n.integer(0);
}

// Per category: counts, ratings, the median first reply and, with a target, the share in time.
void category_figures(connection& db, const std::string& guild, std::int64_t since, const std::map<std::string, std::int64_t>& targets_ms,
                      tickets::ticket_stats& st) {
  {
    statement s(db,
                "SELECT COALESCE(category_id, category), MAX(category), COUNT(*), COALESCE(SUM(status IN ('open', 'claimed')), 0), "
                "COUNT(rating), AVG(rating) FROM tickets WHERE " COUNTED " GROUP BY COALESCE(category_id, category) ORDER BY COUNT(*) DESC, MAX(category)");
    s.bind(1, guild).bind(2, since);
    while (s.step()) {
      tickets::ticket_stats::category_count c{s.text(0), s.text(1), s.integer(2), s.integer(3)};
      c.ratings = s.integer(4);
      if (!s.is_null(5)) c.avg_rating = s.real(5);
      st.by_category.push_back(std::move(c));
    }
  }
  {
    statement s(db, MEDIAN_BY("COALESCE(category_id, category)", "first_staff_reply_at_ms - created_at_ms"));
    s.bind(1, guild).bind(2, since);
    while (s.step())
      for (auto& c : st.by_category)
        if (c.category_id == s.text(0)) c.median_first_reply_ms = s.real(1);
  }
  // The share answered in time, for the categories with a target: one query each.
  for (auto& c : st.by_category) {
    auto target = targets_ms.find(c.category_id);
    if (target == targets_ms.end()) continue;
    statement s(db, "SELECT COUNT(*), COALESCE(SUM(first_staff_reply_at_ms - created_at_ms <= ?4), 0) FROM tickets WHERE " COUNTED
                    " AND COALESCE(category_id, category) = ?3 AND first_staff_reply_at_ms IS NOT NULL");
    s.bind(1, guild).bind(2, since).bind(3, c.category_id).bind(4, target->second);
    if (s.step()) {
      c.replied = s.integer(0);
      c.replied_in_time = s.integer(1);
    }
  }
}

// Per staff member, the busiest first.
void staff_figures(connection& db, const std::string& guild, std::int64_t since, tickets::ticket_stats& st) {
  std::map<std::string, tickets::ticket_stats::staff_line> staff;
  const auto line = [&](const std::string& id) -> tickets::ticket_stats::staff_line& {
    auto& l = staff[id];
    if (!l.staff.value) l.staff = discord::user_id::parse(id).value_or(discord::user_id{});
    return l;
  };
  const auto each = [&](const char* sql, const auto& take) {
    statement s(db, sql);
    s.bind(1, guild).bind(2, since);
    while (s.step()) take(s, line(s.text(0)));
  };
  each("SELECT claimer_id, COUNT(*) FROM tickets WHERE " COUNTED " AND claimer_id IS NOT NULL GROUP BY claimer_id",
       [](statement& s, auto& l) { l.claimed = s.integer(1); });
  each("SELECT closed_by, COUNT(*) FROM tickets WHERE " COUNTED " AND closed_by IS NOT NULL GROUP BY closed_by",
       [](statement& s, auto& l) { l.closed = s.integer(1); });
  each(MEDIAN_BY("first_staff_reply_by", "first_staff_reply_at_ms - created_at_ms"),
       [](statement& s, auto& l) { l.median_first_reply_ms = s.real(1); });
  each(MEDIAN_BY("claimer_id", RESOLVED_AT " - created_at_ms"), [](statement& s, auto& l) { l.median_resolution_ms = s.real(1); });
  each("SELECT claimer_id, COUNT(*), AVG(rating) FROM tickets WHERE " COUNTED " AND claimer_id IS NOT NULL AND rating IS NOT NULL GROUP BY claimer_id",
       [](statement& s, auto& l) {
         l.ratings = s.integer(1);
         l.avg_rating = s.real(2);
       });
  for (auto& [id, l] : staff)
    if (l.staff.value) st.by_staff.push_back(l);
  st.order_staff();
}

}  // namespace

tickets::ticket_stats guild_stats(connection& db, discord::guild_id guild_id, std::optional<std::int64_t> since_ms,
                                  const std::map<std::string, std::int64_t>& targets_ms) {
  const std::string guild = guild_id.str();
  const std::int64_t since = since_ms.value_or(std::numeric_limits<std::int64_t>::min());
  tickets::ticket_stats st;
  st.since_ms = since_ms;
  summary_figures(db, guild, since, st);
  category_figures(db, guild, since, targets_ms, st);
  staff_figures(db, guild, since, st);
  return st;
}

}  // namespace storage::sqlite
