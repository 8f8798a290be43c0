// Members who leave and come back, channels deleted by hand, a crash mid-opening, statistics,
// forced close and a full ticket category, end to end.
#include <sqlite3.h>

#include "ticket_world.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;

struct operations_e2e : ticket_world {
  id_t open_for(id_t panel, id_t user, const std::string& name) {
    answer(open_ticket(panel, user));
    auto ch = ticket_channel_named(name);
    EXPECT_TRUE(ch) << bot->output();
    return ch ? std::stoull((*ch)["id"].get<std::string>()) : 0;
  }
  id_t last_message_id(id_t channel) {
    auto msgs = fake->messages(channel);
    return msgs.empty() ? 0 : std::stoull(msgs.back()["id"].get<std::string>());
  }
  fake_discord::interaction_outcome command(const std::string& sub, id_t channel, json options = json::array()) {
    json opt{{"name", sub}, {"type", 1}};
    if (!options.empty()) opt["options"] = options;
    return answer(fake->slash_command(g, channel, admin, {{"name", "ticket"}, {"options", json::array({opt})}}));
  }
};

TEST_F(operations_e2e, a_member_who_leaves_gets_a_close_button_that_works_without_them) {
  configure();
  run_bot();
  id_t panel = post_panel();
  id_t cid = open_for(panel, alice, "1-alice");
  fake->remove_member(g, alice);
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(cid))
      if (embed_text(m).find("a quitté le serveur. Souhaitez-vous fermer ce ticket ?") != std::string::npos) return true;
    return false;
  })) << bot->output();
  auto notice = fake->messages(cid).back();
  EXPECT_EQ(notice["components"][0]["components"][0]["custom_id"], "gt1:left-close");
  EXPECT_EQ(notice["components"][0]["components"][0]["label"], "Oui, fermer");
  id_t notice_id = std::stoull(notice["id"].get<std::string>());
  auto not_staff = answer(fake->click(g, cid, dave, notice_id, "gt1:left-close"));
  EXPECT_NE(embed_text(not_staff.original).find("Seul"), std::string::npos);
  auto closed = answer(fake->click(g, cid, bob, notice_id, "gt1:left-close"));
  EXPECT_NE(embed_text(closed.original).find("fermé"), std::string::npos) << embed_text(closed.original) << bot->output();
  ASSERT_TRUE(wait_log("🔒 Ticket fermé"));
  // Delete works too although the owner is gone (Discord: Unknown Member).
  answer(click(cid, bob, "gt1:delete"));
  answer(fake->click(g, cid, bob, welcome_of(cid), "gt1:delete-yes"));
  EXPECT_TRUE(fake->wait_until([&] { return !fake->channel(cid); })) << bot->output();
}

TEST_F(operations_e2e, coming_back_restores_access_to_an_open_ticket_only) {
  configure();
  run_bot();
  id_t panel = post_panel();
  id_t open_one = open_for(panel, alice, "1-alice");
  id_t closed_one = open_for(panel, dave, "2-dave");
  answer(click(closed_one, dave, "gt1:close"));
  // Both leave, then come back.
  fake->remove_member(g, alice);
  fake->remove_member(g, dave);
  settle(std::chrono::milliseconds(300));
  fake->add_member(g, alice, {}, true);
  fake->add_member(g, dave, {}, true);
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(open_one))
      if (embed_text(m).find("est de retour") != std::string::npos) return true;
    return false;
  })) << bot->output();
  EXPECT_TRUE(fake->computed_permissions(g, open_one, alice) & send);
  EXPECT_FALSE(fake->computed_permissions(g, closed_one, dave) & send) << "a closed ticket stays locked";
  for (const auto& m : fake->messages(closed_one)) EXPECT_EQ(embed_text(m).find("est de retour"), std::string::npos);
  // Dave has no active ticket and may open a new one.
  EXPECT_TRUE(open_for(panel, dave, "3-dave"));
}

