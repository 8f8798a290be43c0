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
  id_t g{}, admin{}, admin_role{}, staff_role{}, alice{}, category{}, logs{}, transcripts{}, general{}, readonly{};

  void SetUp() override {
    g = fake.add_guild("Clan", bot_permissions, "fr");
    admin_role = fake.add_role(g, "Admin", manage_guild);
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
  // One row of the SQLite file as stored, parsed (null when there is none).
  json raw_row(const char* sql) {
    sqlite3* h;
    sqlite3_open(db.c_str(), &h);
    sqlite3_stmt* st;
    json out;
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK) {
      std::string gid = std::to_string(g);
      sqlite3_bind_text(st, 1, gid.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(st) == SQLITE_ROW) out = json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return out;
  }
  json raw_document() { return raw_row("SELECT document FROM guilds WHERE guild_id = ?"); }
  json raw_draft() { return raw_row("SELECT document FROM config_drafts WHERE guild_id = ?"); }
  fake_discord::interaction_outcome validate() { return click("gt1:cfg:validate"); }
  // The custom_id of the control of that name on a screen ("log" → "gt1:cfg:log@0.…").
  static std::string control(const json& screen, const std::string& name) {
    for (const auto& row : screen.value("components", json::array()))
      for (const auto& c : row.value("components", json::array()))
        if (c.value("custom_id", "").rfind("gt1:cfg:" + name + "@", 0) == 0) return c["custom_id"];
    return {};
  }
  // A whole valid draft, as an admin makes it.
  void fill_draft() {
    submit("gt1:cfg:panel-modal", {{"title", "Bienvenue sur le support"}, {"description", "Choisissez une catégorie"}, {"footer", "Guichet"}, {"image", ""}});
    submit("gt1:cfg:cat-modal", {{"name", "Support"}, {"message", "Décrivez votre problème ici."}});
    pick("gt1:cfg:roles:0", 6, {std::to_string(staff_role)});
    pick("gt1:cfg:log", 8, {std::to_string(logs)});
    pick("gt1:cfg:transcript", 8, {std::to_string(transcripts)});
    pick("gt1:cfg:category", 8, {std::to_string(category)});
  }
  void restart_bot() {
    bot.reset();
    bot = std::make_unique<bot_process>(bot_env(fake, db));
    ASSERT_TRUE(wait_ready(fake, *bot)) << bot->output();
  }
};

TEST_F(config_e2e, a_non_admin_is_refused) {
  auto o = open_screen(alice);
  EXPECT_NE(text_of(o.callback_data).find("administrateurs"), std::string::npos) << o.callback_data.dump();
  auto c = answer(fake.click(g, general, alice, 0, "gt1:cfg:start"));
  EXPECT_NE(text_of(c.callback_data).find("administrateurs"), std::string::npos) << "every control re-checks who uses it";
}

// A copy of the screen that is no longer current (edited since, from it or another copy) is refused
// and changes nothing: it would act on what it showed.
TEST_F(config_e2e, a_press_on_an_outdated_copy_of_the_screen_is_refused) {
  auto screen = open_screen(admin);
  const std::string log_control = control(screen.callback_data, "log");
  ASSERT_FALSE(log_control.empty()) << screen.callback_data.dump();
  auto edited = pick(log_control, 8, {std::to_string(logs)});
  EXPECT_EQ(edited.callback_type, 7) << "the screen refreshes in place";
  EXPECT_EQ(raw_draft()["log_channel"], std::to_string(logs));
  EXPECT_TRUE(raw_document().is_null()) << "a draft writes no configuration";
  auto stale = pick(log_control, 8, {std::to_string(transcripts)});  // the same copy, pressed again
  EXPECT_NE(text_of(stale.callback_data).find("n'est plus à jour"), std::string::npos) << stale.callback_data.dump();
  EXPECT_EQ(raw_draft()["log_channel"], std::to_string(logs)) << "nothing changed";
  // The refreshed screen is current: its controls name the draft it shows.
  const std::string fresh = control(edited.callback_data, "transcript");
  ASSERT_NE(fresh.find('.'), std::string::npos) << fresh;
  EXPECT_EQ(pick(fresh, 8, {std::to_string(transcripts)}).callback_type, 7);
  EXPECT_EQ(raw_draft()["transcript_channel"], std::to_string(transcripts));
}

