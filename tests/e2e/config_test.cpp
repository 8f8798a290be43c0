// /ticket config end to end: an admin sets everything up inside Discord, from an empty server.
#include <sqlite3.h>

#include "harness.hpp"
#include "storage/ticket_store.hpp"

namespace e2e {
namespace {

struct config_e2e : ::testing::Test {
  fake_discord::server fake;
  std::unique_ptr<bot_process> bot;
  std::string db = temp_path("config.db");
  id_t g{}, admin{}, staff_role{}, alice{}, category{}, logs{}, transcripts{}, general{}, readonly{};

  void SetUp() override {
    g = fake.add_guild("Clan", bot_permissions, "fr");
    id_t admin_role = fake.add_role(g, "Admin", manage_guild);
    staff_role = fake.add_role(g, "Support", 0);
    admin = fake.add_user("admin");
    alice = fake.add_user("alice");
    fake.add_member(g, admin, {admin_role});
    fake.add_member(g, alice);
    category = fake.add_channel(g, "Tickets", 4);
    logs = fake.add_channel(g, "logs");
    transcripts = fake.add_channel(g, "transcripts");
    general = fake.add_channel(g, "general");
    // A channel where the bot cannot send.
    readonly = fake.add_channel(g, "annonces", 0, {}, json::array({{{"id", std::to_string(fake.bot_role(g))}, {"type", 0}, {"allow", "0"}, {"deny", std::to_string(1ULL << 11)}}}));
    bot = std::make_unique<bot_process>(bot_env(fake, db));
    ASSERT_TRUE(wait_ready(fake, *bot)) << bot->output();
  }
  void TearDown() override {
    EXPECT_TRUE(fake.rejected_requests().empty()) << (fake.rejected_requests().empty() ? "" : fake.rejected_requests()[0].response.dump());
    bot.reset();
    std::error_code ec;
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db + s, ec);
  }

