// guichet backup: SQLite's online backup API copies the pages of a live database; under WAL the
// bot's writes go on meanwhile and the copy is the database as of one moment.
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "storage/ticket_store.hpp"

namespace storage {

namespace {

struct handle {
  sqlite3* db = nullptr;
  ~handle() { sqlite3_close(db); }
};

error failure(const std::string& what, sqlite3* db) {
  return error{errc::unavailable, what + (db ? std::string(": ") + sqlite3_errmsg(db) : std::string()), std::nullopt};
}

}  // namespace

result<std::int64_t> backup_sqlite(const std::string& from, const std::string& to) {
  constexpr int busy_timeout_ms = 5000;
  if (!std::filesystem::exists(from)) return error{errc::not_found, "there is no SQLite file at " + from, std::nullopt};
  handle source, target;
  if (sqlite3_open_v2(from.c_str(), &source.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return failure("cannot open " + from, source.db);
  sqlite3_busy_timeout(source.db, busy_timeout_ms);
  const std::string partial = to + ".partial";
  std::remove(partial.c_str());
  if (sqlite3_open_v2(partial.c_str(), &target.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    return failure("cannot create " + partial, target.db);
  sqlite3_backup* b = sqlite3_backup_init(target.db, "main", source.db, "main");
  if (!b) return failure("cannot start the backup", target.db);
  int rc;
  // All pages in one step: under WAL it holds a read snapshot and never blocks the bot's writes.
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    std::remove(partial.c_str());
    return failure("the backup failed", target.db);
  }
  // The copy is a plain database file (no WAL beside it), checked before it replaces anything.
  sqlite3_exec(target.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  std::int64_t tickets = 0;
  sqlite3_stmt* count = nullptr;
  if (sqlite3_prepare_v2(target.db, "SELECT count(*) FROM tickets", -1, &count, nullptr) == SQLITE_OK &&
      sqlite3_step(count) == SQLITE_ROW)
    tickets = sqlite3_column_int64(count, 0);
  else {
    sqlite3_finalize(count);
    std::remove(partial.c_str());
    return failure("the copy is not a Guichet database", target.db);
  }
  sqlite3_finalize(count);
  sqlite3_close(target.db);
  target.db = nullptr;
  std::error_code ec;
  std::filesystem::rename(partial, to, ec);
  if (ec) return error{errc::unavailable, "cannot move the copy to " + to + ": " + ec.message(), std::nullopt};
  return tickets;
}

}  // namespace storage
