// What a real network does on an ordinary day, through the real binary: servers that close idle
// kept-alive connections, 5xx answers, answers cut in the middle, refusals, a crash between "state
// stored" and "channel renamed".
#include "mongo_wire_server.hpp"
#include "ticket_world.hpp"

namespace e2e {

using namespace std::chrono_literals;

struct network_e2e : ticket_world {
  void SetUp() override {}  // each test starts the fake with its own faults

  id_t channel_named(const std::string& name) {
    auto ch = ticket_channel_named(name);
    EXPECT_TRUE(ch) << "no channel " << name << "\n" << bot->output();
    return ch ? std::stoull((*ch)["id"].get<std::string>()) : 0;
  }
  bool name_becomes(id_t cid, const std::string& n, std::chrono::milliseconds timeout = 15s) {
    return fake->wait_until([&] { return fake->channel(cid).value()["name"] == n; }, timeout);
  }
  // A running bot with alice's ticket #1 open; its channel.
  id_t alice_ticket() {
    start();
    configure();
    run_bot();
    answer(open_ticket(post_panel(), alice));
    return channel_named("1-alice");
  }
  // The renames of `cid` (PATCH on the channel itself), and how many got `status`.
  std::pair<int, int> renames_of(id_t cid, int status) {
    int all = 0, with = 0;
    for (const auto& r : fake->requests())
      if (r.method == "PATCH" && r.path == "/channels/" + std::to_string(cid)) {
        ++all;
        with += r.status == status;
      }
    return {all, with};
  }
  void fail_renames(id_t cid, int status, int times) {
    fake_discord::fault f;
    f.method = "PATCH";
    f.path_equals = "/channels/" + std::to_string(cid);  // the rename, not the welcome message's edit
    f.status = status;
    f.times = times;
    fake->inject(f);
  }
  int requests_matching(const std::string& method, const std::string& path_part) {
    int n = 0;
    for (const auto& r : fake->requests()) n += r.method == method && r.path.find(path_part) != std::string::npos;
    return n;
  }
};

// The server closes every kept-alive connection after 1 s idle (Node's default is 5 s): after a
// quiet period, the next click is answered at once and the rename it asks for is applied.
TEST_F(network_e2e, after_an_idle_period_the_next_click_is_answered_and_its_rename_applied) {
  fake_discord::options o;
  o.idle_timeout = 1000ms;
  start(o);
  configure();
  run_bot();
  id_t panel = post_panel();
  // A burst that leaves several connections in the pool.
  std::vector<id_t> burst;
  for (auto u : {alice, dave}) burst.push_back(open_ticket(panel, u));
  for (auto i : burst) answer(i);
  const std::string n = ticket_channel_named("1-alice") ? "1" : "2";  // the burst's order is the network's
  id_t cid = channel_named(n + "-alice");
  const int connections_before = fake->http_connections();
  std::this_thread::sleep_for(2500ms);  // every pooled connection is closed by now
  auto claimed = answer(click(cid, bob, "gt1:claim"));
  EXPECT_NE(embed_text(claimed.original).find("prend en charge"), std::string::npos) << embed_text(claimed.original);
  EXPECT_TRUE(name_becomes(cid, n + "-alice-bob")) << bot->output();
  EXPECT_GT(fake->http_connections(), connections_before) << "a fresh connection replaced the closed ones";
  EXPECT_EQ(bot->output().find("end of stream"), std::string::npos) << "no request failed on a closed connection:\n"
                                                                     << bot->output();
}

// Reopen's rename must wait for Discord's rename limit; meanwhile the server closes every idle
// connection. The rename is still applied when the limit allows it.
TEST_F(network_e2e, a_rename_held_by_the_limit_is_applied_after_the_pool_went_stale) {
  fake_discord::options o;
  o.idle_timeout = 1000ms;
  o.advertise_keep_alive = true;
  o.rename_limit = 2;
  o.rename_window = 4000ms;
  start(o);
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = channel_named("1-alice");
  answer(click(cid, bob, "gt1:claim"));
  ASSERT_TRUE(name_becomes(cid, "1-alice-bob"));
  answer(click(cid, alice, "gt1:close"));
  ASSERT_TRUE(name_becomes(cid, "fermé-alice"));
  answer(click(cid, bob, "gt1:reopen"));  // its rename waits ~4 s: the pool is stale by then
  EXPECT_TRUE(name_becomes(cid, "1-alice-bob")) << fake->channel(cid).value()["name"] << "\n" << bot->output();
}

TEST_F(network_e2e, a_rename_answered_503_twice_is_applied_on_the_third_try) {
  id_t cid = alice_ticket();
  fail_renames(cid, 503, 2);
  answer(click(cid, bob, "gt1:claim"));
  EXPECT_TRUE(name_becomes(cid, "1-alice-bob")) << bot->output();
  EXPECT_EQ(renames_of(cid, 503), std::make_pair(3, 2));
}

TEST_F(network_e2e, a_refused_rename_is_not_retried) {
  id_t cid = alice_ticket();
  fail_renames(cid, 403, 10);
  answer(click(cid, bob, "gt1:claim"));
  ASSERT_TRUE(bot->wait_output("given up", 5s)) << bot->output();
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(renames_of(cid, 403), std::make_pair(1, 1)) << "a 403 will not get better\n" << bot->output();
}

// The answer to an interaction callback is lost (the connection drops in the middle of it): the
// callback is sent again, Discord says "already acknowledged", and the opening goes on.
TEST_F(network_e2e, a_lost_callback_answer_does_not_lose_the_click) {
  start();
  configure();
  run_bot();
  id_t panel = post_panel();
  fake_discord::fault f;
  f.method = "POST";
  f.path_contains = "/callback";
  f.status = 0;
  f.cut_response = true;
  fake->inject(f);
  auto opened = answer(open_ticket(panel, alice));
  EXPECT_NE(embed_text(opened.original).find("<#"), std::string::npos) << embed_text(opened.original) << bot->output();
  EXPECT_TRUE(ticket_channel_named("1-alice")) << bot->output();
}

// A log entry whose answer is cut off is sent again with the same nonce: one entry, never two.
TEST_F(network_e2e, a_message_whose_answer_was_lost_is_posted_once) {
  start();
  configure();
  run_bot();
  id_t panel = post_panel();
  fake_discord::fault f;
  f.method = "POST";
  f.path_contains = "/channels/" + std::to_string(logs) + "/messages";
  f.status = 0;
  f.cut_response = true;
  fake->inject(f);
  answer(open_ticket(panel, alice));
  ASSERT_TRUE(wait_log("🎫 Ticket créé")) << bot->output();
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(log_titles().size(), 1u);
  EXPECT_GE(requests_matching("POST", "/channels/" + std::to_string(logs) + "/messages"), 2) << "it was sent again";
}

// kill -9 after the claim was stored and before the channel was changed: the next start gives the
// channel its claimed name and overwrites without anyone clicking.
TEST_F(network_e2e, a_crash_between_claim_and_rename_heals_at_the_next_start) {
  start();
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = channel_named("1-alice");
  fake_discord::fault stall;  // the claim's first overwrite hangs: the crash comes before the rename
  stall.method = "PUT";
  stall.path_contains = "/channels/" + std::to_string(cid) + "/permissions";
  stall.status = 0;
  stall.delay_ms = 8000;
  fake->inject(stall);
  fake->click(g, cid, bob, welcome_of(cid), "gt1:claim");
  ASSERT_TRUE(fake->wait_until([&] {
    auto store = storage::open_sqlite(db);
    auto t = store ? (*store)->find_by_channel(discord::channel_id{cid}) : decltype((*store)->find_by_channel(discord::channel_id{})){};
    return t && *t && (*t)->state == tickets::status::claimed;
  })) << bot->output();
  bot->kill_hard();
  EXPECT_EQ(fake->channel(cid).value()["name"], "1-alice");
  bot = std::make_unique<bot_process>(bot_env(*fake, db));
  ASSERT_TRUE(wait_ready(*fake, *bot)) << bot->output();
  EXPECT_TRUE(name_becomes(cid, "1-alice-bob", 20s)) << bot->output();
  EXPECT_TRUE(fake->wait_until([&] {
    return !(fake->computed_permissions(g, cid, carol) & send) && (fake->computed_permissions(g, cid, bob) & send);
  })) << "the claimed state's overwrites: only the claimer replies among staff";
}

// kill -9 between the reservation and the channel: the member is not blocked after the restart.
TEST_F(network_e2e, a_crash_during_an_opening_never_blocks_the_member) {
  start();
  configure();
  run_bot();
  id_t panel = post_panel();
  fake_discord::fault stall;  // the channel creation hangs: the crash comes with the number reserved
  stall.method = "POST";
  stall.path_contains = "/guilds/" + std::to_string(g) + "/channels";
  stall.status = 0;
  stall.delay_ms = 8000;
  fake->inject(stall);
  fake->select(g, general, alice, panel, "gt1:open", 3, {panel_value(panel, "Support")});
  ASSERT_TRUE(fake->wait_until([&] { return requests_matching("POST", "/guilds/" + std::to_string(g) + "/channels") > 0; }));
  bot->kill_hard();
  bot = std::make_unique<bot_process>(bot_env(*fake, db));
  ASSERT_TRUE(wait_ready(*fake, *bot)) << bot->output();
  ASSERT_TRUE(bot->wait_output("released ticket #1", 15s)) << bot->output();
  auto reopened = answer(open_ticket(panel, alice));
  EXPECT_EQ(embed_text(reopened.original).find("déjà un ticket"), std::string::npos) << embed_text(reopened.original);
  EXPECT_TRUE(fake->wait_until([&] { return ticket_channel_named("2-alice").has_value(); })) << bot->output();
}

// MongoDB goes away in the middle of the day, then comes back: a member gets a clear refusal within
// Discord's 3 s meanwhile, and the next opening works without restarting Guichet.
TEST_F(network_e2e, mongodb_down_then_back_a_clear_refusal_then_a_normal_open_without_restart) {
  test_support::mongo_wire_process mongo;
  std::string why;
  if (!mongo.start(why)) GTEST_SKIP() << "SKIPPED: " << why;
  start();
  auto save_config = [&] {
    auto store = storage::open_mongo({mongo.uri()});
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->save_config(world_config()));
  };
  save_config();
  auto env = bot_env(*fake, db);
  env["MONGODB_URI"] = mongo.uri();
  bot = std::make_unique<bot_process>(env);
  ASSERT_TRUE(wait_ready(*fake, *bot)) << bot->output();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  ASSERT_TRUE(ticket_channel_named("1-alice")) << bot->output();

  mongo.stop();
  const auto clicked = std::chrono::steady_clock::now();
  auto refused = fake->wait_outcome(open_ticket(panel, dave), 10s);
  ASSERT_TRUE(refused) << bot->output();
  const auto late = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - clicked);
  RecordProperty("refusal_ms", static_cast<int>(late.count()));
  std::printf("the refusal came %lld ms after the click\n", static_cast<long long>(late.count()));
  EXPECT_LT(late, 3500ms) << "the refusal came too late";
  EXPECT_NE(embed_text(refused->original).find("indisponible"), std::string::npos) << embed_text(refused->original);
  for (const auto& c : fake->channels(g)) EXPECT_EQ(c["name"].get<std::string>().find("dave"), std::string::npos);

  ASSERT_TRUE(mongo.start(why)) << why;  // back, empty (in memory): the admin's setup is written again
  save_config();
  auto opened = answer(open_ticket(panel, dave));
  EXPECT_NE(embed_text(opened.original).find("<#"), std::string::npos) << embed_text(opened.original) << bot->output();
  bool made = false;
  for (const auto& c : fake->channels(g)) made = made || c["name"].get<std::string>().find("dave") != std::string::npos;
  EXPECT_TRUE(made) << bot->output();
}

}  // namespace e2e
