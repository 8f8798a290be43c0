// The gateway session as a state machine: frames and ticks in, actions out, time by hand.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "discord/gateway/session.hpp"

namespace {

using namespace discord::gateway;
using namespace std::chrono_literals;
using nlohmann::json;

struct session_fixture : ::testing::Test {
  time_point now = clock::time_point{} + 100s;
  session s{session_config{{"tok", 3, 0, 1, "linux", "guichet"}, 0.5}};

  std::vector<action> hello(int interval = 1000) {
    s.on_connected(now);
    return s.on_text(json{{"op", 10}, {"d", {{"heartbeat_interval", interval}}}}.dump(), now);
  }
  std::vector<action> dispatch(const std::string& t, json d, std::int64_t seq) {
    return s.on_text(json{{"op", 0}, {"t", t}, {"s", seq}, {"d", d}}.dump(), now);
  }
  void ready() {
    dispatch("READY", {{"session_id", "abc"}, {"resume_gateway_url", "wss://resume.example"}, {"user", {{"id", "1"}, {"username", "bot"}}},
                       {"guilds", json::array()}, {"application", {{"id", "1"}}}}, 1);
  }
  static json sent(const action& a) {
    if (auto* x = std::get_if<send_action>(&a)) return json::parse(x->text);
    if (auto* x = std::get_if<identify_action>(&a)) return json::parse(x->text);
    return nullptr;
  }
};

TEST_F(session_fixture, hello_leads_to_identify_with_intents_and_shard) {
  auto acts = hello();
  ASSERT_EQ(acts.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<identify_action>(acts[0]));
  auto f = sent(acts[0]);
  EXPECT_EQ(f["op"], 2);
  EXPECT_EQ(f["d"]["token"], "tok");
  EXPECT_EQ(f["d"]["intents"], 3);
  EXPECT_EQ(f["d"]["shard"], json::array({0, 1}));
  EXPECT_EQ(s.state(), shard_state::identifying);
  ready();
  EXPECT_EQ(s.state(), shard_state::active);
  EXPECT_EQ(s.session_id(), "abc");
}

TEST_F(session_fixture, heartbeats_start_after_jitter_then_follow_the_interval) {
  hello(1000);
  ready();
  ASSERT_TRUE(s.next_tick());
  EXPECT_EQ(*s.next_tick(), now + 500ms);  // jitter 0.5 × interval
  EXPECT_TRUE(s.on_tick(now + 499ms).empty());
  auto beat = s.on_tick(now + 500ms);
  ASSERT_EQ(beat.size(), 1u);
  EXPECT_EQ(sent(beat[0]), (json{{"op", 1}, {"d", 1}}));
  s.on_text(R"({"op":11})", now + 600ms);
  auto second = s.on_tick(now + 1500ms);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(sent(second[0])["op"], 1);
}

TEST_F(session_fixture, a_missing_ack_is_a_zombie_and_resumes) {
  hello(1000);
  ready();
  s.on_tick(now + 500ms);                 // heartbeat, no ACK comes
  auto acts = s.on_tick(now + 1500ms);  // next beat due: still no ACK
  ASSERT_EQ(acts.size(), 1u);
  auto* r = std::get_if<reconnect_action>(&acts[0]);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->resume);
  EXPECT_NE(r->close_code, 1000);  // 1000/1001 would invalidate the session
  EXPECT_EQ(s.connect_url("wss://gateway.discord.gg"), "wss://resume.example/?v=10&encoding=json");
}

TEST_F(session_fixture, resume_carries_session_and_last_sequence) {
  hello();
  ready();
  dispatch("GUILD_CREATE", {{"id", "5"}, {"name", "g"}}, 7);
  auto closed = s.on_closed(1006, now);
  ASSERT_TRUE(std::get<reconnect_action>(closed[0]).resume);
  auto acts = hello();
  ASSERT_EQ(acts.size(), 1u);
  auto f = sent(acts[0]);
  EXPECT_EQ(f["op"], 6);
  EXPECT_EQ(f["d"]["session_id"], "abc");
  EXPECT_EQ(f["d"]["seq"], 7);
  EXPECT_EQ(s.state(), shard_state::resuming);
  dispatch("RESUMED", json::object(), 8);
  EXPECT_EQ(s.state(), shard_state::active);
}

TEST_F(session_fixture, op7_reconnect_resumes) {
  hello();
  ready();
  auto acts = s.on_text(R"({"op":7,"d":null})", now);
  ASSERT_TRUE(std::get<reconnect_action>(acts[0]).resume);
}

TEST_F(session_fixture, invalid_session_resumable_or_not) {
  hello();
  ready();
  auto resumable = s.on_text(R"({"op":9,"d":true})", now);
  auto r1 = std::get<reconnect_action>(resumable[0]);
  EXPECT_TRUE(r1.resume);
  EXPECT_GE(r1.delay, 1000ms);  // Discord asks for 1–5 s
  EXPECT_LE(r1.delay, 5000ms);
  hello();
  auto gone = s.on_text(R"({"op":9,"d":false})", now);
  EXPECT_FALSE(std::get<reconnect_action>(gone[0]).resume);
  auto acts = hello();
  EXPECT_TRUE(std::holds_alternative<identify_action>(acts[0]));  // a new session
  EXPECT_TRUE(s.session_id().empty());
}

