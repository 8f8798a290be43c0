// Around the ticket, end to end through the real bot against the fake Discord: the owner's DM
// summary with its transcript and rating (and a member whose DMs are closed), and inactivity
// (warned, then closed, across restarts; a message or Keep open cancels it; staff switch it off).
#include <sqlite3.h>

#include "ticket_world.hpp"

namespace e2e {
namespace {

struct member_copy_e2e : ticket_world {
  id_t panel = 0, ticket = 0;

  void open_alices_ticket(const std::function<void(tickets::guild_config&)>& options = {}) {
    ticket = open_alices_ticket_with(options, panel);
    ASSERT_NE(ticket, 0u);
  }

  static json button_labelled(const json& message, const std::string& label) {
    for (const auto& row : message.value("components", json::array()))
      for (const auto& c : row.value("components", json::array()))
        if (c.value("label", "") == label) return c;
    return nullptr;
  }
  static json button_with_emoji(const json& message, const std::string& emoji) {
    for (const auto& row : message.value("components", json::array()))
      for (const auto& c : row.value("components", json::array()))
        if (c.contains("emoji") && c["emoji"].value("name", "") == emoji) return c;
    return nullptr;
  }
  std::optional<tickets::ticket> stored() {
    auto store = storage::open_sqlite(db);
    if (!store) return std::nullopt;
    auto t = (*store)->find_by_number(discord::guild_id{g}, 1);
    return t && *t ? std::optional(**t) : std::nullopt;
  }
  // The bot stopped, a stored time moved back (as if those hours had passed), the bot started again.
  void age_and_restart(const char* column, int hours) {
    bot.reset();
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    const std::string sql = std::string("UPDATE tickets SET ") + column + " = " + column + " - " + std::to_string(hours) + " * 3600000";
    ASSERT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(h);
    run_bot();
  }
  std::string log_text() {
    std::string out;
    for (const auto& m : fake->messages(logs)) out += embed_text(m);
    return out;
  }
  json warning() {
    for (const auto& m : fake->messages(ticket))
      if (embed_text(m).find("vous n'avez pas écrit") != std::string::npos) return m;
    return nullptr;
  }
  int warnings() {
    int n = 0;
    for (const auto& m : fake->messages(ticket)) n += embed_text(m).find("vous n'avez pas écrit") != std::string::npos;
    return n;
  }
  fake_discord::interaction_outcome typed(id_t user, const std::string& sub, json options = json::array()) {
    json data{{"name", "this-ticket"}, {"options", json::array({{{"name", sub}, {"type", 1}, {"options", options}}})}};
    return answer(fake->slash_command(g, ticket, user, data));
  }
  static bool succeeded(const fake_discord::interaction_outcome& o) {
    const json& shown = o.callback_type == 7 ? o.callback_data : o.original;
    return !shown.value("embeds", json::array()).empty() ? shown["embeds"][0].value("color", 0) == 0x57F287 : o.callback_type == 7;
  }
  static bool refused(const fake_discord::interaction_outcome& o, const std::string& words) {
    const bool ok = !o.original.value("embeds", json::array()).empty() && o.original["embeds"][0].value("color", 0) == 0xED4245 &&
                    embed_text(o.original).find(words) != std::string::npos;
    EXPECT_TRUE(ok) << "expected a refusal saying « " << words << " », got: " << o.original.dump();
    return ok;
  }
};

TEST_F(member_copy_e2e, closing_sends_the_owner_a_summary_with_the_transcript_and_a_rating) {
  open_alices_ticket();
  answer(click(ticket, bob, "gt1:claim"));
  fake->post_user_message(ticket, alice, "Mon compte est bloqué");
  auto closed = typed(bob, "close", json::array({{{"name", "reason"}, {"type", 3}, {"value", "Compte débloqué"}}}));
  ASSERT_TRUE(succeeded(closed)) << closed.original.dump();
  ASSERT_TRUE(fake->wait_until([&] { return !fake->dm_messages(alice).empty(); })) << bot->output();
  const json dm = fake->dm_messages(alice).at(0);
  const std::string text = embed_text(dm);
  EXPECT_NE(text.find("Ticket #1 fermé — Clan"), std::string::npos) << text;
  EXPECT_NE(text.find("Support"), std::string::npos);
  EXPECT_NE(text.find("<@" + std::to_string(bob) + ">"), std::string::npos) << "who claimed it";
  EXPECT_NE(text.find("Compte débloqué"), std::string::npos) << "the reason";
  EXPECT_NE(text.find("Ouvert: <t:"), std::string::npos);
  EXPECT_NE(text.find("Fermé: <t:"), std::string::npos);
  ASSERT_EQ(dm["attachments"].size(), 1u) << "the transcript";
  EXPECT_EQ(dm["attachments"][0]["filename"], "ticket-1.html");
  ASSERT_EQ(dm["components"][0]["components"].size(), 5u) << "1 to 5";
  const id_t dm_id = std::stoull(dm["id"].get<std::string>());

  // Only the owner rates: a click forged by someone else is refused from the stored ticket.
  const std::string four = button_labelled(dm, "4")["custom_id"];
  EXPECT_TRUE(refused(answer(fake->click_in_dm(dave, dm_id, four)), "Seul l'auteur"));
  auto rated = answer(fake->click_in_dm(alice, dm_id, four));
  ASSERT_EQ(rated.callback_type, 7) << rated.original.dump() << bot->output();
  EXPECT_NE(rated.callback_data.value("content", "").find("4/5"), std::string::npos);
  ASSERT_TRUE(fake->wait_until([&] { return stored()->rating == 4; }));
  ASSERT_TRUE(fake->wait_until([&] { return log_text().find("Ticket #1 noté 4/5 par <@" + std::to_string(alice) + ">") != std::string::npos; }))
      << log_text();
  EXPECT_TRUE(refused(answer(fake->click_in_dm(alice, dm_id, button_labelled(dm, "1")["custom_id"])), "déjà été noté (4/5)"));

  // The comment: a modal from the DM's new button; shown in the log channel, markdown escaped, no pings.
  const json updated = fake->dm_messages(alice).at(0);
  const json comment = button_with_emoji(updated, "💬");
  ASSERT_FALSE(comment.is_null()) << updated.dump();
  auto asked = answer(fake->click_in_dm(alice, dm_id, comment["custom_id"]));
  ASSERT_EQ(asked.callback_type, 9) << asked.original.dump();
  auto said = answer(fake->submit_modal_in_dm(alice, dm_id, asked.callback_data["custom_id"], {{"comment", "Rapide **merci** @everyone"}}));
  ASSERT_EQ(said.callback_type, 7) << said.original.dump();
  EXPECT_TRUE(said.callback_data["components"].empty()) << "nothing left to press";
  ASSERT_TRUE(fake->wait_until([&] { return stored()->rating_comment.has_value(); }));
  EXPECT_EQ(*stored()->rating_comment, "Rapide **merci** @everyone");
  ASSERT_TRUE(fake->wait_until([&] { return log_text().find("Rapide \\*\\*merci\\*\\*") != std::string::npos; })) << log_text();
  for (const auto& r : fake->requests())
    if (r.path == "/channels/" + std::to_string(logs) + "/messages" && r.body.is_object() && r.body.contains("allowed_mentions"))
      EXPECT_TRUE(r.body["allowed_mentions"].value("parse", json::array()).empty()) << r.body.dump();

  // And in the statistics: the category's average rating.
  auto stats = answer(fake->slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "stats"}, {"type", 1}}})}}));
  EXPECT_NE(embed_text(stats.original).find("⭐ 4,0 (1 notes)"), std::string::npos) << embed_text(stats.original);
  EXPECT_NE(embed_text(stats.original).find("⭐ 4,0/5"), std::string::npos) << "bob's line";
}