TEST_F(operations_e2e, a_ticket_channel_deleted_by_hand_frees_its_owner) {
  configure();
  run_bot();
  id_t panel = post_panel();
  id_t cid = open_for(panel, alice, "1-alice");
  fake->delete_channel_by_user(cid);
  ASSERT_TRUE(wait_log("🗑️ Ticket supprimé")) << bot->output();
  EXPECT_TRUE(open_for(panel, alice, "2-alice"));
}

TEST_F(operations_e2e, a_reservation_left_by_a_crash_is_released_at_start_up) {
  configure();
  {
    // What a crash between the reservation and the channel leaves behind.
    auto store = storage::open_sqlite(db);
    ASSERT_TRUE(store);
    auto reserved = (*store)->open_ticket({discord::guild_id{g}, discord::user_id{alice}, "alice", "Support", "cat-support",
                                           std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch()).count() - 120'000});
    ASSERT_TRUE(reserved && reserved->created);
    EXPECT_EQ(reserved->ticket.number, 1);
  }
  run_bot();
  ASSERT_TRUE(bot->wait_output("released ticket #1", std::chrono::seconds(10))) << bot->output();
  id_t panel = post_panel();
  EXPECT_TRUE(open_for(panel, alice, "2-alice")) << "the slot is free and the number is not reused";
}

// Issue "config and stats": one vocabulary. Open = neither closed nor deleted (claimed included,
// shown split); a ticket reopened then deleted still counts in the resolution time (its first close).
TEST_F(operations_e2e, stats_match_a_scripted_history) {
  configure();
  run_bot();
  id_t panel = post_panel();
  id_t a = open_for(panel, alice, "1-alice");
  id_t d = open_for(panel, dave, "2-dave");
  answer(open_ticket(panel, carol, "Partenariat"));
  answer(click(a, bob, "gt1:claim"));
  fake->post_user_message(a, bob, "Bonjour, je regarde ça.");  // the first staff reply
  answer(click(d, dave, "gt1:close"));
  answer(click(d, bob, "gt1:reopen"));
  answer(fake->click(g, d, bob, welcome_of(d), "gt1:delete-yes"));
  settle(std::chrono::milliseconds(300));
  auto st = command("stats", general);
  auto text = embed_text(st.original);
  EXPECT_NE(text.find("Créés: 3"), std::string::npos) << text;
  EXPECT_NE(text.find("Ouverts: 2 (1 non pris en charge, 1 pris en charge)"), std::string::npos) << text;
  EXPECT_NE(text.find("Fermés: 0"), std::string::npos) << text;
  EXPECT_NE(text.find("Supprimés: 1"), std::string::npos) << text;
  EXPECT_NE(text.find("• Support : 1 ouvert(s) sur 2 créé(s)"), std::string::npos) << text;
  EXPECT_NE(text.find("• Partenariat : 1 ouvert(s) sur 1 créé(s)"), std::string::npos) << text;
  EXPECT_NE(text.find("Catégorie la plus demandée: Support (2)"), std::string::npos) << text;
  EXPECT_EQ(text.find("Temps moyen de résolution: —"), std::string::npos) << "the reopened then deleted ticket was resolved once: " << text;
  EXPECT_EQ(text.find("Temps moyen avant la première réponse du staff: —"), std::string::npos) << "a first reply was recorded: " << text;
  EXPECT_EQ(text.find("Dernier numéro"), std::string::npos) << "the counter was not seeded: " << text;
}

TEST_F(operations_e2e, forced_close_works_and_refuses_other_channels) {
  configure();
  run_bot();
  id_t panel = post_panel();
  id_t a = open_for(panel, alice, "1-alice");
  auto refused = command("close", general);
  EXPECT_NE(embed_text(refused.original).find("n'est pas un ticket"), std::string::npos) << embed_text(refused.original);
  auto done = command("close", general, json::array({{{"name", "channel"}, {"type", 7}, {"value", std::to_string(a)}}}));
  // From another channel, the answer names the ticket it closed.
  EXPECT_NE(embed_text(done.original).find("Ticket #1 (<#" + std::to_string(a) + ">) fermé."), std::string::npos) << embed_text(done.original);
  EXPECT_TRUE(fake->wait_until([&] { return !(fake->computed_permissions(g, a, alice) & send); }));
  ASSERT_TRUE(wait_log("🔒 Ticket fermé"));
}

TEST_F(operations_e2e, the_51st_ticket_opens_in_an_overflow_category) {
  configure();
  for (int k = 0; k < 50; ++k) fake->add_channel(g, "ancien-" + std::to_string(k), 0, category);
  run_bot();
  id_t panel = post_panel();
  id_t cid = open_for(panel, alice, "1-alice");
  auto ch = fake->channel(cid);
  ASSERT_TRUE(ch);
  EXPECT_NE((*ch)["parent_id"], std::to_string(category));
  auto overflow = fake->channel(std::stoull((*ch)["parent_id"].get<std::string>()));
  ASSERT_TRUE(overflow);
  EXPECT_EQ((*overflow)["type"], 4);
  EXPECT_EQ((*overflow)["name"], "Tickets 2");
  // Deleting its last ticket removes the overflow category.
  answer(click(cid, bob, "gt1:delete"));
  answer(fake->click(g, cid, bob, welcome_of(cid), "gt1:delete-yes"));
  EXPECT_TRUE(fake->wait_until([&] { return !fake->channel(std::stoull((*ch)["parent_id"].get<std::string>())); })) << bot->output();
}

// With no overflow category allowed, a full ticket category refuses the opening (and says so)
// instead of spreading over the server.
TEST_F(operations_e2e, overflow_categories_stop_at_the_configured_cap) {
  auto c = world_config();
  c.options.overflow_categories_max = 0;
  {
    auto store = storage::open_sqlite(db);
    ASSERT_TRUE(store && (*store)->save_config(c));
  }
  for (int k = 0; k < 50; ++k) fake->add_channel(g, "ancien-" + std::to_string(k), 0, category);
  run_bot();
  id_t panel = post_panel();
  auto refused = answer(open_ticket(panel, alice));
  EXPECT_NE(embed_text(refused.original).find("pleine"), std::string::npos) << embed_text(refused.original);
  for (const auto& ch : fake->channels(g)) EXPECT_NE(ch["name"], "Tickets 2") << "no overflow category";
}

TEST_F(operations_e2e, a_deleted_staff_role_is_warned_and_tickets_still_open) {
  configure();
  run_bot();
  id_t panel = post_panel();
  id_t second_staff = fake->add_role(g, "Renfort", 0);
  {
    auto store = storage::open_sqlite(db);
    auto c = (*store)->get_config(discord::guild_id{g});
    auto cfg = **c;
    cfg.categories[0].roles.push_back(discord::role_id{second_staff});
    ASSERT_TRUE((*store)->save_config(cfg));
  }
  fake->delete_role(g, second_staff);
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& t : log_titles())
      if (t.find("a été supprimé") != std::string::npos) return true;
    return false;
  })) << bot->output();
  EXPECT_TRUE(open_for(panel, alice, "1-alice"));
}

