// Tickets end to end: the real bot against the fake Discord — panel, opening, the four buttons,
// the log channel, one ticket per member, races, and Discord's rename limit.
#include "ticket_world.hpp"

namespace e2e {
namespace {

struct tickets_e2e : ticket_world {};

TEST_F(tickets_e2e, panel_is_refused_until_the_configuration_is_complete) {
  configure(false);
  run_bot();
  auto i = fake->slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}});
  auto o = answer(i);
  auto text = embed_text(o.original);
  EXPECT_NE(text.find("salon de logs"), std::string::npos) << text;
  EXPECT_NE(text.find("salon des transcripts"), std::string::npos) << text;
  EXPECT_NE(text.find("catégorie où créer les tickets"), std::string::npos) << text;
  EXPECT_EQ(o.original["embeds"][0]["color"], 0xED4245);
  EXPECT_TRUE(fake->messages(general).empty()) << "nothing is posted";
}

TEST_F(tickets_e2e, a_member_without_manage_server_cannot_use_the_command) {
  configure();
  run_bot();
  auto i = fake->slash_command(g, general, alice, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}});
  auto o = answer(i);
  EXPECT_NE(embed_text(o.callback_data).find("administrateurs"), std::string::npos) << o.callback_data.dump();
  EXPECT_TRUE(fake->messages(general).empty());
}

