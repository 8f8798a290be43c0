#include "discord/rest/rate_limiter.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace discord::rest {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
  size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool is_id(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

route route_of(std::string_view method, std::string_view path) {
  auto parts = split_path(path);
  route r;
  std::string key(method);
  key += ' ';
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string_view p = parts[i];
    std::string_view prev = i > 0 ? parts[i - 1] : std::string_view{};
    key += '/';
    bool major_param = (prev == "channels" || prev == "guilds") && i == 1;
    if (prev == "webhooks" && i == 1) {
      // Webhooks and interaction follow-ups: the major parameter is the webhook id + token.
      r.major = "webhook:" + std::string(p) + (i + 1 < parts.size() ? "/" + std::string(parts[i + 1]) : "");
      key += "{webhook}";
      if (i + 1 < parts.size()) {
        key += "/{token}";
        ++i;
      }
      r.exempt_global = true;
      continue;
    }
    if (prev == "interactions" && i == 1) {
      key += "{interaction}/{token}";
      r.major = "interaction:" + std::string(p);
      ++i;
      r.exempt_global = true;
      continue;
    }
    if (major_param) {
      r.major = std::string(prev == "channels" ? "channel:" : "guild:") + std::string(p);
      key += '{' + std::string(prev == "channels" ? "channel" : "guild") + '}';
    } else if (is_id(p)) {
      key += "{id}";
    } else if (p == "@original" || p == "@me") {
      key += p;
    } else {
      key += p;
    }
  }
  // Deleting messages has its own bucket, separate from the other message routes.
  r.key = std::move(key);
  return r;
}

std::string rate_limiter::state_key(const route& r) const {
  auto it = route_to_bucket_.find(r.key);
  const std::string& bucket = it != route_to_bucket_.end() ? it->second : r.key;
  return bucket + '|' + r.major;
}

std::optional<std::string> rate_limiter::bucket_of(const route& r) const {
  auto it = route_to_bucket_.find(r.key);
  if (it == route_to_bucket_.end()) return std::nullopt;
  return it->second;
}

// A state whose window has ended says nothing a fresh default would not: dropping it keeps the
// maps bounded (every interaction and webhook token is its own major parameter).
void rate_limiter::sweep(time_point now) {
  std::erase_if(buckets_, [&](const auto& kv) { return !kv.second.reset_at || now >= *kv.second.reset_at; });
  std::erase_if(refusals_, [&](const auto& kv) { return !kv.second.until || now >= *kv.second.until; });
}

// Spacing 1 s / (limit − burst + 1) and a tolerance of burst − 1 spacings: a burst at t plus the
// spaced requests after it make burst + (limit − burst) = limit in [t, t + 1 s), and no window holds
// more than that. The spacing is rounded up: rounded down, the spaced ones would fit one more.
rate_limiter::rate_limiter(int global_per_second, int burst) {
  burst = std::clamp(burst, 1, std::max(1, global_per_second));
  const auto second = std::chrono::duration_cast<clock::duration>(std::chrono::seconds(1));
  const auto per_second = global_per_second - burst + 1;
  global_spacing_ = (second + clock::duration(per_second - 1)) / per_second;
  global_tolerance_ = global_spacing_ * (burst - 1);
}

duration rate_limiter::acquire(const route& r, time_point now, global_pass& pass) {
  if (++acquires_since_sweep_ >= sweep_every) {
    acquires_since_sweep_ = 0;
    sweep(now);
  }
  if (global_blocked_until_ && now < *global_blocked_until_) {
    pass.held = false;
    return *global_blocked_until_ - now;
  }

  // No state: Discord has said nothing that limits this route and major parameter (most
  // interaction tokens are used once or twice): nothing to count, nothing kept.
  auto known = buckets_.find(state_key(r));
  bucket_state* b = known == buckets_.end() ? nullptr : &known->second;
  if (b && b->reset_at && now >= *b->reset_at) {
    b->remaining = b->limit;
    b->reset_at.reset();
  }
  if (b && b->remaining <= 0 && b->reset_at) {
    pass.held = false;  // its time is past by the time the bucket opens: a new one will be taken
    return *b->reset_at - now;
  }

  if (!r.exempt_global && !pass.held) {
    const time_point allowed_at = global_due_ - global_tolerance_;
    global_due_ = std::max(global_due_, now) + global_spacing_;
    if (now < allowed_at) {
      pass.held = true;
      return allowed_at - now;
    }
  }
  pass.held = false;
  if (b && b->remaining > 0) --b->remaining;
  return duration{0};
}

bool rate_limiter::quarantined(const route& r, time_point now) const {
  auto it = refusals_.find(r.key + '|' + r.major);
  return it != refusals_.end() && it->second.until && now < *it->second.until;
}

std::optional<duration> rate_limiter::update(const route& r, const response_limits& l, time_point now) {
  if (l.status == 403) {
    auto& f = refusals_[r.key + '|' + r.major];
    if (++f.streak >= forbidden_streak_max) f.until = now + forbidden_quarantine;
  } else if (l.status < 400 && !refusals_.empty()) {
    refusals_.erase(r.key + '|' + r.major);
  }
  if (l.bucket) route_to_bucket_[r.key] = *l.bucket;
  // A response without counts (no limit, remaining or reset) leaves no bucket to respect.
  const bool counted = l.limit || l.remaining || l.reset_after;
  const std::string key = state_key(r);
  auto known = buckets_.find(key);
  if (known == buckets_.end()) {
    if (l.status != 429 && !counted) return std::nullopt;  // nothing to keep
    known = buckets_.emplace(key, bucket_state{}).first;
  }
  auto& b = known->second;
  if (l.limit) b.limit = std::max(1, *l.limit);
  if (l.remaining) b.remaining = *l.remaining;
  if (l.reset_after) {
    b.reset_at = now + std::chrono::duration_cast<clock::duration>(duration{*l.reset_after});
  }
  if (l.status != 429) {
    if (!counted) b.remaining = std::max(b.remaining, 1);
    return std::nullopt;
  }

  double retry = l.retry_after.value_or(l.reset_after.value_or(1.0));
  auto wait = duration{retry};
  auto until = now + std::chrono::duration_cast<clock::duration>(wait);
  bool global = l.global || (l.scope && *l.scope == "global");
  if (global) {
    global_blocked_until_ = std::max(global_blocked_until_.value_or(until), until);
  } else {
    b.remaining = 0;
    b.reset_at = std::max(b.reset_at.value_or(until), until);
  }
  return wait;
}

}  // namespace discord::rest