  fake_discord::interaction_outcome answer(id_t i) {
    auto o = fake.wait_outcome(i, std::chrono::seconds(10));
    EXPECT_TRUE(o) << bot->output();
    return o ? *o : fake_discord::interaction_outcome{};
  }
  static std::string text_of(const json& data) {
    std::string out;
    for (const auto& e : data.value("embeds", json::array())) {
      out += e.value("title", "") + "\n" + e.value("description", "") + "\n";
      for (const auto& f : e.value("fields", json::array())) out += f.value("name", "") + ": " + f.value("value", "") + "\n";
    }
    return out;
  }
  fake_discord::interaction_outcome open_screen(id_t who) {
    return answer(fake.slash_command(g, general, who, {{"name", "ticket"}, {"options", json::array({{{"name", "config"}, {"type", 1}}})}}));
  }
  fake_discord::interaction_outcome click(const std::string& id) { return answer(fake.click(g, general, admin, 0, id)); }
  fake_discord::interaction_outcome pick(const std::string& id, int type, std::vector<std::string> values) {
    return answer(fake.select(g, general, admin, 0, id, type, values));
  }
  fake_discord::interaction_outcome submit(const std::string& id, std::vector<std::pair<std::string, std::string>> fields) {
    return answer(fake.submit_modal(g, general, admin, id, fields));
  }
  json raw_document() {
    sqlite3* h;
    sqlite3_open(db.c_str(), &h);
    sqlite3_stmt* st;
    sqlite3_prepare_v2(h, "SELECT document FROM guilds WHERE guild_id = ?", -1, &st, nullptr);
    std::string gid = std::to_string(g);
    sqlite3_bind_text(st, 1, gid.c_str(), -1, SQLITE_TRANSIENT);
    json out;
    if (sqlite3_step(st) == SQLITE_ROW) out = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
  }
};

TEST_F(config_e2e, a_non_admin_is_refused) {
  auto o = open_screen(alice);
  EXPECT_NE(text_of(o.callback_data).find("administrateurs"), std::string::npos) << o.callback_data.dump();
  auto c = answer(fake.click(g, general, alice, 0, "gt1:cfg:start"));
  EXPECT_NE(text_of(c.callback_data).find("administrateurs"), std::string::npos) << "every control re-checks who uses it";
}

// A copy of the screen that is no longer current (saved since, from it or another copy) is refused
// and changes nothing: it would act on what it showed.
TEST_F(config_e2e, a_press_on_an_outdated_copy_of_the_screen_is_refused) {
  auto screen = open_screen(admin);
  std::string log_control;
  for (const auto& row : screen.callback_data.value("components", json::array()))
    for (const auto& c : row.value("components", json::array()))
      if (c.value("custom_id", "").rfind("gt1:cfg:log@", 0) == 0) log_control = c["custom_id"];
  ASSERT_FALSE(log_control.empty()) << screen.callback_data.dump();
  auto saved = pick(log_control, 8, {std::to_string(logs)});
  EXPECT_EQ(saved.callback_type, 7) << "the screen refreshes in place";
  EXPECT_EQ(raw_document()["log_channel"], std::to_string(logs));
  auto stale = pick(log_control, 8, {std::to_string(transcripts)});  // the same copy, pressed again
  EXPECT_NE(text_of(stale.callback_data).find("n'est plus à jour"), std::string::npos) << stale.callback_data.dump();
  EXPECT_EQ(raw_document()["log_channel"], std::to_string(logs)) << "nothing changed";
}

TEST_F(config_e2e, the_whole_setup_from_an_empty_server_then_the_panel_works) {
  auto screen = open_screen(admin);
  EXPECT_EQ(screen.callback_type, 4);
  EXPECT_EQ(screen.callback_data.value("flags", 0) & 64, 64);
  EXPECT_NE(text_of(screen.callback_data).find("à définir"), std::string::npos);
  // Panel text, in a modal.
  auto modal = click("gt1:cfg:panel");
  EXPECT_EQ(modal.callback_type, 9);
  EXPECT_EQ(modal.callback_data["custom_id"].get<std::string>().rfind("gt1:cfg:panel-modal@", 0), 0u) << modal.callback_data.dump();
  submit("gt1:cfg:panel-modal", {{"title", "Bienvenue sur le support"}, {"description", "Choisissez une catégorie"}, {"footer", "Guichet"}, {"image", ""}});
  // A category: name and message in a modal, then its roles in a role select.
  EXPECT_EQ(click("gt1:cfg:add").callback_type, 9);
  auto roles = submit("gt1:cfg:cat-modal", {{"name", "Support"}, {"message", "Décrivez votre problème ici."}});
  ASSERT_EQ(roles.callback_data["components"][0]["components"][0]["type"], 6) << roles.callback_data.dump();
  pick("gt1:cfg:roles:0", 6, {std::to_string(staff_role)});
  pick("gt1:cfg:log", 8, {std::to_string(logs)});
  pick("gt1:cfg:transcript", 8, {std::to_string(transcripts)});
  auto last = pick("gt1:cfg:category", 8, {std::to_string(category)});
  EXPECT_EQ(last.callback_type, 7) << "the screen refreshes in place";
  auto doc = raw_document();
  EXPECT_EQ(doc["guild_id"], std::to_string(g));
  EXPECT_EQ(doc["panel_embed"]["title"], "Bienvenue sur le support");
  EXPECT_EQ(doc["panel_embed"]["description"], "Choisissez une catégorie");
  EXPECT_EQ(doc["panel_embed"]["footer"], "Guichet");
  EXPECT_FALSE(doc["panel_embed"].contains("image"));
  EXPECT_EQ(doc["categories"]["Support"]["description"], "Décrivez votre problème ici.");
  EXPECT_EQ(doc["categories"]["Support"]["roles"], json::array({std::to_string(staff_role)}));
  EXPECT_EQ(doc["log_channel"], std::to_string(logs));
  EXPECT_EQ(doc["transcript_channel"], std::to_string(transcripts));
  EXPECT_EQ(doc["ticket_category"], std::to_string(category));
  EXPECT_EQ(doc["ticket_count"], 0);
  auto panel = answer(fake.slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}}));
  ASSERT_FALSE(fake.messages(general).empty()) << text_of(panel.original);
  EXPECT_EQ(fake.messages(general).back()["embeds"][0]["title"], "Bienvenue sur le support");
}

