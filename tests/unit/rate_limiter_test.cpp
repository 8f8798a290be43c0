// The rate limiter alone, with a clock we move by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "discord/rest/rate_limiter.hpp"
#include "discord/rest/retry_policy.hpp"

namespace {

using namespace discord::rest;
using namespace std::chrono_literals;

struct clock_fixture : ::testing::Test {
  time_point now = clock::time_point{} + 1000s;
  void advance(std::chrono::duration<double> d) { now += std::chrono::duration_cast<clock::duration>(d); }
};

TEST(route, major_parameters_and_ids) {
  auto a = route_of("POST", "/channels/123/messages");
  auto b = route_of("POST", "/channels/456/messages");
  EXPECT_EQ(a.key, b.key);
  EXPECT_NE(a.major, b.major);
  EXPECT_EQ(route_of("PATCH", "/channels/1/messages/99").key, route_of("PATCH", "/channels/1/messages/77").key);
  EXPECT_NE(route_of("GET", "/channels/1").key, route_of("PATCH", "/channels/1").key);
  auto callback = route_of("POST", "/interactions/11/tok/callback");
  EXPECT_TRUE(callback.exempt_global);
  auto followup = route_of("PATCH", "/webhooks/5/tok/messages/@original");
  EXPECT_TRUE(followup.exempt_global);
  EXPECT_EQ(followup.major, "webhook:5/tok");
  EXPECT_EQ(route_of("GET", "/channels/1/messages?limit=100&before=5").key, route_of("GET", "/channels/1/messages").key);
}

TEST_F(clock_fixture, a_bucket_waits_for_its_fractional_reset) {
  rate_limiter rl;
  auto r = route_of("POST", "/channels/1/messages");
  EXPECT_EQ(rl.acquire(r, now), duration{0});
  rl.update(r, {200, "abcd", 5, 0, 1.25, false, {}, {}}, now);
  EXPECT_EQ(rl.bucket_of(r), "abcd");
  auto wait = rl.acquire(r, now);
  EXPECT_NEAR(wait.count(), 1.25, 1e-6);
  advance(1.25s);
  EXPECT_EQ(rl.acquire(r, now), duration{0});  // reset: the limit is back
  // Another channel is another bucket instance (major parameter).
  EXPECT_EQ(rl.acquire(route_of("POST", "/channels/2/messages"), now), duration{0});
}

TEST_F(clock_fixture, remaining_slots_are_counted_before_the_answer_comes) {
  rate_limiter rl;
  auto r = route_of("PATCH", "/channels/9");
  rl.update(r, {200, "b", 2, 2, 3.0, false, {}, {}}, now);
  EXPECT_EQ(rl.acquire(r, now), duration{0});
  EXPECT_EQ(rl.acquire(r, now), duration{0});
  EXPECT_NEAR(rl.acquire(r, now).count(), 3.0, 1e-6);  // both slots taken by requests in flight
}

TEST_F(clock_fixture, a_429_blocks_the_bucket_for_retry_after) {
  rate_limiter rl;
  auto r = route_of("PATCH", "/channels/9");
  auto retry = rl.update(r, {429, "b", 2, 0, 1.5, false, "user", 1.5}, now);
  ASSERT_TRUE(retry);
  EXPECT_NEAR(retry->count(), 1.5, 1e-9);
  EXPECT_NEAR(rl.acquire(r, now).count(), 1.5, 1e-6);
  advance(1.499s);
  EXPECT_GT(rl.acquire(r, now).count(), 0.0);
  advance(0.002s);
  EXPECT_EQ(rl.acquire(r, now), duration{0});
}

TEST_F(clock_fixture, a_global_429_blocks_every_route) {
  rate_limiter rl;
  auto a = route_of("POST", "/channels/1/messages");
  auto b = route_of("GET", "/guilds/2/roles");
  rl.update(a, {429, {}, {}, {}, {}, true, "global", 0.75}, now);
  EXPECT_NEAR(rl.acquire(b, now).count(), 0.75, 1e-6);
  advance(0.75s);
  EXPECT_EQ(rl.acquire(b, now), duration{0});
}

TEST_F(clock_fixture, the_global_limit_lets_a_burst_go_then_paces_but_not_interactions) {
  rate_limiter rl(50, 5);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(rl.acquire(route_of("GET", "/guilds/" + std::to_string(i) + "/roles"), now), duration{0});
  global_pass pass;
  const auto sixth = route_of("GET", "/guilds/77/roles");
  EXPECT_NEAR(rl.acquire(sixth, now, pass).count(), 1.0 / 46, 1e-6);
  EXPECT_TRUE(pass.held);
  EXPECT_EQ(rl.acquire(route_of("POST", "/interactions/1/t/callback"), now), duration{0});
  // The seventh is given the slot after the sixth's, not the same one.
  EXPECT_NEAR(rl.acquire(route_of("GET", "/guilds/78/roles"), now).count(), 2.0 / 46, 1e-6);
  advance(duration{1.0 / 46});
  EXPECT_EQ(rl.acquire(sixth, now, pass), duration{0});  // its slot, kept while it waited
  EXPECT_FALSE(pass.held);
}

// Requests sent the way the client sends them (wait what acquire says, ask again with the same
// pass): whatever the arrivals, no second from any instant carries more than 50, and a backlog
// drains at the paced rate rather than in one burst a second.
TEST_F(clock_fixture, no_second_ever_carries_more_than_the_global_limit) {
  struct waiting {
    time_point at;
    global_pass pass;
    int n;
  };
  for (int pattern = 0; pattern < 3; ++pattern) {
    rate_limiter rl(50, 5);
    const time_point start = now;
    std::vector<waiting> queue;
    for (int i = 0; i < 400; ++i) {
      // 0: all at once; 1: bursts of 40 every 0.7 s; 2: one every 15 ms with quiet spells.
      std::chrono::duration<double> offset{pattern == 0 ? 0.0 : pattern == 1 ? (i / 40) * 0.7 : i * 0.015 + (i / 100) * 2.0};
      queue.push_back({start + std::chrono::duration_cast<clock::duration>(offset), {}, i});
    }
    std::vector<time_point> sent;
    while (!queue.empty()) {
      auto next = std::min_element(queue.begin(), queue.end(), [](const waiting& a, const waiting& b) { return a.at < b.at; });
      auto wait = rl.acquire(route_of("GET", "/guilds/" + std::to_string(next->n) + "/roles"), next->at, next->pass);
      if (wait > duration{0}) {
        next->at += std::chrono::duration_cast<clock::duration>(wait);
        continue;
      }
      sent.push_back(next->at);
      queue.erase(next);
    }
    std::sort(sent.begin(), sent.end());
    std::size_t most = 0;
    for (std::size_t i = 0, j = 0; i < sent.size(); ++i) {
      while (sent[j] + 1s <= sent[i]) ++j;
      most = std::max(most, i - j + 1);
    }
    EXPECT_LE(most, 50u) << "pattern " << pattern;
    if (pattern == 0) {
      EXPECT_EQ(most, 50u);  // the limit is used, not wasted
      EXPECT_NEAR(std::chrono::duration<double>(sent.back() - start).count(), (400 - 5) / 46.0, 0.01);
    }
  }
}

TEST_F(clock_fixture, a_shared_scope_429_is_per_resource) {
  rate_limiter rl;
  auto one = route_of("PATCH", "/channels/1");
  auto two = route_of("PATCH", "/channels/2");
  rl.update(one, {429, "rename", 2, 0, 590.5, false, "shared", 590.5}, now);
  EXPECT_NEAR(rl.acquire(one, now).count(), 590.5, 1e-3);
  EXPECT_EQ(rl.acquire(two, now), duration{0});
}

}  // namespace

