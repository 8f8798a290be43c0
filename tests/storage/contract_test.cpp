// One contract, two backends: every test runs against a real SQLite file and a real
// MongoDB-wire server (CongoDB, or a real mongod from MONGODB_TEST_URI).
#include <gtest/gtest.h>
#include <mongoc/mongoc.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <thread>

#include "bulk_tickets.hpp"
#include "mongo_wire_server.hpp"
#include "storage/ticket_store.hpp"
#include "tickets/stats.hpp"

namespace {

using nlohmann::ordered_json;
using storage::ticket_store;
using tickets::status;

const char* hand_written_document = R"({
  "guild_id": "123456789012345678",
  "panel_embed": { "title": "Bienvenue sur le support", "description": "Choisissez une catégorie",
                   "footer": "...", "image": "https://example.com/banner.png" },
  "categories": {
    "Support":     { "description": "Décrivez votre problème ici.", "roles": ["111111", "222222"] },
    "Partenariat": { "description": "Déposez votre demande ici.",  "roles": ["333333"] }
  },
  "log_channel": "444444",
  "transcript_channel": "555555",
  "ticket_category": "666666",
  "ticket_count": 12
})";

std::atomic<int> counter{0};


// Ids as these tests write them: decimal ("5001"), or a name ("alice") that gets a stable number of
// its own, so that the tables read as before while the store takes typed ids.
template <class Tag>
discord::snowflake<Tag> test_id(const std::string& text) {
  if (auto id = discord::snowflake<Tag>::parse(text)) return *id;
  return discord::snowflake<Tag>{(std::hash<std::string>{}(text) >> 1) | 1};
}
discord::guild_id G(const std::string& t) { return test_id<discord::guild_tag>(t); }
discord::user_id U(const std::string& t) { return test_id<discord::user_tag>(t); }
discord::channel_id C(const std::string& t) { return test_id<discord::channel_tag>(t); }
discord::role_id R(const std::string& t) { return test_id<discord::role_tag>(t); }
discord::message_id M(const std::string& t) { return test_id<discord::message_tag>(t); }

class store_contract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    int n = ++counter;
    if (GetParam() == "sqlite") {
      path_ = std::filesystem::temp_directory_path() /
              ("guichet-contract-" + std::to_string(getpid()) + "-" + std::to_string(n) + ".db");
      auto s = storage::open_sqlite(path_.string());
      ASSERT_TRUE(s) << s.error().message;
      store_ = std::move(*s);
    } else {
      std::string why;
      auto target = test_support::mongo_for_tests(why);
      if (!target) GTEST_SKIP() << "SKIPPED: " << why;
      real_mongod_ = target->real_mongod;
      uri_ = target->uri;
      db_ = "guichet_contract_" + std::to_string(getpid()) + "_" + std::to_string(n);
      auto s = storage::open_mongo({uri_, db_, 5000});
      ASSERT_TRUE(s) << s.error().message;
      store_ = std::move(*s);
    }
  }
  void TearDown() override {
    store_.reset();
    if (!path_.empty()) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
    }
  }

  // Writes a document as an admin would, bypassing Guichet.
  void insert_raw_guild_document(const std::string& json_text) {
    if (GetParam() == "sqlite") {
      sqlite3* db;
      ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
      auto doc = ordered_json::parse(json_text);
      sqlite3_stmt* st;
      sqlite3_prepare_v2(db, "INSERT INTO guilds (guild_id, document, ticket_count) VALUES (?, ?, ?)", -1, &st, nullptr);
      std::string gid = doc["guild_id"], text = doc.dump();
      sqlite3_bind_text(st, 1, gid.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 2, text.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 3, doc.value("ticket_count", 0));
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
      sqlite3_finalize(st);
      sqlite3_close(db);
    } else {
      mongoc_client_t* client = mongoc_client_new(uri_.c_str());
      mongoc_collection_t* coll = mongoc_client_get_collection(client, db_.c_str(), "ticket");
      bson_error_t err;
      bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(json_text.data()), -1, &err);
      ASSERT_TRUE(b) << err.message;
      ASSERT_TRUE(mongoc_collection_insert_one(coll, b, nullptr, nullptr, &err)) << err.message;
      bson_destroy(b);
      mongoc_collection_destroy(coll);
      mongoc_client_destroy(client);
    }
  }

  // The guild document exactly as stored.
  ordered_json read_raw_guild_document(const std::string& guild) {
    if (GetParam() == "sqlite") {
      sqlite3* db;
      sqlite3_open(path_.c_str(), &db);
      sqlite3_stmt* st;
      sqlite3_prepare_v2(db, "SELECT document FROM guilds WHERE guild_id = ?", -1, &st, nullptr);
      sqlite3_bind_text(st, 1, guild.c_str(), -1, SQLITE_TRANSIENT);
      ordered_json out;
      if (sqlite3_step(st) == SQLITE_ROW) out = ordered_json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
      sqlite3_close(db);
      return out;
    }
    mongoc_client_t* client = mongoc_client_new(uri_.c_str());
    mongoc_collection_t* coll = mongoc_client_get_collection(client, db_.c_str(), "ticket");
    std::string f = ordered_json{{"guild_id", guild}}.dump();
    bson_t* filter = bson_new_from_json(reinterpret_cast<const uint8_t*>(f.data()), -1, nullptr);
    mongoc_cursor_t* cur = mongoc_collection_find_with_opts(coll, filter, nullptr, nullptr);
    const bson_t* doc;
    ordered_json out;
    if (mongoc_cursor_next(cur, &doc)) {
      char* text = bson_as_relaxed_extended_json(doc, nullptr);
      out = ordered_json::parse(text);
      bson_free(text);
    }
    mongoc_cursor_destroy(cur);
    bson_destroy(filter);
    mongoc_collection_destroy(coll);
    mongoc_client_destroy(client);
    return out;
  }

  // The process restarts: the store is opened again on the same data.
  void reopen() {
    store_.reset();
    auto s = GetParam() == "sqlite" ? storage::open_sqlite(path_.string()) : storage::open_mongo({uri_, db_, 5000});
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }

  storage::open_outcome open(const std::string& guild, const std::string& owner, const std::string& cat = "Support") {
    auto r = store_->open_ticket({G(guild), U(owner), "user" + owner, cat, cat, 1000});
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : storage::open_outcome{};
  }

  std::unique_ptr<ticket_store> store_;
  std::filesystem::path path_;
  std::string uri_, db_;
  bool real_mongod_ = false;
};

TEST_P(store_contract, reads_a_hand_written_document_in_the_users_shape) {
  insert_raw_guild_document(hand_written_document);
  auto c = store_->get_config(G("123456789012345678"));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_TRUE(c->has_value());
  const auto& cfg = **c;
  ASSERT_TRUE(cfg.panel);
  EXPECT_EQ(cfg.panel->title, "Bienvenue sur le support");
  EXPECT_EQ(cfg.panel->footer, "...");
  ASSERT_EQ(cfg.categories.size(), 2u);
  EXPECT_EQ(cfg.categories[0].name, "Support");  // the admin's order, not alphabetical
  EXPECT_EQ(cfg.categories[1].name, "Partenariat");
  EXPECT_EQ(cfg.categories[0].roles, (std::vector<discord::role_id>{R("111111"), R("222222")}));
  EXPECT_EQ(cfg.categories[1].description, "Déposez votre demande ici.");
  EXPECT_EQ(cfg.log_channel, C("444444"));
  EXPECT_EQ(cfg.transcript_channel, C("555555"));
  EXPECT_EQ(cfg.ticket_category, C("666666"));
  EXPECT_EQ(cfg.ticket_count, 12);
  // The next ticket continues the admin's numbering.
  auto o = open("123456789012345678", "42");
  EXPECT_EQ(o.ticket.number, 13);
}

