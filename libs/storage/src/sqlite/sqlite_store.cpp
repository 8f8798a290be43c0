// The embedded store: one SQLite file in WAL mode, a pool of connections (one per worker at a
// time), a versioned schema. Each operation that must be atomic runs in BEGIN IMMEDIATE.
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "../document.hpp"
#include "sqlite_connection.hpp"
#include "sqlite_stats.hpp"
#include "storage/ticket_store.hpp"

namespace storage {

namespace {

using tickets::status;
using tickets::ticket;

// Each entry moves the schema one version up; never edit a shipped entry, append a new one.
const char* const migrations[] = {
    // 1: guild documents and tickets
    R"sql(
    CREATE TABLE guilds (
      guild_id TEXT PRIMARY KEY,
      document TEXT NOT NULL,
      ticket_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE tickets (
      guild_id TEXT NOT NULL,
      number INTEGER NOT NULL,
      channel_id TEXT,
      owner_id TEXT NOT NULL,
      owner_name TEXT NOT NULL,
      category TEXT NOT NULL,
      status TEXT NOT NULL,
      claimer_id TEXT,
      created_at_ms INTEGER NOT NULL,
      claimed_at_ms INTEGER,
      first_staff_reply_at_ms INTEGER,
      closed_at_ms INTEGER,
      deleted_at_ms INTEGER,
      delete_after_ms INTEGER,
      PRIMARY KEY (guild_id, number)
    );
    CREATE UNIQUE INDEX tickets_by_channel ON tickets(channel_id) WHERE channel_id IS NOT NULL;
    -- One active ticket per member: the database itself refuses a second one.
    CREATE UNIQUE INDEX tickets_one_active_per_owner ON tickets(guild_id, owner_id)
      WHERE status IN ('reserved', 'open', 'claimed');
    CREATE INDEX tickets_by_status ON tickets(guild_id, status);
    )sql",
    // 2: tickets name their category by its stable id (rows from before keep its name, which the
    // configuration reader made the id of the categories stored before ids existed)
    "ALTER TABLE tickets ADD COLUMN category_id TEXT",
    // 3: the configuration's revision (compare-and-set of saves)
    "ALTER TABLE guilds ADD COLUMN config_revision INTEGER NOT NULL DEFAULT 0",
    // 4: when the deletion's transcript was saved
    "ALTER TABLE tickets ADD COLUMN archived_at_ms INTEGER",
    // 5: the welcome message, found by id instead of by scanning the channel
    "ALTER TABLE tickets ADD COLUMN welcome_message_id TEXT",
    // 6: the first close, kept through reopenings (resolution time); the last close of older rows
    // is the best there is
    "ALTER TABLE tickets ADD COLUMN first_closed_at_ms INTEGER;"
    "UPDATE tickets SET first_closed_at_ms = closed_at_ms WHERE closed_at_ms IS NOT NULL",
    // 7: the draft of /ticket config, one per guild (document: the guild document's shape)
    "CREATE TABLE config_drafts (guild_id TEXT PRIMARY KEY, stamp TEXT NOT NULL, base_revision INTEGER NOT NULL, "
    "document TEXT NOT NULL)",
    // 8: the claimer's name (channels are named after it; members are not kept in memory)
    "ALTER TABLE tickets ADD COLUMN claimer_name TEXT",
    // 9: the members staff added (a JSON array of ids), the last close's reason, staff's channel name
    "ALTER TABLE tickets ADD COLUMN added_members TEXT;"
    "ALTER TABLE tickets ADD COLUMN close_reason TEXT;"
    "ALTER TABLE tickets ADD COLUMN custom_name TEXT;"
    // … and who closed it and who replied first (statistics per staff member)
    "ALTER TABLE tickets ADD COLUMN closed_by TEXT;"
    "ALTER TABLE tickets ADD COLUMN first_staff_reply_by TEXT;"
    "ALTER TABLE tickets ADD COLUMN first_response_alerted_at_ms INTEGER;"
    "ALTER TABLE tickets ADD COLUMN answers TEXT;"
    "ALTER TABLE tickets ADD COLUMN close_requested_at_ms INTEGER;"
    "ALTER TABLE tickets ADD COLUMN close_request_message_id TEXT;"
    "CREATE INDEX tickets_by_created ON tickets(guild_id, created_at_ms)",
    // 10: the panels posted, kept in step with the configuration
    "CREATE TABLE panels (message_id TEXT PRIMARY KEY, guild_id TEXT NOT NULL, channel_id TEXT NOT NULL, "
    "posted_at_ms INTEGER NOT NULL);"
    "CREATE INDEX panels_by_guild ON panels(guild_id)",
    // 11: the owner's DM summary and rating; the inactivity clock, its warning, staff's switch
    "ALTER TABLE tickets ADD COLUMN summary_sent_at_ms INTEGER;"
    "ALTER TABLE tickets ADD COLUMN rating INTEGER;"
    "ALTER TABLE tickets ADD COLUMN rating_comment TEXT;"
    "ALTER TABLE tickets ADD COLUMN rated_at_ms INTEGER;"
    "ALTER TABLE tickets ADD COLUMN activity_at_ms INTEGER;"
    "ALTER TABLE tickets ADD COLUMN inactivity_warned_at_ms INTEGER;"
    "ALTER TABLE tickets ADD COLUMN inactivity_off INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE tickets ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0",
};

using sqlite::connection;
using sqlite::db_error;
using sqlite::exec;
using sqlite::statement;
using sqlite::read_transaction;
using sqlite::transaction;

constexpr const char* ticket_columns =
    "guild_id, number, channel_id, owner_id, owner_name, category, status, claimer_id, created_at_ms, "
    "claimed_at_ms, first_staff_reply_at_ms, closed_at_ms, deleted_at_ms, delete_after_ms, category_id, archived_at_ms, welcome_message_id, first_closed_at_ms, claimer_name, "
    "added_members, close_reason, custom_name, closed_by, first_staff_reply_by, first_response_alerted_at_ms, answers, "
    "close_requested_at_ms, close_request_message_id, summary_sent_at_ms, rating, rating_comment, rated_at_ms, activity_at_ms, "
    "inactivity_warned_at_ms, inactivity_off, reopen_count";

std::vector<discord::user_id> members_from_text(const std::optional<std::string>& text) {
  std::vector<discord::user_id> out;
  if (!text) return out;
  auto list = ordered_json::parse(*text, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& id : list)
    if (id.is_string())
      if (auto u = discord::user_id::parse(id.get<std::string>())) out.push_back(*u);
  return out;
}

std::vector<std::pair<std::string, std::string>> answers_from_text(const std::optional<std::string>& text) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!text) return out;
  auto list = ordered_json::parse(*text, nullptr, false);
  if (!list.is_array()) return out;
  for (const auto& qa : list)
    if (qa.is_array() && qa.size() == 2 && qa[0].is_string() && qa[1].is_string()) out.emplace_back(qa[0], qa[1]);
  return out;
}