TEST_F(tickets_e2e, panel_then_open_makes_a_private_pinned_ticket_and_logs_it) {
  configure();
  run_bot();
  id_t panel = post_panel();
  auto panel_msg = fake->messages(general).back();
  EXPECT_EQ(panel_msg["embeds"][0]["title"], "Bienvenue sur le support");
  const auto& select = panel_msg["components"][0]["components"][0];
  EXPECT_EQ(select["type"], 3);
  ASSERT_EQ(select["options"].size(), 2u);
  EXPECT_EQ(select["options"][0]["label"], "Support");
  EXPECT_EQ(select["options"][0]["description"], "Décrivez votre problème ici.");

  auto o = answer(open_ticket(panel, alice));
  EXPECT_EQ(o.callback_type, 5);
  EXPECT_EQ(o.callback_data.value("flags", 0) & 64, 64) << "the answer is ephemeral";
  auto ch = ticket_channel_named("1-alice");
  ASSERT_TRUE(ch) << bot->output();
  EXPECT_NE(embed_text(o.original).find("<#" + (*ch)["id"].get<std::string>() + ">"), std::string::npos);
  EXPECT_EQ((*ch)["parent_id"], std::to_string(category));
  EXPECT_NE((*ch)["topic"].get<std::string>().find(std::to_string(alice)), std::string::npos);
  id_t cid = std::stoull((*ch)["id"].get<std::string>());
  // Overwrites: @everyone cannot see, the owner and the staff can, the bot keeps its access.
  EXPECT_TRUE(std::stoull(overwrite_for(*ch, g)["deny"].get<std::string>()) & view);
  EXPECT_TRUE(std::stoull(overwrite_for(*ch, alice)["allow"].get<std::string>()) & send);
  EXPECT_TRUE(std::stoull(overwrite_for(*ch, staff_role)["allow"].get<std::string>()) & send);
  EXPECT_TRUE(fake->computed_permissions(g, cid, fake->bot_user_id()) & view);
  EXPECT_FALSE(fake->computed_permissions(g, cid, dave) & view);
  EXPECT_TRUE(fake->computed_permissions(g, cid, bob) & view);
  // The pinned welcome message and its buttons.
  auto pins = fake->pins(cid);
  ASSERT_EQ(pins.size(), 1u);
  auto welcome = pins[0];
  EXPECT_NE(welcome["content"].get<std::string>().find("<@" + std::to_string(alice) + ">"), std::string::npos);
  auto text = embed_text(welcome);
  EXPECT_NE(text.find("Décrivez votre problème ici."), std::string::npos) << text;
  EXPECT_NE(text.find(std::to_string(alice)), std::string::npos);
  std::vector<std::string> ids;
  for (const auto& b : welcome["components"][0]["components"]) ids.push_back(b["custom_id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"gt1:claim", "gt1:close", "gt1:reopen", "gt1:delete", "gt1:transcript"}));
  EXPECT_TRUE(welcome["components"][0]["components"][2].value("disabled", false)) << "Reopen does not apply yet";
  // Only the owner may be pinged by the welcome message.
  auto posts = fake->requests();
  for (const auto& r : posts)
    if (r.method == "POST" && r.path.find("/messages") != std::string::npos && r.body.is_object()) {
      ASSERT_TRUE(r.body.contains("allowed_mentions")) << r.body.dump();
      auto parse = r.body["allowed_mentions"].value("parse", json::array());
      EXPECT_EQ(std::find(parse.begin(), parse.end(), "everyone"), parse.end());
    }
  ASSERT_TRUE(wait_log("🎫 Ticket créé")) << bot->output();
}

TEST_F(tickets_e2e, the_panel_select_goes_back_to_its_placeholder_after_each_pick) {
  configure();
  run_bot();
  id_t panel = post_panel();
  const std::string path = "/channels/" + std::to_string(general) + "/messages/" + std::to_string(panel);
  const auto panel_edits = [&] {
    int n = 0;
    for (const auto& r : fake->requests()) n += r.method == "PATCH" && r.path == path && r.status == 200;
    return n;
  };
  answer(open_ticket(panel, alice));
  // Discord keeps a select showing its last choice until the message is edited; the same choice
  // again would send nothing. The panel is re-sent as it is, nothing chosen.
  ASSERT_TRUE(fake->wait_until([&] { return panel_edits() >= 1; })) << bot->output();
  auto edited = fake->messages(general).back();
  const auto& select = edited["components"][0]["components"][0];
  EXPECT_EQ(select["type"], 3);
  EXPECT_EQ(select["placeholder"], "Choisissez une catégorie");
  for (const auto& o : select["options"]) EXPECT_FALSE(o.value("default", false)) << o.dump();
  EXPECT_EQ(edited["embeds"][0]["title"], "Bienvenue sur le support");
  // A refused pick resets it too (alice already has a ticket), so the same category works again.
  const int before = panel_edits();
  answer(open_ticket(panel, alice));
  ASSERT_TRUE(fake->wait_until([&] { return panel_edits() > before; }));
  answer(open_ticket(panel, dave));
  EXPECT_TRUE(ticket_channel_named("2-dave"));
}

// A category with questions: picking it answers with a form (nothing reserved yet); the ticket
// opens when the form is sent, with the answers in the welcome embed, a long one whole below it.
TEST_F(tickets_e2e, questions_at_opening_come_as_a_form_and_their_answers_in_the_welcome) {
  auto c = world_config();
  c.categories[0].questions = {{"Votre pseudo en jeu ?", std::string("Alice#42"), false, true, 50},
                               {"Décrivez le problème", std::nullopt, true, false, 4000}};
  store_config(c);
  run_bot();
  id_t panel = post_panel();
  // dave opens the form and closes it: nothing happens, no number is used.
  auto dismissed = answer(open_ticket(panel, dave));
  ASSERT_EQ(dismissed.callback_type, 9) << dismissed.callback_data.dump();
  const auto& modal = dismissed.callback_data;
  ASSERT_EQ(modal["components"].size(), 2u);
  const auto& q0 = modal["components"][0]["components"][0];
  const auto& q1 = modal["components"][1]["components"][0];
  EXPECT_EQ(q0["label"], "Votre pseudo en jeu ?");
  EXPECT_EQ(q0["placeholder"], "Alice#42");
  EXPECT_EQ(q0.value("required", false), true);
  EXPECT_EQ(q0["max_length"], 50);
  EXPECT_EQ(q1["style"], 2) << "a paragraph";
  EXPECT_EQ(q1.value("required", true), false);
  settle(std::chrono::milliseconds(300));
  for (const auto& ch : fake->channels(g)) EXPECT_NE(ch.value("parent_id", json()), json(std::to_string(category))) << "nothing opened";
  // A required answer left empty (a forged submit) opens nothing either.
  auto empty = answer(fake->submit_modal(g, general, alice, modal["custom_id"], {{"q0", "  "}, {"q1", "x"}}));
  EXPECT_NE(embed_text(empty.original).find("obligatoire"), std::string::npos) << empty.original.dump();
  // alice answers: the ticket is #1 (the dismissed form took no number).
  const std::string long_answer = "**Rien** ne marche depuis la mise à jour. " + std::string(1500, 'x') + " fin.";
  auto opened = answer(fake->submit_modal(g, general, alice, modal["custom_id"], {{"q0", "Alice#42"}, {"q1", long_answer}}));
  ASSERT_NE(embed_text(opened.original).find("<#"), std::string::npos) << opened.original.dump() << bot->output();
  auto ch = ticket_channel_named("1-alice");
  ASSERT_TRUE(ch) << bot->output();
  const id_t cid = std::stoull((*ch)["id"].get<std::string>());
  const auto welcome = fake->pins(cid).at(0);
  const std::string shown = embed_text(welcome);
  EXPECT_NE(shown.find("Votre pseudo en jeu ?: Alice#42"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\\*\\*Rien\\*\\*"), std::string::npos) << "markdown shown as typed: " << shown;
  EXPECT_NE(shown.find("(réponse complète ci-dessous)"), std::string::npos) << "a long answer is never cut silently";
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(cid))
      if (embed_text(m).find(" fin.") != std::string::npos) return true;
    return false;
  })) << "the whole answer follows";
  auto store = storage::open_sqlite(db);
  auto t = (*store)->find_by_number(discord::guild_id{g}, 1);
  ASSERT_TRUE(t && *t);
  ASSERT_EQ((*t)->answers.size(), 2u);
  EXPECT_EQ((*t)->answers[1].second, long_answer);
  // The answers stay through the welcome's refreshes (a claim re-renders it).
  answer(click(cid, bob, "gt1:claim"));
  ASSERT_TRUE(fake->wait_until([&] { return embed_text(fake->pins(cid).at(0)).find("<@" + std::to_string(bob) + ">") != std::string::npos; }));
  EXPECT_NE(embed_text(fake->pins(cid).at(0)).find("Alice#42"), std::string::npos);
}

