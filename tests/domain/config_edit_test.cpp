// /ticket config as a pure function: (config, control, inputs, server) → (config, problems, next).
#include <gtest/gtest.h>

#include "tickets/config_edit.hpp"
#include "tickets/overwrites.hpp"

#include <functional>

namespace {

using namespace tickets;

server_view server() {
  server_view v;
  v.roles = {discord::role_id{50}, discord::role_id{51}};
  v.channels[discord::channel_id{10}] = channel_facts{0, discord::permissions{discord::permission::view_channel, discord::permission::send_messages,
                                                            discord::permission::embed_links, discord::permission::attach_files}};
  v.channels[discord::channel_id{20}] = channel_facts{4, bot_required_permissions()};
  return v;
}

TEST(config_edit, controls_are_written_once_and_read_back) {
  for (auto what : {config_control::panel, config_control::roles, config_control::category_modal, config_control::opt_autodelete,
                    config_control::ticket_category}) {
    for (std::optional<std::size_t> index : {std::optional<std::size_t>{}, std::optional<std::size_t>{3}}) {
      const auto id = encode_control({what, index});
      ASSERT_EQ(id.rfind("gt1:cfg:", 0), 0u) << id;
      EXPECT_EQ(decode_control(id.substr(8)), (control_ref{what, index})) << id;
    }
  }
  EXPECT_EQ(decode_control(encode_control({config_control::roles, 2, 7}).substr(8)), (control_ref{config_control::roles, 2, 7}));
  EXPECT_EQ(encode_control({config_control::log, std::nullopt, 12}), "gt1:cfg:log@12");
  // A screen showing a draft names it: the revision it started from, and the edit that wrote it.
  const control_ref on_draft{config_control::validate, std::nullopt, 12, "1300000000000000001"};
  EXPECT_EQ(encode_control(on_draft), "gt1:cfg:validate@12.1300000000000000001");
  EXPECT_EQ(decode_control(encode_control(on_draft).substr(8)), on_draft);
  EXPECT_FALSE(decode_control("log@12."));
  EXPECT_FALSE(decode_control("log@12.x1"));
  EXPECT_FALSE(decode_control("log@"));
  EXPECT_FALSE(decode_control("log@-3"));
  EXPECT_FALSE(decode_control("roles:x"));
  EXPECT_FALSE(decode_control("nothing"));
  EXPECT_EQ(decode_category_edit(encode_category_edit(category_edit::remove, 2)), (std::pair{category_edit::remove, std::size_t{2}}));
  EXPECT_FALSE(decode_category_edit("remove:"));
}

TEST(config_edit, each_control_changes_what_it_names_or_says_why_not) {
  guild_config c;
  c.guild_id = discord::guild_id{100};
  config_inputs in;
  in.seed_id = "777";
  in.fields = {{"name", "Support  "}, {"message", "Décrivez"}};
  auto added = apply_config_edit(c, {config_control::category_modal}, in, server(), lang::fr, lang::fr);
  ASSERT_TRUE(added.problems.empty());
  ASSERT_EQ(c.categories.size(), 1u);
  EXPECT_EQ(c.categories[0].id, "777") << "a new category takes the interaction's id";
  EXPECT_EQ(c.categories[0].name, "Support");
  EXPECT_EQ(added.next, next_screen::roles_picker);
  // Renaming keeps the id.
  in.seed_id = "888";
  in.fields["name"] = "Aide";
  apply_config_edit(c, {config_control::category_modal, 0}, in, server(), lang::fr, lang::fr);
  EXPECT_EQ(c.categories[0].id, "777");
  EXPECT_EQ(c.categories[0].name, "Aide");
  // The first-response target: minutes, 1 to a week, or empty for none.
  in.fields["first_response"] = "30";
  ASSERT_TRUE(apply_config_edit(c, {config_control::category_modal, 0}, in, server(), lang::fr, lang::fr).problems.empty());
  EXPECT_EQ(c.categories[0].first_response_minutes, 30);
  for (const char* bad : {"0", "-5", "trente", "99999"}) {
    in.fields["first_response"] = bad;
    EXPECT_FALSE(apply_config_edit(c, {config_control::category_modal, 0}, in, server(), lang::fr, lang::fr).problems.empty()) << bad;
    EXPECT_EQ(c.categories[0].first_response_minutes, 30) << "nothing changed";
  }
  in.fields["first_response"] = "";
  apply_config_edit(c, {config_control::category_modal, 0}, in, server(), lang::fr, lang::fr);
  EXPECT_FALSE(c.categories[0].first_response_minutes);
  in.fields.erase("first_response");
  // Roles: @everyone refused, nothing changed.
  config_inputs roles;
  roles.values = {"100", "50"};
  auto refused = apply_config_edit(c, {config_control::roles, 0}, roles, server(), lang::fr, lang::fr);
  EXPECT_FALSE(refused.problems.empty());
  EXPECT_TRUE(c.categories[0].roles.empty());
  roles.values = {"50"};
  EXPECT_TRUE(apply_config_edit(c, {config_control::roles, 0}, roles, server(), lang::fr, lang::fr).problems.empty());
  EXPECT_EQ(c.categories[0].roles, std::vector<discord::role_id>{discord::role_id{50}});
  // Channels: a category is not a text channel.
  config_inputs pick;
  pick.values = {"20"};
  EXPECT_FALSE(apply_config_edit(c, {config_control::log}, pick, server(), lang::fr, lang::fr).problems.empty());
  EXPECT_FALSE(c.log_channel);
  EXPECT_TRUE(apply_config_edit(c, {config_control::ticket_category}, pick, server(), lang::fr, lang::fr).problems.empty());
  EXPECT_EQ(c.ticket_category, discord::channel_id{20});
  // Options: only offered values.
  pick.values = {"9999"};
  auto opt = apply_config_edit(c, {config_control::opt_autodelete}, pick, server(), lang::fr, lang::fr);
  EXPECT_EQ(opt.next, next_screen::options);
  EXPECT_FALSE(c.options.auto_delete_hours) << "a forged delay changes nothing";
  pick.values = {"24"};
  apply_config_edit(c, {config_control::opt_autodelete}, pick, server(), lang::fr, lang::fr);
  EXPECT_EQ(c.options.auto_delete_hours, 24);
  // Controls that only show something change nothing here.
  EXPECT_TRUE(apply_config_edit(c, {config_control::options}, pick, server(), lang::fr, lang::fr).unknown);
  EXPECT_TRUE(apply_config_edit(c, {config_control::validate}, pick, server(), lang::fr, lang::fr).unknown);
}

// A copy of a screen is current only while the store still holds what it showed.
TEST(config_edit, a_screen_copy_is_current_only_while_what_it_showed_is) {
  config_draft saved;
  saved.config.revision = 4;
  config_draft draft = saved;
  draft.stamp = "1300000000000000001";
  const auto on = [](const config_draft& shown) { return *decode_control(control_on(shown, config_control::log).substr(8)); };
  EXPECT_TRUE(is_current(on(saved), saved));
  EXPECT_FALSE(is_current(on(saved), draft)) << "a draft was started since";
  EXPECT_FALSE(is_current(on(draft), saved)) << "the draft was validated or cancelled since";
  config_draft edited = draft;
  edited.stamp = "1300000000000000002";
  EXPECT_FALSE(is_current(on(draft), edited)) << "another edit of the draft since";
  EXPECT_TRUE(is_current(control_ref{config_control::log}, edited)) << "a control without a version is no copy";
}

// The summary after a validation: what changed, matched by category id (a rename is a rename).
TEST(config_edit, the_summary_names_every_change) {
  guild_config before;
  before.categories = {category{"a", "Support", "Aide", {discord::role_id{50}}, std::nullopt, std::nullopt},
                       category{"b", "Vieux", "x", {discord::role_id{50}}, std::nullopt, std::nullopt}};
  guild_config after = before;
  after.categories[0].name = "Aide";
  after.categories[0].roles = {discord::role_id{51}};
  after.categories.erase(after.categories.begin() + 1);
  after.categories.push_back(category{"c", "Recrutement", "Bonjour", {discord::role_id{50}}, std::nullopt, std::nullopt});
  after.log_channel = discord::channel_id{10};
  after.options.transcript_on_close = true;
  std::string all;
  for (const auto& line : describe_changes(before, after, lang::fr)) all += line + "\n";
  EXPECT_NE(all.find("« Support » → « Aide »"), std::string::npos) << all;
  EXPECT_NE(all.find("Staff de « Aide » : <@&51>"), std::string::npos) << all;
  EXPECT_NE(all.find("retirée : « Vieux »"), std::string::npos) << all;
  EXPECT_NE(all.find("ajoutée : « Recrutement »"), std::string::npos) << all;
  EXPECT_NE(all.find("<#10>"), std::string::npos) << all;
  EXPECT_NE(all.find("Options"), std::string::npos) << all;
  EXPECT_TRUE(describe_changes(after, after, lang::fr).empty());
}

}  // namespace