// The retry policy as a table: method and failure → resent or not (Go's net/http rule).
TEST(retry_policy, resend_only_what_cannot_run_twice) {
  using discord::net::failure_stage;
  using discord::net::http_failure;
  struct row {
    const char* method;
    bool replay_safe;
    failure_stage stage;
    bool resent;
  };
  const row table[] = {
      {"GET", true, failure_stage::connecting, true},   {"GET", true, failure_stage::awaiting, true},
      {"GET", true, failure_stage::reading, true},      {"PUT", true, failure_stage::awaiting, true},
      {"DELETE", true, failure_stage::reading, true},   {"PATCH", true, failure_stage::awaiting, true},
      {"POST", false, failure_stage::connecting, true},  {"POST", false, failure_stage::writing, true},
      {"POST", false, failure_stage::awaiting, false},   {"POST", false, failure_stage::reading, false},
      {"POST", true, failure_stage::awaiting, true},     // a message with an enforced nonce, a callback
  };
  for (const auto& r : table) {
    EXPECT_EQ(discord::rest::replay_safe_method(r.method), std::string_view(r.method) != "POST") << r.method;
    EXPECT_EQ(discord::rest::may_resend(http_failure{{}, r.stage, true}, r.replay_safe), r.resent)
        << r.method << " stage " << static_cast<int>(r.stage);
  }
  EXPECT_TRUE(discord::rest::may_resend(429, false));
  EXPECT_TRUE(discord::rest::may_resend(503, true));
  EXPECT_FALSE(discord::rest::may_resend(502, false)) << "a 502 may hide a channel that was made";
  EXPECT_FALSE(discord::rest::may_resend(403, true));
  EXPECT_FALSE(discord::rest::may_resend(404, true));
}

TEST(retry_policy, backoff_doubles_with_jitter_and_stops_at_the_cap) {
  using namespace std::chrono_literals;
  EXPECT_EQ(discord::rest::backoff(1, 0.0), 125ms);
  EXPECT_EQ(discord::rest::backoff(1, 0.999), 249ms);
  EXPECT_EQ(discord::rest::backoff(3, 0.0), 500ms);
  EXPECT_EQ(discord::rest::backoff(30, 0.0, 1000ms, 60s), 30s);
  EXPECT_LE(discord::rest::backoff(30, 0.999, 1000ms, 60s), 60s);
}

TEST_F(clock_fixture, a_route_that_keeps_answering_403_is_left_alone_for_a_while) {
  discord::rest::rate_limiter limiter;
  auto r = discord::rest::route_of("PATCH", "/channels/9");
  discord::rest::response_limits forbidden;
  forbidden.status = 403;
  for (int i = 0; i < discord::rest::rate_limiter::forbidden_streak_max - 1; ++i) limiter.update(r, forbidden, now);
  EXPECT_FALSE(limiter.quarantined(r, now));
  limiter.update(r, forbidden, now);
  EXPECT_TRUE(limiter.quarantined(r, now));
  EXPECT_FALSE(limiter.quarantined(discord::rest::route_of("PATCH", "/channels/10"), now)) << "per channel";
  EXPECT_FALSE(limiter.quarantined(r, now + discord::rest::rate_limiter::forbidden_quarantine));
}

TEST_F(clock_fixture, state_for_every_interaction_does_not_grow_for_ever) {
  discord::rest::rate_limiter limiter;
  for (int i = 0; i < 10'000; ++i) {
    auto r = discord::rest::route_of("POST", "/interactions/" + std::to_string(i) + "/tok/callback");
    limiter.acquire(r, now);
    discord::rest::response_limits ok;
    limiter.update(r, ok, now);
    advance(std::chrono::milliseconds(1));
  }
  EXPECT_LT(limiter.tracked_states(), 1100u);
}
