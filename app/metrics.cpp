#include "metrics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace app::metrics {

namespace {

enum class kind { counter, gauge, histogram };

struct family {
  std::string_view name;
  kind type;
  std::string_view help;
  std::vector<std::string_view> label_names;
};

// Seconds: from a cached SQLite read (tens of µs) to a MongoDB that is not answering (5 s).
constexpr std::array<double, 12> latency_buckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 1, 5};

const std::vector<family>& families() {
  static const std::vector<family> all{
      {"guichet_build_info", kind::gauge, "The running version (always 1).", {"version"}},
      {"guichet_shard_up", kind::gauge, "1 while the shard's session is active (READY or RESUMED), else 0.", {"shard"}},
      {"guichet_shard_heartbeat_latency_seconds", kind::gauge, "Time from the last heartbeat to its ACK.", {"shard"}},
      {"guichet_guilds", kind::gauge, "Servers in the cache of this process.", {}},
      {"guichet_interactions_received_total", kind::counter, "Interactions received, by kind.", {"kind"}},
      {"guichet_interactions_answered_total", kind::counter, "Interactions whose first answer Discord accepted.", {"kind"}},
      {"guichet_interactions_late_total", kind::counter,
       "Interactions first answered after Discord's 3 s, or whose answer Discord no longer took.", {"kind"}},
      {"guichet_interactions_refused_while_stopping_total", kind::counter,
       "Interactions answered with the restarting notice during a shutdown.", {}},
      {"guichet_rest_requests_total", kind::counter,
       "REST attempts by route (method and path with ids replaced) and HTTP status (0: no answer).", {"route", "status"}},
      {"guichet_rest_rate_limit_waits_total", kind::counter, "Waits imposed by Discord's rate limits.", {}},
      {"guichet_rest_rate_limit_wait_seconds_total", kind::counter, "Time spent waiting for Discord's rate limits.", {}},
      {"guichet_background_retries_total", kind::counter, "Steps after an answer tried again after a transient failure.", {}},
      {"guichet_background_give_ups_total", kind::counter, "Steps after an answer abandoned (permanent error or 15 min of failures).", {}},
      {"guichet_store_operations_total", kind::counter, "Store calls, by outcome (ok, error).", {"outcome"}},
      {"guichet_store_operation_duration_seconds", kind::histogram, "Time of a store call on the worker pool.", {}},
      {"guichet_tickets_total", kind::counter, "Ticket actions carried out, by action.", {"action"}},
      {"guichet_first_response_alerts_total", kind::counter, "Tickets past their category's first-response target with no staff reply.", {}},
      {"guichet_summary_dms_total", kind::counter, "Owners' DM summaries at a close, by outcome (sent, dms_closed, failed).", {"outcome"}},
      {"guichet_ratings_total", kind::counter, "Tickets rated by their owner, by stars.", {"stars"}},
      {"guichet_inactivity_warnings_total", kind::counter, "Inactivity warnings posted in tickets.", {}},
      {"guichet_inactivity_closes_total", kind::counter, "Tickets closed for inactivity.", {}},
      {"process_resident_memory_bytes", kind::gauge, "Resident memory size in bytes.", {}},
      {"process_cpu_seconds_total", kind::counter, "User and system CPU time spent in seconds.", {}},
      {"process_start_time_seconds", kind::gauge, "Start time of the process since the Unix epoch in seconds.", {}},
  };
  return all;
}

const family& find(std::string_view name) {
  for (const auto& f : families())
    if (f.name == name) return f;
  throw std::logic_error("undeclared metric family " + std::string(name));
}

struct histogram_value {
  std::array<std::uint64_t, latency_buckets.size()> counts{};
  std::uint64_t count = 0;
  double sum = 0;
};

struct registry {
  std::mutex mu;
  // family name → label values → value
  std::map<std::string_view, std::map<std::vector<std::string>, double>> scalars;
  std::map<std::string_view, std::map<std::vector<std::string>, histogram_value>> histograms;
};

registry& the_registry() {
  static registry r;
  return r;
}

std::vector<std::string> key_of(const family& f, std::initializer_list<std::string_view> labels) {
  if (labels.size() != f.label_names.size()) throw std::logic_error("wrong label count for " + std::string(f.name));
  return {labels.begin(), labels.end()};
}

// Label values are escaped as the format says: backslash, double quote and line feed.
void append_escaped(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

void append_labels(std::string& out, const family& f, const std::vector<std::string>& values,
                   std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (values.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!first) out += ',';
    first = false;
    out += f.label_names[i];
    out += "=\"";
    append_escaped(out, values[i]);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void add(std::string_view name, std::initializer_list<std::string_view> labels, double by) {
  const auto& f = find(name);
  auto key = key_of(f, labels);
  auto& r = the_registry();
  std::lock_guard lock(r.mu);
  r.scalars[f.name][std::move(key)] += by;
}

void set(std::string_view name, std::initializer_list<std::string_view> labels, double value) {
  const auto& f = find(name);
  auto key = key_of(f, labels);
  auto& r = the_registry();
  std::lock_guard lock(r.mu);
  r.scalars[f.name][std::move(key)] = value;
}

void observe(std::string_view name, std::initializer_list<std::string_view> labels, double value) {
  const auto& f = find(name);
  auto key = key_of(f, labels);
  auto& r = the_registry();
  std::lock_guard lock(r.mu);
  auto& h = r.histograms[f.name][std::move(key)];
  for (std::size_t i = 0; i < latency_buckets.size(); ++i)
    if (value <= latency_buckets[i]) ++h.counts[i];
  ++h.count;
  h.sum += value;
}

void clear(std::string_view name) {
  const auto& f = find(name);
  auto& r = the_registry();
  std::lock_guard lock(r.mu);
  r.scalars.erase(f.name);
}

std::string render() {
  auto& r = the_registry();
  std::lock_guard lock(r.mu);
  std::string out;
  for (const auto& f : families()) {
    const char* type = f.type == kind::counter ? "counter" : f.type == kind::gauge ? "gauge" : "histogram";
    out += "# HELP " + std::string(f.name) + " " + std::string(f.help) + "\n";
    out += "# TYPE " + std::string(f.name) + " " + type + "\n";
    if (f.type == kind::histogram) {
      auto it = r.histograms.find(f.name);
      if (it == r.histograms.end()) continue;
      for (const auto& [labels, h] : it->second) {
        for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
          out += std::string(f.name) + "_bucket";
          append_labels(out, f, labels, "le", number(latency_buckets[i]));
          out += " " + std::to_string(h.counts[i]) + "\n";
        }
        out += std::string(f.name) + "_bucket";
        append_labels(out, f, labels, "le", "+Inf");
        out += " " + std::to_string(h.count) + "\n";
        out += std::string(f.name) + "_sum";
        append_labels(out, f, labels);
        out += " " + number(h.sum) + "\n";
        out += std::string(f.name) + "_count";
        append_labels(out, f, labels);
        out += " " + std::to_string(h.count) + "\n";
      }
      continue;
    }
    auto it = r.scalars.find(f.name);
    if (it == r.scalars.end()) continue;
    for (const auto& [labels, value] : it->second) {
      out += f.name;
      append_labels(out, f, labels);
      out += " " + number(value) + "\n";
    }
  }
  return out;
}

}  // namespace app::metrics
