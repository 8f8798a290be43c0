// Running as a service: the health and metrics endpoints against the real binary, readiness that
// follows the gateway and the store, Prometheus text checked by Prometheus's own parser, a SIGTERM
// in the middle of an opening, the version.
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <regex>

#include "mongo_wire_server.hpp"
#include "ticket_world.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;
namespace http = boost::beast::http;

struct http_answer {
  int status = 0;
  std::string body;
};

http_answer get(int port, const std::string& path) {
  try {
    boost::asio::io_context ioc;
    boost::beast::tcp_stream stream(ioc);
    stream.expires_after(5s);
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    http::request<http::empty_body> req(http::verb::get, path, 11);
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return {static_cast<int>(res.result_int()), res.body()};
  } catch (const std::exception& e) {
    return {0, e.what()};
  }
}

// The port the bot says it listens on (GUICHET_HTTP_ADDR=127.0.0.1:0 lets it pick a free one).
int health_port(const bot_process& bot) {
  if (!bot.wait_output("health and metrics on http://", 10s)) return 0;
  std::smatch m;
  const std::string out = bot.output();
  if (!std::regex_search(out, m, std::regex(R"(health and metrics on http://127\.0\.0\.1:(\d+)/)"))) return 0;
  return std::stoi(m[1]);
}

// The value of one sample of the exposition text, or -1.
double sample(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return -1;
}

bool prometheus_parser_available() {
  return std::system("/usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1") == 0;
}

// Prometheus's own parser (python3-prometheus-client) reads the whole text; its families printed.
std::string parse_with_prometheus(const std::string& text, int& rc) {
  const std::string file = temp_path("metrics.txt");
  std::ofstream(file) << text;
  const std::string cmd =
      "/usr/bin/python3 -c 'import sys\nfrom prometheus_client.parser import text_string_to_metric_families as f\n"
      "fams = list(f(open(sys.argv[1]).read()))\nprint(len(fams), \" \".join(x.name for x in fams))' " + file + " 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  rc = p ? pclose(p) : -1;
  std::remove(file.c_str());
  return out;
}

struct service_e2e : ticket_world {};

TEST_F(service_e2e, health_readiness_and_metrics_follow_the_gateway_and_the_store) {
  if (!prometheus_parser_available()) GTEST_SKIP() << "SKIPPED: python3-prometheus-client is missing (scripts/install-deps.sh installs it)";
  test_support::mongo_wire_process mongo;
  std::string why;
  if (!mongo.start(why)) GTEST_SKIP() << "SKIPPED: " << why;
  {
    auto store = storage::open_mongo({mongo.uri()});
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->save_config(world_config()));
  }
  auto env = bot_env(*fake, db);
  env["MONGODB_URI"] = mongo.uri();
  env["GUICHET_HTTP_ADDR"] = "127.0.0.1:0";
  bot = std::make_unique<bot_process>(env);
  const int port = health_port(*bot);
  ASSERT_GT(port, 0) << bot->output();
  EXPECT_EQ(get(port, "/healthz").status, 200);
  ASSERT_TRUE(wait_ready(*fake, *bot)) << bot->output();
  ASSERT_TRUE(fake->wait_until([&] { return get(port, "/readyz").status == 200; }, 10s)) << get(port, "/readyz").body;
  EXPECT_EQ(get(port, "/nothing").status, 404);

  const auto before = get(port, "/metrics");
  ASSERT_EQ(before.status, 200);
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  ASSERT_TRUE(ticket_channel_named("1-alice")) << bot->output();
  const auto after = get(port, "/metrics");
  int rc = 0;
  const std::string families = parse_with_prometheus(after.body, rc);
  EXPECT_EQ(rc, 0) << families << "\n" << after.body;
  for (const char* name : {"guichet_interactions_received", "guichet_rest_requests", "guichet_store_operation_duration_seconds",
                           "guichet_shard_up", "process_resident_memory_bytes"})
    EXPECT_NE(families.find(name), std::string::npos) << name << " missing: " << families;
  const std::string received = R"(guichet_interactions_received_total{kind="component"})";
  const std::string answered = R"(guichet_interactions_answered_total{kind="component"})";
  EXPECT_EQ(std::max(0.0, sample(before.body, received)) + 1, sample(after.body, received)) << after.body;
  EXPECT_EQ(std::max(0.0, sample(before.body, answered)) + 1, sample(after.body, answered)) << after.body;
  // Counted when the log entry is made, just after the member's answer.
  EXPECT_TRUE(fake->wait_until([&] { return sample(get(port, "/metrics").body, R"(guichet_tickets_total{action="opened"})") > 0; }))
      << get(port, "/metrics").body;
  EXPECT_EQ(sample(after.body, R"(guichet_shard_up{shard="0"})"), 1) << after.body;
  EXPECT_EQ(after.body.find(fake->opts().token), std::string::npos);
  EXPECT_TRUE(bot->wait_output("ticket #1 opened by", 1s)) << "ticket actions are logged at info";

  mongo.stop();
  ASSERT_TRUE(fake->wait_until([&] { return get(port, "/readyz").status == 503; }, 20s)) << bot->output();
  EXPECT_NE(get(port, "/readyz").body.find("store"), std::string::npos);
  EXPECT_EQ(get(port, "/healthz").status, 200) << "alive, only not ready";
  ASSERT_TRUE(mongo.start(why)) << why;
  EXPECT_TRUE(fake->wait_until([&] { return get(port, "/readyz").status == 200; }, 20s)) << get(port, "/readyz").body;
}