TEST_F(member_copy_e2e, a_member_whose_dms_are_closed_costs_one_log_line_and_no_retry) {
  open_alices_ticket();
  fake->set_dms_closed(alice, true);
  answer(click(ticket, bob, "gt1:close"));
  ASSERT_TRUE(fake->wait_until([&] { return log_text().find("ses messages privés sont fermés") != std::string::npos; })) << log_text() << bot->output();
  settle(std::chrono::milliseconds(2500));
  int tries = 0;
  for (const auto& r : fake->requests())
    if (r.status == 403 && r.response.value("code", 0) == 50007) ++tries;
  EXPECT_EQ(tries, 1) << "no retry loop";
  EXPECT_EQ(stored()->state, tickets::status::closed);
  EXPECT_TRUE(stored()->summary_sent_at_ms.has_value());
}

TEST_F(member_copy_e2e, deleting_a_ticket_never_closed_sends_the_summary_once_and_the_option_turns_it_off) {
  open_alices_ticket();
  answer(click(ticket, bob, "gt1:delete"));
  answer(fake->click(g, ticket, bob, welcome_of(ticket), "gt1:delete-yes"));
  ASSERT_TRUE(fake->wait_until([&] { return !fake->dm_messages(alice).empty(); })) << bot->output();
  ASSERT_TRUE(wait_log("🗑️ Ticket supprimé"));
  settle(std::chrono::milliseconds(1000));
  EXPECT_EQ(fake->dm_messages(alice).size(), 1u);
  EXPECT_EQ(fake->dm_messages(alice)[0]["attachments"].size(), 1u) << "the transcript, read before the channel went";

  // Off in the guild's options: nothing is sent.
  auto c = world_config();
  c.options.dm_summary = false;
  store_config(c);
  bot.reset();
  run_bot();
  answer(open_ticket(panel, dave));
  auto ch = ticket_channel_named("2-dave");
  ASSERT_TRUE(ch);
  const id_t second = std::stoull((*ch)["id"].get<std::string>());
  answer(fake->click(g, second, bob, welcome_of(second), "gt1:close"));
  ASSERT_TRUE(wait_log("🔒 Ticket fermé"));
  settle(std::chrono::milliseconds(1500));
  EXPECT_TRUE(fake->dm_messages(dave).empty());
}