TEST_F(tickets_e2e, one_ticket_per_member_even_when_clicking_twice_at_once) {
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  auto again = answer(open_ticket(panel, alice));
  EXPECT_NE(embed_text(again.original).find("déjà un ticket ouvert"), std::string::npos) << embed_text(again.original);
  // Two clicks of dave at the same moment: one channel.
  id_t a = open_ticket(panel, dave), b = open_ticket(panel, dave);
  answer(a);
  answer(b);
  int daves = 0;
  for (const auto& c : fake->channels(g))
    if (c["name"].get<std::string>().find("-dave") != std::string::npos) ++daves;
  EXPECT_EQ(daves, 1);
}

TEST_F(tickets_e2e, twenty_members_at_once_get_twenty_consecutive_tickets) {
  configure();
  run_bot();
  id_t panel = post_panel();
  std::vector<id_t> users, interactions;
  for (int i = 0; i < 20; ++i) {
    users.push_back(fake->add_user("member" + std::to_string(i)));
    fake->add_member(g, users.back(), {}, true);
  }
  settle(std::chrono::milliseconds(300));
  for (auto u : users) interactions.push_back(open_ticket(panel, u));
  for (auto i : interactions) answer(i);
  std::set<int> numbers;
  for (const auto& c : fake->channels(g)) {
    auto name = c["name"].get<std::string>();
    if (c["parent_id"] == std::to_string(category)) numbers.insert(std::stoi(name.substr(0, name.find('-'))));
  }
  ASSERT_EQ(numbers.size(), 20u);
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), 20);
  auto store = storage::open_sqlite(db);
  ASSERT_TRUE(store);
  auto cfg = (*store)->get_config(discord::guild_id{g});
  ASSERT_TRUE(cfg && *cfg);
  EXPECT_EQ((*cfg)->ticket_count, 20);
}