TEST_P(store_contract, saves_config_in_the_users_shape_and_keeps_foreign_fields) {
  insert_raw_guild_document(R"({"guild_id": "900", "legacy_field": "kept", "ticket_count": 3})");
  tickets::guild_config c;
  c.guild_id = G("900");
  c.panel = tickets::panel_embed{"Titre", "Desc", std::string("Pied"), std::nullopt};
  c.categories = {{"100", "Zeta", "z", {R("1"), R("2")}, std::string("🎧"), 0x3498DBu}, {"Alpha", "Alpha", "a", {R("3")}, std::nullopt, std::nullopt}};
  c.log_channel = C("10");
  c.transcript_channel = C("11");
  c.ticket_category = C("12");
  c.ticket_count = 999;  // ignored: only open_ticket moves the counter
  ASSERT_TRUE(store_->save_config(c));
  auto raw = read_raw_guild_document("900");
  EXPECT_EQ(raw["guild_id"], "900");
  EXPECT_EQ(raw["legacy_field"], "kept");
  EXPECT_EQ(raw["panel_embed"]["title"], "Titre");
  EXPECT_EQ(raw["panel_embed"]["footer"], "Pied");
  ASSERT_TRUE(raw["categories"].is_object());
  std::vector<std::string> order;
  for (auto& [k, v] : raw["categories"].items()) order.push_back(k);
  EXPECT_EQ(order, (std::vector<std::string>{"Zeta", "Alpha"}));
  EXPECT_EQ(raw["categories"]["Zeta"]["roles"], ordered_json::array({"1", "2"}));
  EXPECT_EQ(raw["categories"]["Zeta"]["description"], "z");
  EXPECT_TRUE(raw["log_channel"].is_string());
  EXPECT_EQ(raw["transcript_channel"], "11");
  EXPECT_EQ(raw["ticket_category"], "12");
  auto back = store_->get_config(G("900"));
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->ticket_count, 3);
  EXPECT_EQ((*back)->categories, c.categories);
  EXPECT_EQ((*back)->panel, c.panel);
  EXPECT_FALSE(raw["categories"]["Zeta"].contains("id")) << "the user's shape: Guichet's ids are in \"guichet\"";
  EXPECT_EQ(raw["guichet"]["category_ids"]["Zeta"], "100");
  EXPECT_EQ(raw["guichet"]["schema"], 2);
  EXPECT_EQ((*back)->revision, 1);
  // Clearing a field removes it.
  c.revision = (*back)->revision;
  c.log_channel.reset();
  ASSERT_TRUE(store_->save_config(c));
  EXPECT_FALSE(read_raw_guild_document("900").contains("log_channel"));
}

// Two admins read revision 1, both save: the second is refused (it would undo the first's
// change), and succeeds once it starts again from what is stored.
TEST_P(store_contract, a_save_from_an_older_read_is_refused) {
  tickets::guild_config c;
  c.guild_id = G("901");
  ASSERT_TRUE(store_->save_config(c));
  auto read = store_->get_config(G("901"));
  ASSERT_TRUE(read && *read);
  auto first = **read, second = **read;
  first.log_channel = C("10");
  second.transcript_channel = C("11");
  ASSERT_TRUE(store_->save_config(first));
  auto refused = store_->save_config(second);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, storage::errc::conflict);
  auto again = store_->get_config(G("901"));
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->log_channel, C("10"));
  auto retried = **again;
  retried.transcript_channel = C("11");
  ASSERT_TRUE(store_->save_config(retried));
  auto both = store_->get_config(G("901"));
  EXPECT_EQ((*both)->log_channel, C("10"));
  EXPECT_EQ((*both)->transcript_channel, C("11"));
  EXPECT_EQ((*both)->revision, 3);
}

// A document from before category ids: each category's id is its name (what its tickets named),
// and tickets without a category id name their category by the name they kept.
TEST_P(store_contract, categories_and_tickets_from_before_ids_read_their_name_as_id) {
  insert_raw_guild_document(R"({"guild_id": "902", "ticket_count": 0,
    "categories": {"Support": {"description": "d", "roles": ["5"]}, "Autre": {"id": "Support", "description": "e", "roles": []}}})");
  auto c = store_->get_config(G("902"));
  ASSERT_TRUE(c && *c);
  ASSERT_EQ((*c)->categories.size(), 2u);
  EXPECT_EQ((*c)->categories[0].id, "Support");
  EXPECT_NE((*c)->categories[1].id, "Support") << "a repeated id is never shared";
  EXPECT_EQ((*c)->category_by_id("Support")->name, "Support");
  auto o = store_->open_ticket({G("902"), U("u1"), "u1", "Support", "Support", 1000});
  ASSERT_TRUE(o && o->created);
  EXPECT_EQ(o->ticket.category_id, "Support");
}

// The overflow list has its own atomic operations: a configuration saved from an older read keeps
// an overflow category added meanwhile.
TEST_P(store_contract, overflow_categories_survive_a_concurrent_configuration_save) {
  tickets::guild_config c;
  c.guild_id = G("903");
  ASSERT_TRUE(store_->save_config(c));
  auto read = store_->get_config(G("903"));
  ASSERT_TRUE(read && *read);
  ASSERT_TRUE(store_->add_overflow_category(G("903"), C("40")));
  ASSERT_TRUE(store_->add_overflow_category(G("903"), C("41")));
  ASSERT_TRUE(store_->add_overflow_category(G("903"), C("40")));
  auto edit = **read;
  edit.log_channel = C("10");
  ASSERT_TRUE(store_->save_config(edit));
  auto after = store_->get_config(G("903"));
  EXPECT_EQ((*after)->overflow_categories, (std::vector<discord::channel_id>{C("40"), C("41")}));
  ASSERT_TRUE(store_->remove_overflow_category(G("903"), C("40")));
  after = store_->get_config(G("903"));
  EXPECT_EQ((*after)->overflow_categories, (std::vector<discord::channel_id>{C("41")}));
  EXPECT_EQ((*after)->log_channel, C("10"));
}

