// Hostile and broken input sent to the running bot: it stays alive, answers the next member, and
// nothing happens in a guild the payload did not truly come from.
#include "ticket_world.hpp"

namespace e2e {

using namespace std::chrono_literals;

struct hostile_e2e : ticket_world {
  void SetUp() override {
    start();
    configure();
    run_bot();
  }
  // The bot still answers an ordinary member.
  void still_answers() {
    ASSERT_TRUE(bot->running()) << bot->output();
    auto stats = fake->slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "stats"}, {"type", 1}}})}});
    EXPECT_TRUE(fake->wait_outcome(stats, 10s)) << bot->output();
  }
};

TEST_F(hostile_e2e, a_guild_interaction_whose_member_has_no_user_is_dropped) {
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  auto p = fake->interaction_payload(g, cid, bob, "gt1:claim");
  p["member"].erase("user");
  auto forged = fake->dispatch_raw_interaction(g, p);
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(fake->outcome(forged).responded);
  EXPECT_TRUE(bot->wait_output("dropped", 2s)) << bot->output();
  for (const char* field : {"channel_id", "member", "data", "token"}) {
    auto q = fake->interaction_payload(g, cid, bob, "gt1:claim");
    q.erase(field);
    fake->dispatch_raw_interaction(g, q);
  }
  still_answers();
}

