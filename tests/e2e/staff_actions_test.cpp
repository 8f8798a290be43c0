// Staff's everyday actions end to end, through the real bot against the fake Discord: adding and
// removing members, releasing and transferring a claim, closing with a reason, close requests.
// Components are found as a person finds them: by their emoji on the message, never by custom_id.
#include <sqlite3.h>

#include <map>

#include "ticket_world.hpp"

namespace e2e {
namespace {

struct staff_actions_e2e : ticket_world {
  id_t panel = 0, ticket = 0;

  // Claims, releases and transfers rename the channel more than Discord's 2 per 10 minutes allow:
  // a short window keeps the test short (the rename queue waits as Discord's 429 says).
  void SetUp() override {
    fake_discord::options o;
    o.rename_window = std::chrono::milliseconds(1500);
    start(o);
  }

  // A configured server with alice's ticket open.
  void open_alices_ticket(std::optional<int> close_request_hours = std::nullopt) {
    ticket = open_alices_ticket_with([&](tickets::guild_config& c) { c.options.close_request_hours = close_request_hours; }, panel);
    ASSERT_NE(ticket, 0u);
  }

  // The component of `message` whose emoji is `emoji` (buttons) — or null.
  static json component_with_emoji(const json& message, const std::string& emoji) {
    for (const auto& row : message.value("components", json::array()))
      for (const auto& c : row.value("components", json::array()))
        if (c.contains("emoji") && c["emoji"].value("name", "") == emoji) return c;
    return nullptr;
  }
  static json component_of_type(const json& message, int type) {
    for (const auto& row : message.value("components", json::array()))
      for (const auto& c : row.value("components", json::array()))
        if (c.value("type", 0) == type) return c;
    return nullptr;
  }

  json welcome() { return fake->pins(ticket).at(0); }

  // `user` presses the welcome message's button showing `emoji`.
  fake_discord::interaction_outcome press(id_t user, const std::string& emoji) {
    auto b = component_with_emoji(welcome(), emoji);
    EXPECT_FALSE(b.is_null()) << "no " << emoji << " button on the welcome message: " << welcome().dump();
    if (b.is_null()) return {};
    EXPECT_FALSE(b.value("disabled", false)) << emoji << " is disabled";
    auto id = fake->click(g, ticket, user, welcome_of(ticket), b["custom_id"]);
    last_ = id;
    return answer(id);
  }

  // `user` presses `emoji`, then picks `member` in the user select it shows.
  fake_discord::interaction_outcome press_and_pick(id_t user, const std::string& emoji, id_t member) {
    auto asked = press(user, emoji);
    auto select = component_of_type(asked.original, 5);
    EXPECT_FALSE(select.is_null()) << emoji << " shows no user select: " << asked.original.dump();
    if (select.is_null()) return asked;
    EXPECT_EQ(asked.original.value("flags", 0) & 64, 64) << "the picker is private";
    return answer(fake->select_on_reply(g, ticket, user, last_, select["custom_id"], 5, {std::to_string(member)}));
  }

  bool succeeded(const fake_discord::interaction_outcome& o) {
    return !o.original.value("embeds", json::array()).empty() && o.original["embeds"][0].value("color", 0) == 0x57F287;
  }
  bool refused(const fake_discord::interaction_outcome& o, const std::string& words) {
    auto text = embed_text(o.original);
    bool ok = !o.original.value("embeds", json::array()).empty() && o.original["embeds"][0].value("color", 0) == 0xED4245 &&
              text.find(words) != std::string::npos;
    EXPECT_TRUE(ok) << "expected a refusal saying « " << words << " », got: " << o.original.dump();
    EXPECT_EQ(o.original.value("flags", 0) & 64, 64) << "refusals are private";
    return ok;
  }
  std::uint64_t rights_of(id_t user) { return fake->computed_permissions(g, ticket, user); }
  std::optional<tickets::ticket> stored() {
    auto store = storage::open_sqlite(db);
    if (!store) return std::nullopt;
    auto t = (*store)->find_by_channel(discord::channel_id{ticket});
    return t && *t ? std::optional(**t) : std::nullopt;
  }
  std::string channel_text() {
    std::string out;
    for (const auto& m : fake->messages(ticket)) out += embed_text(m);
    return out;
  }

