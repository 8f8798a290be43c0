#pragma once
// One SQLite connection and what runs on it: statements (prepared once per connection and kept:
// a click reads a ticket and a configuration, and preparing their SELECTs cost more than running
// them), transactions, plain scripts. A connection is used by one thread at a time (the store's pool).
#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "discord/model/snowflake.hpp"

namespace storage::sqlite {

struct db_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "sqlite error";
    sqlite3_free(err);
    throw db_error(msg);
  }
}

class connection {
 public:
  struct kept_statement {
    sqlite3_stmt* stmt;
    bool in_use;
  };

  explicit connection(sqlite3* db) : db_(db) {}
  ~connection() {
    for (auto& [sql, kept] : prepared_) sqlite3_finalize(kept.stmt);
    sqlite3_close(db_);
  }
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  sqlite3* handle() const { return db_; }

  // The kept statement of this SQL text, unless it is in use (a statement nested in another with
  // the same text): then nullptr, and the caller prepares its own. Found by the text without
  // copying it (the ticket SELECT is 600 characters).
  kept_statement* borrow(std::string_view sql) {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      // Statements are a fixed set of texts; the bound only guards against a caller that builds
      // them from data.
      if (prepared_.size() >= max_kept) return nullptr;
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        throw db_error(sqlite3_errmsg(db_));
      it = prepared_.emplace(std::string(sql), kept_statement{stmt, false}).first;
    }
    if (it->second.in_use) return nullptr;
    it->second.in_use = true;
    return &it->second;  // stable: the map's nodes are never erased before the connection goes
  }
  static void give_back(kept_statement& k) {
    sqlite3_reset(k.stmt);
    sqlite3_clear_bindings(k.stmt);
    k.in_use = false;
  }

 private:
  static constexpr std::size_t max_kept = 128;
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, kept_statement, text_hash, std::equal_to<>> prepared_;
};

inline void exec(connection& c, const char* sql) { exec(c.handle(), sql); }

class statement {
 public:
  statement(connection& c, std::string_view sql) : db_(c.handle()), kept_(c.borrow(sql)) {
    if (kept_) {
      stmt_ = kept_->stmt;
      return;
    }
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
      throw db_error(sqlite3_errmsg(db_));
  }
  statement(connection& c, const char* sql) : statement(c, std::string_view(sql)) {}
  statement(connection& c, const std::string& sql) : statement(c, std::string_view(sql)) {}
  ~statement() {
    if (kept_) connection::give_back(*kept_);
    else sqlite3_finalize(stmt_);
  }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  template <class Tag>
  statement& bind(int i, discord::snowflake<Tag> id) {
    return bind(i, id.str());
  }
  statement& bind(int i, const std::optional<std::string>& v) {
    if (v) return bind(i, *v);
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  statement& bind(int i, const std::optional<std::int64_t>& v) {
    if (v) return bind(i, *v);
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // true while there is a row
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw db_error(sqlite3_errmsg(db_));
  }
  std::string text(int col) const {
    auto p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : "";
  }
  std::optional<std::string> opt_text(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return text(col);
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::optional<std::int64_t> opt_integer(int col) const {
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
    return integer(col);
  }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  connection::kept_statement* kept_;  // the connection's kept statement, or null: then our own
  sqlite3_stmt* stmt_ = nullptr;
};

// One write transaction; rolls back unless committed. The writers of this process queue on `writers`
// first: SQLite's busy handler polls with sleeps and is not fair, so under contention one thread could
// lose every round for longer than the busy timeout. The busy timeout is then only for writers outside
// the process (a backup, a second process).
class transaction {
 public:
  transaction(connection& c, std::mutex& writers) : db_(c.handle()), turn_(writers) { exec(db_, "BEGIN IMMEDIATE"); }
  ~transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT");
    done_ = true;
  }

 private:
  sqlite3* db_;
  std::lock_guard<std::mutex> turn_;
  bool done_ = false;
};

// One read transaction: its statements see one snapshot, and in WAL mode the read lock is taken
// and let go once instead of once per statement. Rolls back unless committed (a statement that
// failed may have ended it already).
class read_transaction {
 public:
  explicit read_transaction(connection& c) : db_(c.handle()) { exec(db_, "BEGIN"); }
  ~read_transaction() {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    if (!sqlite3_get_autocommit(db_)) exec(db_, "COMMIT");
  }

 private:
  sqlite3* db_;
};

}  // namespace storage::sqlite