TEST_F(config_e2e, the_whole_setup_from_an_empty_server_then_the_panel_works) {
  auto screen = open_screen(admin);
  EXPECT_EQ(screen.callback_type, 4);
  EXPECT_EQ(screen.callback_data.value("flags", 0) & 64, 64);
  EXPECT_NE(text_of(screen.callback_data).find("à définir"), std::string::npos);
  EXPECT_TRUE(control(screen.callback_data, "validate").empty()) << "nothing to validate yet";
  // Panel text, in a modal.
  auto modal = click("gt1:cfg:panel");
  EXPECT_EQ(modal.callback_type, 9);
  EXPECT_EQ(modal.callback_data["custom_id"].get<std::string>().rfind("gt1:cfg:panel-modal@", 0), 0u) << modal.callback_data.dump();
  auto drafted = submit("gt1:cfg:panel-modal", {{"title", "Bienvenue sur le support"}, {"description", "Choisissez une catégorie"}, {"footer", "Guichet"}, {"image", ""}});
  EXPECT_NE(text_of(drafted.callback_data).find("Brouillon"), std::string::npos) << "marked as a draft";
  EXPECT_NE(text_of(drafted.callback_data).find("au moins une catégorie"), std::string::npos) << "every problem listed live";
  EXPECT_FALSE(control(drafted.callback_data, "validate").empty());
  // A category: name and message in a modal, then its roles in a role select.
  EXPECT_EQ(click("gt1:cfg:add").callback_type, 9);
  auto roles = submit("gt1:cfg:cat-modal", {{"name", "Support"}, {"message", "Décrivez votre problème ici."}});
  ASSERT_EQ(roles.callback_data["components"][0]["components"][0]["type"], 6) << roles.callback_data.dump();
  pick("gt1:cfg:roles:0", 6, {std::to_string(staff_role)});
  pick("gt1:cfg:log", 8, {std::to_string(logs)});
  pick("gt1:cfg:transcript", 8, {std::to_string(transcripts)});
  auto last = pick("gt1:cfg:category", 8, {std::to_string(category)});
  EXPECT_EQ(last.callback_type, 7) << "the screen refreshes in place";
  EXPECT_NE(text_of(last.callback_data).find("peut être validée"), std::string::npos) << text_of(last.callback_data);
  EXPECT_TRUE(raw_document().is_null()) << "nothing is written before the validation";
  auto done = validate();
  EXPECT_EQ(done.callback_type, 7);
  const std::string summary = text_of(done.callback_data);
  EXPECT_NE(summary.find("Configuration enregistrée"), std::string::npos) << summary;
  EXPECT_NE(summary.find("Catégorie ajoutée : « Support »"), std::string::npos) << summary;
  EXPECT_NE(summary.find("/ticket panel"), std::string::npos) << "the next step";
  EXPECT_TRUE(raw_draft().is_null()) << "the draft is gone";
  auto doc = raw_document();
  EXPECT_EQ(doc["guild_id"], std::to_string(g));
  EXPECT_EQ(doc["panel_embed"]["title"], "Bienvenue sur le support");
  EXPECT_EQ(doc["panel_embed"]["description"], "Choisissez une catégorie");
  EXPECT_EQ(doc["panel_embed"]["footer"], "Guichet");
  EXPECT_FALSE(doc["panel_embed"].contains("image"));
  EXPECT_EQ(doc["categories"]["Support"], json({{"description", "Décrivez votre problème ici."}, {"roles", {std::to_string(staff_role)}}}))
      << "the spec's shape, nothing else";
  EXPECT_EQ(doc["log_channel"], std::to_string(logs));
  EXPECT_EQ(doc["transcript_channel"], std::to_string(transcripts));
  EXPECT_EQ(doc["ticket_category"], std::to_string(category));
  EXPECT_EQ(doc["ticket_count"], 0);
  EXPECT_EQ(doc["guichet"]["schema"], 2);
  EXPECT_TRUE(doc["guichet"]["category_ids"]["Support"].is_string());
  for (const auto& [key, value] : doc.items())
    EXPECT_TRUE(std::set<std::string>({"guild_id", "panel_embed", "categories", "log_channel", "transcript_channel", "ticket_category",
                                       "ticket_count", "options", "guichet"}).count(key)) << "a field nobody asked for: " << key;
  auto panel = answer(fake.slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}}));
  ASSERT_FALSE(fake.messages(general).empty()) << text_of(panel.original);
  EXPECT_EQ(fake.messages(general).back()["embeds"][0]["title"], "Bienvenue sur le support");
  // A member opens a ticket: the document still has only its fields.
  const id_t panel_message = std::stoull(fake.messages(general).back()["id"].get<std::string>());
  auto opened = answer(fake.select(g, general, alice, panel_message, "gt1:open", 3, {doc["guichet"]["category_ids"]["Support"].get<std::string>()}));
  EXPECT_NE(text_of(opened.original).find("Votre ticket est ouvert"), std::string::npos) << text_of(opened.original);
  EXPECT_FALSE(raw_document().contains("open_slots")) << raw_document().dump();
}

