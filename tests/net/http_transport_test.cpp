// The real HTTP transport and REST client against the fake Discord's real HTTP server: stale pooled
// connections, late answers, and which requests are sent again (retry_policy.hpp).
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "discord/rest/client.hpp"
#include "fake_discord.hpp"

namespace {

using namespace std::chrono_literals;
using fake_discord::id_t;

struct transport_fixture : ::testing::Test {
  boost::asio::io_context ioc;
  std::unique_ptr<fake_discord::server> fake;
  id_t g = 0, channel = 0;
  std::vector<std::string> warnings;  // the client's log lines: a resend says why

  void start(fake_discord::options o = {}) {
    fake = std::make_unique<fake_discord::server>(o);
    g = fake->add_guild("Serveur", (1ULL << 3));  // Administrator
    channel = fake->add_channel(g, "general");
  }

  discord::rest::client client(std::chrono::milliseconds exchange = 20s) {
    discord::net::http_timeouts t;
    t.exchange = exchange;
    auto transport = discord::net::make_http_transport(ioc.get_executor(), "http", "127.0.0.1", std::to_string(fake->port()), t);
    discord::rest::options opts;
    opts.api_base = fake->api_url();
    opts.token = fake->opts().token;
    opts.log = [this](discord::log_level level, const std::string& text) {
      if (level >= discord::log_level::warn) warnings.push_back(text);
    };
    return discord::rest::client(ioc.get_executor(), opts, transport);
  }

  template <class Awaitable>
  auto run(Awaitable a) {
    auto f = boost::asio::co_spawn(ioc, std::move(a), boost::asio::use_future);
    ioc.restart();
    ioc.run();
    return f.get();
  }

  int requests(const std::string& method, const std::string& path) const {
    int n = 0;
    for (const auto& r : fake->requests()) n += r.method == method && r.path == path;
    return n;
  }
};

TEST_F(transport_fixture, a_connection_the_server_closed_while_idle_is_never_used) {
  fake_discord::options o;
  o.idle_timeout = 200ms;
  start(o);
  auto c = client();
  ASSERT_TRUE(run(c.get_channel(discord::channel_id{channel})));
  std::this_thread::sleep_for(500ms);  // the server closed the kept-alive connection meanwhile
  auto again = run(c.get_channel(discord::channel_id{channel}));
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(fake->http_connections(), 2);
  EXPECT_EQ(requests("GET", "/channels/" + std::to_string(channel)), 2);
  EXPECT_TRUE(warnings.empty()) << "the closed connection was tried: " << warnings.front();
}

TEST_F(transport_fixture, a_kept_alive_connection_is_reused_while_the_server_keeps_it) {
  start();
  auto c = client();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(run(c.get_channel(discord::channel_id{channel})));
  EXPECT_EQ(fake->http_connections(), 1);
}

TEST_F(transport_fixture, a_late_answer_to_a_get_is_cancelled_and_asked_again) {
  start();
  fake_discord::fault late;
  late.method = "GET";
  late.status = 0;
  late.delay_ms = 1500;
  fake->inject(late);
  auto c = client(300ms);
  auto got = run(c.get_channel(discord::channel_id{channel}));
  ASSERT_TRUE(got) << got.error().describe();
  EXPECT_EQ(requests("GET", "/channels/" + std::to_string(channel)), 2);
}

TEST_F(transport_fixture, a_late_answer_to_a_channel_creation_is_not_sent_again) {
  start();
  fake_discord::fault late;
  late.method = "POST";
  late.status = 0;
  late.delay_ms = 1500;
  fake->inject(late);
  auto c = client(300ms);
  discord::channel_create body;
  body.name = "ticket";
  auto made = run(c.create_guild_channel(discord::guild_id{g}, body));
  ASSERT_FALSE(made) << "the answer never came in time";
  EXPECT_EQ(made.error().kind, discord::rest::error_kind::transport);
  EXPECT_EQ(requests("POST", "/guilds/" + std::to_string(g) + "/channels"), 1) << "a second channel would be made";
}

TEST_F(transport_fixture, a_message_whose_answer_is_cut_is_sent_again_and_posted_once) {
  start();
  fake_discord::fault cut;
  cut.method = "POST";
  cut.status = 0;
  cut.cut_response = true;
  fake->inject(cut);
  auto c = client();
  discord::message_create m;
  m.content = "bonjour";
  auto posted = run(c.create_message(discord::channel_id{channel}, m));
  ASSERT_TRUE(posted) << posted.error().describe();
  EXPECT_EQ(requests("POST", "/channels/" + std::to_string(channel) + "/messages"), 2);
  EXPECT_EQ(fake->messages(channel).size(), 1u);
}

TEST_F(transport_fixture, a_502_to_a_channel_creation_is_not_sent_again_a_503_to_a_get_is) {
  start();
  fake_discord::fault bad;
  bad.method = "POST";
  bad.status = 502;
  fake->inject(bad);
  auto c = client();
  discord::channel_create body;
  body.name = "ticket";
  auto made = run(c.create_guild_channel(discord::guild_id{g}, body));
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().status, 502);
  EXPECT_EQ(requests("POST", "/guilds/" + std::to_string(g) + "/channels"), 1);
  fake_discord::fault busy;
  busy.method = "GET";
  busy.status = 503;
  busy.times = 2;
  fake->inject(busy);
  EXPECT_TRUE(run(c.get_channel(discord::channel_id{channel})));
  EXPECT_EQ(requests("GET", "/channels/" + std::to_string(channel)), 3);
}

}  // namespace
