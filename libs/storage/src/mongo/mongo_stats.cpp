#include "mongo_stats.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace storage {

using nlohmann::ordered_json;

namespace {

// A number as relaxed extended JSON gives it (plain, or $numberLong / $numberDouble beyond 2^53).
std::optional<double> number(const ordered_json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_object())
    for (const char* k : {"$numberLong", "$numberDouble", "$numberInt"})
      if (auto it = v.find(k); it != v.end() && it->is_string()) return std::stod(it->get<std::string>());
  return std::nullopt;
}
std::int64_t count(const ordered_json& doc, const char* key) {
  auto it = doc.find(key);
  return it == doc.end() ? 0 : static_cast<std::int64_t>(number(*it).value_or(0));
}

ordered_json since_filter(discord::guild_id guild, std::optional<std::int64_t> since) {
  ordered_json m{{"guild_id", guild.str()}, {"channel_id", {{"$type", "string"}}}, {"status", {{"$ne", "reserved"}}}};
  if (since) m["created_at_ms"] = {{"$gte", *since}};
  return m;
}
// From the ticket's creation to `end`, null when `end` is (guarded: some servers refuse a $subtract
// of null).
ordered_json since_creation(const ordered_json& end) {
  return {{"$cond", {{{"$isNumber", end}}, {{"$subtract", {end, "$created_at_ms"}}}, nullptr}}};
}
// The durations, as fields of their own: accumulators read a field path best everywhere.
ordered_json durations() {
  return {{"$addFields",
           {{"resolution_ms", since_creation({{"$ifNull", {"$first_closed_at_ms", "$closed_at_ms"}}})},
            {"reply_ms", since_creation("$first_staff_reply_at_ms")}}}};
}
ordered_json count_if(ordered_json condition) { return {{"$sum", {{"$cond", {std::move(condition), 1, 0}}}}}; }

// Per `who` (a field holding a user id): how many tickets, and the exact median of `value` (a
// duration field, null when unknown) — the server sorts, groups and picks the two middle values
// ($median is approximate, and MongoDB 7.0 only); only one row per staff member comes back.
std::map<std::string, std::pair<std::int64_t, std::optional<double>>> per_value_of(discord::guild_id guild, std::optional<std::int64_t> since,
                                                                                 const char* who, const char* value,
                                                                                 const aggregate_runner& run) {
  ordered_json match = since_filter(guild, since);
  match[who] = {{"$type", "string"}};
  const ordered_json known{{"$filter", {{"input", "$values"}, {"cond", {{"$isNumber", "$$this"}}}}}};
  const auto middle = [](bool upper) {
    ordered_json size{{"$size", "$values"}};
    ordered_json at = upper ? size : ordered_json{{"$subtract", {size, 1}}};
    return ordered_json{{"$arrayElemAt", {"$values", {{"$floor", {{"$divide", {at, 2}}}}}}}};
  };
  const auto rows = run(ordered_json::array({
      ordered_json{{"$match", match}},
      durations(),
      ordered_json{{"$sort", {{std::string(value).substr(1), 1}}}},  // the field, without its "$"
      ordered_json{{"$group", {{"_id", std::string("$") + who}, {"n", {{"$sum", 1}}}, {"values", {{"$push", value}}}}}},
      ordered_json{{"$project", {{"n", 1}, {"values", known}}}},
      ordered_json{{"$project", {{"n", 1}, {"known", {{"$size", "$values"}}}, {"low", middle(false)}, {"high", middle(true)}}}},
  }));
  std::map<std::string, std::pair<std::int64_t, std::optional<double>>> out;
  for (const auto& r : rows) {
    if (!r.contains("_id") || !r["_id"].is_string()) continue;
    std::optional<double> median;
    if (count(r, "known") > 0 && r.contains("low") && r.contains("high")) {
      auto low = number(r["low"]), high = number(r["high"]);
      if (low && high) median = (*low + *high) / 2;
    }
    out[r["_id"].get<std::string>()] = {count(r, "n"), median};
  }
  return out;
}

// Counts by status and the averages.
void summary_figures(const ordered_json& match, const aggregate_runner& run, tickets::ticket_stats& st) {
  const auto is = [](const char* s) { return ordered_json{{"$eq", {"$status", s}}}; };
  const ordered_json live{{"$in", {"$status", {"open", "claimed"}}}};
  auto summary = run(ordered_json::array({{{"$match", match}},
                                          durations(),
                                          {{"$group",
                                            {{"_id", nullptr},
                                             {"created", {{"$sum", 1}}},
                                             {"open", count_if(live)},
                                             {"unclaimed", count_if(is("open"))},
                                             {"claimed", count_if(is("claimed"))},
                                             {"closed", count_if(is("closed"))},
                                             {"deleted", count_if(is("deleted"))},
                                             {"resolution", {{"$avg", "$resolution_ms"}}},
                                             {"reply", {{"$avg", "$reply_ms"}}}}}}}));
  if (summary.empty()) return;
  const auto& s = summary.front();
  st.created = count(s, "created");
  st.open = count(s, "open");
  st.unclaimed = count(s, "unclaimed");
  st.claimed = count(s, "claimed");
  st.closed = count(s, "closed");
  st.deleted = count(s, "deleted");
  if (s.contains("resolution")) st.avg_resolution_ms = number(s["resolution"]);
  if (s.contains("reply")) st.avg_first_reply_ms = number(s["reply"]);
}