// Finding 8: the automatic clean-up of a closed ticket whose DELETE Discord refuses (403). The
// transcript is made and uploaded once; the refusal is reported in the log channel and not tried
// again until something changes (here: a restart); once Discord accepts, the channel goes with no
// second transcript.
TEST_F(operations_e2e, an_automatic_deletion_refused_by_discord_archives_once_and_reports_once) {
  auto c = world_config();
  c.options.auto_delete_hours = 1;
  store_config(c);
  run_bot();
  id_t panel = post_panel();
  id_t cid = open_for(panel, alice, "1-alice");
  answer(click(cid, alice, "gt1:close"));
  bot.reset();
  {
    auto store = storage::open_sqlite(db);
    ASSERT_TRUE(store && (*store)->set_delete_deadline(discord::guild_id{g}, 1, 1000));
  }
  fake_discord::fault refused;
  refused.method = "DELETE";
  refused.path_equals = "/channels/" + std::to_string(cid);
  refused.status = 403;
  refused.times = 2;
  fake->inject(refused);
  auto warnings = [&] {
    int n = 0;
    for (const auto& m : fake->messages(logs)) n += embed_text(m).find("supprimé automatiquement") != std::string::npos;
    return n;
  };
  for (int start = 1; start <= 2; ++start) {
    run_bot();
    ASSERT_TRUE(bot->wait_output("may not delete its channel", 15s)) << bot->output();
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(fake->messages(transcripts).size(), 1u) << "one transcript, whatever the number of tries";
    EXPECT_EQ(warnings(), start) << "one report per refusal";
    ASSERT_TRUE(fake->channel(cid)) << "still there";
    bot.reset();
  }
  run_bot();
  ASSERT_TRUE(fake->wait_until([&] { return !fake->channel(cid); }, 15s)) << bot->output();
  EXPECT_EQ(fake->messages(transcripts).size(), 1u) << "no second transcript";
  auto store = storage::open_sqlite(db);
  EXPECT_TRUE(fake->wait_until([&] {
    auto t = (*store)->find_by_number(discord::guild_id{g}, 1);
    return t && *t && (*t)->state == tickets::status::deleted;
  })) << "the ticket is marked deleted";
}