  // /this-ticket <sub> typed in `channel` by `user`.
  fake_discord::interaction_outcome typed(id_t user, const std::string& sub, json options = json::array(), id_t channel = 0) {
    json data{{"name", "this-ticket"}, {"options", json::array({{{"name", sub}, {"type", 1}, {"options", options}}})}};
    return answer(fake->slash_command(g, channel ? channel : ticket, user, data));
  }
  static json user_option(id_t u) { return json::array({{{"name", "member"}, {"type", 6}, {"value", std::to_string(u)}}}); }

  id_t last_ = 0;
};

TEST_F(staff_actions_e2e, staff_add_a_member_who_follows_the_ticket_state_and_remove_them) {
  open_alices_ticket();
  EXPECT_FALSE(rights_of(dave) & view);
  auto added = press_and_pick(bob, "➕", dave);
  ASSERT_TRUE(succeeded(added)) << added.original.dump() << bot->output();
  ASSERT_TRUE(fake->wait_until([&] { return (rights_of(dave) & (view | send)) == (view | send); })) << "dave writes in the ticket";
  ASSERT_TRUE(wait_log("➕ Membre ajouté")) << bot->output();
  EXPECT_NE(channel_text().find("<@" + std::to_string(dave) + "> a été ajouté au ticket par <@" + std::to_string(bob) + ">"),
            std::string::npos);
  EXPECT_EQ(stored()->added_members, std::vector<discord::user_id>{discord::user_id{dave}});
  EXPECT_TRUE(fake->wait_until([&] { return embed_text(welcome()).find("Membres ajoutés") != std::string::npos; }))
      << "the welcome message lists who was added";

  // Closed: dave reads but no longer writes; reopened: writes again.
  answer(click(ticket, bob, "gt1:close"));
  ASSERT_TRUE(fake->wait_until([&] { return (rights_of(dave) & (view | send)) == view; })) << "dave keeps reading only";
  answer(click(ticket, bob, "gt1:reopen"));
  ASSERT_TRUE(fake->wait_until([&] { return (rights_of(dave) & (view | send)) == (view | send); })) << "dave writes again";

  auto removed = press_and_pick(bob, "➖", dave);
  ASSERT_TRUE(succeeded(removed)) << removed.original.dump();
  ASSERT_TRUE(fake->wait_until([&] { return !(rights_of(dave) & view); })) << "dave no longer sees the ticket";
  ASSERT_TRUE(wait_log("➖ Membre retiré"));
  EXPECT_TRUE(stored()->added_members.empty());
}

TEST_F(staff_actions_e2e, adding_and_removing_are_refused_with_the_reason) {
  open_alices_ticket();
  // The owner is not staff: the ➕ button refuses them, privately.
  EXPECT_TRUE(refused(press(alice, "➕"), "Seul le staff"));
  // Picking someone who cannot be added.
  EXPECT_TRUE(refused(press_and_pick(bob, "➕", alice), "a ouvert ce ticket"));
  EXPECT_TRUE(refused(press_and_pick(bob, "➕", carol), "fait partie du staff"));
  EXPECT_TRUE(refused(press_and_pick(bob, "➕", fake->bot_user_id()), "est un bot"));
  // The owner cannot be removed; someone never added has nothing to remove.
  EXPECT_TRUE(refused(press_and_pick(bob, "➖", alice), "on ne peut pas l'en retirer"));
  EXPECT_TRUE(refused(press_and_pick(bob, "➖", dave), "n'a pas été ajouté"));
  // A member of the server who is not staff cannot use a picker shown to staff either.
  auto asked = press(bob, "➕");
  auto select = component_of_type(asked.original, 5);
  ASSERT_FALSE(select.is_null());
  EXPECT_TRUE(refused(answer(fake->select_on_reply(g, ticket, dave, last_, select["custom_id"], 5, {std::to_string(dave)})), "Seul le staff"));
  EXPECT_FALSE(rights_of(dave) & view);
  EXPECT_TRUE(stored()->added_members.empty());
  EXPECT_TRUE(fake->wait_until([&] { return log_titles().size() >= 1; }));
  for (const auto& t : log_titles()) EXPECT_EQ(t.find("Membre"), std::string::npos) << "nothing was logged as done: " << t;
}

TEST_F(staff_actions_e2e, the_claimer_releases_and_only_the_claimer_or_an_admin_may) {
  open_alices_ticket();
  answer(click(ticket, bob, "gt1:claim"));
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice-bob").has_value(); })) << bot->output();
  EXPECT_TRUE(refused(press(carol, "↩️"), "Seul <@" + std::to_string(bob) + ">"));
  auto released = press(bob, "↩️");
  ASSERT_TRUE(succeeded(released)) << released.original.dump();
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice").has_value(); })) << "the name is back to n-user";
  ASSERT_TRUE(fake->wait_until([&] { return (rights_of(carol) & send) != 0; })) << "every staff member may reply again";
  ASSERT_TRUE(wait_log("↩️ Ticket libéré"));
  EXPECT_FALSE(stored()->claimer_id);
  EXPECT_EQ(stored()->state, tickets::status::open);
  // Unclaimed: release does not apply (disabled), and pressing it anyway is refused.
  EXPECT_TRUE(fake->wait_until([&] { return component_with_emoji(welcome(), "↩️").value("disabled", false); }));
  EXPECT_TRUE(refused(answer(fake->click(g, ticket, bob, welcome_of(ticket), component_with_emoji(welcome(), "↩️")["custom_id"])),
                      "n'est pris en charge par personne"));
  // And it can be claimed again, by someone else.
  answer(click(ticket, carol, "gt1:claim"));
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice-carol").has_value(); }));
  // An administrator may release someone else's claim. (Manage Server alone does not show the
  // ticket channel: Discord hides every permission of a channel one cannot view.)
  const id_t boss = fake->add_user("boss");
  fake->add_member(g, boss, {fake->add_role(g, "Direction", 1ULL << 3)}, true);
  ASSERT_TRUE(fake->wait_until([&] { return !component_with_emoji(welcome(), "↩️").value("disabled", false); }));
  auto by_admin = press(boss, "↩️");
  EXPECT_TRUE(succeeded(by_admin)) << by_admin.original.dump();
}

TEST_F(staff_actions_e2e, the_claimer_transfers_to_staff_only) {
  open_alices_ticket();
  answer(click(ticket, bob, "gt1:claim"));
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice-bob").has_value(); }));
  EXPECT_TRUE(refused(press_and_pick(bob, "🔁", dave), "ne fait pas partie du staff de « Support »"));
  EXPECT_TRUE(refused(press(carol, "🔁"), "Seul <@" + std::to_string(bob) + ">")) << "carol is not the claimer";
  auto moved = press_and_pick(bob, "🔁", carol);
  ASSERT_TRUE(succeeded(moved)) << moved.original.dump();
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice-carol").has_value(); })) << bot->output();
  ASSERT_TRUE(fake->wait_until([&] { return (rights_of(carol) & send) && !(rights_of(bob) & send); }))
      << "replies are carol's now";
  ASSERT_TRUE(wait_log("🔁 Ticket transféré"));
  EXPECT_EQ(stored()->claimer_id, discord::user_id{carol});
  EXPECT_NE(channel_text().find("a transféré ce ticket à <@" + std::to_string(carol) + ">"), std::string::npos);
}

TEST_F(staff_actions_e2e, staff_take_over_the_claim_of_someone_who_left) {
  open_alices_ticket();
  answer(click(ticket, bob, "gt1:claim"));
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice-bob").has_value(); }));
  fake->remove_member(g, bob);  // bob left the server: his claim would block the ticket
  auto taken = press_and_pick(carol, "🔁", carol);
  ASSERT_TRUE(succeeded(taken)) << taken.original.dump() << bot->output();
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("1-alice-carol").has_value(); }));
  EXPECT_EQ(stored()->claimer_id, discord::user_id{carol});
}

