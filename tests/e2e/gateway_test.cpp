// The transport end to end: the real bot binary against the fake Discord over loopback sockets.
#include <filesystem>
#include <thread>

#include "harness.hpp"

namespace e2e {
namespace {

std::vector<json> frames_from_bot(const fake_discord::server& fake, int op) {
  std::vector<json> out;
  for (const auto& f : fake.gateway_frames())
    if (f.from_bot && f.frame.value("op", -1) == op) out.push_back(f.frame);
  return out;
}

TEST(gateway, identifies_with_the_intents_and_gets_ready_and_the_guild) {
  fake_discord::server fake;
  fake.add_guild("Serveur", bot_permissions);
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(wait_ready(fake, bot)) << bot.output();
  auto identifies = frames_from_bot(fake, 2);
  ASSERT_EQ(identifies.size(), 1u);
  const auto& d = identifies[0]["d"];
  EXPECT_EQ(d["token"], fake.opts().token);
  std::uint32_t intents = d["intents"];
  EXPECT_TRUE(intents & 1u) << "GUILDS";
  EXPECT_TRUE(intents & 2u) << "GUILD_MEMBERS";
  EXPECT_EQ(d["shard"], json::array({0, 1}));
  EXPECT_TRUE(bot.wait_output("guild Serveur", std::chrono::seconds(5))) << bot.output();
  // The /ticket command is registered, for admins only (and /this-ticket, for ticket channels).
  auto cmds = fake.registered_commands();
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0]["name"], "ticket");
  EXPECT_EQ(cmds[1]["name"], "this-ticket");
  EXPECT_EQ(cmds[0]["default_member_permissions"], std::to_string(manage_guild));
  EXPECT_TRUE(cmds[0]["description_localizations"].contains("fr"));
  // The token never reaches a log line.
  EXPECT_EQ(bot.output().find(fake.opts().token), std::string::npos);
  EXPECT_TRUE(fake.rejected_requests().empty());
}

TEST(gateway, a_dropped_connection_is_resumed_and_missed_events_replayed) {
  fake_discord::server fake;
  id_t g = fake.add_guild("Serveur", bot_permissions);
  id_t admin = fake.add_user("admin");
  id_t admin_role = fake.add_role(g, "Admin", manage_guild);
  fake.add_member(g, admin, {admin_role});
  id_t general = fake.add_channel(g, "general");
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(wait_ready(fake, bot)) << bot.output();
  // The session id and the last sequence the bot saw before the drop.
  std::string session_id;
  std::int64_t last_seq = 0;
  for (const auto& f : fake.gateway_frames())
    if (!f.from_bot && f.frame.value("op", -1) == 0) {
      if (f.frame["t"] == "READY") session_id = f.frame["d"]["session_id"];
      last_seq = f.frame["s"];
    }
  ASSERT_FALSE(session_id.empty());
  fake.drop_gateway();
  // Sent right after the drop, while the bot is away (coming back takes it a TCP connection and a
  // HELLO; waiting to see it gone could miss that short window on a loaded machine): the event must
  // come back through RESUME and be answered.
  id_t missed = fake.slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "stats"}, {"type", 1}}})}});
  ASSERT_TRUE(fake.wait_until([&] { return !frames_from_bot(fake, 6).empty(); }, std::chrono::seconds(10))) << bot.output();
  auto resume = frames_from_bot(fake, 6).front()["d"];
  EXPECT_EQ(resume["session_id"], session_id);
  EXPECT_EQ(resume["seq"], last_seq);
  EXPECT_EQ(resume["token"], fake.opts().token);
  EXPECT_EQ(frames_from_bot(fake, 2).size(), 1u) << "resumed, not identified again";
  auto outcome = fake.wait_outcome(missed, std::chrono::seconds(10));
  ASSERT_TRUE(outcome) << bot.output();
  EXPECT_EQ(outcome->callback_type, 5);
  ASSERT_TRUE(outcome->original.contains("embeds"));
  EXPECT_NE(outcome->original["embeds"][0].value("title", "").find("Statistiques"), std::string::npos);
}

TEST(gateway, a_zombie_connection_is_replaced_and_resumed) {
  fake_discord::options o;
  o.heartbeat_interval_ms = 400;
  fake_discord::server fake(o);
  id_t g = fake.add_guild("Serveur", bot_permissions);
  id_t admin = fake.add_user("admin");
  fake.add_member(g, admin, {fake.add_role(g, "Admin", manage_guild)});
  id_t general = fake.add_channel(g, "general");
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(wait_ready(fake, bot)) << bot.output();
  const json stats{{"name", "ticket"}, {"options", json::array({{{"name", "stats"}, {"type", 1}}})}};
  fake.ignore_heartbeats(true);
  id_t during = fake.slash_command(g, general, admin, stats);  // while the connection goes stale
  ASSERT_TRUE(fake.wait_until([&] { return !frames_from_bot(fake, 6).empty(); }, std::chrono::seconds(10))) << bot.output();
  EXPECT_TRUE(bot.wait_output("zombie", std::chrono::seconds(2))) << bot.output();
  fake.ignore_heartbeats(false);
  id_t after = fake.slash_command(g, general, admin, stats);
  EXPECT_TRUE(fake.wait_outcome(during, std::chrono::seconds(10))) << "no interaction is lost\n" << bot.output();
  EXPECT_TRUE(fake.wait_outcome(after, std::chrono::seconds(10))) << bot.output();
  EXPECT_EQ(frames_from_bot(fake, 2).size(), 1u) << "resumed, not identified again";
  EXPECT_TRUE(bot.running());
}