std::optional<std::string> answers_to_text(const std::vector<std::pair<std::string, std::string>>& answers) {
  if (answers.empty()) return std::nullopt;
  ordered_json list = ordered_json::array();
  for (const auto& [q, a] : answers) list.push_back({q, a});
  return list.dump();
}

std::string members_to_text(const std::vector<discord::user_id>& members) {
  ordered_json list = ordered_json::array();
  for (auto m : members) list.push_back(m.str());
  return list.dump();
}

ticket read_ticket(const statement& s) {
  ticket t;
  t.guild_id = discord::guild_id::parse(s.text(0)).value_or(discord::guild_id{});
  t.number = s.integer(1);
  t.channel_id = id_from<discord::channel_tag>(s.opt_text(2));
  t.owner_id = discord::user_id::parse(s.text(3)).value_or(discord::user_id{});
  t.owner_name = s.text(4);
  t.category = s.text(5);
  t.state = tickets::status_from_string(s.text(6)).value_or(status::open);
  t.claimer_id = id_from<discord::user_tag>(s.opt_text(7));
  t.created_at_ms = s.integer(8);
  t.claimed_at_ms = s.opt_integer(9);
  t.first_staff_reply_at_ms = s.opt_integer(10);
  t.closed_at_ms = s.opt_integer(11);
  t.deleted_at_ms = s.opt_integer(12);
  t.delete_after_ms = s.opt_integer(13);
  t.category_id = s.opt_text(14).value_or(t.category);
  t.archived_at_ms = s.opt_integer(15);
  t.welcome_message_id = id_from<discord::message_tag>(s.opt_text(16));
  t.first_closed_at_ms = s.opt_integer(17);
  t.claimer_name = s.opt_text(18).value_or("");
  t.added_members = members_from_text(s.opt_text(19));
  t.close_reason = s.opt_text(20);
  t.custom_name = s.opt_text(21);
  t.closed_by = id_from<discord::user_tag>(s.opt_text(22));
  t.first_staff_reply_by = id_from<discord::user_tag>(s.opt_text(23));
  t.first_response_alerted_at_ms = s.opt_integer(24);
  t.answers = answers_from_text(s.opt_text(25));
  t.close_requested_at_ms = s.opt_integer(26);
  t.close_request_message_id = id_from<discord::message_tag>(s.opt_text(27));
  t.summary_sent_at_ms = s.opt_integer(28);
  if (auto r = s.opt_integer(29)) t.rating = static_cast<int>(*r);
  t.rating_comment = s.opt_text(30);
  t.rated_at_ms = s.opt_integer(31);
  t.activity_at_ms = s.opt_integer(32);
  t.inactivity_warned_at_ms = s.opt_integer(33);
  t.inactivity_off = s.integer(34) != 0;
  t.reopen_count = s.integer(35);
  return t;
}

std::string select_tickets(const char* where) {
  return std::string("SELECT ") + ticket_columns + " FROM tickets WHERE " + where;
}

class sqlite_store final : public ticket_store {
 public:
  explicit sqlite_store(std::string path) : path_(std::move(path)) {
    auto db = connect();
    migrate(*db);
    migrate_documents(*db);
    give_back(std::move(db));
  }

  result<std::optional<tickets::guild_config>> get_config(discord::guild_id guild_id) override {
    const std::string guild = guild_id.str();
    return run([&](connection& db) -> std::optional<tickets::guild_config> {
      statement s(db, "SELECT document, ticket_count, config_revision FROM guilds WHERE guild_id = ?");
      s.bind(1, guild);
      if (!s.step()) return std::nullopt;
      auto c = parsed_config(guild, s.text(0));
      c.guild_id = guild_id;
      c.ticket_count = s.integer(1);
      c.revision = s.integer(2);
      return c;
    });
  }