TEST_F(staff_actions_e2e, close_with_a_reason_shows_it_in_the_note_the_log_and_the_store) {
  open_alices_ticket();
  auto asked = press(alice, "📝");
  ASSERT_EQ(asked.callback_type, 9) << "a modal: " << asked.callback_data.dump();
  const auto& modal = asked.callback_data;
  std::string field;
  for (const auto& row : modal["components"])
    for (const auto& c : row["components"])
      if (c.value("type", 0) == 4) {
        field = c["custom_id"];
        EXPECT_EQ(c.value("style", 0), 2) << "a paragraph";
        EXPECT_FALSE(c.value("required", true)) << "the reason is optional";
        EXPECT_EQ(c.value("max_length", 0), 1000);
      }
  ASSERT_FALSE(field.empty());
  auto closed = answer(fake->submit_modal(g, ticket, alice, modal["custom_id"], {{field, "  Problème réglé, merci <@&" + std::to_string(staff_role) + "> !  "}}));
  ASSERT_TRUE(succeeded(closed)) << closed.original.dump();
  ASSERT_TRUE(wait_log("🔒 Ticket fermé")) << bot->output();
  EXPECT_EQ(stored()->close_reason, std::optional<std::string>("Problème réglé, merci <@&" + std::to_string(staff_role) + "> !"));
  EXPECT_TRUE(fake->wait_until([&] { return channel_text().find("Raison :** Problème réglé") != std::string::npos; })) << channel_text();
  std::string log;
  for (const auto& m : fake->messages(logs)) log += embed_text(m);
  EXPECT_NE(log.find("Raison: Problème réglé"), std::string::npos) << log;
  // The reason does not ping the role it names.
  for (const auto& r : fake->requests())
    if (r.method == "POST" && r.path == "/channels/" + std::to_string(ticket) + "/messages" && r.body.is_object())
      EXPECT_TRUE(r.body.contains("allowed_mentions")) << r.body.dump();
  // An empty reason closes without one.
  answer(click(ticket, bob, "gt1:reopen"));
  ASSERT_TRUE(fake->wait_until([&] { return stored()->state == tickets::status::open; }));
  EXPECT_FALSE(stored()->close_reason);
  auto again = answer(fake->submit_modal(g, ticket, bob, modal["custom_id"], {{field, ""}}));
  ASSERT_TRUE(succeeded(again)) << again.original.dump();
  EXPECT_FALSE(stored()->close_reason);
}