TEST_F(config_e2e, posted_panels_follow_each_validation_and_deleted_ones_are_forgotten) {
  open_screen(admin);
  fill_draft();
  ASSERT_NE(text_of(validate().callback_data).find("Configuration enregistrée"), std::string::npos);
  const id_t elsewhere = fake.add_channel(g, "accueil", 0, {}, json::array(), true);
  settle(std::chrono::milliseconds(200));
  const auto post_in = [&](id_t channel) {
    answer(fake.slash_command(g, channel, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}}));
    auto msgs = fake.messages(channel);
    return msgs.empty() ? id_t{0} : std::stoull(msgs.back()["id"].get<std::string>());
  };
  const id_t first = post_in(general), second = post_in(elsewhere);
  ASSERT_TRUE(first && second);
  fake.delete_message_by_user(elsewhere, second);
  // A new panel title and a second category, validated: the panel still there follows.
  open_screen(admin);
  submit("gt1:cfg:panel-modal", {{"title", "Support du clan"}, {"description", "Choisissez une catégorie"}, {"footer", "Guichet"}, {"image", ""}});
  submit("gt1:cfg:cat-modal", {{"name", "Recrutement"}, {"message", "Présentez-vous."}});
  pick("gt1:cfg:roles:1", 6, {std::to_string(staff_role)});
  ASSERT_NE(text_of(validate().callback_data).find("Configuration enregistrée"), std::string::npos);
  ASSERT_TRUE(fake.wait_until([&] {
    auto m = fake.messages(general).back();
    return m["embeds"][0]["title"] == "Support du clan" && m["components"][0]["components"][0]["options"].size() == 2;
  })) << fake.messages(general).back().dump() << bot->output();
  // The deleted one was asked for once, answered 404, and forgotten: the next validation skips it.
  ASSERT_TRUE(fake.wait_until([&] { return raw_row("SELECT json_array(COUNT(*)) FROM panels WHERE guild_id = ?") == json::array({1}); }))
      << raw_row("SELECT json_array(COUNT(*)) FROM panels WHERE guild_id = ?");
}