TEST_F(tickets_e2e, claim_close_reopen_delete_with_the_right_people) {
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  auto ch = ticket_channel_named("1-alice");
  ASSERT_TRUE(ch);
  id_t cid = std::stoull((*ch)["id"].get<std::string>());

  auto refused = answer(click(cid, dave, "gt1:claim"));
  EXPECT_NE(embed_text(refused.original).find("Seul le staff"), std::string::npos) << embed_text(refused.original);
  auto owner_claim = answer(click(cid, alice, "gt1:claim"));
  EXPECT_NE(embed_text(owner_claim.original).find("Seul le staff"), std::string::npos);

  auto claimed = answer(click(cid, bob, "gt1:claim"));
  EXPECT_NE(embed_text(claimed.original).find("prend en charge"), std::string::npos) << embed_text(claimed.original);
  ASSERT_TRUE(fake->wait_until([&] { return !(fake->computed_permissions(g, cid, carol) & send); })) << "staff lose Send";
  EXPECT_TRUE(fake->computed_permissions(g, cid, carol) & view);
  EXPECT_TRUE(fake->computed_permissions(g, cid, bob) & send);
  ASSERT_TRUE(fake->wait_until([&] { return fake->channel(cid).value()["name"] == "1-alice-bob"; })) << bot->output();
  auto second = answer(click(cid, carol, "gt1:claim"));
  EXPECT_NE(embed_text(second.original).find("<@" + std::to_string(bob) + ">"), std::string::npos) << "names the claimer";
  ASSERT_TRUE(wait_log("📥 Ticket pris en charge"));
  EXPECT_NE(embed_text(fake->pins(cid)[0]).find("<@" + std::to_string(bob) + ">"), std::string::npos) << "the welcome shows the claimer";

  auto stranger_close = answer(click(cid, dave, "gt1:close"));
  EXPECT_NE(embed_text(stranger_close.original).find("Seul l'auteur"), std::string::npos);
  auto closed = answer(click(cid, alice, "gt1:close"));
  EXPECT_NE(embed_text(closed.original).find("fermé"), std::string::npos) << embed_text(closed.original);
  ASSERT_TRUE(fake->wait_until([&] { return !(fake->computed_permissions(g, cid, alice) & send); }));
  EXPECT_TRUE(fake->computed_permissions(g, cid, alice) & view) << "the owner keeps reading";
  ASSERT_TRUE(wait_log("🔒 Ticket fermé"));
  // Closing freed the owner's slot: she may open another ticket; then reopening is refused.
  auto owner_reopen = answer(click(cid, alice, "gt1:reopen"));
  EXPECT_NE(embed_text(owner_reopen.original).find("Seul le staff"), std::string::npos);

  auto reopened = answer(click(cid, carol, "gt1:reopen"));
  EXPECT_NE(embed_text(reopened.original).find("rouvert"), std::string::npos) << embed_text(reopened.original);
  ASSERT_TRUE(fake->wait_until([&] { return (fake->computed_permissions(g, cid, alice) & send) != 0; })) << "the owner may write again";
  ASSERT_TRUE(wait_log("♻️ Ticket rouvert"));
  // Reopen restores the claim: replies stay with bob.
  EXPECT_TRUE(fake->computed_permissions(g, cid, bob) & send);

  auto owner_delete = answer(click(cid, alice, "gt1:delete"));
  EXPECT_NE(embed_text(owner_delete.callback_data).find("Seul le staff"), std::string::npos) << owner_delete.callback_data.dump();
  auto ask = answer(click(cid, bob, "gt1:delete"));
  EXPECT_EQ(ask.callback_type, 4);
  EXPECT_EQ(ask.callback_data["components"][0]["components"][0]["custom_id"], "gt1:delete-yes");
  EXPECT_TRUE(fake->channel(cid)) << "nothing deleted before confirming";
  fake->post_user_message(cid, alice, "Merci <script>alert(1)</script> **beaucoup**");
  answer(fake->click(g, cid, bob, welcome_of(cid), "gt1:delete-yes"));
  ASSERT_TRUE(fake->wait_until([&] { return !fake->channel(cid); })) << bot->output();
  // The transcript came first: an HTML and a text file in the transcript channel.
  auto archived = fake->messages(transcripts);
  ASSERT_EQ(archived.size(), 1u);
  ASSERT_EQ(archived[0]["attachments"].size(), 2u);
  EXPECT_EQ(archived[0]["attachments"][0]["filename"], "ticket-1.html");
  EXPECT_EQ(archived[0]["attachments"][1]["filename"], "ticket-1.txt");
  std::string html;
  for (const auto& r : fake->requests())
    if (r.path.find("/channels/" + std::to_string(transcripts) + "/messages") != std::string::npos && !r.file_contents.empty()) html = r.file_contents[0];
  EXPECT_NE(html.find("beaucoup"), std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("Ticket"), std::string::npos);
  ASSERT_TRUE(wait_log("🗑️ Ticket supprimé"));
  // Deleted: alice may open a new ticket, numbered 2.
  answer(open_ticket(panel, alice));
  EXPECT_TRUE(ticket_channel_named("2-alice"));
}