TEST_F(staff_actions_e2e, the_owner_answers_a_close_request_and_only_the_owner) {
  open_alices_ticket();
  EXPECT_TRUE(refused(press(alice, "📨"), "Seul le staff")) << "the owner closes with 🔒";
  ASSERT_TRUE(succeeded(press(bob, "📨")));
  json request;
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(ticket))
      if (!component_with_emoji(m, "✅").is_null()) request = m;
    return !request.is_null();
  })) << bot->output();
  EXPECT_NE(request.value("content", "").find("<@" + std::to_string(alice) + ">"), std::string::npos) << "the owner is pinged";
  for (const auto& r : fake->requests())
    if (r.method == "POST" && r.body.is_object() && r.body.dump().find("✅") != std::string::npos) {
      EXPECT_EQ(r.body["allowed_mentions"].value("users", json::array()), json::array({std::to_string(alice)})) << r.body.dump();
      EXPECT_TRUE(r.body["allowed_mentions"].value("parse", json::array()).empty()) << r.body.dump();
    }
  ASSERT_TRUE(wait_log("📨 Fermeture demandée"));
  const id_t request_id = std::stoull(request["id"].get<std::string>());
  const std::string accept = component_with_emoji(request, "✅")["custom_id"], refuse = component_with_emoji(request, "❌")["custom_id"];
  // Someone else pressing Accept (staff included) changes nothing.
  EXPECT_TRUE(refused(answer(fake->click(g, ticket, dave, request_id, accept)), "Seul <@" + std::to_string(alice) + ">"));
  EXPECT_TRUE(refused(answer(fake->click(g, ticket, bob, request_id, accept)), "Seul <@" + std::to_string(alice) + ">"));
  EXPECT_EQ(stored()->state, tickets::status::open);
  // Refused: a note, the request settled, the ticket still open.
  ASSERT_TRUE(succeeded(answer(fake->click(g, ticket, alice, request_id, refuse))));
  ASSERT_TRUE(wait_log("❌ Fermeture refusée"));
  EXPECT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(ticket))
      if (m["id"] == request["id"]) return m.value("components", json::array()).empty();
    return false;
  })) << "the answered request keeps no buttons";
  EXPECT_EQ(stored()->state, tickets::status::open);
  // Asked again, accepted: closed as if the owner had closed it.
  ASSERT_TRUE(succeeded(press(bob, "📨")));
  json second;
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(ticket))
      if (!component_with_emoji(m, "✅").is_null()) second = m;
    return !second.is_null();
  }));
  auto accepted = answer(fake->click(g, ticket, alice, std::stoull(second["id"].get<std::string>()), component_with_emoji(second, "✅")["custom_id"]));
  ASSERT_TRUE(succeeded(accepted)) << accepted.original.dump();
  ASSERT_TRUE(wait_log("🔒 Ticket fermé"));
  EXPECT_EQ(stored()->state, tickets::status::closed);
  EXPECT_TRUE(fake->wait_until([&] { return (rights_of(alice) & (view | send)) == view; }));
  EXPECT_NE(channel_text().find("fermé par <@" + std::to_string(alice) + ">"), std::string::npos) << channel_text();
}