TEST_F(config_e2e, blacklisted_roles_and_members_are_refused_without_saying_by_whom) {
  open_screen(admin);
  fill_draft();
  ASSERT_NE(text_of(validate().callback_data).find("Configuration enregistrée"), std::string::npos);
  const id_t muted = fake.add_role(g, "Sanctionné", 0);
  const id_t bob = fake.add_user("bob"), carl = fake.add_user("carl");
  fake.add_member(g, bob, {muted}, true);
  fake.add_member(g, carl, {}, true);
  settle(std::chrono::milliseconds(200));
  // Options → 🚫 Liste noire: a role select and a member select.
  auto options = click(control(open_screen(admin).callback_data, "options"));
  const std::string to_blacklist = control(options.callback_data, "blacklist");
  ASSERT_FALSE(to_blacklist.empty()) << options.callback_data.dump();
  auto screen = click(to_blacklist);
  ASSERT_EQ(screen.callback_data["components"][0]["components"][0]["type"], 6) << screen.callback_data.dump();
  ASSERT_EQ(screen.callback_data["components"][1]["components"][0]["type"], 5);
  EXPECT_EQ(screen.callback_data["components"][0]["components"][0]["min_values"], 0) << "an empty pick clears the list";
  EXPECT_NE(text_of(pick(control(screen.callback_data, "block-roles"), 6, {std::to_string(g)}).original).find("@everyone"), std::string::npos)
      << "@everyone is refused";
  auto roles = pick(control(screen.callback_data, "block-roles"), 6, {std::to_string(muted)});
  auto members = pick(control(roles.callback_data, "block-members"), 5, {std::to_string(carl)});
  EXPECT_EQ(members.callback_data["components"][1]["components"][0]["default_values"][0]["id"], std::to_string(carl))
      << "the screen shows the list as it is";
  auto done = validate();
  EXPECT_NE(text_of(done.callback_data).find("Liste noire : 1 rôle(s), 1 membre(s)"), std::string::npos) << text_of(done.callback_data);
  EXPECT_EQ(raw_document()["blacklist"], json({{"roles", {std::to_string(muted)}}, {"members", {std::to_string(carl)}}}));
  answer(fake.slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}}));
  const id_t panel = std::stoull(fake.messages(general).back()["id"].get<std::string>());
  const std::string support = raw_document()["guichet"]["category_ids"]["Support"];
  for (id_t who : {bob, carl}) {
    auto refused = answer(fake.select(g, general, who, panel, "gt1:open", 3, {support}));
    const std::string said = text_of(refused.original);
    EXPECT_NE(said.find("Vous ne pouvez pas ouvrir de ticket"), std::string::npos) << said;
    EXPECT_EQ(said.find(std::to_string(admin)), std::string::npos) << "never who set it";
    EXPECT_EQ(said.find("Sanctionné"), std::string::npos) << "nor which role";
  }
  EXPECT_NE(text_of(answer(fake.select(g, general, alice, panel, "gt1:open", 3, {support})).original).find("Votre ticket est ouvert"),
            std::string::npos) << "others open as before";
  // Cleared: an empty pick, validated.
  auto again = click(control(click(control(open_screen(admin).callback_data, "options")).callback_data, "blacklist"));
  auto cleared = pick(control(again.callback_data, "block-members"), 5, {});
  pick(control(cleared.callback_data, "block-roles"), 6, {});
  validate();
  EXPECT_FALSE(raw_document().contains("blacklist")) << raw_document().dump();
  EXPECT_NE(text_of(answer(fake.select(g, general, carl, panel, "gt1:open", 3, {support})).original).find("Votre ticket est ouvert"),
            std::string::npos);
}

TEST_F(config_e2e, a_categorys_questions_are_added_changed_reordered_and_removed) {
  open_screen(admin);
  fill_draft();
  validate();
  auto main = open_screen(admin);
  // Main screen → "Questions de « Support »".
  auto screen = pick(control(main.callback_data, "edit"), 3, {"questions:0"});
  ASSERT_NE(text_of(screen.callback_data).find("Aucune question"), std::string::npos) << screen.callback_data.dump();
  // Each form comes from the screen as it is (a form of an older screen is refused as outdated).
  const auto add_question = [&](const json& on, std::vector<std::pair<std::string, std::string>> fields) {
    auto form = click(control(on, "q-add:0"));
    EXPECT_EQ(form.callback_type, 9) << form.callback_data.dump();
    return submit(form.callback_data.value("custom_id", ""), std::move(fields));
  };
  auto one = add_question(screen.callback_data, {{"label", "Votre pseudo ?"}, {"placeholder", "Alice#42"}, {"max_length", "50"}});
  EXPECT_NE(text_of(one.callback_data).find("Votre pseudo ?"), std::string::npos) << one.callback_data.dump();
  auto too_long = add_question(one.callback_data, {{"label", "x"}, {"placeholder", ""}, {"max_length", "9000"}});
  EXPECT_NE(text_of(too_long.callback_data).find("4000"), std::string::npos) << "a longest answer beyond Discord's 4,000 is refused";
  auto two = add_question(one.callback_data, {{"label", "Le problème"}, {"placeholder", ""}, {"max_length", "4000"}});
  // The second one: a paragraph, optional, moved first.
  auto changed = pick(control(two.callback_data, "q-edit:0"), 3, {"style:1"});
  changed = pick(control(changed.callback_data, "q-edit:0"), 3, {"required:1"});
  changed = pick(control(changed.callback_data, "q-edit:0"), 3, {"up:1"});
  const std::string listed = text_of(changed.callback_data);
  EXPECT_LT(listed.find("Le problème"), listed.find("Votre pseudo ?")) << listed;
  EXPECT_NE(listed.find("paragraphe, facultative"), std::string::npos) << listed;
  validate();
  auto saved = raw_document()["categories"]["Support"]["questions"];
  ASSERT_EQ(saved.size(), 2u) << raw_document().dump();
  EXPECT_EQ(saved[0], json({{"label", "Le problème"}, {"style", "paragraph"}, {"required", false}, {"max_length", 4000}}));
  EXPECT_EQ(saved[1], json({{"label", "Votre pseudo ?"}, {"style", "short"}, {"required", true}, {"max_length", 50}, {"placeholder", "Alice#42"}}));
  // Removed.
  auto again = pick(control(open_screen(admin).callback_data, "edit"), 3, {"questions:0"});
  pick(control(again.callback_data, "q-edit:0"), 3, {"remove:0"});
  validate();
  EXPECT_EQ(raw_document()["categories"]["Support"]["questions"].size(), 1u);
}

