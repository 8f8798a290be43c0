#include "bulk_tickets.hpp"

#include <mongoc/mongoc.h>
#include <sqlite3.h>

#include <stdexcept>

#include "document.hpp"

namespace test_support {

std::vector<tickets::ticket> synthetic_tickets(discord::guild_id guild, int count) {
  std::vector<tickets::ticket> out;
  out.reserve(static_cast<std::size_t>(count));
  constexpr tickets::status states[] = {tickets::status::open, tickets::status::claimed, tickets::status::closed, tickets::status::deleted};
  for (int i = 1; i <= count; ++i) {
    tickets::ticket t;
    t.guild_id = guild;
    t.number = i;
    t.channel_id = discord::channel_id{guild.value * 1'000'000 + static_cast<std::uint64_t>(i)};
    t.owner_id = discord::user_id{5'000'000 + static_cast<std::uint64_t>(i)};
    t.owner_name = "member" + std::to_string(i);
    t.category = i % 3 ? "Support" : "Partenariat";
    t.category_id = i % 3 ? "cat-support" : "cat-partner";
    t.state = states[i % 4];
    t.created_at_ms = 1'700'000'000'000 + std::int64_t{i} * 60'000;
    const discord::user_id staff{900 + static_cast<std::uint64_t>(i % bulk_staff_count)};
    if (t.state != tickets::status::open) {
      t.claimer_id = staff;
      t.claimer_name = "staff" + std::to_string(i % bulk_staff_count);
      t.claimed_at_ms = t.created_at_ms + 1000;
    }
    if (t.state == tickets::status::closed || t.state == tickets::status::deleted) {
      t.first_closed_at_ms = t.created_at_ms + std::int64_t{i % 97 + 1} * 60'000;
      t.closed_at_ms = t.first_closed_at_ms;
      t.closed_by = staff;
    }
    if (i % 3 == 0) {
      t.first_staff_reply_at_ms = t.created_at_ms + std::int64_t{i % 59 + 1} * 1000;
      t.first_staff_reply_by = staff;
    }
    out.push_back(std::move(t));
  }
  return out;
}

void bulk_insert_sqlite(const std::string& path, const std::vector<tickets::ticket>& all) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO tickets (guild_id, number, channel_id, owner_id, owner_name, category, category_id, status, "
                     "claimer_id, claimer_name, created_at_ms, claimed_at_ms, first_closed_at_ms, closed_at_ms, closed_by, "
                     "first_staff_reply_at_ms, first_staff_reply_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                     -1, &st, nullptr);
  const auto text = [&](int i, const std::string& v) { sqlite3_bind_text(st, i, v.c_str(), -1, SQLITE_TRANSIENT); };
  const auto opt_int = [&](int i, const std::optional<std::int64_t>& v) { v ? sqlite3_bind_int64(st, i, *v) : sqlite3_bind_null(st, i); };
  const auto opt_id = [&](int i, const std::optional<discord::user_id>& v) { v ? text(i, v->str()) : (void)sqlite3_bind_null(st, i); };
  for (const auto& t : all) {
    text(1, t.guild_id.str());
    sqlite3_bind_int64(st, 2, t.number);
    text(3, t.channel_id->str());
    text(4, t.owner_id.str());
    text(5, t.owner_name);
    text(6, t.category);
    text(7, t.category_id);
    text(8, std::string(tickets::to_string(t.state)));
    opt_id(9, t.claimer_id);
    text(10, t.claimer_name);
    sqlite3_bind_int64(st, 11, t.created_at_ms);
    opt_int(12, t.claimed_at_ms);
    opt_int(13, t.first_closed_at_ms);
    opt_int(14, t.closed_at_ms);
    opt_id(15, t.closed_by);
    opt_int(16, t.first_staff_reply_at_ms);
    opt_id(17, t.first_staff_reply_by);
    if (sqlite3_step(st) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

void bulk_insert_mongo(const std::string& uri, const std::string& database, const std::vector<tickets::ticket>& all) {
  mongoc_client_t* client = mongoc_client_new(uri.c_str());
  if (!client) throw std::runtime_error("bad MongoDB URI");
  mongoc_collection_t* coll = mongoc_client_get_collection(client, database.c_str(), "tickets");
  constexpr std::size_t batch = 1000;
  for (std::size_t from = 0; from < all.size(); from += batch) {
    std::vector<bson_t*> docs;
    for (std::size_t i = from; i < std::min(all.size(), from + batch); ++i) {
      const std::string json = storage::ticket_to_document(all[i]).dump();
      bson_error_t err;
      bson_t* d = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()), static_cast<ssize_t>(json.size()), &err);
      if (!d) throw std::runtime_error(err.message);
      docs.push_back(d);
    }
    bson_error_t err;
    const bool ok = mongoc_collection_insert_many(coll, const_cast<const bson_t**>(docs.data()), docs.size(), nullptr, nullptr, &err);
    for (auto* d : docs) bson_destroy(d);
    if (!ok) throw std::runtime_error(err.message);
  }
  mongoc_collection_destroy(coll);
  mongoc_client_destroy(client);
}

}  // namespace test_support