TEST_F(config_e2e, each_validation_error_is_shown_and_nothing_invalid_is_stored) {
  open_screen(admin);
  auto empty = submit("gt1:cfg:panel-modal", {{"title", " "}, {"description", ""}, {"footer", ""}, {"image", "ftp://x"}});
  auto t = text_of(empty.callback_data);
  EXPECT_NE(t.find("« Titre » est obligatoire"), std::string::npos) << t;
  EXPECT_NE(t.find("« Description » est obligatoire"), std::string::npos) << t;
  EXPECT_NE(t.find("http://"), std::string::npos) << t;
  auto long_title = submit("gt1:cfg:panel-modal", {{"title", std::string(300, 'x')}, {"description", "ok"}});
  EXPECT_NE(text_of(long_title.callback_data).find("256"), std::string::npos);
  EXPECT_FALSE(raw_document().contains("panel_embed"));
  // Channels the bot cannot use.
  auto bad_log = pick("gt1:cfg:log", 8, {std::to_string(readonly)});
  EXPECT_NE(text_of(bad_log.callback_data).find("send_messages"), std::string::npos) << text_of(bad_log.callback_data);
  fake.set_role_permissions(g, fake.bot_role(g), bot_permissions & ~(1ULL << 28));
  settle(std::chrono::milliseconds(200));
  auto bad_category = pick("gt1:cfg:category", 8, {std::to_string(category)});
  EXPECT_NE(text_of(bad_category.callback_data).find("manage_roles"), std::string::npos) << text_of(bad_category.callback_data);
  auto doc = raw_document();
  EXPECT_FALSE(doc.contains("log_channel"));
  EXPECT_FALSE(doc.contains("ticket_category"));
  // Categories: duplicate name, then a sixth is refused.
  for (int i = 0; i < 5; ++i) submit("gt1:cfg:cat-modal", {{"name", "Cat" + std::to_string(i)}, {"message", "m"}});
  auto dup = submit("gt1:cfg:cat-modal", {{"name", "Cat0"}, {"message", "m"}});
  EXPECT_NE(text_of(dup.callback_data).find("5 catégories au maximum"), std::string::npos) << text_of(dup.callback_data);
  EXPECT_NE(text_of(dup.callback_data).find("existe déjà"), std::string::npos);
  EXPECT_EQ(raw_document()["categories"].size(), 5u);
  auto sixth = click("gt1:cfg:add");
  EXPECT_NE(text_of(sixth.callback_data).find("5 catégories au maximum"), std::string::npos);
  // No category without staff: the panel says what is missing.
  auto panel = answer(fake.slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}}));
  EXPECT_NE(text_of(panel.original).find("rôle staff pour la catégorie « Cat0 »"), std::string::npos) << text_of(panel.original);
}

TEST_F(config_e2e, starting_point_options_and_a_dangling_role) {
  open_screen(admin);
  auto started = click("gt1:cfg:start");
  auto doc = raw_document();
  ASSERT_EQ(doc["categories"].size(), 2u);
  EXPECT_EQ(doc["categories"]["Support"]["emoji"], "🎧");
  EXPECT_EQ(doc["categories"]["Recrutement"]["emoji"], "💼");
  pick("gt1:cfg:opt-naming", 3, {"emoji_category_number"});
  pick("gt1:cfg:opt-autodelete", 3, {"24"});
  doc = raw_document();
  EXPECT_EQ(doc["options"]["naming"], "emoji_category_number");
  EXPECT_EQ(doc["options"]["auto_delete_hours"], 24);
  id_t doomed = fake.add_role(g, "Ancien staff", 0);
  pick("gt1:cfg:roles:0", 6, {std::to_string(doomed), std::to_string(staff_role)});
  fake.delete_role(g, doomed);
  settle(std::chrono::milliseconds(300));
  auto screen = open_screen(admin);
  EXPECT_NE(text_of(screen.callback_data).find("rôle supprimé"), std::string::npos) << text_of(screen.callback_data);
}

// @everyone in a role select (Discord allows picking it) would open every ticket to every member.
TEST_F(config_e2e, everyone_and_bot_roles_are_refused_as_staff) {
  open_screen(admin);
  click("gt1:cfg:start");
  pick("gt1:cfg:roles:0", 6, {std::to_string(staff_role)});
  auto everyone = pick("gt1:cfg:roles:0", 6, {std::to_string(g), std::to_string(staff_role)});
  EXPECT_NE(text_of(everyone.callback_data).find("@everyone"), std::string::npos) << text_of(everyone.callback_data);
  auto bot_role = pick("gt1:cfg:roles:0", 6, {std::to_string(fake.bot_role(g))});
  EXPECT_NE(text_of(bot_role.callback_data).find("bot"), std::string::npos) << text_of(bot_role.callback_data);
  auto doc = raw_document();
  EXPECT_EQ(doc["categories"]["Support"]["roles"], json::array({std::to_string(staff_role)})) << doc.dump();
}

}  // namespace
}  // namespace e2e