  // The configuration a stored document says. Every click reads the document again; parsing it
  // again is most of a click's storage time, so the last parse of each guild is kept and reused
  // while the stored text is the same, byte for byte (never a stale configuration).
  tickets::guild_config parsed_config(const std::string& guild, std::string text) {
    {
      std::lock_guard lock(parsed_mu_);
      if (auto it = parsed_.find(guild); it != parsed_.end() && it->second.first == text) return it->second.second;
    }
    auto doc = ordered_json::parse(text, nullptr, false);
    if (doc.is_discarded()) throw db_error("the stored document of guild " + guild + " is not JSON");
    auto c = config_from_document(doc);
    std::lock_guard lock(parsed_mu_);
    if (parsed_.size() >= parsed_max) parsed_.clear();  // a bound, not a policy: the next reads refill it
    parsed_.insert_or_assign(guild, std::pair{std::move(text), c});
    return c;
  }

  bool read_now(const std::function<void()>& reads) override {
    connection* db = nullptr;
    try {
      std::lock_guard lock(mu_);
      auto& own = now_connections_[std::this_thread::get_id()];
      if (!own) {
        own = connect();
        sqlite3_busy_timeout(own->handle(), 0);  // a lock in the way: give up now, the pool waits
      }
      db = own.get();
    } catch (const std::exception&) {
      return false;
    }
    // One read transaction for all the reads: one snapshot, one read lock.
    bool ok = false;
    try {
      read_transaction tx(*db);
      now_ = now_reads{this, db, false};
      reads();
      ok = !now_.failed;
      now_ = {};
      if (ok) tx.commit();
    } catch (const std::exception&) {
      now_ = {};
      ok = false;
    }
    return ok;
  }

  // Merges into the stored document: fields Guichet does not know (an admin's, an older bot's) stay.
  result<void> save_config(const tickets::guild_config& config) override {
    return run_result([&](connection& db) -> result<void> {
      transaction tx(db, writers_);
      ordered_json doc = ordered_json::object();
      std::int64_t revision = 0;
      {
        statement s(db, "SELECT document, config_revision FROM guilds WHERE guild_id = ?");
        s.bind(1, config.guild_id);
        if (s.step()) {
          doc = ordered_json::parse(s.text(0), nullptr, false);
          if (!doc.is_object()) doc = ordered_json::object();
          revision = s.integer(1);
        }
      }
      if (revision != config.revision)
        return error{errc::conflict, "the configuration was saved meanwhile (revision " + std::to_string(revision) + ")", std::nullopt};
      for (const char* k : optional_document_keys) doc.erase(k);
      const ordered_json ours = config_to_document(config);
      for (const auto& [k, v] : ours.items()) {
        if (k == "ticket_count") continue;
        if (k != "guichet") {
          doc[k] = v;
          continue;
        }
        // Key by key: the overflow categories kept there are not the configuration's.
        if (!doc["guichet"].is_object()) doc["guichet"] = ordered_json::object();
        for (const auto& [field, value] : v.items()) doc["guichet"][field] = value;
      }
      if (!doc.contains("ticket_count")) doc["ticket_count"] = 0;
      // The counter column is the truth; the document mirrors it (json_set keeps the key order).
      statement s(db,
                  "INSERT INTO guilds (guild_id, document, ticket_count, config_revision) VALUES (?1, ?2, 0, ?3) "
                  "ON CONFLICT(guild_id) DO UPDATE SET document = json_set(excluded.document, '$.ticket_count', guilds.ticket_count), "
                  "config_revision = ?3");
      s.bind(1, config.guild_id).bind(2, doc.dump()).bind(3, revision + 1);
      s.step();
      tx.commit();
      return {};
    });
  }

  result<std::optional<tickets::config_draft>> get_draft(discord::guild_id guild_id) override {
    return run([&](connection& db) -> std::optional<tickets::config_draft> {
      statement s(db, "SELECT stamp, base_revision, document FROM config_drafts WHERE guild_id = ?");
      s.bind(1, guild_id);
      if (!s.step()) return std::nullopt;
      auto doc = ordered_json::parse(s.text(2), nullptr, false);
      if (!doc.is_object()) return std::nullopt;  // unreadable: as if there were none
      tickets::config_draft d;
      d.config = config_from_document(doc);
      d.config.guild_id = guild_id;
      d.config.revision = s.integer(1);
      d.stamp = s.text(0);
      return d;
    });
  }

  result<void> save_draft(const tickets::config_draft& d, const std::optional<std::string>& expected) override {
    return run_result([&](connection& db) -> result<void> {
      transaction tx(db, writers_);
      std::optional<std::string> stored;
      {
        statement s(db, "SELECT stamp FROM config_drafts WHERE guild_id = ?");
        s.bind(1, d.config.guild_id);
        if (s.step()) stored = s.text(0);
      }
      if (stored != expected) return error{errc::conflict, "the draft was edited meanwhile", std::nullopt};
      statement s(db, "INSERT INTO config_drafts (guild_id, stamp, base_revision, document) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT(guild_id) DO UPDATE SET stamp = ?2, base_revision = ?3, document = ?4");
      s.bind(1, d.config.guild_id).bind(2, d.stamp).bind(3, d.config.revision).bind(4, config_to_document(d.config).dump());
      s.step();
      tx.commit();
      return {};
    });
  }

  result<void> drop_draft(discord::guild_id guild_id) override {
    return run_void([&](connection& db) {
      transaction tx(db, writers_);
      statement s(db, "DELETE FROM config_drafts WHERE guild_id = ?");
      s.bind(1, guild_id);
      s.step();
      tx.commit();
    });
  }