TEST(gateway, reconnect_opcode_and_invalid_session_are_followed) {
  fake_discord::server fake;
  fake.add_guild("Serveur", bot_permissions);
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(wait_ready(fake, bot)) << bot.output();
  // A close code that allows resuming.
  fake.close_gateway(4000);
  ASSERT_TRUE(fake.wait_until([&] { return !frames_from_bot(fake, 6).empty(); }, std::chrono::seconds(10))) << bot.output();
  // 4009 session timed out: identify anew.
  fake.close_gateway(4009);
  ASSERT_TRUE(fake.wait_until([&] { return frames_from_bot(fake, 2).size() == 2; }, std::chrono::seconds(10))) << bot.output();
  EXPECT_TRUE(bot.running());
}

TEST(gateway, a_429_delays_the_retry_by_at_least_retry_after) {
  fake_discord::server fake;
  fake.add_guild("Serveur", bot_permissions);
  fake.inject({"PUT", "/commands", 429, 1.5, "user", 1});
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(fake.wait_until(
      [&] {
        int n = 0;
        for (const auto& r : fake.requests())
          if (r.method == "PUT" && r.path.find("/commands") != std::string::npos) ++n;
        return n >= 2;
      },
      std::chrono::seconds(10)))
      << bot.output();
  std::vector<fake_discord::recorded_request> puts;
  for (const auto& r : fake.requests())
    if (r.method == "PUT" && r.path.find("/commands") != std::string::npos) puts.push_back(r);
  ASSERT_EQ(puts[0].status, 429);
  EXPECT_EQ(puts[1].status, 200);
  auto gap = std::chrono::duration<double>(puts[1].at - puts[0].at).count();
  EXPECT_GE(gap, 1.5);
  EXPECT_LT(gap, 3.0);
}

TEST(gateway, server_errors_on_idempotent_requests_are_retried) {
  fake_discord::server fake;
  fake.add_guild("Serveur", bot_permissions);
  fake.inject({"GET", "/gateway/bot", 502, 0, "", 2});
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(wait_ready(fake, bot)) << bot.output();
}

TEST(gateway, a_bad_token_at_the_gateway_stops_the_bot_with_a_clear_message) {
  fake_discord::server fake;
  fake.add_guild("Serveur", bot_permissions);
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(wait_ready(fake, bot)) << bot.output();
  fake.close_gateway(4004);
  auto code = bot.wait_exit(std::chrono::seconds(10));
  ASSERT_TRUE(code) << bot.output();
  EXPECT_NE(*code, 0);
  EXPECT_NE(bot.output().find("4004"), std::string::npos) << bot.output();
  EXPECT_NE(bot.output().find("DISCORD_TOKEN"), std::string::npos) << bot.output();
}

TEST(gateway, a_token_refused_by_the_api_stops_the_bot) {
  fake_discord::server fake;
  auto env = bot_env(fake, temp_path("db"));
  env["DISCORD_TOKEN"] = "not-the-token";
  bot_process bot(env);
  auto code = bot.wait_exit(std::chrono::seconds(10));
  ASSERT_TRUE(code) << bot.output();
  EXPECT_NE(*code, 0);
  EXPECT_NE(bot.output().find("401"), std::string::npos) << bot.output();
  EXPECT_EQ(bot.output().find("not-the-token"), std::string::npos) << "the token never reaches the logs";
}

TEST(gateway, a_disallowed_intent_names_the_developer_portal_switch) {
  fake_discord::options o;
  o.members_intent_enabled = false;
  fake_discord::server fake(o);
  bot_process bot(bot_env(fake, temp_path("db")));
  auto code = bot.wait_exit(std::chrono::seconds(15));
  ASSERT_TRUE(code) << bot.output();
  EXPECT_NE(*code, 0);
  EXPECT_NE(bot.output().find("Server Members Intent"), std::string::npos) << bot.output();
}

TEST(startup, without_a_token_it_explains_how_to_get_one) {
  bot_process bot({{"GUICHET_DB", temp_path("db")}});
  auto code = bot.wait_exit(std::chrono::seconds(5));
  ASSERT_TRUE(code);
  EXPECT_NE(*code, 0);
  EXPECT_NE(bot.output().find("discord.com/developers/applications"), std::string::npos) << bot.output();
}