// A document written before the "guichet" object (bookkeeping at the top level and inside the
// categories) is migrated when the store opens: it reads the same, and every other field stays.
TEST_P(store_contract, a_schema_1_document_is_migrated_at_open_and_keeps_foreign_fields) {
  insert_raw_guild_document(R"({"guild_id": "906", "ticket_count": 4, "legacy_field": {"kept": [1, 2]},
    "panel_embed": {"title": "T", "description": "D", "theme": "dark"},
    "categories": {"Support": {"id": "777-a", "description": "d", "roles": ["5"], "note": "mine"}},
    "overflow_categories": ["41"], "config_revision": 3, "open_slots": {},
    "options": {"transcript_on_close": true, "custom": "x"}})");
  auto before = store_->get_config(G("906"));
  ASSERT_TRUE(before && *before);
  EXPECT_EQ((*before)->categories[0].id, "777-a");
  reopen();
  auto raw = read_raw_guild_document("906");
  EXPECT_EQ(raw["legacy_field"], ordered_json::parse(R"({"kept": [1, 2]})")) << raw.dump();
  EXPECT_EQ(raw["panel_embed"]["theme"], "dark");
  EXPECT_EQ(raw["categories"]["Support"]["note"], "mine");
  EXPECT_EQ(raw["options"]["custom"], "x");
  EXPECT_FALSE(raw["categories"]["Support"].contains("id"));
  for (const char* moved : {"overflow_categories", "config_revision", "open_slots"}) EXPECT_FALSE(raw.contains(moved)) << moved;
  EXPECT_EQ(raw["guichet"]["schema"], 2);
  EXPECT_EQ(raw["guichet"]["category_ids"]["Support"], "777-a");
  EXPECT_EQ(raw["guichet"]["overflow_categories"], ordered_json::array({"41"}));
  EXPECT_EQ(raw["ticket_count"], 4);
  auto after = store_->get_config(G("906"));
  ASSERT_TRUE(after && *after);
  EXPECT_EQ(**after, **before) << "the migration changes nothing that is read";
  // And everything goes on from there: a save, a ticket with the next number.
  ASSERT_TRUE(store_->save_config(**after));
  EXPECT_EQ(open("906", "alice").ticket.number, 5);
  EXPECT_EQ(read_raw_guild_document("906")["legacy_field"], ordered_json::parse(R"({"kept": [1, 2]})"));
}

// The draft of /ticket config is apart from the configuration, shared (one per guild), written by
// compare-and-set on the stamp of its last edit, and kept across restarts.
TEST_P(store_contract, a_draft_is_kept_apart_and_saved_by_compare_and_set) {
  auto none = store_->get_draft(G("907"));
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  tickets::config_draft d;
  d.config.guild_id = G("907");
  d.config.panel = tickets::panel_embed{"Titre", "Desc", std::nullopt, std::nullopt};
  d.config.categories = {{"1300-1", "Support", "m", {R("5")}, std::string("🎧"), 0x3498DBu}};
  d.config.log_channel = C("10");
  d.stamp = "1300000000000000001";
  ASSERT_TRUE(store_->save_draft(d, std::nullopt));
  auto config = store_->get_config(G("907"));
  ASSERT_TRUE(config);
  EXPECT_FALSE(*config) << "a draft writes no configuration";
  auto back = store_->get_draft(G("907"));
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, d);
  auto other = d;
  other.stamp = "1300000000000000002";
  other.config.transcript_channel = C("11");
  auto raced = store_->save_draft(other, std::nullopt);
  ASSERT_FALSE(raced) << "another admin's edit from the same read";
  EXPECT_EQ(raced.error().code, storage::errc::conflict);
  ASSERT_TRUE(store_->save_draft(other, d.stamp));
  auto stale = store_->save_draft(d, d.stamp);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, storage::errc::conflict);
  reopen();
  back = store_->get_draft(G("907"));
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, other) << "a restart keeps the draft";
  ASSERT_TRUE(store_->drop_draft(G("907")));
  back = store_->get_draft(G("907"));
  ASSERT_TRUE(back);
  EXPECT_FALSE(*back);
  EXPECT_TRUE(store_->save_draft(d, std::nullopt)) << "a new draft after a drop";
}

TEST_P(store_contract, open_reserves_the_number_and_the_single_slot) {
  auto a = open("1", "alice");
  EXPECT_TRUE(a.created);
  EXPECT_EQ(a.ticket.number, 1);
  EXPECT_EQ(a.ticket.state, status::reserved);
  auto again = open("1", "alice");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.ticket.number, 1);
  auto attached = store_->attach_channel(G("1"), 1, C("5001"), M("6001"));
  ASSERT_TRUE(attached);
  EXPECT_EQ(attached->state, status::open);
  EXPECT_EQ(attached->welcome_message_id, M("6001"));
  auto by_channel = store_->find_by_channel(C("5001"));
  ASSERT_TRUE(by_channel && *by_channel);
  EXPECT_EQ((*by_channel)->owner_id, U("alice"));
  auto b = open("1", "bob");
  EXPECT_EQ(b.ticket.number, 2);
  // A failed channel: the reservation is released, the number is not reused.
  ASSERT_TRUE(store_->release(G("1"), 2, 2000));
  auto b2 = open("1", "bob");
  EXPECT_TRUE(b2.created);
  EXPECT_EQ(b2.ticket.number, 3);
  // Another guild counts on its own.
  EXPECT_EQ(open("2", "alice").ticket.number, 1);
  auto cfg = store_->get_config(G("1"));
  ASSERT_TRUE(cfg && *cfg);
  EXPECT_EQ((*cfg)->ticket_count, 3);
}

// Opening, closing, opening again: the fourth opening in the window is refused with the moment the
// oldest one leaves it; reservations that never got a channel do not count; other members are free.
TEST_P(store_contract, a_member_opens_at_most_n_tickets_per_window) {
  const std::int64_t window = 600'000;
  auto open_at = [&](const std::string& owner, std::int64_t at) {
    auto r = store_->open_ticket({G("1"), U(owner), owner, "Support", "Support", at, 3, window});
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : storage::open_outcome{};
  };
  std::int64_t at = 1'000'000;
  for (int i = 0; i < 3; ++i, at += 1000) {
    auto o = open_at("alice", at);
    ASSERT_TRUE(o.created) << i;
    ASSERT_TRUE(store_->attach_channel(G("1"), o.ticket.number, C("90" + std::to_string(i))));
    ASSERT_TRUE(store_->transition(G("1"), o.ticket.number, status::open, status::closed, at + 500));
  }
  auto refused = open_at("alice", at);
  EXPECT_FALSE(refused.created);
  ASSERT_TRUE(refused.retry_at_ms);
  EXPECT_EQ(*refused.retry_at_ms, 1'000'000 + window);
  EXPECT_TRUE(open_at("bob", at).created) << "per member";
  auto later = open_at("alice", 1'000'000 + window + 1);
  EXPECT_TRUE(later.created) << "the oldest left the window";
  // A reservation released without a channel is not an opening.
  ASSERT_TRUE(store_->release(G("1"), later.ticket.number, 1'000'000 + window + 2));
  EXPECT_TRUE(open_at("alice", 1'000'000 + window + 3).created);
}