TEST_F(hostile_e2e, a_deeply_nested_frame_does_not_take_the_bot_down) {
  std::string deep = R"({"op":0,"t":"MESSAGE_CREATE","s":null,"d":{"id":"1","channel_id":"2","author":{"id":"3","username":"x"},"content":"","referenced_message":)";
  const int depth = 20'000;
  for (int i = 0; i < depth; ++i) deep += R"({"id":"1","channel_id":"2","author":{"id":"3","username":"x"},"referenced_message":)";
  deep += "null";
  for (int i = 0; i < depth; ++i) deep += "}";
  deep += "}}";
  fake->send_raw_gateway_text(deep);
  fake->send_raw_gateway_text(std::string(R"({"op":0,"t":"MESSAGE_CREATE","d":)") + std::string(50'000, '[') + "}");
  fake->send_raw_gateway_text("{\"op\":0,\"t\":\"INTERACTION_CREATE\",\"d\":{\"id\":");  // truncated
  // All three read and dropped (under sanitizers the first takes seconds to parse), then a member.
  ASSERT_TRUE(fake->wait_until([&] {
    auto out = bot->output();
    int dropped = 0;
    for (auto at = out.find("dropped a gateway frame"); at != std::string::npos; at = out.find("dropped a gateway frame", at + 1)) ++dropped;
    return dropped >= 3;
  }, 30s)) << bot->output();
  still_answers();
}

// An interaction that claims guild B, where the clicker is an admin, against guild A's ticket.
TEST_F(hostile_e2e, a_ticket_of_another_guild_is_never_touched) {
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  id_t other = fake->add_guild("Autre", bot_permissions, "fr");
  id_t boss = fake->add_user("boss");
  fake->add_member(other, boss, {fake->add_role(other, "Admin", manage_guild | (1ULL << 3))}, true);
  std::this_thread::sleep_for(300ms);
  for (const char* action : {"gt1:claim", "gt1:close", "gt1:delete-yes", "gt1:transcript"}) {
    auto p = fake->interaction_payload(other, cid, boss, action);
    p["guild_id"] = std::to_string(other);
    auto o = fake->wait_outcome(fake->dispatch_raw_interaction(other, p), 10s);
    ASSERT_TRUE(o) << action << "\n" << bot->output();
    EXPECT_NE(embed_text(o->original).find("pas (ou plus) un ticket"), std::string::npos) << action << ": " << embed_text(o->original);
  }
  ASSERT_TRUE(fake->channel(cid)) << "guild A's ticket still exists";
  EXPECT_EQ(fake->channel(cid).value()["name"], "1-alice");
  still_answers();
}

// Finding 5: rights follow the configuration as it is now. Support's staff replaced: the old team
// loses the ticket at once; the category renamed: its tickets keep their staff; a new category that
// reuses the old name: old tickets are not handed to its team.
TEST_F(hostile_e2e, a_category_s_old_staff_loses_its_tickets_and_names_do_not_carry_rights) {
  constexpr std::uint64_t view = 1ull << 10;
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  ASSERT_TRUE(fake->computed_permissions(g, cid, carol) & view);
  id_t renfort = fake->add_role(g, "Renfort", 0);
  fake->add_member(g, dave, {renfort}, true);
  answer(fake->select(g, general, admin, 0, "gt1:cfg:roles:0", 6, {std::to_string(renfort)}));
  answer(fake->click(g, general, admin, 0, "gt1:cfg:validate"));
  ASSERT_TRUE(fake->wait_until([&] {
    return !(fake->computed_permissions(g, cid, carol) & view) && (fake->computed_permissions(g, cid, dave) & view);
  }, 10s)) << "the former staff still sees the ticket\n" << bot->output();
  answer(fake->submit_modal(g, general, admin, "gt1:cfg:cat-modal:0", {{"name", "Aide"}, {"message", "Décrivez."}}));
  answer(fake->submit_modal(g, general, admin, "gt1:cfg:cat-modal", {{"name", "Support"}, {"message", "Nouveau."}}));
  answer(fake->select(g, general, admin, 0, "gt1:cfg:roles:2", 6, {std::to_string(staff_role)}));
  auto validated = answer(fake->click(g, general, admin, 0, "gt1:cfg:validate"));
  EXPECT_NE(embed_text(validated.callback_data).find("Configuration enregistrée"), std::string::npos) << validated.callback_data.dump();
  std::this_thread::sleep_for(1s);  // the reconciliation after the validation has run
  EXPECT_TRUE(fake->computed_permissions(g, cid, dave) & view) << "a renamed category keeps its tickets' staff";
  EXPECT_FALSE(fake->computed_permissions(g, cid, carol) & view) << "a reused name hands over no ticket";
  auto claim = answer(click(cid, dave, "gt1:claim"));
  EXPECT_NE(embed_text(claim.original).find("prend en charge"), std::string::npos) << embed_text(claim.original);
}

// "Pick Support → Close", again and again: one member must not fill the server's 500 channels.
struct loop_e2e : hostile_e2e {
  // The guild's options, written as an admin's configuration would be.
  void options(int opens_per_window, int closed_max) {
    auto c = world_config();
    c.options.opens_per_window = opens_per_window;
    c.options.closed_per_member_max = closed_max;
    store_config(c);
  }
  // Alice opens and closes her own ticket n times; the channels.
  std::vector<id_t> open_and_close(id_t panel, int n) {
    std::vector<id_t> out;
    for (int k = 1; k <= n; ++k) {
      answer(open_ticket(panel, alice));
      auto ch = ticket_channel_named(std::to_string(k) + "-alice");
      EXPECT_TRUE(ch) << k << "\n" << bot->output();
      if (!ch) break;
      out.push_back(std::stoull((*ch)["id"].get<std::string>()));
      answer(click(out.back(), alice, "gt1:close"));
    }
    return out;
  }
};

TEST_F(loop_e2e, a_member_opening_and_closing_in_a_loop_is_stopped_after_three) {
  options(3, 10);
  id_t panel = post_panel();
  open_and_close(panel, 3);
  auto refused = answer(open_ticket(panel, alice));
  auto text = embed_text(refused.original);
  EXPECT_NE(text.find("3 tickets"), std::string::npos) << text;
  EXPECT_NE(text.find("<t:"), std::string::npos) << "says when, as a Discord timestamp: " << text;
  EXPECT_FALSE(ticket_channel_named("4-alice")) << "no fourth channel";
  answer(open_ticket(panel, dave));
  EXPECT_TRUE(ticket_channel_named("4-dave")) << "other members are not held back";
}

TEST_F(loop_e2e, closed_tickets_a_member_keeps_are_bounded_until_staff_delete_one) {
  options(10, 3);
  id_t panel = post_panel();
  auto closed = open_and_close(panel, 3);
  ASSERT_EQ(closed.size(), 3u);
  auto refused = answer(open_ticket(panel, alice));
  EXPECT_NE(embed_text(refused.original).find("3 tickets fermés"), std::string::npos) << embed_text(refused.original);
  EXPECT_FALSE(ticket_channel_named("4-alice"));
  auto ask = fake->click(g, closed[0], bob, welcome_of(closed[0]), "gt1:delete-force");  // staff deletes one
  answer(ask);
  ASSERT_TRUE(fake->wait_until([&] { return !fake->channel(closed[0]); })) << bot->output();
  answer(open_ticket(panel, alice));
  EXPECT_TRUE(ticket_channel_named("4-alice")) << bot->output();
}

}  // namespace e2e