TEST_F(config_e2e, the_close_request_delay_is_set_in_the_delays_screen) {
  open_screen(admin);
  fill_draft();
  validate();
  auto options = click(control(open_screen(admin).callback_data, "options"));
  auto delays = click(control(options.callback_data, "delays"));
  const auto& select = delays.callback_data["components"][0]["components"][0];
  ASSERT_EQ(select["type"], 3) << delays.callback_data.dump();
  EXPECT_EQ(select["options"][0]["value"], "0") << "off first, the default";
  auto picked = pick(control(delays.callback_data, "opt-close-request"), 3, {"24"});
  EXPECT_EQ(picked.callback_type, 7);
  pick(control(picked.callback_data, "opt-close-request"), 3, {"999"});  // a value the select never offered
  validate();
  EXPECT_EQ(raw_document()["options"]["close_request_hours"], 24);
}

// The same screen sets inactivity (off by default) and the author's DM copy (on, with the transcript).
TEST_F(config_e2e, inactivity_and_the_dm_copy_are_set_in_the_delays_screen) {
  open_screen(admin);
  fill_draft();
  validate();
  EXPECT_EQ(raw_document()["options"]["dm_summary"], true);
  EXPECT_FALSE(raw_document()["options"].contains("inactivity_warn_hours")) << "off by default";
  auto options = click(control(open_screen(admin).callback_data, "options"));
  auto delays = click(control(options.callback_data, "delays"));
  auto warned = pick(control(delays.callback_data, "opt-idle-warn"), 3, {"48"});
  auto closing = pick(control(warned.callback_data, "opt-idle-close"), 3, {"12"});
  auto dm = pick(control(closing.callback_data, "opt-dm"), 3, {"without"});
  EXPECT_EQ(dm.callback_type, 7);
  pick(control(dm.callback_data, "opt-idle-close"), 3, {"0"});  // the close delay has no "off"
  validate();
  const auto o = raw_document()["options"];
  EXPECT_EQ(o["inactivity_warn_hours"], 48);
  EXPECT_EQ(o["inactivity_close_hours"], 12);
  EXPECT_EQ(o["dm_summary"], true);
  EXPECT_EQ(o["dm_transcript"], false);
}