TEST_P(store_contract, added_members_are_a_set_on_live_tickets_only) {
  open("1", "alice");
  ASSERT_TRUE(store_->attach_channel(G("1"), 1, C("7001")));
  auto added = store_->add_member(G("1"), 1, U("witness"));
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_TRUE(added->changed);
  EXPECT_EQ(added->ticket.added_members, std::vector<discord::user_id>{U("witness")});
  auto again = store_->add_member(G("1"), 1, U("witness"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->changed) << "a member is added once";
  ASSERT_TRUE(store_->add_member(G("1"), 1, U("mate")));
  EXPECT_EQ((*store_->find_by_channel(C("7001")))->added_members, (std::vector<discord::user_id>{U("witness"), U("mate")}));
  auto removed = store_->remove_member(G("1"), 1, U("witness"));
  ASSERT_TRUE(removed);
  EXPECT_TRUE(removed->changed);
  EXPECT_EQ(removed->ticket.added_members, std::vector<discord::user_id>{U("mate")});
  auto absent = store_->remove_member(G("1"), 1, U("witness"));
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->changed);
  ASSERT_TRUE(store_->transition(G("1"), 1, status::open, status::closed, 5000, std::string("résolu")));
  auto closed = store_->find_by_number(G("1"), 1);
  EXPECT_EQ((*closed)->close_reason, std::optional<std::string>("résolu"));
  EXPECT_EQ((*closed)->added_members, std::vector<discord::user_id>{U("mate")}) << "kept through the close (they lose send only)";
  auto refused = store_->add_member(G("1"), 1, U("late"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, storage::errc::conflict);
  auto reopened = store_->reopen(G("1"), 1, 6000);
  ASSERT_TRUE(reopened);
  EXPECT_FALSE(reopened->close_reason) << "a reopen clears the last close's reason";
}

TEST_P(store_contract, release_and_transfer_are_compare_and_set_on_the_claimer) {
  open("1", "alice");
  ASSERT_TRUE(store_->attach_channel(G("1"), 1, C("7001")));
  ASSERT_TRUE(store_->claim(G("1"), 1, U("sophie"), "sophie", 5000));
  auto wrong = store_->transfer_claim(G("1"), 1, U("marc"), U("lea"), "lea", 5100);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, storage::errc::conflict);
  EXPECT_EQ(wrong.error().current->claimer_id, U("sophie"));
  auto moved = store_->transfer_claim(G("1"), 1, U("sophie"), U("marc"), "marc", 5200);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->claimer_id, U("marc"));
  EXPECT_EQ(moved->claimer_name, "marc");
  EXPECT_EQ(moved->state, status::claimed);
  EXPECT_EQ(moved->claimed_at_ms, 5200);
  EXPECT_FALSE(store_->release_claim(G("1"), 1, U("sophie"))) << "no longer the claimer";
  auto released = store_->release_claim(G("1"), 1, U("marc"));
  ASSERT_TRUE(released) << released.error().message;
  EXPECT_EQ(released->state, status::open);
  EXPECT_FALSE(released->claimer_id);
  EXPECT_EQ(released->claimer_name, "");
  auto claimed = store_->claim(G("1"), 1, U("lea"), "lea", 6000);
  ASSERT_TRUE(claimed);
  EXPECT_TRUE(claimed->won) << "released: claimable again";
}

TEST_P(store_contract, the_answers_given_at_opening_are_kept_with_the_ticket) {
  storage::open_request r{G("1"), U("alice"), "alice", "Support", "cat-s", 1000};
  r.answers = {{"Votre pseudo en jeu ?", "Alice#42"}, {"Décrivez le problème", "Ligne 1\n\"Ligne\" 2 <b>"}};
  auto o = store_->open_ticket(r);
  ASSERT_TRUE(o && o->created);
  EXPECT_EQ(o->ticket.answers, r.answers);
  ASSERT_TRUE(store_->attach_channel(G("1"), o->ticket.number, C("7001")));
  EXPECT_EQ((*store_->find_by_channel(C("7001")))->answers, r.answers);
}

TEST_P(store_contract, a_custom_channel_name_is_kept_until_cleared) {
  open("1", "alice");
  ASSERT_TRUE(store_->attach_channel(G("1"), 1, C("7001")));
  auto named = store_->set_custom_name(G("1"), 1, std::string("remboursement"));
  ASSERT_TRUE(named) << named.error().message;
  EXPECT_EQ(named->custom_name, std::optional<std::string>("remboursement"));
  ASSERT_TRUE(store_->transition(G("1"), 1, status::open, status::closed, 5000));
  EXPECT_EQ((*store_->find_by_number(G("1"), 1))->custom_name, std::optional<std::string>("remboursement"));
  auto cleared = store_->set_custom_name(G("1"), 1, std::nullopt);
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(cleared->custom_name);
  ASSERT_TRUE(store_->mark_deleted(G("1"), 1, 6000));
  EXPECT_FALSE(store_->set_custom_name(G("1"), 1, std::string("x"))) << "a deleted ticket is not renamed";
}

// The owner's DM summary: once per close (a retried deletion sends no second one), and once for a
// ticket deleted without ever being closed.
TEST_P(store_contract, the_dm_summary_is_recorded_once_per_close) {
  open("1", "alice");
  ASSERT_TRUE(store_->attach_channel(G("1"), 1, C("7001")));
  auto first = store_->mark_summary_sent(G("1"), 1, 2000);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(*first) << "never closed, never sent";
  EXPECT_FALSE(*store_->mark_summary_sent(G("1"), 1, 2500)) << "sent already";
  ASSERT_TRUE(store_->transition(G("1"), 1, status::open, status::closed, 3000));
  EXPECT_TRUE(*store_->mark_summary_sent(G("1"), 1, 3001)) << "a close after the last summary";
  EXPECT_FALSE(*store_->mark_summary_sent(G("1"), 1, 3002));
  EXPECT_EQ((*store_->find_by_number(G("1"), 1))->summary_sent_at_ms, 3001);
}

TEST_P(store_contract, a_rating_and_its_comment_are_set_once) {
  open("1", "alice");
  ASSERT_TRUE(store_->attach_channel(G("1"), 1, C("7001")));
  EXPECT_FALSE(*store_->comment_rating(G("1"), 1, "first")) << "no comment before a rating";
  auto rated = store_->rate(G("1"), 1, 4, 5000);
  ASSERT_TRUE(rated) << rated.error().message;
  EXPECT_TRUE(*rated);
  EXPECT_FALSE(*store_->rate(G("1"), 1, 1, 5001)) << "rated once";
  EXPECT_TRUE(*store_->comment_rating(G("1"), 1, "Rapide, merci <3"));
  EXPECT_FALSE(*store_->comment_rating(G("1"), 1, "again"));
  reopen();
  auto t = *store_->find_by_number(G("1"), 1);
  EXPECT_EQ(t->rating, 4);
  EXPECT_EQ(t->rated_at_ms, 5000);
  EXPECT_EQ(t->rating_comment, std::optional<std::string>("Rapide, merci <3"));
}