// SIGTERM while Discord is still creating a member's channel: the opening is finished (channel,
// welcome, answer, stored), a click that arrives meanwhile is told Guichet is restarting, and the
// process leaves with 0.
TEST_F(service_e2e, sigterm_during_an_opening_finishes_it) {
  configure();
  run_bot();
  id_t panel = post_panel();
  fake->inject({.method = "POST", .path_contains = "/channels", .status = 0, .times = 1, .delay_ms = 1500,
                .path_equals = "/guilds/" + std::to_string(g) + "/channels"});
  const id_t opening = open_ticket(panel, alice);
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice").has_value(); }, 5s)) << bot->output();
  kill(bot->pid(), SIGTERM);
  ASSERT_TRUE(bot->wait_output("stopping (signal received)", 2s)) << bot->output();
  auto late = fake->wait_outcome(open_ticket(panel, dave), 5s);
  ASSERT_TRUE(late) << bot->output();
  EXPECT_NE(embed_text(late->original).find("redémarre"), std::string::npos) << embed_text(late->original);
  auto exit = bot->wait_exit(15s);
  ASSERT_TRUE(exit) << bot->output();
  EXPECT_EQ(*exit, 0) << bot->output();
  auto opened = fake->outcome(opening);
  EXPECT_NE(embed_text(opened.original).find("<#"), std::string::npos) << embed_text(opened.original) << bot->output();
  auto ch = ticket_channel_named("1-alice");
  ASSERT_TRUE(ch);
  EXPECT_FALSE(fake->messages(std::stoull((*ch)["id"].get<std::string>())).empty()) << "no welcome message";
  auto store = storage::open_sqlite(db);
  ASSERT_TRUE(store);
  auto t = (*store)->find_by_number(discord::guild_id{g}, 1);
  ASSERT_TRUE(t && *t);
  EXPECT_EQ((**t).state, tickets::status::open);
  EXPECT_TRUE((**t).channel_id) << "the channel was stored";
  for (const auto& c : fake->channels(g)) EXPECT_EQ(c["name"].get<std::string>().find("dave"), std::string::npos);
  bot.reset();
}

TEST_F(service_e2e, backup_copies_the_live_store) {
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  const std::string copy = temp_path("backup.db");
  const std::string cmd = "GUICHET_DB=" + db + " " + guichet_binary() + " backup " + copy + " 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  auto store = storage::open_sqlite(copy);
  ASSERT_TRUE(store);
  auto t = (*store)->find_by_number(discord::guild_id{g}, 1);
  ASSERT_TRUE(t && *t) << "the copy has the ticket";
  EXPECT_EQ((**t).owner_id, discord::user_id{alice});
  std::remove(copy.c_str());
}