// Per category: counts, ratings, the median first reply; with a target, how many were answered,
// how many in time.
void category_figures(discord::guild_id guild, std::optional<std::int64_t> since, const std::map<std::string, std::int64_t>& targets,
                      const aggregate_runner& run, tickets::ticket_stats& st) {
  const ordered_json live{{"$in", {"$status", {"open", "claimed"}}}};
  auto categories = run(ordered_json::array({{{"$match", since_filter(guild, since)}},
                                             {{"$group",
                                               {{"_id", {{"$ifNull", {"$category_id", "$category"}}}},
                                                {"name", {{"$max", "$category"}}},
                                                {"created", {{"$sum", 1}}},
                                                {"open", count_if(live)},
                                                {"ratings", count_if({{"$isNumber", "$rating"}})},
                                                {"avg_rating", {{"$avg", "$rating"}}}}}},
                                             {{"$sort", {{"created", -1}, {"name", 1}}}}}));
  for (const auto& c : categories) {
    tickets::ticket_stats::category_count line{c.value("_id", std::string{}), c.value("name", std::string{}), count(c, "created"),
                                               count(c, "open")};
    line.ratings = count(c, "ratings");
    if (line.ratings > 0 && c.contains("avg_rating")) line.avg_rating = number(c["avg_rating"]);
    st.by_category.push_back(std::move(line));
  }
  for (const auto& [id, figures] : per_value_of(guild, since, "category_id", "$reply_ms", run))
    for (auto& c : st.by_category)
      if (c.category_id == id) c.median_first_reply_ms = figures.second;
  for (auto& c : st.by_category) {
    auto target = targets.find(c.category_id);
    if (target == targets.end()) continue;
    ordered_json match = since_filter(guild, since);
    match["category_id"] = c.category_id;
    auto rows = run(ordered_json::array(
        {ordered_json{{"$match", match}}, durations(), ordered_json{{"$match", {{"reply_ms", {{"$type", "number"}}}}}},
         ordered_json{{"$group", {{"_id", nullptr}, {"n", {{"$sum", 1}}}, {"in_time", count_if({{"$lte", {"$reply_ms", target->second}}})}}}}}));
    if (!rows.empty()) {
      c.replied = count(rows.front(), "n");
      c.replied_in_time = count(rows.front(), "in_time");
    }
  }
}

// Per staff member: claims and their median resolution, closes, median first reply, ratings.
void staff_figures(discord::guild_id guild, std::optional<std::int64_t> since, const aggregate_runner& run, tickets::ticket_stats& st) {
  std::map<std::string, tickets::ticket_stats::staff_line> staff;
  for (const auto& [id, figures] : per_value_of(guild, since, "claimer_id", "$resolution_ms", run)) {
    staff[id].claimed = figures.first;
    staff[id].median_resolution_ms = figures.second;
  }
  for (const auto& [id, figures] : per_value_of(guild, since, "closed_by", "$resolution_ms", run)) staff[id].closed = figures.first;
  for (const auto& [id, figures] : per_value_of(guild, since, "first_staff_reply_by", "$reply_ms", run))
    staff[id].median_first_reply_ms = figures.second;
  ordered_json rated = since_filter(guild, since);
  rated["claimer_id"] = {{"$type", "string"}};
  rated["rating"] = {{"$type", "number"}};
  for (const auto& r : run(ordered_json::array({ordered_json{{"$match", rated}},
                                                ordered_json{{"$group", {{"_id", "$claimer_id"}, {"n", {{"$sum", 1}}}, {"avg", {{"$avg", "$rating"}}}}}}})))
    if (r.contains("_id") && r["_id"].is_string() && r.contains("avg")) {
      auto& line = staff[r["_id"].get<std::string>()];
      line.ratings = count(r, "n");
      line.avg_rating = number(r["avg"]);
    }
  for (auto& [id, line] : staff)
    if (auto u = discord::user_id::parse(id)) {
      line.staff = *u;
      st.by_staff.push_back(line);
    }
  st.order_staff();
}

}  // namespace

tickets::ticket_stats mongo_stats(discord::guild_id guild, std::optional<std::int64_t> since,
                                  const std::map<std::string, std::int64_t>& targets, const aggregate_runner& run) {
  tickets::ticket_stats st;
  st.since_ms = since;
  summary_figures(since_filter(guild, since), run, st);
  category_figures(guild, since, targets, run, st);
  staff_figures(guild, since, run, st);
  return st;
}

}  // namespace storage