// The inactivity clock: the owner's messages restart it; anyone's message clears a warning; the
// warning is recorded once, and only while the clock still started where the sweep saw it.
TEST_P(store_contract, the_inactivity_clock_and_its_warning_are_compare_and_set) {
  open("1", "alice");  // created at 1000
  ASSERT_TRUE(store_->attach_channel(G("1"), 1, C("7001")));
  EXPECT_FALSE(*store_->note_activity(C("7001"), U("bob"), 1500)) << "staff alone do not restart it";
  EXPECT_EQ((*store_->find_by_number(G("1"), 1))->inactive_since_ms(), 1000);
  EXPECT_TRUE(*store_->note_activity(C("7001"), U("alice"), 2000));
  EXPECT_FALSE(*store_->mark_inactivity_warning(G("1"), 1, 1000, 9000)) << "the owner wrote since";
  auto warned = store_->mark_inactivity_warning(G("1"), 1, 2000, 9000);
  ASSERT_TRUE(warned) << warned.error().message;
  EXPECT_TRUE(*warned);
  EXPECT_FALSE(*store_->mark_inactivity_warning(G("1"), 1, 2000, 9001)) << "once";
  EXPECT_EQ((*store_->find_by_number(G("1"), 1))->inactivity_warned_at_ms, 9000);
  EXPECT_TRUE(*store_->note_activity(C("7001"), U("bob"), 9500)) << "anyone's message clears a warning";
  auto t = *store_->find_by_number(G("1"), 1);
  EXPECT_FALSE(t->inactivity_warned_at_ms);
  EXPECT_EQ(t->inactive_since_ms(), 9500);
  ASSERT_TRUE(store_->mark_inactivity_warning(G("1"), 1, 9500, 20000));
  ASSERT_TRUE(store_->reset_inactivity(G("1"), 1, 21000));
  t = *store_->find_by_number(G("1"), 1);
  EXPECT_FALSE(t->inactivity_warned_at_ms) << "kept open";
  EXPECT_EQ(t->inactive_since_ms(), 21000);
  auto off = store_->set_inactivity_off(G("1"), 1, true);
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_TRUE(off->inactivity_off);
  EXPECT_FALSE(*store_->mark_inactivity_warning(G("1"), 1, 21000, 30000)) << "not watched";
  ASSERT_TRUE(store_->set_inactivity_off(G("1"), 1, false));
  ASSERT_TRUE(store_->transition(G("1"), 1, status::open, status::closed, 31000));
  EXPECT_FALSE(*store_->mark_inactivity_warning(G("1"), 1, 21000, 32000)) << "closed";
  EXPECT_FALSE(*store_->note_activity(C("7001"), U("alice"), 33000)) << "closed";
}

TEST_P(store_contract, panels_are_remembered_once_listed_per_guild_and_forgotten) {
  storage::posted_panel a{G("1"), C("100"), M("1000")}, b{G("1"), C("101"), M("1001")}, other{G("2"), C("200"), M("2000")};
  ASSERT_TRUE(store_->remember_panel(a, 10));
  ASSERT_TRUE(store_->remember_panel(b, 20));
  ASSERT_TRUE(store_->remember_panel(a, 30)) << "remembered twice: still one";
  ASSERT_TRUE(store_->remember_panel(other, 40));
  auto listed = store_->list_panels(G("1"));
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(*listed, (std::vector<storage::posted_panel>{a, b}));
  ASSERT_TRUE(store_->forget_panel(M("1000")));
  EXPECT_EQ(*store_->list_panels(G("1")), std::vector<storage::posted_panel>{b});
  EXPECT_EQ(*store_->list_panels(G("2")), std::vector<storage::posted_panel>{other});
}

TEST_P(store_contract, transitions_are_compare_and_set) {
  open("1", "alice");
  ASSERT_TRUE(store_->attach_channel(G("1"), 1, C("7001")));
  auto claimed = store_->claim(G("1"), 1, U("staff1"), "sophie", 5000);
  ASSERT_TRUE(claimed);
  EXPECT_TRUE(claimed->won);
  EXPECT_EQ(claimed->ticket.claimer_name, "sophie") << "the channel is named after the claimer";
  auto second = store_->claim(G("1"), 1, U("staff2"), "marc", 5001);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->won);
  EXPECT_EQ(second->ticket.claimer_id, U("staff1"));
  EXPECT_EQ(second->ticket.claimer_name, "sophie");
  EXPECT_EQ((*store_->find_by_number(G("1"), 1))->claimer_name, "sophie");
  auto wrong = store_->transition(G("1"), 1, status::open, status::closed, 6000);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, storage::errc::conflict);
  ASSERT_TRUE(wrong.error().current);
  EXPECT_EQ(wrong.error().current->state, status::claimed);
  auto closed = store_->transition(G("1"), 1, status::claimed, status::closed, 6000);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->closed_at_ms, 6000);
  // Closing frees the slot: alice may open another ticket, and then cannot reopen the first.
  auto other = open("1", "alice");
  EXPECT_TRUE(other.created);
  auto refused = store_->reopen(G("1"), 1, 7000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, storage::errc::conflict);
  ASSERT_TRUE(refused.error().current);
  EXPECT_EQ(refused.error().current->number, other.ticket.number);
  ASSERT_TRUE(store_->release(G("1"), other.ticket.number, 7100));
  auto reopened = store_->reopen(G("1"), 1, 7200);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(reopened->state, status::claimed);  // the claim state comes back
  EXPECT_FALSE(reopened->closed_at_ms);
  auto deleted = store_->mark_deleted(G("1"), 1, 8000);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->state, status::deleted);
  EXPECT_TRUE(open("1", "alice").created);  // deleting frees the slot too
}

TEST_P(store_contract, lists_finds_and_counts) {
  for (int i = 0; i < 4; ++i) {
    auto o = open("1", "u" + std::to_string(i), i % 2 ? "Partenariat" : "Support");
    ASSERT_TRUE(store_->attach_channel(G("1"), o.ticket.number, C("80" + std::to_string(i))));
  }
  ASSERT_TRUE(store_->claim(G("1"), 1, U("staff"), "staff", 1500));
  ASSERT_TRUE(store_->record_staff_reply(C("800"), 1600));
  ASSERT_TRUE(store_->record_staff_reply(C("800"), 9999));  // only the first reply counts
  ASSERT_TRUE(store_->transition(G("1"), 2, status::open, status::closed, 4000));
  ASSERT_TRUE(store_->transition(G("1"), 3, status::open, status::closed, 2000));
  ASSERT_TRUE(store_->mark_deleted(G("1"), 3, 2500));
  auto reserved = open("1", "late");  // a reservation is not a ticket yet
  (void)reserved;
  auto active = store_->list(G("1"), {status::open, status::claimed});
  ASSERT_TRUE(active);
  ASSERT_EQ(active->size(), 2u);
  EXPECT_EQ((*active)[0].number, 1);
  EXPECT_EQ((*active)[1].number, 4);
  // The statistics, computed by each store: the same numbers.
  auto figures = store_->stats(G("1"), std::nullopt);
  ASSERT_TRUE(figures) << figures.error().message;
  const auto& st = *figures;
  EXPECT_EQ(st.created, 4);
  EXPECT_EQ(st.open, 2);
  EXPECT_EQ(st.unclaimed, 1);
  EXPECT_EQ(st.claimed, 1);
  EXPECT_EQ(st.closed, 1);
  EXPECT_EQ(st.deleted, 1);
  ASSERT_TRUE(st.avg_resolution_ms);
  EXPECT_DOUBLE_EQ(*st.avg_resolution_ms, ((4000 - 1000) + (2000 - 1000)) / 2.0);
  ASSERT_TRUE(st.avg_first_reply_ms);
  EXPECT_DOUBLE_EQ(*st.avg_first_reply_ms, 600.0);
  ASSERT_FALSE(st.by_category.empty());
  EXPECT_EQ(st.by_category[0].created, 2);
  EXPECT_EQ(st.last_number, 5) << "the guild's counter (the reservation took #5)";
  // The first close is kept through a reopening; the last one moves.
  ASSERT_TRUE(store_->reopen(G("1"), 2, 5000));
  ASSERT_TRUE(store_->transition(G("1"), 2, status::open, status::closed, 7000));
  auto twice = store_->find_by_number(G("1"), 2);
  ASSERT_TRUE(twice && *twice);
  EXPECT_EQ((*twice)->first_closed_at_ms, 4000);
  EXPECT_EQ((*twice)->closed_at_ms, 7000);
  auto all = store_->list_all({status::reserved});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].owner_id, U("late"));
  auto active_of = store_->find_active_by_owner(G("1"), U("u0"));
  ASSERT_TRUE(active_of && *active_of);
  EXPECT_EQ((*active_of)->number, 1);
}