// The spec's error table: a field left empty, a role or channel not picked, a sixth category.
TEST_F(config_e2e, each_validation_error_is_shown_and_nothing_invalid_is_stored) {
  open_screen(admin);
  auto empty = submit("gt1:cfg:panel-modal", {{"title", " "}, {"description", ""}, {"footer", ""}, {"image", "ftp://x"}});
  auto t = text_of(empty.callback_data);
  EXPECT_NE(t.find("« Titre » est obligatoire"), std::string::npos) << t;
  EXPECT_NE(t.find("« Description » est obligatoire"), std::string::npos) << t;
  EXPECT_NE(t.find("http://"), std::string::npos) << t;
  auto long_title = submit("gt1:cfg:panel-modal", {{"title", std::string(300, 'x')}, {"description", "ok"}});
  EXPECT_NE(text_of(long_title.callback_data).find("256"), std::string::npos);
  EXPECT_FALSE(raw_draft().contains("panel_embed"));
  // Channels the bot cannot use.
  auto bad_log = pick("gt1:cfg:log", 8, {std::to_string(readonly)});
  EXPECT_NE(text_of(bad_log.callback_data).find("send_messages"), std::string::npos) << text_of(bad_log.callback_data);
  fake.set_role_permissions(g, fake.bot_role(g), bot_permissions & ~(1ULL << 28));
  settle(std::chrono::milliseconds(200));
  auto bad_category = pick("gt1:cfg:category", 8, {std::to_string(category)});
  EXPECT_NE(text_of(bad_category.callback_data).find("manage_roles"), std::string::npos) << text_of(bad_category.callback_data);
  fake.set_role_permissions(g, fake.bot_role(g), bot_permissions);
  // Categories: duplicate name, then a sixth is refused.
  for (int i = 0; i < 5; ++i) submit("gt1:cfg:cat-modal", {{"name", "Cat" + std::to_string(i)}, {"message", "m"}});
  auto dup = submit("gt1:cfg:cat-modal", {{"name", "Cat0"}, {"message", "m"}});
  EXPECT_NE(text_of(dup.callback_data).find("5 catégories au maximum"), std::string::npos) << text_of(dup.callback_data);
  EXPECT_NE(text_of(dup.callback_data).find("existe déjà"), std::string::npos);
  EXPECT_EQ(raw_draft()["categories"].size(), 5u);
  auto sixth = click("gt1:cfg:add");
  EXPECT_NE(text_of(sixth.callback_data).find("5 catégories au maximum"), std::string::npos);
  // The validation: every problem at once, nothing written.
  auto refused = validate();
  const std::string all = text_of(refused.callback_data);
  EXPECT_NE(all.find("Rien n'a été enregistré"), std::string::npos) << all;
  for (const char* problem : {"le titre du panneau", "la description du panneau", "rôle staff pour la catégorie « Cat0 »",
                              "rôle staff pour la catégorie « Cat4 »", "le salon de logs", "le salon des transcripts",
                              "la catégorie où créer les tickets"})
    EXPECT_NE(all.find(problem), std::string::npos) << problem << "\n" << all;
  EXPECT_TRUE(raw_document().is_null()) << "nothing written";
  // Fixed one by one: each validation lists what is left.
  submit("gt1:cfg:panel-modal", {{"title", "Support"}, {"description", "Choisissez"}});
  for (int i = 0; i < 5; ++i) pick("gt1:cfg:roles:" + std::to_string(i), 6, {std::to_string(staff_role)});
  pick("gt1:cfg:log", 8, {std::to_string(logs)});
  pick("gt1:cfg:transcript", 8, {std::to_string(transcripts)});
  const std::string left = text_of(validate().callback_data);
  EXPECT_NE(left.find("la catégorie où créer les tickets"), std::string::npos) << left;
  EXPECT_EQ(left.find("le salon de logs"), std::string::npos) << left;
  EXPECT_TRUE(raw_document().is_null());
  // The server changes under the draft: the validation checks it as it is now.
  pick("gt1:cfg:category", 8, {std::to_string(category)});
  fake.delete_channel_by_user(transcripts);
  settle(std::chrono::milliseconds(300));
  const std::string lost = text_of(validate().callback_data);
  EXPECT_NE(lost.find("Ce salon n'existe plus"), std::string::npos) << lost;
  EXPECT_TRUE(raw_document().is_null());
  // No validated configuration: the panel says what is missing.
  auto panel = answer(fake.slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}}));
  EXPECT_NE(text_of(panel.original).find("le titre du panneau"), std::string::npos) << text_of(panel.original);
}

TEST_F(config_e2e, starting_point_options_and_a_dangling_role) {
  open_screen(admin);
  click("gt1:cfg:start");
  auto draft = raw_draft();
  ASSERT_EQ(draft["categories"].size(), 2u);
  EXPECT_EQ(draft["categories"]["Support"]["emoji"], "🎧");
  EXPECT_EQ(draft["categories"]["Recrutement"]["emoji"], "💼");
  pick("gt1:cfg:opt-naming", 3, {"emoji_category_number"});
  pick("gt1:cfg:opt-autodelete", 3, {"24"});
  draft = raw_draft();
  EXPECT_EQ(draft["options"]["naming"], "emoji_category_number");
  EXPECT_EQ(draft["options"]["auto_delete_hours"], 24);
  id_t doomed = fake.add_role(g, "Ancien staff", 0);
  pick("gt1:cfg:roles:0", 6, {std::to_string(doomed), std::to_string(staff_role)});
  fake.delete_role(g, doomed);
  settle(std::chrono::milliseconds(300));
  auto screen = open_screen(admin);
  EXPECT_NE(text_of(screen.callback_data).find("rôle supprimé"), std::string::npos) << text_of(screen.callback_data);
  // The starting categories come without staff: the validation says so for Recrutement.
  const std::string refused = text_of(validate().callback_data);
  EXPECT_NE(refused.find("rôle staff pour la catégorie « Recrutement »"), std::string::npos) << refused;
  EXPECT_EQ(refused.find("rôle staff pour la catégorie « Support »"), std::string::npos) << "one of its roles still exists";
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
  auto draft = raw_draft();
  EXPECT_EQ(draft["categories"]["Support"]["roles"], json::array({std::to_string(staff_role)})) << draft.dump();
}