// Options → ⏱️: a close request left unanswered past the delay closes the ticket, with that
// reason; the delay runs across restarts (the request's time is stored).
TEST_F(staff_actions_e2e, an_unanswered_close_request_closes_the_ticket_after_the_delay) {
  open_alices_ticket(12);
  ASSERT_TRUE(succeeded(press(bob, "📨")));
  ASSERT_TRUE(fake->wait_until([&] { return stored()->close_requested_at_ms.has_value(); })) << bot->output();
  bot.reset();
  {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(h, "UPDATE tickets SET close_requested_at_ms = close_requested_at_ms - 13 * 3600000", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(h);
  }
  run_bot();
  ASSERT_TRUE(fake->wait_until([&] { return stored()->state == tickets::status::closed; }, std::chrono::seconds(15))) << bot->output();
  EXPECT_NE(stored()->close_reason.value_or("").find("sans réponse pendant 12 h"), std::string::npos) << stored()->close_reason.value_or("");
  EXPECT_FALSE(stored()->close_requested_at_ms) << "forgotten once closed";
  ASSERT_TRUE(wait_log("🔒 Ticket fermé"));
  EXPECT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(ticket))
      if (embed_text(m).find("propose de fermer") != std::string::npos || embed_text(m).find("a accepté") != std::string::npos)
        return m.value("components", json::array()).empty();
    return false;
  })) << "the request keeps no buttons";
}

TEST_F(staff_actions_e2e, a_refused_close_request_never_closes_the_ticket_later) {
  open_alices_ticket(12);
  ASSERT_TRUE(succeeded(press(bob, "📨")));
  json request;
  ASSERT_TRUE(fake->wait_until([&] {
    for (const auto& m : fake->messages(ticket))
      if (!component_with_emoji(m, "❌").is_null()) request = m;
    return !request.is_null();
  }));
  ASSERT_TRUE(succeeded(answer(fake->click(g, ticket, alice, std::stoull(request["id"].get<std::string>()),
                                           component_with_emoji(request, "❌")["custom_id"]))));
  ASSERT_TRUE(fake->wait_until([&] { return !stored()->close_requested_at_ms.has_value(); }));
  bot.reset();
  run_bot();
  settle(std::chrono::milliseconds(1500));
  EXPECT_EQ(stored()->state, tickets::status::open);
}

TEST_F(staff_actions_e2e, added_members_come_back_after_a_restart) {
  open_alices_ticket();
  ASSERT_TRUE(succeeded(press_and_pick(bob, "➕", dave)));
  ASSERT_TRUE(fake->wait_until([&] { return (rights_of(dave) & send) != 0; }));
  bot.reset();
  // While the bot is down, someone removes dave's overwrite by hand.
  auto ch = *fake->channel(ticket);
  json kept = json::array();
  for (const auto& o : ch["permission_overwrites"])
    if (o["id"] != std::to_string(dave)) kept.push_back(o);
  fake->set_overwrites_by_user(ticket, kept);
  EXPECT_FALSE(rights_of(dave) & view);
  run_bot();
  EXPECT_TRUE(fake->wait_until([&] { return (rights_of(dave) & (view | send)) == (view | send); }, std::chrono::seconds(15)))
      << "the start-up reconciliation gives dave his access back\n" << bot->output();
}