  result<void> add_overflow_category(discord::guild_id guild_id, discord::channel_id category_id) override {
    const std::string guild = guild_id.str();
    const std::string category = category_id.str();
    return edit_overflow(guild, [&](std::vector<std::string>& ids) {
      if (std::find(ids.begin(), ids.end(), category) == ids.end()) ids.push_back(category);
    });
  }
  result<void> remove_overflow_category(discord::guild_id guild_id, discord::channel_id category_id) override {
    const std::string guild = guild_id.str();
    const std::string category = category_id.str();
    return edit_overflow(guild, [&](std::vector<std::string>& ids) { std::erase(ids, category); });
  }

  result<open_outcome> open_ticket(const open_request& r) override {
    return run([&](connection& db) {
      transaction tx(db, writers_);
      if (auto existing = active_of(db, r.guild_id.str(), r.owner_id.str())) {
        tx.commit();
        return open_outcome{false, *existing, std::nullopt};
      }
      if (r.opens_max > 0) {
        statement recent(db, "SELECT COUNT(*), MIN(created_at_ms) FROM tickets WHERE guild_id = ? AND owner_id = ? "
                             "AND channel_id IS NOT NULL AND created_at_ms > ?");
        recent.bind(1, r.guild_id).bind(2, r.owner_id).bind(3, r.at_ms - r.window_ms);
        recent.step();
        if (recent.integer(0) >= r.opens_max) {
          tx.commit();
          return open_outcome{false, ticket{}, recent.integer(1) + r.window_ms};
        }
      }
      {
        statement ensure(db, "INSERT OR IGNORE INTO guilds (guild_id, document, ticket_count) VALUES (?, ?, 0)");
        ensure.bind(1, r.guild_id).bind(2, ordered_json{{"guild_id", r.guild_id.str()}}.dump());
        ensure.step();
      }
      std::int64_t number = 0;
      {
        statement inc(db, "UPDATE guilds SET ticket_count = ticket_count + 1, "
                            "document = json_set(document, '$.ticket_count', ticket_count + 1) "
                            "WHERE guild_id = ? RETURNING ticket_count");
        inc.bind(1, r.guild_id);
        inc.step();
        number = inc.integer(0);
        while (inc.step()) {
        }
      }
      ticket t;
      t.guild_id = r.guild_id;
      t.number = number;
      t.owner_id = r.owner_id;
      t.owner_name = r.owner_name;
      t.category = r.category;
      t.category_id = r.category_id;
      t.state = status::reserved;
      t.created_at_ms = r.at_ms;
      t.answers = r.answers;
      statement ins(db, "INSERT INTO tickets (guild_id, number, owner_id, owner_name, category, status, created_at_ms, category_id, answers) "
                        "VALUES (?, ?, ?, ?, ?, 'reserved', ?, ?, ?)");
      ins.bind(1, t.guild_id).bind(2, t.number).bind(3, t.owner_id).bind(4, t.owner_name).bind(5, t.category).bind(6, t.created_at_ms);
      ins.bind(7, t.category_id).bind(8, answers_to_text(t.answers));
      ins.step();
      tx.commit();
      return open_outcome{true, t, std::nullopt};
    });
  }

  result<ticket> attach_channel(discord::guild_id guild_id, std::int64_t number, discord::channel_id channel_id,
                                std::optional<discord::message_id> welcome_id) override {
    const std::string guild = guild_id.str();
    const std::string channel = channel_id.str();
    const std::optional<std::string> welcome = welcome_id ? std::optional(welcome_id->str()) : std::nullopt;
    return update_one(guild, number, "status = 'open', channel_id = ?3, welcome_message_id = ?4", "status = 'reserved'",
                      [&](statement& s) { s.bind(3, channel).bind(4, welcome); });
  }

  result<void> release(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    const std::string guild = guild_id.str();
    auto r = update_one(guild, number, "status = 'deleted', deleted_at_ms = ?3", "status = 'reserved'",
                        [&](statement& s) { s.bind(3, at); });
    if (!r) return r.error();
    return {};
  }

  result<std::optional<ticket>> find_by_channel(discord::channel_id channel_id) override {
    const std::string channel = channel_id.str();
    static const std::string sql = select_tickets("channel_id = ?1");
    return find_one(sql, [&](statement& s) { s.bind(1, channel); });
  }
  result<std::optional<ticket>> find_active_by_owner(discord::guild_id guild_id, discord::user_id owner_id) override {
    const std::string guild = guild_id.str();
    const std::string owner = owner_id.str();
    return run([&](connection& db) { return active_of(db, guild, owner); });
  }
  result<std::optional<ticket>> find_by_number(discord::guild_id guild_id, std::int64_t number) override {
    const std::string guild = guild_id.str();
    static const std::string sql = select_tickets("guild_id = ?1 AND number = ?2");
    return find_one(sql, [&](statement& s) { s.bind(1, guild).bind(2, number); });
  }

  result<std::vector<ticket>> list(discord::guild_id guild_id, const std::vector<status>& statuses) override {
    const std::string guild = guild_id.str();
    return list_where(&guild, statuses);
  }
  result<std::vector<ticket>> list_all(const std::vector<status>& statuses) override { return list_where(nullptr, statuses); }