TEST(startup, bad_values_get_a_clear_message) {
  bot_process bot({{"DISCORD_TOKEN", "x"}, {"DISCORD_API_URL", "ftp://nope"}, {"GUICHET_SHARDS", "3-1"}, {"GUICHET_LOG_LEVEL", "loud"}});
  auto code = bot.wait_exit(std::chrono::seconds(5));
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 2);
  auto out = bot.output();
  EXPECT_NE(out.find("DISCORD_API_URL"), std::string::npos) << out;
  EXPECT_NE(out.find("GUICHET_SHARDS"), std::string::npos) << out;
  EXPECT_NE(out.find("GUICHET_LOG_LEVEL"), std::string::npos) << out;
}

TEST(startup, an_unreachable_mongodb_stops_the_bot_within_10_seconds_naming_it) {
  fake_discord::server fake;
  auto env = bot_env(fake, temp_path("db"));
  env["MONGODB_URI"] = "mongodb://127.0.0.1:1";
  auto start = std::chrono::steady_clock::now();
  bot_process bot(env);
  auto code = bot.wait_exit(std::chrono::seconds(12));
  ASSERT_TRUE(code) << bot.output();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(*code, 0);
  EXPECT_NE(bot.output().find("MongoDB"), std::string::npos) << bot.output();
  EXPECT_NE(bot.output().find("127.0.0.1:1"), std::string::npos) << bot.output();
}

// The MongoDB backend is a module beside the binary (or in ../lib/guichet/): a guichet copied
// without it says so and how to fix it, instead of blaming the database; on SQLite it needs nothing.
TEST(startup, a_missing_mongodb_module_is_named_and_sqlite_does_not_need_it) {
  const std::filesystem::path dir = temp_path("alone");
  std::filesystem::create_directories(dir / "bin");
  const auto alone = (dir / "bin" / "guichet").string();
  std::filesystem::copy_file(guichet_binary(), alone);
  fake_discord::server fake;
  auto env = bot_env(fake, temp_path("db"));
  env["MONGODB_URI"] = "mongodb://127.0.0.1:1";
  bot_process with_mongo(env, {"check"}, alone);
  auto code = with_mongo.wait_exit(std::chrono::seconds(10));
  ASSERT_TRUE(code) << with_mongo.output();
  EXPECT_NE(*code, 0);
  EXPECT_NE(with_mongo.output().find("MongoDB module is not installed"), std::string::npos) << with_mongo.output();
  EXPECT_NE(with_mongo.output().find((dir / "lib" / "guichet" / "guichet-mongodb.so").string()), std::string::npos)
      << with_mongo.output();
  EXPECT_EQ(with_mongo.output().find("check that MongoDB is running"), std::string::npos) << with_mongo.output();

  env.erase("MONGODB_URI");
  bot_process on_sqlite(env, {}, alone);
  EXPECT_TRUE(fake.wait_until([&] { return fake.connected_shards() == 1; }, std::chrono::seconds(10))) << on_sqlite.output();
  std::filesystem::remove_all(dir);
}

TEST(sharding, several_shards_in_one_process_each_identify) {
  fake_discord::options o;
  o.shard_count = 2;
  o.max_concurrency = 2;
  fake_discord::server fake(o);
  fake.add_guild("A", bot_permissions);
  fake.add_guild("B", bot_permissions);
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(fake.wait_until([&] { return fake.connected_shards() == 2; }, std::chrono::seconds(15))) << bot.output();
  std::set<int> shards;
  for (const auto& f : frames_from_bot(fake, 2)) shards.insert(f["d"]["shard"][0].get<int>());
  EXPECT_EQ(shards, (std::set<int>{0, 1}));
}

// With max_concurrency 1 the second shard waits ~5 s for its IDENTIFY slot; it keeps reading its
// connection meanwhile (heartbeat ACKs), so it is never taken for a zombie and reconnected.
TEST(sharding, a_shard_waiting_for_its_identify_slot_is_not_a_zombie) {
  fake_discord::options o;
  o.shard_count = 2;
  o.max_concurrency = 1;
  o.heartbeat_interval_ms = 500;
  fake_discord::server fake(o);
  fake.add_guild("A", bot_permissions);
  fake.add_guild("B", bot_permissions);
  bot_process bot(bot_env(fake, temp_path("db")));
  ASSERT_TRUE(fake.wait_until([&] { return fake.connected_shards() == 2; }, std::chrono::seconds(20))) << bot.output();
  EXPECT_EQ(frames_from_bot(fake, 2).size(), 2u) << "one IDENTIFY per shard";
  EXPECT_EQ(bot.output().find("zombie"), std::string::npos) << bot.output();
}

}  // namespace
}  // namespace e2e