TEST_F(staff_actions_e2e, this_ticket_is_registered_for_everyone_in_both_languages) {
  open_alices_ticket();
  json cmd;
  for (const auto& c : fake->registered_commands())
    if (c["name"] == "this-ticket") cmd = c;
  ASSERT_FALSE(cmd.is_null());
  EXPECT_EQ(cmd["name_localizations"]["fr"], "ce-ticket");
  EXPECT_TRUE(cmd.value("default_member_permissions", json()).is_null()) << "checked at run time, not hidden";
  std::map<std::string, std::string> subs;
  for (const auto& o : cmd["options"]) subs[o["name"]] = o["name_localizations"].value("fr", "");
  EXPECT_EQ(subs, (std::map<std::string, std::string>{{"add", "ajouter"}, {"remove", "retirer"}, {"claim", "prendre"}, {"release", "liberer"},
                                                        {"transfer", "transferer"}, {"close", "fermer"}, {"rename", "renommer"}, {"inactivity", "inactivite"}}));
  for (const auto& o : cmd["options"]) EXPECT_FALSE(o["description_localizations"].value("fr", "").empty()) << o.dump();
}

TEST_F(staff_actions_e2e, typed_actions_do_what_the_buttons_do_with_the_same_checks) {
  open_alices_ticket();
  EXPECT_TRUE(refused(typed(alice, "add", user_option(dave)), "Seul le staff"));
  auto added = typed(bob, "add", user_option(dave));
  ASSERT_TRUE(succeeded(added)) << added.original.dump();
  ASSERT_TRUE(fake->wait_until([&] { return (rights_of(dave) & send) != 0; }));
  EXPECT_TRUE(refused(typed(dave, "claim"), "Seul le staff")) << "an added member is not staff";
  EXPECT_TRUE(refused(typed(bob, "claim", json::array(), general), "pas (ou plus) un ticket")) << "outside a ticket";
  ASSERT_TRUE(succeeded(typed(bob, "claim")));
  EXPECT_TRUE(refused(typed(bob, "transfer", user_option(dave)), "ne fait pas partie du staff"));
  ASSERT_TRUE(succeeded(typed(bob, "transfer", user_option(carol))));
  EXPECT_TRUE(fake->wait_until([&] { return stored()->claimer_id == discord::user_id{carol}; }));
  ASSERT_TRUE(succeeded(typed(carol, "release")));
  ASSERT_TRUE(succeeded(typed(bob, "remove", user_option(dave))));
  auto closed = typed(alice, "close", json::array({{{"name", "reason"}, {"type", 3}, {"value", "Merci, c'est réglé"}}}));
  ASSERT_TRUE(succeeded(closed)) << closed.original.dump();
  EXPECT_EQ(stored()->close_reason, std::optional<std::string>("Merci, c'est réglé"));
}

TEST_F(staff_actions_e2e, staff_rename_a_ticket_and_the_name_holds_through_claims_and_closes) {
  open_alices_ticket();
  EXPECT_TRUE(refused(typed(alice, "rename", json::array({{{"name", "name"}, {"type", 3}, {"value", "pirate"}}})), "Seul le staff"));
  EXPECT_TRUE(refused(typed(bob, "rename", json::array({{{"name", "name"}, {"type", 3}, {"value", "!!!"}}})), "aucun nom de salon"));
  ASSERT_TRUE(succeeded(typed(bob, "rename", json::array({{{"name", "name"}, {"type", 3}, {"value", "Remboursement Alice"}}}))));
  ASSERT_TRUE(fake->wait_until([&] { return ticket_channel_named("remboursement-alice").has_value(); })) << bot->output();
  ASSERT_TRUE(wait_log("✏️ Ticket renommé"));
  answer(click(ticket, bob, "gt1:claim"));
  settle(std::chrono::milliseconds(300));
  EXPECT_TRUE(ticket_channel_named("remboursement-alice").has_value()) << "a claim keeps staff's name";
  answer(click(ticket, bob, "gt1:close"));
  EXPECT_TRUE(fake->wait_until([&] { return ticket_channel_named("fermé-remboursement-alice").has_value(); }, std::chrono::seconds(15)))
      << "closed: the usual prefix";
}

}  // namespace
}  // namespace e2e