TEST_P(store_contract, stats_per_staff_member_and_per_window) {
  // Six tickets, created at 1000 … 6000 ms; staff a and b.
  for (int i = 0; i < 6; ++i) {
    auto r = store_->open_ticket({G("1"), U("m" + std::to_string(i)), "m", "Support", "cat-s", 1000 * (i + 1)});
    ASSERT_TRUE(r && r->created);
    ASSERT_TRUE(store_->attach_channel(G("1"), r->ticket.number, C("90" + std::to_string(i))));
  }
  // a claims #1, #2, #3 and closes them after 10 s, 20 s, 60 s (median 20 s); b claims #4.
  for (int n = 1; n <= 3; ++n) ASSERT_TRUE(store_->claim(G("1"), n, U("a"), "a", 1000 * n + 1));
  ASSERT_TRUE(store_->claim(G("1"), 4, U("b"), "b", 4001));
  const std::int64_t took[] = {10'000, 20'000, 60'000};
  for (int n = 1; n <= 3; ++n)
    ASSERT_TRUE(store_->transition(G("1"), n, status::claimed, status::closed, 1000 * n + took[n - 1], std::nullopt, U("a")));
  ASSERT_TRUE(store_->transition(G("1"), 5, status::open, status::closed, 9000, std::nullopt, U("b")));
  // First replies: a on #1 (+1 s), #2 (+3 s), #3 (+5 s): median 3 s; b on #4 (+7 s).
  ASSERT_TRUE(store_->record_staff_reply(C("900"), 2000, U("a")));
  ASSERT_TRUE(store_->record_staff_reply(C("901"), 5000, U("a")));
  ASSERT_TRUE(store_->record_staff_reply(C("902"), 8000, U("a")));
  ASSERT_TRUE(store_->record_staff_reply(C("903"), 11000, U("b")));
  ASSERT_TRUE(store_->record_staff_reply(C("903"), 12000, U("a"))) << "only the first counts";
  auto all = store_->stats(G("1"), std::nullopt);
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->created, 6);
  ASSERT_EQ(all->by_staff.size(), 2u);
  const auto& a = all->by_staff[0];
  EXPECT_EQ(a.staff, U("a")) << "the busiest first";
  EXPECT_EQ(a.claimed, 3);
  EXPECT_EQ(a.closed, 3);
  ASSERT_TRUE(a.median_first_reply_ms);
  EXPECT_DOUBLE_EQ(*a.median_first_reply_ms, 3000);
  ASSERT_TRUE(a.median_resolution_ms);
  EXPECT_DOUBLE_EQ(*a.median_resolution_ms, 20'000);
  const auto& b = all->by_staff[1];
  EXPECT_EQ(b.staff, U("b"));
  EXPECT_EQ(b.claimed, 1);
  EXPECT_EQ(b.closed, 1);
  EXPECT_DOUBLE_EQ(b.median_first_reply_ms.value_or(-1), 7000);
  EXPECT_FALSE(b.median_resolution_ms) << "b's ticket is not closed";
  // Per category: the median first reply, and with a target (5 s) the share answered in time.
  auto targeted = store_->stats(G("1"), std::nullopt, {{"cat-s", 5000}});
  ASSERT_TRUE(targeted) << targeted.error().message;
  ASSERT_EQ(targeted->by_category.size(), 1u);
  EXPECT_DOUBLE_EQ(targeted->by_category[0].median_first_reply_ms.value_or(-1), (3000 + 5000) / 2.0) << "1, 3, 5 and 7 s";
  EXPECT_EQ(targeted->by_category[0].replied, 4);
  EXPECT_EQ(targeted->by_category[0].replied_in_time, 3);
  EXPECT_EQ(all->by_category[0].replied, 0) << "no target, no share";
  // A window: tickets created from 4000 ms on (#4, #5, #6).
  auto recent = store_->stats(G("1"), 4000);
  ASSERT_TRUE(recent);
  EXPECT_EQ(recent->created, 3);
  EXPECT_EQ(recent->since_ms, 4000);
  ASSERT_EQ(recent->by_staff.size(), 1u) << "a's tickets are older";
  EXPECT_EQ(recent->by_staff[0].staff, U("b"));
  EXPECT_EQ(recent->by_staff[0].closed, 1);
  // A transfer moves the claim's count; a reopen forgets who closed (and is counted).
  ASSERT_TRUE(store_->transfer_claim(G("1"), 4, U("b"), U("a"), "a", 20000));
  auto reopened = store_->reopen(G("1"), 5, 21000);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->reopen_count, 1);
  auto after = store_->stats(G("1"), 4000);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->by_staff.size(), 2u);
  EXPECT_EQ(after->by_staff[0].staff, U("a"));
  EXPECT_EQ(after->by_staff[0].claimed, 1);
  EXPECT_EQ(after->by_staff[1].closed, 0);
  // Ratings: the average per category and per claimer.
  ASSERT_TRUE(store_->rate(G("1"), 1, 5, 30000));
  ASSERT_TRUE(store_->rate(G("1"), 2, 2, 30000));
  ASSERT_TRUE(store_->rate(G("1"), 6, 4, 30000));  // unclaimed
  auto rated = store_->stats(G("1"), std::nullopt);
  ASSERT_TRUE(rated) << rated.error().message;
  EXPECT_EQ(rated->by_category[0].ratings, 3);
  EXPECT_NEAR(rated->by_category[0].avg_rating.value_or(-1), 11.0 / 3, 1e-9);
  ASSERT_EQ(rated->by_staff[0].staff, U("a"));
  EXPECT_EQ(rated->by_staff[0].ratings, 2);
  EXPECT_DOUBLE_EQ(rated->by_staff[0].avg_rating.value_or(-1), 3.5);
  EXPECT_EQ(rated->by_staff[1].ratings, 0);
  EXPECT_FALSE(rated->by_staff[1].avg_rating);
}

