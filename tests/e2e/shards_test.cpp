// Scale out: two processes, shards 0/2 and 1/2, on one MongoDB-wire server, against a gateway that
// routes each guild to shard (guild_id >> 22) % 2 as Discord does. Each process loads only its
// guilds; members of guilds on both shards open tickets in the same tick: numbers stay unique and
// consecutive per guild, and no member gets two tickets.
#include <set>

#include "harness.hpp"
#include "mongo_wire_server.hpp"
#include "storage/ticket_store.hpp"

namespace e2e {
namespace {

using namespace std::chrono_literals;

constexpr int shard_count = 2;
constexpr int members_per_guild = 20;

struct server_world {
  id_t guild{}, admin{}, staff{}, category{}, logs{}, transcripts{}, general{};
  std::vector<id_t> members;
  int shard() const { return static_cast<int>((guild >> 22) % shard_count); }
};

server_world add_server(fake_discord::server& fake, const std::string& name) {
  server_world w;
  w.guild = fake.add_guild(name, bot_permissions, "fr");
  id_t admin_role = fake.add_role(w.guild, "Admin", manage_guild);
  w.staff = fake.add_role(w.guild, "Support", 0);
  w.admin = fake.add_user(name + "-admin");
  fake.add_member(w.guild, w.admin, {admin_role});
  w.category = fake.add_channel(w.guild, "Tickets", 4);
  w.logs = fake.add_channel(w.guild, "logs");
  w.transcripts = fake.add_channel(w.guild, "transcripts");
  w.general = fake.add_channel(w.guild, "general");
  for (int i = 0; i < members_per_guild; ++i) {
    id_t u = fake.add_user(name + "-m" + std::to_string(i));
    fake.add_member(w.guild, u);
    w.members.push_back(u);
  }
  return w;
}

tickets::guild_config config_of(const server_world& w) {
  tickets::guild_config c;
  c.guild_id = discord::guild_id{w.guild};
  c.panel = tickets::panel_embed{"Support", "Choisissez", std::nullopt, std::nullopt};
  c.categories = {{"cat-support", "Support", "Décrivez.", {discord::role_id{w.staff}}, std::nullopt, std::nullopt}};
  c.log_channel = discord::channel_id{w.logs};
  c.transcript_channel = discord::channel_id{w.transcripts};
  c.ticket_category = discord::channel_id{w.category};
  return c;
}

TEST(shards_e2e, two_processes_split_the_guilds_and_share_one_database) {
  test_support::mongo_wire_process mongo;
  std::string why;
  if (!mongo.start(why)) GTEST_SKIP() << "SKIPPED: " << why;
  fake_discord::options o;
  o.shard_count = shard_count;
  fake_discord::server fake(o);
  // One server on each shard (ids are time-ordered, so a few tries give both).
  std::vector<server_world> worlds;
  for (int n = 0; worlds.size() < 2 && n < 64; ++n) {
    auto w = add_server(fake, "Serveur" + std::to_string(n));
    if (worlds.empty() || worlds[0].shard() != w.shard()) worlds.push_back(w);
  }
  ASSERT_EQ(worlds.size(), 2u);
  {
    auto store = storage::open_mongo({mongo.uri()});
    ASSERT_TRUE(store) << store.error().message;
    for (const auto& w : worlds) ASSERT_TRUE((*store)->save_config(config_of(w)));
  }
  std::vector<std::unique_ptr<bot_process>> bots;
  for (int s = 0; s < shard_count; ++s) {
    auto env = bot_env(fake, temp_path("unused.db"));
    env["MONGODB_URI"] = mongo.uri();
    env["GUICHET_SHARDS"] = std::to_string(s) + "/" + std::to_string(shard_count);
    bots.push_back(std::make_unique<bot_process>(env));
  }
  ASSERT_TRUE(fake.wait_until([&] { return fake.connected_shards() == shard_count; }, 20s));
  for (auto& b : bots) ASSERT_TRUE(b->wait_output("all guilds available", 20s)) << b->output();
  // Each process holds the guilds of its shard and no other.
  for (const auto& w : worlds)
    for (int s = 0; s < shard_count; ++s) {
      const bool loaded = bots[static_cast<std::size_t>(s)]->output().find("(" + std::to_string(w.guild) + ") available") != std::string::npos;
      EXPECT_EQ(loaded, w.shard() == s) << "guild " << w.guild << " of shard " << w.shard() << " in process " << s;
    }
  // The panels, posted by the process of each guild's shard.
  std::vector<id_t> panels;
  for (const auto& w : worlds) {
    auto o = fake.wait_outcome(fake.slash_command(w.guild, w.general, w.admin, {{"name", "ticket"}, {"options", json::array({{{"name", "panel"}, {"type", 1}}})}}), 15s);
    ASSERT_TRUE(o);
    ASSERT_FALSE(fake.messages(w.general).empty());
    panels.push_back(std::stoull(fake.messages(w.general).back()["id"].get<std::string>()));
  }
  // Every member of both servers picks Support twice, all in the same tick.
  std::vector<id_t> clicks;
  for (int round = 0; round < 2; ++round)
    for (std::size_t k = 0; k < worlds.size(); ++k)
      for (id_t m : worlds[k].members) clicks.push_back(fake.select(worlds[k].guild, worlds[k].general, m, panels[k], "gt1:open", 3, {"cat-support"}));
  for (id_t c : clicks) {
    auto o = fake.wait_outcome(c, 20s);
    ASSERT_TRUE(o) << bots[0]->output() << bots[1]->output();
    EXPECT_LT(o->response_time, 3s);
  }
  auto store = storage::open_mongo({mongo.uri()});
  ASSERT_TRUE(store);
  for (const auto& w : worlds) {
    auto list = (*store)->list(discord::guild_id{w.guild}, {tickets::status::reserved, tickets::status::open, tickets::status::claimed});
    ASSERT_TRUE(list);
    std::set<std::int64_t> numbers;
    std::set<discord::user_id> owners;
    for (const auto& t : *list) {
      numbers.insert(t.number);
      EXPECT_TRUE(owners.insert(t.owner_id).second) << "member " << t.owner_id.str() << " has two tickets";
      EXPECT_EQ(t.state, tickets::status::open) << "#" << t.number;
    }
    EXPECT_EQ(list->size(), static_cast<std::size_t>(members_per_guild)) << "one ticket per member";
    EXPECT_EQ(numbers.size(), list->size()) << "unique numbers";
    if (!numbers.empty()) {
      EXPECT_EQ(*numbers.begin(), 1);
      EXPECT_EQ(*numbers.rbegin(), members_per_guild) << "consecutive numbers";
    }
  }
}

}  // namespace
}  // namespace e2e