  result<ticket> transition(discord::guild_id guild_id, std::int64_t number, status from, status to, std::int64_t at,
                            const std::optional<std::string>& reason, std::optional<discord::user_id> closed_by) override {
    const std::string guild = guild_id.str();
    std::string set = "status = '" + std::string(tickets::to_string(to)) + "'";
    if (to == status::closed)
      set += ", closed_at_ms = ?3, first_closed_at_ms = COALESCE(first_closed_at_ms, ?3), close_reason = ?4, closed_by = ?5, "
             "close_requested_at_ms = NULL, close_request_message_id = NULL";
    else if (to == status::deleted) set += ", deleted_at_ms = ?3";
    std::string where = "status = '" + std::string(tickets::to_string(from)) + "'";
    const std::optional<std::string> by = closed_by ? std::optional(closed_by->str()) : std::nullopt;
    return update_one(guild, number, set.c_str(), where.c_str(), [&](statement& s) {
      s.bind(3, at);
      if (to == status::closed) s.bind(4, reason).bind(5, by);
    });
  }

  result<tickets::ticket_stats> stats(discord::guild_id guild_id, std::optional<std::int64_t> since,
                                      const std::map<std::string, std::int64_t>& targets) override {
    return run([&](connection& db) { return sqlite::guild_stats(db, guild_id, since, targets); });
  }

  result<member_change> add_member(discord::guild_id guild_id, std::int64_t number, discord::user_id member) override {
    return edit_members(guild_id.str(), number, [&](std::vector<discord::user_id>& m) {
      if (std::find(m.begin(), m.end(), member) != m.end()) return false;
      m.push_back(member);
      return true;
    });
  }
  result<member_change> remove_member(discord::guild_id guild_id, std::int64_t number, discord::user_id member) override {
    return edit_members(guild_id.str(), number, [&](std::vector<discord::user_id>& m) { return std::erase(m, member) > 0; });
  }

  result<void> set_close_request(discord::guild_id guild_id, std::int64_t number, std::optional<std::int64_t> at,
                                 std::optional<discord::message_id> message_id) override {
    const std::optional<std::string> message = message_id ? std::optional(message_id->str()) : std::nullopt;
    return run_void([&](connection& db) {
      transaction tx(db, writers_);
      statement s(db, "UPDATE tickets SET close_requested_at_ms = ?3, close_request_message_id = ?4 WHERE guild_id = ?1 AND number = ?2");
      s.bind(1, guild_id).bind(2, number).bind(3, at).bind(4, message);
      s.step();
      tx.commit();
    });
  }

  result<bool> mark_first_response_alert(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    return changed_one("UPDATE tickets SET first_response_alerted_at_ms = ?3 WHERE guild_id = ?1 AND number = ?2 "
                       "AND first_response_alerted_at_ms IS NULL AND first_staff_reply_at_ms IS NULL AND status IN ('open', 'claimed')",
                       [&](statement& s) { s.bind(1, guild_id).bind(2, number).bind(3, at); });
  }

  // One UPDATE in a write transaction; true when it changed a row (a compare-and-set won).
  template <class Bind>
  result<bool> changed_one(const char* sql, Bind bind) {
    return run([&](connection& db) {
      transaction tx(db, writers_);
      statement s(db, sql);
      bind(s);
      s.step();
      const bool changed = sqlite3_changes(db.handle()) == 1;
      tx.commit();
      return changed;
    });
  }

  result<bool> mark_summary_sent(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    return changed_one("UPDATE tickets SET summary_sent_at_ms = ?3 WHERE guild_id = ?1 AND number = ?2 "
                       "AND (summary_sent_at_ms IS NULL OR summary_sent_at_ms < COALESCE(closed_at_ms, 0))",
                       [&](statement& s) { s.bind(1, guild_id).bind(2, number).bind(3, at); });
  }
  result<bool> rate(discord::guild_id guild_id, std::int64_t number, int stars, std::int64_t at) override {
    return changed_one("UPDATE tickets SET rating = ?3, rated_at_ms = ?4 WHERE guild_id = ?1 AND number = ?2 AND rating IS NULL",
                       [&](statement& s) { s.bind(1, guild_id).bind(2, number).bind(3, std::int64_t{stars}).bind(4, at); });
  }
  result<bool> comment_rating(discord::guild_id guild_id, std::int64_t number, const std::string& comment) override {
    return changed_one("UPDATE tickets SET rating_comment = ?3 WHERE guild_id = ?1 AND number = ?2 "
                       "AND rating IS NOT NULL AND rating_comment IS NULL",
                       [&](statement& s) { s.bind(1, guild_id).bind(2, number).bind(3, comment); });
  }
  result<bool> note_activity(discord::channel_id channel_id, discord::user_id author, std::int64_t at) override {
    return changed_one("UPDATE tickets SET activity_at_ms = ?3, inactivity_warned_at_ms = NULL WHERE channel_id = ?1 "
                       "AND status IN ('open', 'claimed') AND (owner_id = ?2 OR inactivity_warned_at_ms IS NOT NULL)",
                       [&](statement& s) { s.bind(1, channel_id.str()).bind(2, author.str()).bind(3, at); });
  }
  result<void> reset_inactivity(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    auto r = changed_one("UPDATE tickets SET activity_at_ms = ?3, inactivity_warned_at_ms = NULL WHERE guild_id = ?1 AND number = ?2",
                         [&](statement& s) { s.bind(1, guild_id).bind(2, number).bind(3, at); });
    if (!r) return r.error();
    return {};
  }
  result<bool> mark_inactivity_warning(discord::guild_id guild_id, std::int64_t number, std::int64_t since, std::int64_t at) override {
    return changed_one("UPDATE tickets SET inactivity_warned_at_ms = ?4 WHERE guild_id = ?1 AND number = ?2 "
                       "AND status IN ('open', 'claimed') AND inactivity_off = 0 AND inactivity_warned_at_ms IS NULL "
                       "AND COALESCE(activity_at_ms, created_at_ms) = ?3",
                       [&](statement& s) { s.bind(1, guild_id).bind(2, number).bind(3, since).bind(4, at); });
  }
  result<ticket> set_inactivity_off(discord::guild_id guild_id, std::int64_t number, bool off) override {
    const std::string guild = guild_id.str();
    return update_one(guild, number, "inactivity_off = ?3, inactivity_warned_at_ms = NULL", "status <> 'deleted'",
                      [&](statement& s) { s.bind(3, std::int64_t{off ? 1 : 0}); });
  }