// 100,000 tickets in one guild: the store's figures against the same figures counted here from the
// generated tickets (the time it takes is bench/stats_bench's, not a test's).
TEST_P(store_contract, stats_of_a_guild_with_a_hundred_thousand_tickets) {
  const auto guild = G("77");
  const auto all = test_support::synthetic_tickets(guild, 100'000);
  if (GetParam() == "sqlite") test_support::bulk_insert_sqlite(path_.string(), all);
  else test_support::bulk_insert_mongo(uri_, db_, all);
  const std::int64_t since = all[60'000].created_at_ms;  // the last 40,000
  for (const auto window : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{since}}) {
    auto figures = store_->stats(guild, window);
    ASSERT_TRUE(figures) << figures.error().message;
    std::int64_t created = 0, open = 0, closed = 0, deleted = 0;
    std::map<discord::user_id, tickets::ticket_stats::staff_line> expected;
    std::map<discord::user_id, std::vector<double>> resolutions, replies;
    for (const auto& t : all) {
      if (window && t.created_at_ms < *window) continue;
      ++created;
      open += t.state == status::open || t.state == status::claimed;
      closed += t.state == status::closed;
      deleted += t.state == status::deleted;
      if (t.claimer_id) {
        ++expected[*t.claimer_id].claimed;
        if (t.first_closed_at_ms) resolutions[*t.claimer_id].push_back(static_cast<double>(*t.first_closed_at_ms - t.created_at_ms));
      }
      if (t.closed_by) ++expected[*t.closed_by].closed;
      if (t.first_staff_reply_by) replies[*t.first_staff_reply_by].push_back(static_cast<double>(*t.first_staff_reply_at_ms - t.created_at_ms));
    }
    EXPECT_EQ(figures->created, created);
    EXPECT_EQ(figures->open, open);
    EXPECT_EQ(figures->closed, closed);
    EXPECT_EQ(figures->deleted, deleted);
    ASSERT_EQ(figures->by_category.size(), 2u);
    EXPECT_EQ(figures->by_category[0].category_id, "cat-support") << "the busiest first";
    ASSERT_EQ(figures->by_staff.size(), expected.size());
    // A median lies between the two middle values (stores may take either, or their mean).
    const auto between_middles = [](std::vector<double> v, double m) {
      std::sort(v.begin(), v.end());
      return v[(v.size() - 1) / 2] <= m && m <= v[v.size() / 2];
    };
    for (const auto& line : figures->by_staff) {
      SCOPED_TRACE(line.staff.str());
      EXPECT_EQ(line.claimed, expected[line.staff].claimed);
      EXPECT_EQ(line.closed, expected[line.staff].closed);
      ASSERT_TRUE(line.median_resolution_ms && line.median_first_reply_ms);
      EXPECT_TRUE(between_middles(resolutions[line.staff], *line.median_resolution_ms)) << *line.median_resolution_ms << " vs " << [&] { auto v = resolutions[line.staff]; std::sort(v.begin(), v.end()); return v[v.size() / 2]; }();
      EXPECT_TRUE(between_middles(replies[line.staff], *line.median_first_reply_ms)) << *line.median_first_reply_ms;
    }
  }
}

TEST_P(store_contract, eight_threads_open_1600_consecutive_distinct_numbers) {
  // Create the guild first; on CongoDB, which enforces no unique index, a racing first upsert
  // could otherwise create two guild documents (a real mongod refuses the second).
  tickets::guild_config c;
  c.guild_id = G("77");
  ASSERT_TRUE(store_->save_config(c));
  constexpr int threads = 8, per_thread = 200;
  std::vector<std::vector<std::int64_t>> numbers(threads);
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto r = store_->open_ticket({G("77"), U("user-" + std::to_string(t) + "-" + std::to_string(i)), "u", "Support", "Support", 1});
        if (!r || !r->created) ++failures;
        else numbers[t].push_back(r->ticket.number);
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::int64_t> all;
  for (const auto& v : numbers) all.insert(v.begin(), v.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(threads * per_thread));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), threads * per_thread);
  auto cfg = store_->get_config(G("77"));
  ASSERT_TRUE(cfg && *cfg);
  EXPECT_EQ((*cfg)->ticket_count, threads * per_thread);
}

TEST_P(store_contract, two_simultaneous_opens_for_one_user_create_one_ticket) {
  tickets::guild_config c;
  c.guild_id = G("78");
  ASSERT_TRUE(store_->save_config(c));
  for (int round = 0; round < 20; ++round) {
    std::string owner = "same-" + std::to_string(round);
    std::atomic<int> created{0}, seen{0};
    std::vector<std::int64_t> got(2);
    std::thread a([&] {
      auto r = store_->open_ticket({G("78"), U(owner), "x", "Support", "Support", 1});
      if (r) {
        ++seen;
        if (r->created) ++created;
        got[0] = r->ticket.number;
      }
    });
    std::thread b([&] {
      auto r = store_->open_ticket({G("78"), U(owner), "x", "Support", "Support", 1});
      if (r) {
        ++seen;
        if (r->created) ++created;
        got[1] = r->ticket.number;
      }
    });
    a.join();
    b.join();
    EXPECT_EQ(seen.load(), 2);
    EXPECT_EQ(created.load(), 1) << "round " << round;
    EXPECT_EQ(got[0], got[1]);  // the loser is handed the winner's ticket
  }
}

TEST_P(store_contract, concurrent_claims_and_transitions_have_one_winner) {
  for (int round = 0; round < 10; ++round) {
    auto o = open("5", "owner" + std::to_string(round));
    ASSERT_TRUE(store_->attach_channel(G("5"), o.ticket.number, C("9" + std::to_string(round))));
    std::atomic<int> claims{0};
    std::vector<std::thread> staff;
    for (int s = 0; s < 4; ++s)
      staff.emplace_back([&, s] {
        auto r = store_->claim(G("5"), o.ticket.number, U("staff" + std::to_string(s)), "staff", 10);
        if (r && r->won) ++claims;
      });
    for (auto& t : staff) t.join();
    EXPECT_EQ(claims.load(), 1);
    std::atomic<int> closes{0};
    std::vector<std::thread> closers;
    for (int s = 0; s < 4; ++s)
      closers.emplace_back([&] {
        if (store_->transition(G("5"), o.ticket.number, status::claimed, status::closed, 20)) ++closes;
      });
    for (auto& t : closers) t.join();
    EXPECT_EQ(closes.load(), 1);
  }
}

// Finding 7: the ticket document cannot be written (here: larger than MongoDB's 16 MiB document
// limit, refused by the driver) after the member's slot was taken. The slot is given back at once:
// the member opens normally right after, without a restart.
TEST_P(store_contract, an_opening_whose_ticket_cannot_be_written_gives_the_slot_back) {
  tickets::guild_config c;
  c.guild_id = G("904");
  ASSERT_TRUE(store_->save_config(c));
  const std::string huge(17u << 20, 'x');
  auto failed = store_->open_ticket({G("904"), U("u1"), huge, "Support", "Support", 1000});
  if (GetParam() == "mongo") {
    ASSERT_FALSE(failed) << "MongoDB refuses a document above 16 MiB";
  } else {
    // SQLite holds it (its limit is 1 GB): nothing failed, the member has that ticket.
    ASSERT_TRUE(failed && failed->created);
    auto stored = store_->find_by_number(G("904"), failed->ticket.number);
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->owner_name.size(), huge.size());
    return;
  }
  auto after = store_->open_ticket({G("904"), U("u1"), "u1", "Support", "Support", 2000});
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_TRUE(after->created) << "the slot was given back";
}

