#pragma once
// A server with staff, members, a ticket category, log and transcript channels, and the real bot
// against the fake Discord: the ground of the ticket suites.
#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "harness.hpp"
#include "storage/ticket_store.hpp"

namespace e2e {

constexpr std::uint64_t view = 1ULL << 10, send = 1ULL << 11;

struct ticket_world : ::testing::Test {
  std::unique_ptr<fake_discord::server> fake;
  std::unique_ptr<bot_process> bot;
  std::string db = temp_path("tickets.db");
  id_t g{}, admin{}, admin_role{}, staff_role{}, bob{}, carol{}, alice{}, dave{}, category{}, logs{}, transcripts{}, general{};

  void SetUp() override { start(); }

  void start(fake_discord::options o = {}) {
    fake = std::make_unique<fake_discord::server>(o);
    g = fake->add_guild("Clan", bot_permissions, "fr");
    admin_role = fake->add_role(g, "Admin", manage_guild);
    staff_role = fake->add_role(g, "Support", 0, 0x3498DB);
    admin = fake->add_user("admin");
    bob = fake->add_user("bob", "Bob");
    carol = fake->add_user("carol");
    alice = fake->add_user("alice", "Alice");
    dave = fake->add_user("dave");
    fake->add_member(g, admin, {admin_role});
    fake->add_member(g, bob, {staff_role});
    fake->add_member(g, carol, {staff_role});
    fake->add_member(g, alice);
    fake->add_member(g, dave);
    category = fake->add_channel(g, "Tickets", 4);
    logs = fake->add_channel(g, "logs", 0, {}, json::array({{{"id", std::to_string(g)}, {"type", 0}, {"allow", "0"}, {"deny", std::to_string(view)}},
                                                              {{"id", std::to_string(fake->bot_role(g))}, {"type", 0}, {"allow", std::to_string(view)}, {"deny", "0"}}}));
    transcripts = fake->add_channel(g, "transcripts");
    general = fake->add_channel(g, "general");
  }

  void configure(bool complete = true) { store_config(world_config(complete)); }

  // Saves `c` over what is stored, as an admin's edit of the current configuration would.
  void store_config(tickets::guild_config c) {
    auto store = storage::open_sqlite(db);
    ASSERT_TRUE(store);
    auto current = (*store)->get_config(c.guild_id);
    ASSERT_TRUE(current);
    c.revision = *current ? (**current).revision : 0;
    ASSERT_TRUE((*store)->save_config(c));
  }

  tickets::guild_config world_config(bool complete = true) const {
    tickets::guild_config c;
    c.guild_id = discord::guild_id{g};
    c.panel = tickets::panel_embed{"Bienvenue sur le support", "Choisissez une catégorie", std::string("Guichet"), std::nullopt};
    c.categories = {{"cat-support", "Support", "Décrivez votre problème ici.", {discord::role_id{staff_role}}, std::string("🎧"), 0x3498DBu},
                    {"cat-partner", "Partenariat", "Déposez votre demande ici.", {discord::role_id{staff_role}}, std::nullopt, std::nullopt}};
    if (complete) {
      c.log_channel = discord::channel_id{logs};
      c.transcript_channel = discord::channel_id{transcripts};
      c.ticket_category = discord::channel_id{category};
    }
    return c;
  }

  void run_bot() {
    bot = std::make_unique<bot_process>(bot_env(*fake, db));
    ASSERT_TRUE(wait_ready(*fake, *bot)) << bot->output();
  }

  void TearDown() override {
    if (bot) {
      EXPECT_TRUE(fake->rejected_requests().empty()) << "the fake rejected a request body: "
                                                     << (fake->rejected_requests().empty() ? "" : fake->rejected_requests()[0].path + " " +
                                                             fake->rejected_requests()[0].response.dump());
      EXPECT_EQ(bot->output().find(fake->opts().token), std::string::npos) << "the token reached a log line";
      bot.reset();
    }
    std::error_code ec;
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db + s, ec);
  }