// The draft is stored: a restart, or a second admin, finds it as it was; Annuler drops it.
TEST_F(config_e2e, a_draft_survives_a_restart_and_cancel_drops_it) {
  open_screen(admin);
  fill_draft();
  restart_bot();
  id_t second_admin = fake.add_user("second");
  fake.add_member(g, second_admin, {admin_role}, true);
  settle(std::chrono::milliseconds(300));
  auto screen = open_screen(second_admin);
  const std::string shown = text_of(screen.callback_data);
  EXPECT_NE(shown.find("Brouillon"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Bienvenue sur le support"), std::string::npos) << shown;
  EXPECT_NE(shown.find("peut être validée"), std::string::npos) << shown;
  auto done = answer(fake.click(g, general, second_admin, 0, control(screen.callback_data, "validate")));
  EXPECT_NE(text_of(done.callback_data).find("Configuration enregistrée"), std::string::npos) << text_of(done.callback_data);
  EXPECT_EQ(raw_document()["panel_embed"]["title"], "Bienvenue sur le support");
  // A new draft, then Annuler: the saved configuration is untouched.
  pick("gt1:cfg:log", 8, {std::to_string(transcripts)});
  ASSERT_FALSE(raw_draft().is_null());
  auto cancelled = click("gt1:cfg:cancel");
  EXPECT_EQ(cancelled.callback_type, 7);
  EXPECT_NE(text_of(cancelled.callback_data).find("Brouillon abandonné"), std::string::npos) << text_of(cancelled.callback_data);
  EXPECT_TRUE(raw_draft().is_null());
  EXPECT_EQ(raw_document()["log_channel"], std::to_string(logs));
}

// A guild document written by an earlier version (Guichet's bookkeeping at the top level and inside
// the categories, fields of other tools beside it) is migrated at start and keeps every foreign field.
TEST_F(config_e2e, an_old_document_is_migrated_and_keeps_foreign_fields) {
  bot.reset();
  {
    sqlite3* h;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    json old = {{"guild_id", std::to_string(g)},
                {"panel_embed", {{"title", "Ancien"}, {"description", "Choisissez"}}},
                {"categories", {{"Support", {{"id", "Support"}, {"description", "d"}, {"roles", {std::to_string(staff_role)}}, {"note", "mine"}}}}},
                {"log_channel", std::to_string(logs)}, {"transcript_channel", std::to_string(transcripts)},
                {"ticket_category", std::to_string(category)}, {"ticket_count", 7},
                {"overflow_categories", json::array()}, {"autre_bot", {{"prefix", "!"}}}};
    const std::string text = old.dump(), gid = std::to_string(g);
    sqlite3_stmt* st;
    sqlite3_prepare_v2(h, "INSERT INTO guilds (guild_id, document, ticket_count) VALUES (?, ?, 7)", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, gid.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, text.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(h);
  }
  restart_bot();
  auto doc = raw_document();
  EXPECT_EQ(doc["autre_bot"], json({{"prefix", "!"}})) << doc.dump();
  EXPECT_EQ(doc["categories"]["Support"]["note"], "mine");
  EXPECT_FALSE(doc["categories"]["Support"].contains("id"));
  EXPECT_FALSE(doc.contains("overflow_categories"));
  EXPECT_EQ(doc["guichet"]["category_ids"]["Support"], "Support");
  EXPECT_EQ(doc["guichet"]["schema"], 2);
  // It works as before, and an edit validated on it keeps the foreign fields.
  auto screen = open_screen(admin);
  EXPECT_NE(text_of(screen.callback_data).find("Ancien"), std::string::npos) << text_of(screen.callback_data);
  submit("gt1:cfg:panel-modal", {{"title", "Nouveau"}, {"description", "Choisissez"}});
  auto done = validate();
  EXPECT_NE(text_of(done.callback_data).find("Panneau : « Nouveau »"), std::string::npos) << text_of(done.callback_data);
  doc = raw_document();
  EXPECT_EQ(doc["panel_embed"]["title"], "Nouveau");
  EXPECT_EQ(doc["autre_bot"], json({{"prefix", "!"}}));
  EXPECT_EQ(doc["ticket_count"], 7);
}

}  // namespace
}  // namespace e2e
