#include "background.hpp"

#include <random>

#include <spdlog/spdlog.h>

#include "discord/rest/retry_policy.hpp"
#include "metrics.hpp"

namespace app {

bool transient(const discord::rest::error& e) {
  using discord::rest::error_kind;
  if (e.not_sent) return false;  // refused before the network: waiting out a 403 streak
  return e.kind == error_kind::transport || e.kind == error_kind::rate_limited || e.status == 429 || e.status >= 500;
}

std::chrono::milliseconds pause_before(int n, const discord::rest::error& e) {
  if (e.retry_after) return std::chrono::milliseconds(static_cast<long long>(*e.retry_after * 1000) + 50);
  static thread_local std::mt19937 rng{std::random_device{}()};
  double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  return discord::rest::backoff(n, r, std::chrono::seconds(1), retry_pause_max);
}

void background::note_retry(const std::string& what, const discord::rest::error& e, int n) const {
  metrics::add("guichet_background_retries_total");
  spdlog::info("{}: {} — trying again (attempt {})", what, e.describe(), n + 1);
}

void background::note_recovered(const std::string& what, int n) const {
  spdlog::info("{}: done after {} retr{}", what, n, n == 1 ? "y" : "ies");
}

void background::warn_given_up(const std::string& what, const discord::rest::error& e, bool timed_out) const {
  metrics::add("guichet_background_give_ups_total");
  if (timed_out)
    spdlog::warn("{}: given up after {} min of retries: {}", what, retry_window.count(), e.describe());
  else
    spdlog::warn("{}: failed, not retried (it would not get better): {}", what, e.describe());
}

}  // namespace app