// A category with a first-response target: the ticket nobody from the staff answered gets one
// alert (its staff roles mentioned, only they pinged) and a log line; the one staff answered in
// time gets none; a restart sends nothing twice. Time is moved by ageing the stored tickets while
// the bot is down (the deadline passed while it was stopped: handled at start).
TEST_F(operations_e2e, a_first_response_alert_goes_only_to_the_ticket_staff_did_not_answer) {
  auto c = world_config();
  c.categories[0].first_response_minutes = 30;
  store_config(c);
  run_bot();
  id_t panel = post_panel();
  id_t silent = open_for(panel, alice, "1-alice");
  id_t answered = open_for(panel, dave, "2-dave");
  fake->post_user_message(answered, bob, "Bonjour, je regarde ça.");
  auto store = storage::open_sqlite(db);
  ASSERT_TRUE(fake->wait_until([&] {
    auto t = (*store)->find_by_number(discord::guild_id{g}, 2);
    return t && *t && (*t)->first_staff_reply_at_ms;
  })) << bot->output();
  settle(std::chrono::milliseconds(300));
  const auto alerts_in = [&](id_t channel) {
    int n = 0;
    for (const auto& m : fake->messages(channel)) n += embed_text(m).find("Aucun membre du staff n'a encore répondu") != std::string::npos;
    return n;
  };
  EXPECT_EQ(alerts_in(silent), 0) << "not before the target";
  bot.reset();
  {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(h, "UPDATE tickets SET created_at_ms = created_at_ms - 31 * 60000", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(h);
  }
  run_bot();
  ASSERT_TRUE(fake->wait_until([&] { return alerts_in(silent) == 1; }, 15s)) << bot->output();
  for (const auto& r : fake->requests())
    if (r.method == "POST" && r.path == "/channels/" + std::to_string(silent) + "/messages" && r.body.dump().find("Aucun membre") != std::string::npos) {
      EXPECT_NE(r.body.value("content", "").find("<@&" + std::to_string(staff_role) + ">"), std::string::npos) << r.body.dump();
      EXPECT_EQ(r.body["allowed_mentions"]["roles"], json::array({std::to_string(staff_role)})) << "only the staff roles are pinged";
      EXPECT_TRUE(r.body["allowed_mentions"].value("parse", json::array()).empty());
    }
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& t : log_titles()) if (t.find("sans réponse du staff") != std::string::npos) return true;
    return false;
  })) << "and a line in the log channel";
  EXPECT_EQ(alerts_in(answered), 0) << "staff answered in time";
  bot.reset();
  run_bot();
  settle(std::chrono::milliseconds(1500));
  EXPECT_EQ(alerts_in(silent), 1) << "one alert, whatever the restarts";
  // /ticket stats: the category's median first reply and the share answered in time (dave's
  // ticket, aged past the target before bob's reply counted, was not).
  auto stats = answer(fake->slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "stats"}, {"type", 1}}})}}));
  const std::string shown = embed_text(stats.original);
  EXPECT_NE(shown.find("1re réponse"), std::string::npos) << shown;
  EXPECT_NE(shown.find("0 % dans l'objectif"), std::string::npos) << shown;
}

}  // namespace
}  // namespace e2e