// guichet check: a ready server, then one never set up and a bot role that lost Manage Roles.
TEST_F(service_e2e, check_says_what_each_server_still_needs) {
  configure();
  const auto run_check = [&] {
    bot_process check(bot_env(*fake, db), {"check"});
    auto code = check.wait_exit(20s);
    return std::pair{code.value_or(-1), check.output()};
  };
  auto [ready_code, ready] = run_check();
  EXPECT_EQ(ready_code, 0) << ready;
  EXPECT_NE(ready.find("Clan (" + std::to_string(g) + "): ready"), std::string::npos) << ready;
  EXPECT_NE(ready.find("Server Members and Message Content are on"), std::string::npos) << ready;
  EXPECT_NE(ready.find("https://discord.com/oauth2/authorize?client_id=" + std::to_string(fake->application_id()) +
                       "&scope=bot+applications.commands&permissions=2251800082246672"),
            std::string::npos)
      << ready;
  EXPECT_EQ(ready.find(fake->opts().token), std::string::npos) << "the token was printed";

  const id_t other = fake->add_guild("Recrutement", bot_permissions, "fr");
  fake->set_role_permissions(g, fake->bot_role(g), bot_permissions & ~(1ULL << 28));
  auto [broken_code, broken] = run_check();
  EXPECT_EQ(broken_code, 1) << broken;
  EXPECT_NE(broken.find("2 servers:"), std::string::npos) << broken;
  EXPECT_NE(broken.find("Recrutement (" + std::to_string(other) + "): not ready"), std::string::npos) << broken;
  EXPECT_NE(broken.find("not set up yet: run /ticket config"), std::string::npos) << broken;
  EXPECT_NE(broken.find("Clan (" + std::to_string(g) + "): not ready"), std::string::npos) << broken;
  EXPECT_NE(broken.find("manage_roles"), std::string::npos) << broken;
  EXPECT_NE(broken.find("Ticket category: In this category I am missing: manage_roles"), std::string::npos) << broken;
  EXPECT_EQ(broken.find("<#"), std::string::npos) << "channels by name, not as mentions: " << broken;
}

TEST_F(service_e2e, check_names_a_privileged_intent_left_off) {
  fake_discord::options o;
  o.message_content_intent_enabled = false;
  start(o);
  configure();
  bot_process check(bot_env(*fake, db), {"check"});
  EXPECT_EQ(check.wait_exit(20s), 1) << check.output();
  EXPECT_NE(check.output().find("the Message Content Intent is off"), std::string::npos) << check.output();
  EXPECT_EQ(check.output().find("Server Members Intent is off"), std::string::npos) << check.output();
}

// Type=notify as systemd runs it: a datagram socket in NOTIFY_SOCKET, READY=1 once the shard is
// connected and the store answers, WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1 on SIGTERM.
TEST_F(service_e2e, tells_systemd_ready_watchdog_and_stopping) {
  configure();
  const std::string path = temp_path("notify.sock");
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof addr.sun_path);
  std::memcpy(addr.sun_path, path.c_str(), path.size());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval patience{20, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  const auto next_state = [&] {
    char buf[512];
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string("(nothing within 20 s)");
  };

  auto env = bot_env(*fake, db);
  env["NOTIFY_SOCKET"] = path;
  env["WATCHDOG_USEC"] = "2000000";
  bot = std::make_unique<bot_process>(env);
  std::vector<std::string> seen;
  while (seen.empty() || seen.back().find("READY=1") == std::string::npos) {
    seen.push_back(next_state());
    ASSERT_NE(seen.back(), "(nothing within 20 s)") << bot->output();
  }
  EXPECT_GT(fake->connected_shards(), 0) << "READY=1 came before the shard was connected";
  std::string after_ready = next_state();
  EXPECT_NE(after_ready.find("WATCHDOG=1"), std::string::npos) << after_ready;
  ::kill(bot->pid(), SIGTERM);
  std::string state;
  for (int i = 0; i < 10 && state.find("STOPPING=1") == std::string::npos; ++i) state = next_state();
  EXPECT_NE(state.find("STOPPING=1"), std::string::npos) << state;
  EXPECT_EQ(bot->wait_exit(15s), 0) << bot->output();
  ::close(fd);
  ::unlink(path.c_str());
}

TEST(service, version_and_help) {
  FILE* p = popen((guichet_binary() + " --version").c_str(), "r");
  char buf[256] = {};
  ASSERT_TRUE(p && fgets(buf, sizeof buf, p));
  EXPECT_EQ(pclose(p), 0);
  EXPECT_EQ(std::string(buf), std::string("guichet ") + GUICHET_VERSION + "\n");
  EXPECT_EQ(std::system((guichet_binary() + " --help | grep -q GUICHET_HTTP_ADDR").c_str()), 0);
  EXPECT_NE(std::system((guichet_binary() + " no-such-command 2>/dev/null").c_str()), 0);
}

}  // namespace
}  // namespace e2e