TEST_F(session_fixture, fatal_close_codes_stop_with_an_actionable_message) {
  for (int code : {4004, 4010, 4011, 4012, 4013, 4014}) {
    session fresh{session_config{{"tok", 3, 0, 1, "linux", "guichet"}, 0.5}};
    fresh.on_connected(now);
    auto acts = fresh.on_closed(code, now);
    ASSERT_EQ(acts.size(), 1u) << code;
    auto* f = std::get_if<fatal_action>(&acts[0]);
    ASSERT_TRUE(f) << code;
    EXPECT_EQ(f->close_code, code);
    EXPECT_EQ(fresh.state(), shard_state::fatally_closed);
  }
  session s2{session_config{{"tok", 3, 0, 1, "linux", "guichet"}, 0.5}};
  auto acts = s2.on_closed(4014, now);
  EXPECT_NE(std::get<fatal_action>(acts[0]).message.find("Server Members Intent"), std::string::npos);
  auto bad_token = s2.on_closed(4004, now);
  EXPECT_TRUE(bad_token.empty());  // already stopped
}

TEST_F(session_fixture, other_closes_reconnect_with_growing_backoff) {
  hello();
  ready();
  auto first = std::get<reconnect_action>(s.on_closed(4000, now)[0]);
  auto second = std::get<reconnect_action>(s.on_closed(1006, now)[0]);
  auto third = std::get<reconnect_action>(s.on_closed(1006, now)[0]);
  EXPECT_EQ(first.delay, 0ms);
  EXPECT_GT(second.delay, first.delay);
  EXPECT_GT(third.delay, second.delay);
  // 4009: the session timed out, identify again.
  EXPECT_FALSE(std::get<reconnect_action>(s.on_closed(4009, now)[0]).resume);
}

TEST_F(session_fixture, a_connection_that_never_says_hello_is_replaced) {
  s.on_connected(now);
  EXPECT_TRUE(s.on_tick(now + 19s).empty());
  auto out = s.on_tick(now + hello_timeout);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<reconnect_action>(out[0]));
}

TEST_F(session_fixture, a_hello_with_an_unusable_interval_is_not_obeyed) {
  for (int bad : {0, -5, 50, 3'600'000}) {
    auto out = hello(bad);
    ASSERT_EQ(out.size(), 1u) << bad;
    EXPECT_TRUE(std::holds_alternative<reconnect_action>(out[0])) << bad << ": no busy heartbeat loop, no silence";
  }
  auto fine = hello(41250);
  ASSERT_FALSE(fine.empty());
  EXPECT_TRUE(std::holds_alternative<identify_action>(fine[0]));
}

TEST_F(session_fixture, server_heartbeat_request_is_answered_at_once) {
  hello();
  auto acts = s.on_text(R"({"op":1,"d":null})", now);
  ASSERT_EQ(acts.size(), 1u);
  EXPECT_EQ(sent(acts[0])["op"], 1);
}

TEST_F(session_fixture, dispatches_are_typed) {
  hello();
  ready();
  auto acts = dispatch("GUILD_MEMBER_REMOVE", {{"guild_id", "5"}, {"user", {{"id", "9"}, {"username", "zed"}}}}, 2);
  ASSERT_EQ(acts.size(), 1u);
  auto& ev = std::get<dispatch_action>(acts[0]).event;
  auto* removed = std::get_if<discord::member_remove_event>(&ev);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->account.username, "zed");
  EXPECT_EQ(s.last_sequence(), 2);
  auto unknown = dispatch("TYPING_START", json::object(), 3);
  EXPECT_TRUE(std::holds_alternative<discord::unknown_event>(std::get<dispatch_action>(unknown[0]).event));
}

}  // namespace

// The identify gate: one IDENTIFY per spacing per bucket (shard_id % max_concurrency).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "discord/gateway/shard.hpp"

namespace {

boost::asio::awaitable<void> identify_at(discord::gateway::identify_gate& gate, int shard,
                                         std::vector<std::pair<int, std::chrono::steady_clock::time_point>>& log) {
  co_await gate.wait(shard);
  log.emplace_back(shard, std::chrono::steady_clock::now());
}

TEST(identify_gate, spaces_identifies_per_max_concurrency_bucket) {
  boost::asio::io_context ioc;
  discord::gateway::identify_gate gate(ioc.get_executor(), 2, std::chrono::milliseconds(150));
  std::vector<std::pair<int, std::chrono::steady_clock::time_point>> log;
  auto start = std::chrono::steady_clock::now();
  for (int shard : {0, 1, 2, 3}) boost::asio::co_spawn(ioc, identify_at(gate, shard, log), boost::asio::detached);
  ioc.run();
  ASSERT_EQ(log.size(), 4u);
  auto at = [&](int shard) {
    for (auto& [s, t] : log)
      if (s == shard) return std::chrono::duration_cast<std::chrono::milliseconds>(t - start).count();
    return -1L;
  };
  EXPECT_LT(at(0), 100);  // buckets 0 and 1 go at once (max_concurrency 2)
  EXPECT_LT(at(1), 100);
  EXPECT_GE(at(2), 150);  // shard 2 shares bucket 0: it waits the spacing
  EXPECT_GE(at(3), 150);
}

}  // namespace