namespace {

// English screens read as English: "Label: value"; French keeps its space before the colon.
TEST(config_screen, english_and_french_punctuation) {
  tickets::guild_config c;
  auto en = tickets::options_screen({c, {}}, tickets::lang::en);
  auto fr = tickets::options_screen({c, {}}, tickets::lang::fr);
  std::string en_labels, fr_labels;
  for (const auto& row : *en.components)
    for (const auto& comp : row.components)
      for (const auto& o : comp.options) en_labels += o.label + "\n";
  for (const auto& row : *fr.components)
    for (const auto& comp : row.components)
      for (const auto& o : comp.options) fr_labels += o.label + "\n";
  EXPECT_EQ(en_labels.find(" : "), std::string::npos) << en_labels;
  EXPECT_NE(en_labels.find(": "), std::string::npos) << en_labels;
  EXPECT_NE(fr_labels.find(" : "), std::string::npos) << fr_labels;
  auto main_en = tickets::config_screen({c, "1300000000000000001"}, {}, tickets::lang::en, tickets::lang::fr);
  for (const auto& f : main_en.embeds->front().fields) EXPECT_EQ(f.value.find(" : "), std::string::npos) << f.value;
}

}  // namespace

namespace {

// Every problem of the setup at once, against the server as it is (the spec's error table).
TEST(config_validation, every_problem_of_the_setup_is_listed) {
  using namespace tickets;
  const server_view v = server();
  guild_config ready;
  ready.guild_id = discord::guild_id{100};
  ready.panel = panel_embed{"Support", "Choisissez", std::nullopt, std::nullopt};
  ready.categories = {{"c1", "Support", "Décrivez", {discord::role_id{50}}, std::nullopt, std::nullopt}};
  ready.log_channel = ready.transcript_channel = discord::channel_id{10};
  ready.ticket_category = discord::channel_id{20};
  EXPECT_TRUE(validate_setup(ready, v, lang::fr).empty());
  struct row {
    const char* what;
    std::function<void(guild_config&)> breaks;
    const char* named;  // a piece of the problem's text
  };
  const std::vector<row> table = {
      {"blank title", [](guild_config& c) { c.panel->title = "   "; }, "titre"},
      {"no description", [](guild_config& c) { c.panel->description.clear(); }, "description"},
      {"no category", [](guild_config& c) { c.categories.clear(); }, "catégorie"},
      {"six categories", [](guild_config& c) { c.categories.resize(6, c.categories[0]); }, "5"},
      {"role deleted", [](guild_config& c) { c.categories[0].roles = {discord::role_id{99}}; }, "Support"},
      {"no log channel", [](guild_config& c) { c.log_channel.reset(); }, "logs"},
      {"log channel gone", [](guild_config& c) { c.log_channel = discord::channel_id{77}; }, "•"},
      {"a category as the transcript channel", [](guild_config& c) { c.transcript_channel = discord::channel_id{20}; }, "•"},
      {"a text channel as the ticket category", [](guild_config& c) { c.ticket_category = discord::channel_id{10}; }, "•"},
  };
  for (const auto& r : table) {
    guild_config c = ready;
    r.breaks(c);
    auto problems = validate_setup(c, v, lang::fr);
    ASSERT_FALSE(problems.empty()) << r.what;
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    EXPECT_NE(all.find(r.named), std::string::npos) << r.what << ": " << all;
  }
  guild_config empty;
  EXPECT_GE(validate_setup(empty, v, lang::fr).size(), 6u) << "all of them at once";
}

}  // namespace