TEST_F(tickets_e2e, the_save_logs_button_posts_a_transcript_and_staff_only) {
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  for (int k = 0; k < 150; ++k) fake->post_user_message(cid, alice, "message " + std::to_string(k));  // two pages of history
  auto refused = answer(click(cid, alice, "gt1:transcript"));
  EXPECT_NE(embed_text(refused.original).find("Seul le staff"), std::string::npos);
  auto saved = answer(click(cid, bob, "gt1:transcript"));
  EXPECT_NE(embed_text(saved.original).find("Transcript enregistré"), std::string::npos) << embed_text(saved.original);
  std::string text_file;
  for (const auto& r : fake->requests())
    if (r.file_names.size() == 2) text_file = r.file_contents[1];
  EXPECT_NE(text_file.find("message 0"), std::string::npos);
  EXPECT_NE(text_file.find("message 149"), std::string::npos);
  EXPECT_TRUE(fake->channel(cid)) << "saving the logs keeps the ticket";
}

TEST_F(tickets_e2e, an_oversized_transcript_is_compressed_or_split_and_says_so) {
  fake_discord::options o;
  o.attachment_size_limit = 4000;
  start(o);
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  for (int k = 0; k < 60; ++k) fake->post_user_message(cid, alice, "ligne " + std::to_string(k) + " avec du texte à archiver");
  auto saved = answer(click(cid, bob, "gt1:transcript"));
  EXPECT_NE(embed_text(saved.original).find("Transcript enregistré"), std::string::npos) << embed_text(saved.original);
  auto archived = fake->messages(transcripts);
  ASSERT_FALSE(archived.empty());
  bool compressed = false;
  for (const auto& m : archived)
    for (const auto& a : m["attachments"]) {
      EXPECT_LE(a["size"].get<std::uint64_t>(), 4000u) << a["filename"];
      compressed = compressed || a["filename"].get<std::string>().find(".gz") != std::string::npos;
    }
  EXPECT_TRUE(compressed);
  EXPECT_NE(embed_text(archived[0]).find("compress"), std::string::npos) << embed_text(archived[0]);
}

TEST_F(tickets_e2e, reopen_is_refused_when_the_owner_opened_another_ticket) {
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t first = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  answer(click(first, alice, "gt1:close"));
  answer(open_ticket(panel, alice, "Partenariat"));
  auto second = ticket_channel_named("2-alice");
  ASSERT_TRUE(second);
  auto refused = answer(click(first, bob, "gt1:reopen"));
  EXPECT_NE(embed_text(refused.original).find("<#" + (*second)["id"].get<std::string>() + ">"), std::string::npos)
      << embed_text(refused.original);
}

TEST_F(tickets_e2e, two_staff_claiming_at_once_one_wins_the_other_is_told_who) {
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  id_t a = click(cid, bob, "gt1:claim");
  id_t b = click(cid, carol, "gt1:claim");
  auto oa = answer(a), ob = answer(b);
  int wins = (embed_text(oa.original).find("prend en charge") != std::string::npos) +
             (embed_text(ob.original).find("prend en charge") != std::string::npos);
  EXPECT_EQ(wins, 1) << embed_text(oa.original) << " / " << embed_text(ob.original);
  EXPECT_TRUE(embed_text(oa.original).find("déjà pris en charge") != std::string::npos ||
              embed_text(ob.original).find("déjà pris en charge") != std::string::npos);
}

TEST_F(tickets_e2e, renames_wait_for_discords_limit_without_delaying_answers) {
  fake_discord::options o;
  o.rename_limit = 2;
  o.rename_window = std::chrono::milliseconds(4000);
  start(o);
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(open_ticket(panel, alice));
  id_t cid = std::stoull(ticket_channel_named("1-alice").value()["id"].get<std::string>());
  auto name_is = [&](const std::string& n) {
    return fake->wait_until([&] { return fake->channel(cid).value()["name"] == n; }, std::chrono::seconds(15));
  };
  answer(click(cid, bob, "gt1:claim"));  // rename 1 of the window
  ASSERT_TRUE(name_is("1-alice-bob"));
  answer(click(cid, alice, "gt1:close"));  // rename 2
  ASSERT_TRUE(name_is("fermé-alice"));
  auto before_reopen = std::chrono::steady_clock::now();
  auto reopened = answer(click(cid, bob, "gt1:reopen"));  // rename 3 must wait for the window
  EXPECT_LT(reopened.response_time, std::chrono::seconds(3));
  EXPECT_LT(std::chrono::steady_clock::now() - before_reopen, std::chrono::seconds(3)) << "the answer never waits for a rename";
  EXPECT_EQ(fake->channel(cid).value()["name"], "fermé-alice") << "not yet: Discord's limit holds the rename";
  ASSERT_TRUE(name_is("1-alice-bob")) << fake->channel(cid).value()["name"] << "\n" << bot->output();
  // The third rename went through only once the window allowed it (the bot waited on the
  // rate-limit headers, or on a 429's retry_after).
  std::vector<std::chrono::steady_clock::time_point> applied;
  for (const auto& r : fake->requests())
    if (r.method == "PATCH" && r.status == 200 && r.body.contains("name")) applied.push_back(r.at);
  ASSERT_EQ(applied.size(), 3u);
  EXPECT_GE(applied[2] - applied[0], std::chrono::milliseconds(3900));
}