  result<ticket> set_custom_name(discord::guild_id guild_id, std::int64_t number, const std::optional<std::string>& name) override {
    const std::string guild = guild_id.str();
    return update_one(guild, number, "custom_name = ?3", "status <> 'deleted'", [&](statement& s) { s.bind(3, name); });
  }

  result<ticket> release_claim(discord::guild_id guild_id, std::int64_t number, discord::user_id claimer) override {
    const std::string guild = guild_id.str();
    const std::string by = claimer.str();
    return update_one(guild, number, "status = 'open', claimer_id = NULL, claimer_name = NULL, claimed_at_ms = NULL",
                      "status = 'claimed' AND claimer_id = ?3", [&](statement& s) { s.bind(3, by); });
  }

  result<ticket> transfer_claim(discord::guild_id guild_id, std::int64_t number, discord::user_id from, discord::user_id to,
                                const std::string& to_name, std::int64_t at) override {
    const std::string guild = guild_id.str();
    const std::string was = from.str(), now = to.str();
    return update_one(guild, number, "claimer_id = ?4, claimer_name = ?5, claimed_at_ms = ?6", "status = 'claimed' AND claimer_id = ?3",
                      [&](statement& s) { s.bind(3, was).bind(4, now).bind(5, to_name).bind(6, at); });
  }

  result<ticket> reopen(discord::guild_id guild_id, std::int64_t number, std::int64_t) override {
    const std::string guild = guild_id.str();
    return run_result([&](connection& db) -> result<ticket> {
      transaction tx(db, writers_);
      auto current = by_number(db, guild, number);
      if (!current) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (current->state != status::closed) return error{errc::conflict, "the ticket is not closed", current};
      if (auto other = active_of(db, guild, current->owner_id.str()))
        return error{errc::conflict, "the owner has another active ticket", other};
      statement s(db, "UPDATE tickets SET status = CASE WHEN claimer_id IS NULL THEN 'open' ELSE 'claimed' END, "
                      "closed_at_ms = NULL, delete_after_ms = NULL, close_reason = NULL, closed_by = NULL, reopen_count = reopen_count + 1 "
                      "WHERE guild_id = ? AND number = ?");
      s.bind(1, guild).bind(2, number);
      s.step();
      auto t = by_number(db, guild, number);
      tx.commit();
      return *t;
    });
  }

  result<claim_outcome> claim(discord::guild_id guild_id, std::int64_t number, discord::user_id claimer_id,
                              const std::string& claimer_name, std::int64_t at) override {
    const std::string guild = guild_id.str();
    const std::string claimer = claimer_id.str();
    return run_result([&](connection& db) -> result<claim_outcome> {
      transaction tx(db, writers_);
      statement s(db, "UPDATE tickets SET status = 'claimed', claimer_id = ?3, claimed_at_ms = ?4, claimer_name = ?5 "
                      "WHERE guild_id = ?1 AND number = ?2 AND status = 'open' AND claimer_id IS NULL");
      s.bind(1, guild).bind(2, number).bind(3, claimer).bind(4, at).bind(5, claimer_name);
      s.step();
      bool won = sqlite3_changes(db.handle()) == 1;
      auto t = by_number(db, guild, number);
      tx.commit();
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (!won && !t->claimer_id) return error{errc::conflict, "the ticket is not open", t};
      return claim_outcome{won, *t};
    });
  }

  result<ticket> mark_deleted(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    const std::string guild = guild_id.str();
    return run_result([&](connection& db) -> result<ticket> {
      transaction tx(db, writers_);
      statement s(db, "UPDATE tickets SET status = 'deleted', deleted_at_ms = ?3 "
                      "WHERE guild_id = ?1 AND number = ?2 AND status <> 'deleted'");
      s.bind(1, guild).bind(2, number).bind(3, at);
      s.step();
      auto t = by_number(db, guild, number);
      tx.commit();
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      return *t;
    });
  }

  result<void> record_staff_reply(discord::channel_id channel_id, std::int64_t at, std::optional<discord::user_id> by) override {
    const std::string channel = channel_id.str();
    const std::optional<std::string> author = by ? std::optional(by->str()) : std::nullopt;
    return run_void([&](connection& db) {
      transaction tx(db, writers_);
      statement s(db, "UPDATE tickets SET first_staff_reply_at_ms = ?, first_staff_reply_by = ? "
                      "WHERE channel_id = ? AND first_staff_reply_at_ms IS NULL");
      s.bind(1, at).bind(2, author).bind(3, channel);
      s.step();
      tx.commit();
    });
  }

  result<void> remember_panel(const posted_panel& p, std::int64_t at) override {
    return run_void([&](connection& db) {
      transaction tx(db, writers_);
      statement s(db, "INSERT OR IGNORE INTO panels (message_id, guild_id, channel_id, posted_at_ms) VALUES (?, ?, ?, ?)");
      s.bind(1, p.message_id).bind(2, p.guild_id).bind(3, p.channel_id).bind(4, at);
      s.step();
      tx.commit();
    });
  }