// The owner silent past the delay: one warning that pings only them; nobody writing for the second
// delay: closed with the reason, across restarts (both deadlines are stored).
TEST_F(member_copy_e2e, a_silent_owner_is_warned_then_the_ticket_closes_across_restarts) {
  open_alices_ticket([](tickets::guild_config& c) { c.options.inactivity_warn_hours = 24; });
  fake->post_user_message(ticket, bob, "Avez-vous encore le problème ?");  // staff writing does not count
  settle(std::chrono::milliseconds(500));
  age_and_restart("created_at_ms", 25);
  ASSERT_TRUE(fake->wait_until([&] { return !warning().is_null(); }, std::chrono::seconds(15))) << bot->output();
  const json w = warning();
  EXPECT_NE(w.value("content", "").find("<@" + std::to_string(alice) + ">"), std::string::npos);
  EXPECT_FALSE(button_with_emoji(w, "✋").is_null());
  for (const auto& r : fake->requests())
    if (r.body.is_object() && embed_text(r.body).find("vous n'avez pas écrit") != std::string::npos)
      EXPECT_EQ(r.body["allowed_mentions"]["users"], json::array({std::to_string(alice)})) << "only the owner is pinged";
  ASSERT_TRUE(stored()->inactivity_warned_at_ms.has_value());
  ASSERT_TRUE(fake->wait_until([&] { return log_text().find("son auteur n'a pas écrit depuis") != std::string::npos; }));

  // A restart between the warning and the close repeats nothing; past the second delay, it closes.
  bot.reset();
  run_bot();
  settle(std::chrono::milliseconds(1500));
  EXPECT_EQ(warnings(), 1);
  EXPECT_EQ(stored()->state, tickets::status::open);
  age_and_restart("inactivity_warned_at_ms", 25);
  ASSERT_TRUE(fake->wait_until([&] { return stored()->state == tickets::status::closed; }, std::chrono::seconds(15))) << bot->output();
  EXPECT_EQ(stored()->close_reason, std::optional<std::string>("Inactivité"));
  ASSERT_TRUE(wait_log("🔒 Ticket fermé"));
}

TEST_F(member_copy_e2e, a_message_or_keep_open_cancels_the_warning_and_staff_can_stop_watching) {
  open_alices_ticket([](tickets::guild_config& c) { c.options.inactivity_warn_hours = 24; });
  age_and_restart("created_at_ms", 25);
  ASSERT_TRUE(fake->wait_until([&] { return !warning().is_null(); }, std::chrono::seconds(15))) << bot->output();
  // The owner writes: the warning is void and the clock starts again.
  fake->post_user_message(ticket, alice, "Oui, toujours");
  ASSERT_TRUE(fake->wait_until([&] { return !stored()->inactivity_warned_at_ms.has_value(); })) << bot->output();

  age_and_restart("activity_at_ms", 25);
  ASSERT_TRUE(fake->wait_until([&] { return warnings() == 2; }, std::chrono::seconds(15))) << bot->output();
  const json w = fake->messages(ticket).back();
  const id_t wid = std::stoull(w["id"].get<std::string>());
  EXPECT_TRUE(refused(answer(fake->click(g, ticket, dave, wid, button_with_emoji(w, "✋")["custom_id"])), "Seuls l'auteur du ticket"));
  EXPECT_TRUE(refused(answer(fake->click(g, ticket, alice, wid, button_with_emoji(w, "💤")["custom_id"])), "Seul le staff"));
  auto kept = answer(fake->click(g, ticket, alice, wid, button_with_emoji(w, "✋")["custom_id"]));
  EXPECT_TRUE(succeeded(kept)) << kept.original.dump();
  EXPECT_FALSE(stored()->inactivity_warned_at_ms.has_value());
  EXPECT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(ticket))
      if (m["id"] == w["id"]) return m.value("components", json::array()).empty();
    return false;
  })) << "the warning loses its buttons";

  // Staff switch it off for this ticket: no warning however long the silence.
  auto off = typed(bob, "inactivity", json::array({{{"name", "watch"}, {"type", 5}, {"value", false}}}));
  EXPECT_NE(embed_text(off.original).find("désactivée"), std::string::npos) << off.original.dump();
  EXPECT_TRUE(stored()->inactivity_off);
  const int before = warnings();
  age_and_restart("activity_at_ms", 100);
  settle(std::chrono::milliseconds(2000));
  EXPECT_EQ(warnings(), before);
  EXPECT_EQ(stored()->state, tickets::status::open);
}

}  // namespace
}  // namespace e2e