// /ticket panel checks the whole setup against the server as it is: a bot that could not create
// tickets gets no panel posted, and the admin reads why.
TEST_F(tickets_e2e, the_panel_is_refused_while_the_setup_cannot_work) {
  configure();
  fake->set_role_permissions(g, fake->bot_role(g), bot_permissions & ~(1ULL << 28));  // no Manage Roles
  run_bot();
  auto i = fake->slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}});
  auto o = answer(i);
  EXPECT_NE(embed_text(o.original).find("manage_roles"), std::string::npos) << embed_text(o.original);
  EXPECT_NE(embed_text(o.original).find("/ticket config"), std::string::npos) << embed_text(o.original);
  EXPECT_TRUE(fake->messages(general).empty()) << "no panel posted";
}

TEST_F(tickets_e2e, a_missing_permission_in_the_ticket_category_is_listed_and_nothing_is_made) {
  configure();
  run_bot();
  id_t panel = post_panel();
  // Taken away after the panel was posted (/ticket panel itself refuses a setup that lacks it).
  fake->set_role_permissions(g, fake->bot_role(g), bot_permissions & ~(1ULL << 28));  // no Manage Roles
  settle(std::chrono::milliseconds(200));
  auto o = answer(open_ticket(panel, alice));
  EXPECT_NE(embed_text(o.original).find("manage_roles"), std::string::npos) << embed_text(o.original);
  EXPECT_FALSE(ticket_channel_named("1-alice"));
  ASSERT_TRUE(fake->wait_until([&] { return !fake->messages(logs).empty(); }));
}

TEST_F(tickets_e2e, a_failed_channel_creation_rolls_back_and_keeps_numbering) {
  configure();
  run_bot();
  id_t panel = post_panel();
  fake->inject({"POST", "/guilds/", 500, 0, "", 1});
  auto o = answer(open_ticket(panel, alice));
  EXPECT_NE(embed_text(o.original).find("n'a pas pu être créé"), std::string::npos) << embed_text(o.original);
  // The reservation was released: alice can open, with the next number (numbers are never reused).
  answer(open_ticket(panel, alice));
  EXPECT_TRUE(ticket_channel_named("2-alice")) << bot->output();
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

struct tickets_english : ticket_world {};

TEST_F(tickets_english, ephemeral_replies_follow_the_clickers_locale_channel_names_the_servers) {
  configure();
  run_bot();
  id_t panel = post_panel();
  answer(fake->select(g, general, alice, panel, "gt1:open", 3, {panel_value(panel, "Support")}, "en-US"));
  auto ch = ticket_channel_named("1-alice");
  ASSERT_TRUE(ch);
  id_t cid = std::stoull((*ch)["id"].get<std::string>());
  auto refused = answer(fake->click(g, cid, dave, welcome_of(cid), "gt1:claim", "en-US"));
  EXPECT_NE(embed_text(refused.original).find("Only the staff"), std::string::npos) << embed_text(refused.original);
  auto closed = answer(fake->click(g, cid, alice, welcome_of(cid), "gt1:close", "en-GB"));
  EXPECT_NE(embed_text(closed.original).find("closed"), std::string::npos) << embed_text(closed.original);
  // The server is French: the channel says so.
  EXPECT_TRUE(fake->wait_until([&] { return fake->channel(cid).value()["name"] == "fermé-alice"; })) << fake->channel(cid).value()["name"];
}

}  // namespace
}  // namespace e2e