  result<std::vector<posted_panel>> list_panels(discord::guild_id guild_id) override {
    return run([&](connection& db) {
      statement s(db, "SELECT message_id, channel_id FROM panels WHERE guild_id = ? ORDER BY posted_at_ms");
      s.bind(1, guild_id);
      std::vector<posted_panel> out;
      while (s.step()) {
        auto m = discord::message_id::parse(s.text(0));
        auto c = discord::channel_id::parse(s.text(1));
        if (m && c) out.push_back({guild_id, *c, *m});
      }
      return out;
    });
  }

  result<void> forget_panel(discord::message_id message_id) override {
    return run_void([&](connection& db) {
      transaction tx(db, writers_);
      statement s(db, "DELETE FROM panels WHERE message_id = ?");
      s.bind(1, message_id);
      s.step();
      tx.commit();
    });
  }

  // Slots are derived from ticket statuses by a unique index here: nothing can be left over.
  result<int> reconcile_slots() override { return 0; }

  result<void> ping() override {
    return run_void([](connection& db) {
      statement s(db, "SELECT 1 FROM tickets LIMIT 1");
      s.step();
    });
  }

  result<void> set_delete_deadline(discord::guild_id guild_id, std::int64_t number, std::optional<std::int64_t> at) override {
    return set_column(guild_id, number, "delete_after_ms", at);
  }

  result<void> mark_archived(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    return set_column(guild_id, number, "archived_at_ms", std::optional(at));
  }

 private:
  static constexpr int busy_timeout_ms = 2000;

  // The added members of an open or claimed ticket, read and written in one transaction; `edit`
  // says whether it changed them.
  template <class Edit>
  result<member_change> edit_members(const std::string& guild, std::int64_t number, Edit edit) {
    return run_result([&](connection& db) -> result<member_change> {
      transaction tx(db, writers_);
      auto t = by_number(db, guild, number);
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (t->state != status::open && t->state != status::claimed) return error{errc::conflict, "the ticket is not open", t};
      const bool changed = edit(t->added_members);
      if (changed) {
        statement s(db, "UPDATE tickets SET added_members = ?3 WHERE guild_id = ?1 AND number = ?2");
        s.bind(1, guild).bind(2, number).bind(3, members_to_text(t->added_members));
        s.step();
      }
      tx.commit();
      return member_change{changed, *t};
    });
  }

  // One ticket's column (a name of ours, never an input) set to `value`.
  result<void> set_column(discord::guild_id guild, std::int64_t number, const char* column, std::optional<std::int64_t> value) {
    return run_void([&](connection& db) {
      transaction tx(db, writers_);
      statement s(db, (std::string("UPDATE tickets SET ") + column + " = ? WHERE guild_id = ? AND number = ?").c_str());
      s.bind(1, value).bind(2, guild).bind(3, number);
      s.step();
      tx.commit();
    });
  }

  template <class Edit>
  result<void> edit_overflow(const std::string& guild, Edit edit) {
    return run_void([&](connection& db) {
      transaction tx(db, writers_);
      ordered_json doc = ordered_json::object();
      {
        statement s(db, "SELECT document FROM guilds WHERE guild_id = ?");
        s.bind(1, guild);
        if (!s.step()) return;  // no configuration, no ticket category: nothing overflows
        doc = ordered_json::parse(s.text(0), nullptr, false);
        if (!doc.is_object()) return;
      }
      std::vector<std::string> ids;
      for (auto id : config_from_document(doc).overflow_categories) ids.push_back(id.str());
      edit(ids);
      if (!doc["guichet"].is_object()) doc["guichet"] = ordered_json::object();
      if (ids.empty()) doc["guichet"].erase("overflow_categories");
      else doc["guichet"]["overflow_categories"] = ids;
      statement s(db, "UPDATE guilds SET document = json_set(?2, '$.ticket_count', ticket_count) WHERE guild_id = ?1");
      s.bind(1, guild).bind(2, doc.dump());
      s.step();
      tx.commit();
    });
  }

