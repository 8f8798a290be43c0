#pragma once
// Discord's rate limits (topics/rate-limits.mdx) as a sans-I/O core: the caller asks how long to wait
// before a request, and reports each response's headers. Time is passed in, never read.
//
// Buckets: a route (method + path with its major parameter) maps to the bucket Discord names in
// X-RateLimit-Bucket; the bucket's state is kept per (bucket, major parameter). The global limit
// (50 requests/s per bot, interaction endpoints exempt) and 429s with X-RateLimit-Scope are honoured.
//
// The global limit is paced, not a window that opens every second: a few requests go at once, the
// rest one every 1/46 s, so that no second (from any instant) carries more than 50 and a backlog
// leaves as a steady trickle instead of 50 requests in the same millisecond every second (which
// stalls the clicks answered meanwhile and opens as many connections). A waiting request is given
// its slot (a `global_pass`) and is not put back in the queue when it wakes.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace discord::rest {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;
using duration = std::chrono::duration<double>;  // seconds, fractional like reset-after

// A request's identity for rate limiting.
struct route {
  std::string key;           // e.g. "PATCH /channels/{id}"  (method + path template)
  std::string major;         // e.g. "channel:123" (the major parameter's value), may be empty
  bool exempt_global = false;  // interaction callbacks and webhooks are not counted in the global limit
};

// Builds the route of a method and a path relative to the API base ("/channels/123/messages/456").
route route_of(std::string_view method, std::string_view path);

struct response_limits {
  int status = 200;
  std::optional<std::string> bucket;       // X-RateLimit-Bucket
  std::optional<int> limit;                // X-RateLimit-Limit
  std::optional<int> remaining;            // X-RateLimit-Remaining
  std::optional<double> reset_after;       // X-RateLimit-Reset-After (seconds, fractional)
  bool global = false;                     // X-RateLimit-Global: true
  std::optional<std::string> scope;        // X-RateLimit-Scope: user | global | shared
  std::optional<double> retry_after;       // 429: body's retry_after (or Retry-After header)
};

// Discord's global limit: 50 requests per second per bot (topics/rate-limits.mdx, "Global Rate Limit").
inline constexpr int global_requests_per_second = 50;
// Requests that may leave together after a quiet spell; the rest are spaced so that the burst and
// the spaced ones still fit 50 in any second.
inline constexpr int global_burst = 5;

// A global slot set aside for one request while it waits for it.
struct global_pass {
  bool held = false;
};

class rate_limiter {
 public:
  explicit rate_limiter(int global_per_second = global_requests_per_second, int burst = global_burst);

  // How long to wait before sending; zero means go now, and the slot is taken. A wait for the
  // global limit sets a slot aside in `pass`: call again with the same pass after waiting. A wait
  // for the route's bucket takes nothing: another request may take its slot meanwhile.
  duration acquire(const route& r, time_point now, global_pass& pass);
  // For a caller that does not wait for what it is told (tests of the buckets): a global slot set
  // aside for it is left unused.
  duration acquire(const route& r, time_point now) {
    global_pass pass;
    return acquire(r, now, pass);
  }

  // Reports a response. For a 429, returns how long to wait before retrying.
  std::optional<duration> update(const route& r, const response_limits& limits, time_point now);

  // A route and major parameter (a channel, say) that answered 403 forbidden_streak_max times in a
  // row is not asked again for forbidden_quarantine: it will not get better by itself, and
  // Cloudflare bans an IP that gets 10,000 answers 401/403/429 in 10 minutes (topics/rate-limits.mdx,
  // "Invalid Request Limit"). Any success lifts it.
  bool quarantined(const route& r, time_point now) const;
  static constexpr int forbidden_streak_max = 3;
  static constexpr std::chrono::seconds forbidden_quarantine{30};

  // For tests and logs.
  std::optional<std::string> bucket_of(const route& r) const;
  std::size_t tracked_states() const { return buckets_.size() + refusals_.size(); }

 private:
  struct bucket_state {
    int limit = 1;
    int remaining = 1;
    std::optional<time_point> reset_at;
  };
  std::string state_key(const route& r) const;
  void sweep(time_point now);
  static constexpr int sweep_every = 512;  // acquires
  int acquires_since_sweep_ = 0;

  // The global limit as a generic cell rate algorithm: `global_due_` is when the next request
  // would be due if every earlier one had left exactly on its spacing.
  clock::duration global_spacing_;
  clock::duration global_tolerance_;  // how far ahead of its due time a request may leave (the burst)
  time_point global_due_{};
  std::map<std::string, std::string> route_to_bucket_;  // route key → bucket hash
  std::map<std::string, bucket_state> buckets_;        // bucket hash + major → state
  struct refusal_state {
    int streak = 0;
    std::optional<time_point> until;
  };
  std::map<std::string, refusal_state> refusals_;  // route key + major → 403 streak
  std::optional<time_point> global_blocked_until_;
};

}  // namespace discord::rest