// The admin's document keeps no bookkeeping leftovers: once nobody holds an open ticket, no empty
// `open_slots` object stays behind.
TEST_P(store_contract, no_empty_slot_object_is_left_in_the_guild_document) {
  tickets::guild_config c;
  c.guild_id = G("905");
  ASSERT_TRUE(store_->save_config(c));
  auto o = open("905", "alice");
  ASSERT_TRUE(store_->attach_channel(G("905"), o.ticket.number, C("9051")));
  ASSERT_TRUE(store_->transition(G("905"), o.ticket.number, status::open, status::closed, 2000));
  const auto raw = read_raw_guild_document("905");
  EXPECT_FALSE(raw.contains("open_slots")) << raw.dump();
  EXPECT_FALSE(raw["guichet"].contains("open_slots")) << raw.dump();
}

TEST_P(store_contract, reconcile_frees_slots_of_tickets_no_longer_active) {
  auto o = open("6", "ghost");
  ASSERT_TRUE(store_->attach_channel(G("6"), o.ticket.number, C("6100")));
  ASSERT_TRUE(store_->mark_deleted(G("6"), o.ticket.number, 5));
  auto freed = store_->reconcile_slots();
  ASSERT_TRUE(freed);
  EXPECT_EQ(*freed, 0);  // nothing was left over
  EXPECT_TRUE(open("6", "ghost").created);
}

// Reads answered on the caller's thread (SQLite) see exactly what the pool's reads see; MongoDB
// never answers that way (its reads go over the network) and leaves them to the pool.
TEST_P(store_contract, reads_now_see_what_the_pool_sees_or_are_left_to_it) {
  insert_raw_guild_document(hand_written_document);
  auto o = open("123456789012345678", "42");
  ASSERT_TRUE(store_->attach_channel(G("123456789012345678"), o.ticket.number, C("9100")));
  std::optional<storage::result<std::optional<tickets::ticket>>> found;
  std::optional<storage::result<std::optional<tickets::guild_config>>> config;
  const bool now = store_->read_now([&] {
    found = store_->find_by_channel(C("9100"));
    config = store_->get_config(G("123456789012345678"));
  });
  if (GetParam() == "mongo") {
    EXPECT_FALSE(now);
    EXPECT_FALSE(found) << "the reads ran, though MongoDB cannot answer them without waiting";
    return;
  }
  ASSERT_TRUE(now);
  ASSERT_TRUE(found && *found && **found);
  EXPECT_EQ((**found)->number, o.ticket.number);
  ASSERT_TRUE(config && *config && **config);
  EXPECT_EQ((**config)->ticket_count, 13);
  EXPECT_EQ((**config)->categories.size(), 2u);

  // A configuration saved since is read as saved, now and from the pool alike.
  auto changed = **store_->get_config(G("123456789012345678"));
  changed.log_channel = C("777");
  ASSERT_TRUE(store_->save_config(changed));
  ASSERT_TRUE(store_->read_now([&] { config = store_->get_config(G("123456789012345678")); }));
  EXPECT_EQ((**config)->log_channel, C("777"));
}

// The parse of a guild's document is reused only while the stored text is the same: a document
// an admin edits behind Guichet's back is read as edited; one that is no longer JSON fails the read
// now, and the pool's read says why.
TEST_P(store_contract, a_document_edited_behind_guichets_back_is_read_as_edited) {
  insert_raw_guild_document(hand_written_document);
  ASSERT_TRUE(store_->get_config(G("123456789012345678")));
  auto sql_edit = [&](const std::string& text) {
    sqlite3* db;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st;
    sqlite3_prepare_v2(db, "UPDATE guilds SET document = ? WHERE guild_id = '123456789012345678'", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, text.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
  };
  if (GetParam() == "sqlite") {
    auto doc = ordered_json::parse(hand_written_document);
    doc["log_channel"] = "888888";
    sql_edit(doc.dump());
  } else {
    mongoc_client_t* client = mongoc_client_new(uri_.c_str());
    mongoc_collection_t* coll = mongoc_client_get_collection(client, db_.c_str(), "ticket");
    bson_t* filter = BCON_NEW("guild_id", BCON_UTF8("123456789012345678"));
    bson_t* update = BCON_NEW("$set", "{", "log_channel", BCON_UTF8("888888"), "}");
    bson_error_t err;
    EXPECT_TRUE(mongoc_collection_update_one(coll, filter, update, nullptr, nullptr, &err)) << err.message;
    bson_destroy(filter);
    bson_destroy(update);
    mongoc_collection_destroy(coll);
    mongoc_client_destroy(client);
  }
  auto c = store_->get_config(G("123456789012345678"));
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->log_channel, C("888888"));
  if (GetParam() != "sqlite") return;  // MongoDB stores BSON: a document cannot stop being one

  sql_edit("{broken");
  std::optional<storage::result<std::optional<tickets::guild_config>>> now;
  EXPECT_FALSE(store_->read_now([&] { now = store_->get_config(G("123456789012345678")); }));
  auto pooled = store_->get_config(G("123456789012345678"));
  ASSERT_FALSE(pooled);
  EXPECT_NE(pooled.error().message.find("not JSON"), std::string::npos) << pooled.error().message;
}

INSTANTIATE_TEST_SUITE_P(backends, store_contract, ::testing::Values("sqlite", "mongo"),
                         [](const auto& info) { return info.param; });

TEST(mongo_store, unreachable_server_fails_fast_naming_mongodb_and_the_host) {
  auto start = std::chrono::steady_clock::now();
  auto s = storage::open_mongo({"mongodb://admin:s3cret@127.0.0.1:1/?serverSelectionTimeoutMS=2000", "ticket", 2000});
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, storage::errc::unavailable);
  EXPECT_NE(s.error().message.find("MongoDB"), std::string::npos);
  EXPECT_NE(s.error().message.find("127.0.0.1:1"), std::string::npos);
  EXPECT_EQ(s.error().message.find("s3cret"), std::string::npos);  // never the password
  EXPECT_LT(elapsed, std::chrono::seconds(10));
}

TEST(mongo_store, host_for_display_drops_credentials) {
  EXPECT_EQ(storage::mongo_host_for_display("mongodb://u:p@db.example:27017/ticket?x=1"), "db.example:27017");
  EXPECT_EQ(storage::mongo_host_for_display("mongodb://localhost"), "localhost");
}

TEST(mongo_store, duplicate_key_is_refused_by_a_real_mongod) {
  std::string why;
  auto target = test_support::mongo_for_tests(why);
  if (!target || !target->real_mongod)
    GTEST_SKIP() << "SKIPPED: needs a real mongod (set MONGODB_TEST_URI); CongoDB accepts unique indexes without enforcing them";
  auto s = storage::open_mongo({target->uri, "guichet_dup_" + std::to_string(getpid()), 5000});
  ASSERT_TRUE(s);
  mongoc_client_t* client = mongoc_client_new(target->uri.c_str());
  mongoc_collection_t* coll = mongoc_client_get_collection(client, ("guichet_dup_" + std::to_string(getpid())).c_str(), "ticket");
  bson_error_t err;
  bson_t* doc = BCON_NEW("guild_id", BCON_UTF8("1"));
  EXPECT_TRUE(mongoc_collection_insert_one(coll, doc, nullptr, nullptr, &err));
  EXPECT_FALSE(mongoc_collection_insert_one(coll, doc, nullptr, nullptr, &err));
  EXPECT_EQ(err.code, 11000u);
  bson_destroy(doc);
  mongoc_collection_destroy(coll);
  mongoc_client_destroy(client);
}

}  // namespace