  std::unique_ptr<connection> connect() {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : "cannot open";
      sqlite3_close(db);
      throw db_error("cannot open the SQLite database " + path_ + ": " + msg);
    }
    // Another writer (a backup, a second process) holding the file: wait a little, then fail with
    // "unavailable" so that a member still gets an answer within Discord's 3 s.
    sqlite3_busy_timeout(db, busy_timeout_ms);
    auto c = std::make_unique<connection>(db);
    exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    return c;
  }

  void migrate(connection& db) {
    exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    transaction tx(db, writers_);
    std::int64_t version = 0;
    {
      statement s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
      s.step();
      version = s.integer(0);
    }
    const auto count = static_cast<std::int64_t>(std::size(migrations));
    if (version > count) throw db_error("the database was written by a newer Guichet (schema " + std::to_string(version) + ")");
    for (auto v = version; v < count; ++v) {
      exec(db, migrations[v]);
      statement s(db, "INSERT INTO schema_version (version) VALUES (?)");
      s.bind(1, v + 1);
      s.step();
    }
    tx.commit();
  }

  // Documents written by schema 1 get their bookkeeping moved into "guichet" (document.hpp).
  void migrate_documents(connection& db) {
    transaction tx(db, writers_);
    std::vector<std::pair<std::string, std::string>> changed;
    {
      statement s(db, "SELECT guild_id, document FROM guilds");
      while (s.step()) {
        auto doc = ordered_json::parse(s.text(1), nullptr, false);
        if (migrate_document(doc)) changed.emplace_back(s.text(0), doc.dump());
      }
    }
    for (const auto& [guild, doc] : changed) {
      statement s(db, "UPDATE guilds SET document = json_set(?2, '$.ticket_count', ticket_count) WHERE guild_id = ?1");
      s.bind(1, guild).bind(2, doc);
      s.step();
    }
    tx.commit();
  }

  std::unique_ptr<connection> take() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        auto db = std::move(idle_.back());
        idle_.pop_back();
        return db;
      }
    }
    return connect();
  }
  void give_back(std::unique_ptr<connection> db) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(db));
  }

  // f returns a plain value; failures (exceptions from SQLite) become errc::unavailable.
  template <class F>
  auto run(F&& f) -> result<decltype(f(std::declval<connection&>()))> {
    using T = decltype(f(std::declval<connection&>()));
    return run_result([&](connection& db) -> result<T> { return f(db); });
  }
  // f returns a result itself (conflicts, not found…).
  template <class F>
  auto run_result(F&& f) -> decltype(f(std::declval<connection&>())) {
    if (now_.store == this) {  // inside read_now, on its thread's own connection
      try {
        return f(*now_.db);
      } catch (const std::exception& e) {
        now_.failed = true;
        return error{errc::unavailable, std::string("SQLite: ") + e.what(), std::nullopt};
      }
    }
    std::unique_ptr<connection> db;
    try {
      db = take();
      auto out = f(*db);
      give_back(std::move(db));
      return out;
    } catch (const std::exception& e) {
      if (db) give_back(std::move(db));
      return error{errc::unavailable, std::string("SQLite: ") + e.what(), std::nullopt};
    }
  }
  template <class F>
  result<void> run_void(F&& f) {
    auto r = run([&](connection& db) {
      f(db);
      return true;
    });
    if (!r) return r.error();
    return {};
  }

  std::optional<ticket> active_of(connection& db, const std::string& guild, const std::string& owner) {
    statement s(db, select_tickets("guild_id = ? AND owner_id = ? AND status IN ('reserved','open','claimed')").c_str());
    s.bind(1, guild).bind(2, owner);
    if (!s.step()) return std::nullopt;
    return read_ticket(s);
  }
  std::optional<ticket> by_number(connection& db, const std::string& guild, std::int64_t number) {
    statement s(db, select_tickets("guild_id = ? AND number = ?").c_str());
    s.bind(1, guild).bind(2, number);
    if (!s.step()) return std::nullopt;
    return read_ticket(s);
  }

  template <class Bind>
  result<std::optional<ticket>> find_one(const std::string& sql, Bind bind) {
    return run([&](connection& db) -> std::optional<ticket> {
      statement s(db, sql.c_str());
      bind(s);
      if (!s.step()) return std::nullopt;
      return read_ticket(s);
    });
  }

  result<std::vector<ticket>> list_where(const std::string* guild, const std::vector<status>& statuses) {
    return run([&](connection& db) {
      std::string in;
      for (auto st : statuses) in += (in.empty() ? "'" : ",'") + std::string(tickets::to_string(st)) + "'";
      std::string where = "status IN (" + (in.empty() ? std::string("''") : in) + ")";
      if (guild) where = "guild_id = ?1 AND " + where;
      statement s(db, (select_tickets(where.c_str()) + " ORDER BY guild_id, number").c_str());
      if (guild) s.bind(1, *guild);
      std::vector<ticket> out;
      while (s.step()) out.push_back(read_ticket(s));
      return out;
    });
  }

  // UPDATE … SET <set> WHERE guild_id = ?1 AND number = ?2 AND <where>; conflict when nothing matched.
  template <class Bind>
  result<ticket> update_one(const std::string& guild, std::int64_t number, const char* set, const char* where, Bind bind) {
    return run_result([&](connection& db) -> result<ticket> {
      transaction tx(db, writers_);
      std::string sql = std::string("UPDATE tickets SET ") + set + " WHERE guild_id = ?1 AND number = ?2 AND " + where;
      statement s(db, sql.c_str());
      s.bind(1, guild).bind(2, number);
      bind(s);
      s.step();
      bool changed = sqlite3_changes(db.handle()) == 1;
      auto t = by_number(db, guild, number);
      tx.commit();
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (!changed) return error{errc::conflict, "the ticket changed meanwhile", t};
      return *t;
    });
  }

  std::string path_;
  std::mutex mu_;
  std::mutex writers_;
  std::vector<std::unique_ptr<connection>> idle_;
  // read_now: one connection per calling thread (the network thread), and the reads under way.
  std::map<std::thread::id, std::unique_ptr<connection>> now_connections_;
  struct now_reads {
    const sqlite_store* store = nullptr;
    connection* db = nullptr;
    bool failed = false;
  };
  static thread_local now_reads now_;

  static constexpr std::size_t parsed_max = 4096;  // guilds; about 4 KB each
  std::mutex parsed_mu_;
  std::unordered_map<std::string, std::pair<std::string, tickets::guild_config>> parsed_;  // guild → (document, its parse)
};

thread_local sqlite_store::now_reads sqlite_store::now_;

}  // namespace

result<std::unique_ptr<ticket_store>> open_sqlite(const std::string& path) {
  try {
    return std::unique_ptr<ticket_store>(std::make_unique<sqlite_store>(path));
  } catch (const std::exception& e) {
    return error{errc::unavailable, e.what(), std::nullopt};
  }
}

}  // namespace storage