  fake_discord::interaction_outcome answer(id_t interaction) {
    auto o = fake->wait_outcome(interaction, std::chrono::seconds(15));
    std::string trail;
    for (const auto& r : fake->requests()) trail += r.method + " " + r.path + " → " + std::to_string(r.status) + "\n";
    EXPECT_TRUE(o) << bot->output() << "\nrequests:\n" << trail << "outcome: " << fake->outcome(interaction).original.dump();
    if (!o) return {};
    EXPECT_LT(o->response_time, std::chrono::seconds(3));
    return *o;
  }
  static std::string embed_text(const json& message) {
    std::string out;
    if (message.contains("embeds"))
      for (const auto& e : message["embeds"]) {
        out += e.value("title", "") + "\n" + e.value("description", "") + "\n";
        if (e.contains("fields"))
          for (const auto& f : e["fields"]) out += f.value("name", "") + ": " + f.value("value", "") + "\n";
      }
    return out;
  }

  id_t post_panel() {
    auto i = fake->slash_command(g, general, admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}});
    auto o = answer(i);
    auto msgs = fake->messages(general);
    EXPECT_FALSE(msgs.empty()) << embed_text(o.original);
    return msgs.empty() ? 0 : std::stoull(msgs.back()["id"].get<std::string>());
  }

  std::optional<json> ticket_channel_named(const std::string& name) {
    for (const auto& c : fake->channels(g))
      if (c["name"] == name) return c;
    return std::nullopt;
  }

  // What a member does: picks, in the panel the bot posted, the option labelled `cat`.
  id_t open_ticket(id_t panel, id_t user, const std::string& cat = "Support") {
    return fake->select(g, general, user, panel, "gt1:open", 3, {panel_value(panel, cat)});
  }

  // The value of the panel option labelled `label` (the label itself when there is none: a
  // forged or outdated choice).
  std::string panel_value(id_t panel, const std::string& label) {
    for (const auto& m : fake->messages(general)) {
      if (m.value("id", "") != std::to_string(panel)) continue;
      for (const auto& row : m.value("components", json::array()))
        for (const auto& c : row.value("components", json::array()))
          for (const auto& o : c.value("options", json::array()))
            if (o.value("label", "") == label) return o.value("value", "");
    }
    return label;
  }

  // The server configured (with `options` applied), the bot started, a panel posted and alice's
  // ticket opened: its channel id, and the panel's in `panel_out`.
  id_t open_alices_ticket_with(const std::function<void(tickets::guild_config&)>& options, id_t& panel_out) {
    auto c = world_config();
    if (options) options(c);
    store_config(c);
    run_bot();
    panel_out = post_panel();
    answer(open_ticket(panel_out, alice));
    auto ch = ticket_channel_named("1-alice");
    EXPECT_TRUE(ch) << bot->output();
    return ch ? std::stoull((*ch)["id"].get<std::string>()) : 0;
  }

  id_t welcome_of(id_t channel) {
    auto pins = fake->pins(channel);
    EXPECT_EQ(pins.size(), 1u);
    return pins.empty() ? 0 : std::stoull(pins[0]["id"].get<std::string>());
  }

  id_t click(id_t channel, id_t user, const std::string& custom_id) {
    return fake->click(g, channel, user, welcome_of(channel), custom_id);
  }

  std::vector<std::string> log_titles() {
    std::vector<std::string> out;
    for (const auto& m : fake->messages(logs))
      if (m.contains("embeds") && !m["embeds"].empty()) out.push_back(m["embeds"][0].value("title", m["embeds"][0].value("description", "")));
    return out;
  }
  bool wait_log(const std::string& title, int count = 1) {
    return fake->wait_until([&] {
      int n = 0;
      for (const auto& t : log_titles()) n += t == title;
      return n >= count;
    });
  }
};

inline json overwrite_for(const json& channel, id_t id) {
  for (const auto& o : channel["permission_overwrites"])
    if (o["id"] == std::to_string(id)) return o;
  return nullptr;
}


}  // namespace e2e
