// MongoDB backend (libmongoc 1.23). Guild documents live in collection `ticket` in the user's shape;
// tickets in collection `tickets`. Every invariant is one single-document atomic operation
// (findAndModify), so no multi-document transaction is needed and several processes may share a
// database:
//   - the number and the owner's slot are taken by one findAndModify on the guild document
//     ({$inc: ticket_count, $set: guichet.open_slots.<owner>}, matching only if the slot is free);
//   - status changes and claims are compare-and-set findAndModify on the ticket document;
//   - configuration saves are compare-and-set on guichet.revision, drafts (collection
//     `config_drafts`) on the stamp of their last edit.
#include <mongoc/mongoc.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "../document.hpp"
#include "mongo_stats.hpp"
#include "storage/ticket_store.hpp"

namespace storage {

namespace {

using tickets::status;
using tickets::ticket;

std::function<void(log_level, const std::string&)>& log_sink() {
  static std::function<void(log_level, const std::string&)> sink;
  return sink;
}

void mongoc_logger(mongoc_log_level_t level, const char* domain, const char* message, void*) {
  auto& sink = log_sink();
  if (!sink) return;
  log_level l = level <= MONGOC_LOG_LEVEL_ERROR ? log_level::error
                : level == MONGOC_LOG_LEVEL_WARNING ? log_level::warn
                : level <= MONGOC_LOG_LEVEL_INFO ? log_level::info
                                                 : log_level::debug;
  if (l == log_level::debug) return;  // libmongoc's trace and debug lines are noise for admins
  sink(l, std::string("mongoc[") + domain + "]: " + message);
}

struct bson_ptr {
  bson_t* p = nullptr;
  bson_ptr() = default;
  explicit bson_ptr(bson_t* b) : p(b) {}
  bson_ptr(bson_ptr&& o) noexcept : p(o.p) { o.p = nullptr; }
  ~bson_ptr() {
    if (p) bson_destroy(p);
  }
  bson_t* get() const { return p; }
};

struct mongo_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

ordered_json from_bson(const bson_t* b);

// Reads every document of a cursor, then frees it; a cursor error becomes a mongo_failure.
std::vector<ordered_json> drain(mongoc_cursor_t* cursor) {
  const bson_t* doc;
  std::vector<ordered_json> out;
  while (mongoc_cursor_next(cursor, &doc)) out.push_back(from_bson(doc));
  bson_error_t err;
  bool failed = mongoc_cursor_error(cursor, &err);
  mongoc_cursor_destroy(cursor);
  if (failed) throw mongo_failure(err.message);
  return out;
}

bson_ptr to_bson(const ordered_json& j) {
  std::string text = j.dump();
  bson_error_t err;
  bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(text.data()), static_cast<ssize_t>(text.size()), &err);
  if (!b) throw std::runtime_error(std::string("BSON from JSON: ") + err.message);
  return bson_ptr(b);
}

ordered_json from_bson(const bson_t* b) {
  size_t len = 0;
  char* text = bson_as_relaxed_extended_json(b, &len);
  auto j = ordered_json::parse(text, text + len, nullptr, false);
  bson_free(text);
  return j;
}

// Where the member's one-active-ticket slot lives in the guild document.
std::string slot_of(const discord::user_id& owner) { return "guichet.open_slots." + owner.str(); }
std::string slot_of(const std::string& owner) { return "guichet.open_slots." + owner; }

ordered_json active_statuses() { return ordered_json::array({"reserved", "open", "claimed"}); }

class client_lease {
 public:
  explicit client_lease(mongoc_client_pool_t* pool) : pool_(pool), client_(mongoc_client_pool_pop(pool)) {}
  ~client_lease() { mongoc_client_pool_push(pool_, client_); }
  mongoc_client_t* get() const { return client_; }

 private:
  mongoc_client_pool_t* pool_;
  mongoc_client_t* client_;
};

class mongo_store final : public ticket_store {
 public:
  mongo_store(mongoc_client_pool_t* pool, std::string db) : pool_(pool), db_(std::move(db)) {}
  ~mongo_store() override { mongoc_client_pool_destroy(pool_); }

  result<void> ping() override {
    return guard_void([&] { check_ping(); });
  }

  void check_ping() {
    client_lease c(pool_);
    bson_ptr cmd = to_bson({{"ping", 1}});
    bson_t reply;
    bson_error_t err;
    bool ok = mongoc_client_command_simple(c.get(), "admin", cmd.get(), nullptr, &reply, &err);
    bson_destroy(&reply);
    if (!ok) throw mongo_failure(err.message);
  }

  void ensure_indexes() {
    // Backs the single-document invariants on a real server (CongoDB accepts but does not enforce).
    command({{"createIndexes", "ticket"},
             {"indexes", ordered_json::array({{{"key", {{"guild_id", 1}}}, {"name", "guild_id_unique"}, {"unique", true}}})}});
    command({{"createIndexes", "config_drafts"},
             {"indexes", ordered_json::array({{{"key", {{"guild_id", 1}}}, {"name", "guild_id_unique"}, {"unique", true}}})}});
    command({{"createIndexes", "panels"},
             {"indexes", ordered_json::array({{{"key", {{"message_id", 1}}}, {"name", "message_unique"}, {"unique", true}},
                                              {{"key", {{"guild_id", 1}}}, {"name", "by_guild"}}})}});
    command({{"createIndexes", "tickets"},
             {"indexes",
              ordered_json::array(
                  {{{"key", {{"guild_id", 1}, {"number", 1}}}, {"name", "guild_number_unique"}, {"unique", true}},
                   {{"key", {{"channel_id", 1}}},
                    {"name", "channel_unique"},
                    {"unique", true},
                    {"partialFilterExpression", {{"channel_id", {{"$type", "string"}}}}}},
                   {{"key", {{"guild_id", 1}, {"active_owner", 1}}},
                    {"name", "one_active_ticket_per_owner"},
                    {"unique", true},
                    {"partialFilterExpression", {{"active_owner", {{"$exists", true}}}}}}})}});
  }

  result<std::optional<tickets::guild_config>> get_config(discord::guild_id guild_id) override {
    const std::string guild = guild_id.str();
    return guard([&]() -> std::optional<tickets::guild_config> {
      auto doc = find_one("ticket", {{"guild_id", guild}});
      if (!doc) return std::nullopt;
      auto c = config_from_document(*doc);
      c.guild_id = guild_id;
      return c;
    });
  }

  result<void> save_config(const tickets::guild_config& config) override {
    return guard_result([&]() -> result<void> {
      auto doc = config_to_document(config);
      doc.erase("ticket_count");  // owned by open_ticket's $inc
      doc.erase("guild_id");
      // Field by field inside "guichet": the open slots and overflow categories there are not ours.
      ordered_json ours = doc["guichet"];
      doc.erase("guichet");
      for (const auto& [k, v] : ours.items()) doc["guichet." + k] = v;
      doc["guichet.revision"] = config.revision + 1;
      ordered_json unset = ordered_json::object();
      for (const char* k : optional_document_keys)
        if (!doc.contains(k)) unset[k] = "";
      // The document exists, and one written before revisions existed is at revision 0.
      update_one("ticket", {{"guild_id", config.guild_id.str()}}, {{"$setOnInsert", {{"ticket_count", 0}, {"guichet.revision", 0}}}}, true);
      update_one("ticket", {{"guild_id", config.guild_id.str()}, {"guichet.revision", {{"$exists", false}}}},
                 {{"$set", {{"guichet.revision", 0}}}}, false);
      ordered_json update{{"$set", doc}};
      if (!unset.empty()) update["$unset"] = unset;
      if (!find_and_modify("ticket", {{"guild_id", config.guild_id.str()}, {"guichet.revision", config.revision}}, update, false))
        return error{errc::conflict, "the configuration was saved meanwhile", std::nullopt};
      return {};
    });
  }

  // A guild without a draft has none, or a document whose stamp is empty (dropped).
  result<std::optional<tickets::config_draft>> get_draft(discord::guild_id guild_id) override {
    return guard([&]() -> std::optional<tickets::config_draft> {
      auto doc = find_one("config_drafts", {{"guild_id", guild_id.str()}});
      if (!doc || !(*doc)["stamp"].is_string() || (*doc)["stamp"].get<std::string>().empty() || !(*doc)["config"].is_object())
        return std::nullopt;
      tickets::config_draft d;
      d.config = config_from_document((*doc)["config"]);
      d.config.guild_id = guild_id;
      d.config.revision = (*doc)["base_revision"].is_number_integer() ? (*doc)["base_revision"].get<std::int64_t>() : 0;
      d.stamp = (*doc)["stamp"].get<std::string>();
      return d;
    });
  }

  result<void> save_draft(const tickets::config_draft& d, const std::optional<std::string>& expected) override {
    const std::string guild = d.config.guild_id.str();
    return guard_result([&]() -> result<void> {
      update_one("config_drafts", {{"guild_id", guild}}, {{"$setOnInsert", {{"stamp", ""}}}}, true);
      ordered_json set{{"stamp", d.stamp}, {"base_revision", d.config.revision}, {"config", config_to_document(d.config)}};
      if (!find_and_modify("config_drafts", {{"guild_id", guild}, {"stamp", expected.value_or("")}}, {{"$set", set}}, false))
        return error{errc::conflict, "the draft was edited meanwhile", std::nullopt};
      return {};
    });
  }

  result<void> drop_draft(discord::guild_id guild_id) override {
    return guard_void([&] {
      update_one("config_drafts", {{"guild_id", guild_id.str()}}, {{"$set", {{"stamp", ""}}}, {"$unset", {{"config", ""}}}}, false);
    });
  }

  // Documents written by schema 1 get their bookkeeping moved into "guichet" (document.hpp), by
  // field paths so that nothing else in them is touched.
  void migrate_documents() {
    std::vector<ordered_json> docs = with_collection("ticket", [&](mongoc_collection_t* guilds) {
      auto filter = to_bson({{"guichet.schema", {{"$ne", document_schema}}}});
      return drain(mongoc_collection_find_with_opts(guilds, filter.get(), nullptr, nullptr));
    });
    for (auto doc : docs) {
      if (!doc["guild_id"].is_string()) continue;  // not one Guichet can address
      const std::string guild = doc["guild_id"].get<std::string>();
      const ordered_json before = doc;
      migrate_document(doc);
      ordered_json set = ordered_json::object(), unset = ordered_json::object();
      if (before.contains("guichet") && before["guichet"].is_object())
        for (const auto& [k, v] : doc["guichet"].items()) set["guichet." + k] = v;
      else
        set["guichet"] = doc["guichet"];
      if (doc.contains("categories")) set["categories"] = doc["categories"];
      for (const auto& [k, v] : before.items())
        if (!doc.contains(k)) unset[k] = "";
      ordered_json update{{"$set", set}};
      if (!unset.empty()) update["$unset"] = unset;
      update_one("ticket", {{"guild_id", guild}, {"guichet.schema", {{"$ne", document_schema}}}}, update, false);
    }
  }

  result<void> add_overflow_category(discord::guild_id guild_id, discord::channel_id category_id) override {
    const std::string guild = guild_id.str();
    const std::string category = category_id.str();
    return guard_void([&] {
      update_one("ticket", {{"guild_id", guild}}, {{"$addToSet", {{"guichet.overflow_categories", category}}}}, false);
    });
  }
  result<void> remove_overflow_category(discord::guild_id guild_id, discord::channel_id category_id) override {
    const std::string guild = guild_id.str();
    const std::string category = category_id.str();
    return guard_void([&] { update_one("ticket", {{"guild_id", guild}}, {{"$pull", {{"guichet.overflow_categories", category}}}}, false); });
  }

  result<open_outcome> open_ticket(const open_request& r) override {
    return guard([&]() -> open_outcome {
      const std::string slot = slot_of(r.owner_id);
      if (auto retry_at = opening_limit_reached(r)) return open_outcome{false, ticket{}, retry_at};
      for (int attempt = 0; attempt < 50; ++attempt) {
        auto guild_doc = find_and_modify("ticket", {{"guild_id", r.guild_id.str()}, {slot, {{"$exists", false}}}},
                                         {{"$inc", {{"ticket_count", 1}}}, {"$set", {{slot, -1}}}}, false);
        if (guild_doc) {
          ticket t;
          t.guild_id = r.guild_id;
          t.number = (*guild_doc)["ticket_count"].get<std::int64_t>();
          t.owner_id = r.owner_id;
          t.owner_name = r.owner_name;
          t.category = r.category;
          t.category_id = r.category_id;
          t.state = status::reserved;
          t.created_at_ms = r.at_ms;
          t.answers = r.answers;
          auto doc = ticket_to_document(t);
          doc["active_owner"] = r.owner_id.str();
          try {
            insert("tickets", doc);
          } catch (...) {
            // The member's slot is given back on every failure path, or they would be locked out.
            // (If MongoDB is gone this fails too; reconcile_slots frees it once it is back.)
            try {
              update_one("ticket", {{"guild_id", r.guild_id.str()}, {slot, -1}}, {{"$unset", {{slot, ""}}}}, false);
            } catch (...) {
            }
            throw;
          }
          update_one("ticket", {{"guild_id", r.guild_id.str()}, {slot, -1}}, {{"$set", {{slot, t.number}}}}, false);
          return open_outcome{true, t, std::nullopt};
        }
        if (!find_one("ticket", {{"guild_id", r.guild_id.str()}})) {
          // First ticket of a guild without a document: create it, then take the slot.
          update_one("ticket", {{"guild_id", r.guild_id.str()}},
                     {{"$setOnInsert", {{"guild_id", r.guild_id.str()}, {"ticket_count", 0}, {"categories", ordered_json::object()},
                                        {"guichet", {{"schema", document_schema}}}}}},
                     true);
          continue;
        }
        if (auto existing = active_of(r.guild_id.str(), r.owner_id.str())) return open_outcome{false, *existing, std::nullopt};
        // The slot is taken but its ticket is not written yet (another open is half-way): wait a little.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      throw mongo_failure("the member's ticket slot is held without a ticket; run the start-up reconciliation");
    });
  }

  result<ticket> attach_channel(discord::guild_id guild_id, std::int64_t number, discord::channel_id channel_id,
                                std::optional<discord::message_id> welcome_id) override {
    const std::string guild = guild_id.str();
    const std::string channel = channel_id.str();
    const std::optional<std::string> welcome = welcome_id ? std::optional(welcome_id->str()) : std::nullopt;
    ordered_json set{{"status", "open"}, {"channel_id", channel}};
    if (welcome) set["welcome_message_id"] = *welcome;
    return cas(guild, number, {{"status", "reserved"}}, {{"$set", set}});
  }

  result<void> release(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    const std::string guild = guild_id.str();
    auto r = cas(guild, number, {{"status", "reserved"}},
                 {{"$set", {{"status", "deleted"}, {"deleted_at_ms", at}}}, {"$unset", {{"active_owner", ""}}}});
    if (!r) return r.error();
    return guard_void([&] { free_slot(*r); });
  }

  result<std::optional<ticket>> find_by_channel(discord::channel_id channel_id) override {
    const std::string channel = channel_id.str();
    return guard([&]() -> std::optional<ticket> {
      auto d = find_one("tickets", {{"channel_id", channel}});
      if (!d) return std::nullopt;
      return ticket_from_document(*d);
    });
  }
  result<std::optional<ticket>> find_active_by_owner(discord::guild_id guild_id, discord::user_id owner_id) override {
    const std::string guild = guild_id.str();
    const std::string owner = owner_id.str();
    return guard([&] { return active_of(guild, owner); });
  }
  result<std::optional<ticket>> find_by_number(discord::guild_id guild_id, std::int64_t number) override {
    const std::string guild = guild_id.str();
    return guard([&] { return by_number(guild, number); });
  }
  result<std::vector<ticket>> list(discord::guild_id guild_id, const std::vector<status>& statuses) override {
    const std::string guild = guild_id.str();
    return guard([&] { return find_tickets({{"guild_id", guild}, {"status", {{"$in", names(statuses)}}}}); });
  }
  result<std::vector<ticket>> list_all(const std::vector<status>& statuses) override {
    return guard([&] { return find_tickets({{"status", {{"$in", names(statuses)}}}}); });
  }

  result<ticket> transition(discord::guild_id guild_id, std::int64_t number, status from, status to, std::int64_t at,
                            const std::optional<std::string>& reason, std::optional<discord::user_id> closed_by) override {
    const std::string guild = guild_id.str();
    ordered_json set{{"status", std::string(tickets::to_string(to))}};
    ordered_json unset = ordered_json::object();
    if (to == status::closed) {
      set["closed_at_ms"] = at;
      if (reason) set["close_reason"] = *reason;
      else unset["close_reason"] = "";
      if (closed_by) set["closed_by"] = closed_by->str();
      else unset["closed_by"] = "";
      unset["close_requested_at_ms"] = "";
      unset["close_request_message_id"] = "";
    }
    if (to == status::deleted) set["deleted_at_ms"] = at;
    if (!tickets::holds_slot(to)) unset["active_owner"] = "";
    ordered_json update{{"$set", set}};
    if (!unset.empty()) update["$unset"] = unset;
    auto r = cas(guild, number, {{"status", std::string(tickets::to_string(from))}}, update);
    if (r && to == status::closed && !r->first_closed_at_ms) {
      // The first close is kept through reopenings (null matches a ticket written before it).
      auto kept = guard_void([&] {
        update_one("tickets", {{"guild_id", guild}, {"number", number}, {"first_closed_at_ms", nullptr}},
                   {{"$set", {{"first_closed_at_ms", at}}}}, false);
      });
      if (!kept) return kept.error();
      r->first_closed_at_ms = at;
    }
    if (r && !tickets::holds_slot(to)) {
      auto freed = guard_void([&] { free_slot(*r); });
      if (!freed) return freed.error();
    }
    return r;
  }

  result<ticket> reopen(discord::guild_id guild_id, std::int64_t number, std::int64_t) override {
    const std::string guild = guild_id.str();
    return guard_result([&]() -> result<ticket> {
      auto current = by_number(guild, number);
      if (!current) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (current->state != status::closed) return error{errc::conflict, "the ticket is not closed", current};
      const std::string slot = slot_of(current->owner_id);
      auto took = find_and_modify("ticket", {{"guild_id", guild}, {slot, {{"$exists", false}}}}, {{"$set", {{slot, number}}}}, false);
      if (!took) {
        auto other = active_of(guild, current->owner_id.str());
        return error{errc::conflict, "the owner has another active ticket", other ? other : current};
      }
      std::string back = current->claimer_id ? "claimed" : "open";
      auto doc = find_and_modify("tickets", {{"guild_id", guild}, {"number", number}, {"status", "closed"}},
                                 {{"$set", {{"status", back}, {"active_owner", current->owner_id.str()}}},
                                  {"$inc", {{"reopen_count", 1}}},
                                  {"$unset", {{"closed_at_ms", ""}, {"delete_after_ms", ""}, {"close_reason", ""}, {"closed_by", ""}}}},
                                 false);
      if (!doc) {
        update_one("ticket", {{"guild_id", guild}, {slot, number}}, {{"$unset", {{slot, ""}}}}, false);
        return error{errc::conflict, "the ticket changed meanwhile", by_number(guild, number)};
      }
      return ticket_from_document(*doc);
    });
  }

  result<claim_outcome> claim(discord::guild_id guild_id, std::int64_t number, discord::user_id claimer_id,
                              const std::string& claimer_name, std::int64_t at) override {
    const std::string guild = guild_id.str();
    const std::string claimer = claimer_id.str();
    return guard_result([&]() -> result<claim_outcome> {
      auto doc = find_and_modify("tickets", {{"guild_id", guild}, {"number", number}, {"status", "open"}, {"claimer_id", nullptr}},
                                 {{"$set", {{"status", "claimed"}, {"claimer_id", claimer}, {"claimer_name", claimer_name}, {"claimed_at_ms", at}}}},
                                 false);
      if (doc) return claim_outcome{true, ticket_from_document(*doc)};
      auto t = by_number(guild, number);
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (!t->claimer_id) return error{errc::conflict, "the ticket is not open", t};
      return claim_outcome{false, *t};
    });
  }

  result<member_change> add_member(discord::guild_id guild_id, std::int64_t number, discord::user_id member) override {
    return edit_members(guild_id.str(), number, {{"added_members", {{"$ne", member.str()}}}},
                        {{"$addToSet", {{"added_members", member.str()}}}});
  }
  result<member_change> remove_member(discord::guild_id guild_id, std::int64_t number, discord::user_id member) override {
    return edit_members(guild_id.str(), number, {{"added_members", member.str()}}, {{"$pull", {{"added_members", member.str()}}}});
  }

  result<void> set_close_request(discord::guild_id guild_id, std::int64_t number, std::optional<std::int64_t> at,
                                 std::optional<discord::message_id> message_id) override {
    return guard_void([&] {
      ordered_json set = ordered_json::object(), unset = ordered_json::object();
      if (at) set["close_requested_at_ms"] = *at;
      else unset["close_requested_at_ms"] = "";
      if (message_id) set["close_request_message_id"] = message_id->str();
      else unset["close_request_message_id"] = "";
      ordered_json update = ordered_json::object();
      if (!set.empty()) update["$set"] = set;
      if (!unset.empty()) update["$unset"] = unset;
      update_one("tickets", {{"guild_id", guild_id.str()}, {"number", number}}, update, false);
    });
  }

  result<bool> mark_first_response_alert(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    return guard([&] {
      return find_and_modify("tickets",
                             {{"guild_id", guild_id.str()},
                              {"number", number},
                              {"status", {{"$in", {"open", "claimed"}}}},
                              {"first_response_alerted_at_ms", nullptr},
                              {"first_staff_reply_at_ms", nullptr}},
                             {{"$set", {{"first_response_alerted_at_ms", at}}}}, false)
          .has_value();
    });
  }

  // One document changed if it still matches `filter` (a compare-and-set): true when it did.
  result<bool> changed_one(const ordered_json& filter, const ordered_json& update) {
    return guard([&] { return find_and_modify("tickets", filter, update, false).has_value(); });
  }

  result<bool> mark_summary_sent(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    const std::string guild = guild_id.str();
    return guard_result([&]() -> result<bool> {
      auto t = by_number(guild, number);
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (t->summary_sent_at_ms && *t->summary_sent_at_ms >= t->closed_at_ms.value_or(0)) return false;
      // Compared with what was read: a second process that sent it meanwhile wins, this one does not.
      const ordered_json sent = t->summary_sent_at_ms ? ordered_json(*t->summary_sent_at_ms) : ordered_json(nullptr);
      return find_and_modify("tickets", {{"guild_id", guild}, {"number", number}, {"summary_sent_at_ms", sent}},
                             {{"$set", {{"summary_sent_at_ms", at}}}}, false)
          .has_value();
    });
  }
  result<bool> rate(discord::guild_id guild_id, std::int64_t number, int stars, std::int64_t at) override {
    return changed_one({{"guild_id", guild_id.str()}, {"number", number}, {"rating", nullptr}},
                       {{"$set", {{"rating", stars}, {"rated_at_ms", at}}}});
  }
  result<bool> comment_rating(discord::guild_id guild_id, std::int64_t number, const std::string& comment) override {
    return changed_one({{"guild_id", guild_id.str()}, {"number", number}, {"rating", {{"$ne", nullptr}}}, {"rating_comment", nullptr}},
                       {{"$set", {{"rating_comment", comment}}}});
  }
  result<bool> note_activity(discord::channel_id channel_id, discord::user_id author, std::int64_t at) override {
    return changed_one({{"channel_id", channel_id.str()},
                        {"status", {{"$in", {"open", "claimed"}}}},
                        {"$or", {{{"owner_id", author.str()}}, {{"inactivity_warned_at_ms", {{"$ne", nullptr}}}}}}},
                       {{"$set", {{"activity_at_ms", at}}}, {"$unset", {{"inactivity_warned_at_ms", ""}}}});
  }
  result<void> reset_inactivity(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    return guard_void([&] {
      update_one("tickets", {{"guild_id", guild_id.str()}, {"number", number}},
                 {{"$set", {{"activity_at_ms", at}}}, {"$unset", {{"inactivity_warned_at_ms", ""}}}}, false);
    });
  }
  result<bool> mark_inactivity_warning(discord::guild_id guild_id, std::int64_t number, std::int64_t since, std::int64_t at) override {
    return changed_one({{"guild_id", guild_id.str()},
                        {"number", number},
                        {"status", {{"$in", {"open", "claimed"}}}},
                        {"inactivity_off", {{"$ne", true}}},
                        {"inactivity_warned_at_ms", nullptr},
                        {"$or", {{{"activity_at_ms", since}}, {{"activity_at_ms", nullptr}, {"created_at_ms", since}}}}},
                       {{"$set", {{"inactivity_warned_at_ms", at}}}});
  }
  result<ticket> set_inactivity_off(discord::guild_id guild_id, std::int64_t number, bool off) override {
    return cas(guild_id.str(), number, {{"status", {{"$ne", "deleted"}}}},
               {{"$set", {{"inactivity_off", off}}}, {"$unset", {{"inactivity_warned_at_ms", ""}}}});
  }

  result<ticket> set_custom_name(discord::guild_id guild_id, std::int64_t number, const std::optional<std::string>& name) override {
    return cas(guild_id.str(), number, {{"status", {{"$ne", "deleted"}}}},
               name ? ordered_json{{"$set", {{"custom_name", *name}}}} : ordered_json{{"$unset", {{"custom_name", ""}}}});
  }

  result<ticket> release_claim(discord::guild_id guild_id, std::int64_t number, discord::user_id claimer) override {
    return cas(guild_id.str(), number, {{"status", "claimed"}, {"claimer_id", claimer.str()}},
               {{"$set", {{"status", "open"}, {"claimer_id", nullptr}}}, {"$unset", {{"claimer_name", ""}, {"claimed_at_ms", ""}}}});
  }

  result<ticket> transfer_claim(discord::guild_id guild_id, std::int64_t number, discord::user_id from, discord::user_id to,
                                const std::string& to_name, std::int64_t at) override {
    return cas(guild_id.str(), number, {{"status", "claimed"}, {"claimer_id", from.str()}},
               {{"$set", {{"claimer_id", to.str()}, {"claimer_name", to_name}, {"claimed_at_ms", at}}}});
  }

  result<ticket> mark_deleted(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    const std::string guild = guild_id.str();
    return guard_result([&]() -> result<ticket> {
      auto doc = find_and_modify("tickets", {{"guild_id", guild}, {"number", number}, {"status", {{"$ne", "deleted"}}}},
                                 {{"$set", {{"status", "deleted"}, {"deleted_at_ms", at}}}, {"$unset", {{"active_owner", ""}}}},
                                 false);
      auto t = doc ? std::optional<ticket>(ticket_from_document(*doc)) : by_number(guild, number);
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      free_slot(*t);
      return *t;
    });
  }

  result<void> record_staff_reply(discord::channel_id channel_id, std::int64_t at, std::optional<discord::user_id> by) override {
    const std::string channel = channel_id.str();
    ordered_json set{{"first_staff_reply_at_ms", at}};
    if (by) set["first_staff_reply_by"] = by->str();
    return guard_void([&] { update_one("tickets", {{"channel_id", channel}, {"first_staff_reply_at_ms", nullptr}}, {{"$set", set}}, false); });
  }

  result<tickets::ticket_stats> stats(discord::guild_id guild_id, std::optional<std::int64_t> since,
                                      const std::map<std::string, std::int64_t>& targets) override {
    return guard([&] {
      auto st = mongo_stats(guild_id, since, targets, [&](const ordered_json& pipeline) { return aggregate("tickets", pipeline); });
      if (auto g = find_one("ticket", {{"guild_id", guild_id.str()}})) st.last_number = config_from_document(*g).ticket_count;
      return st;
    });
  }

  result<void> set_delete_deadline(discord::guild_id guild_id, std::int64_t number, std::optional<std::int64_t> at) override {
    const std::string guild = guild_id.str();
    return guard_void([&] {
      ordered_json update = at ? ordered_json{{"$set", {{"delete_after_ms", *at}}}} : ordered_json{{"$unset", {{"delete_after_ms", ""}}}};
      update_one("tickets", {{"guild_id", guild}, {"number", number}}, update, false);
    });
  }

  result<void> mark_archived(discord::guild_id guild_id, std::int64_t number, std::int64_t at) override {
    const std::string guild = guild_id.str();
    return guard_void([&] { update_one("tickets", {{"guild_id", guild}, {"number", number}}, {{"$set", {{"archived_at_ms", at}}}}, false); });
  }

  result<void> remember_panel(const posted_panel& p, std::int64_t at) override {
    return guard_void([&] {
      update_one("panels", {{"message_id", p.message_id.str()}},
                 {{"$setOnInsert", {{"guild_id", p.guild_id.str()}, {"channel_id", p.channel_id.str()}, {"posted_at_ms", at}}}}, true);
    });
  }

  result<std::vector<posted_panel>> list_panels(discord::guild_id guild_id) override {
    return guard([&] {
      auto docs = with_collection("panels", [&](mongoc_collection_t* panels) {
        auto filter = to_bson({{"guild_id", guild_id.str()}});
        auto opts = to_bson({{"sort", {{"posted_at_ms", 1}}}});
        return drain(mongoc_collection_find_with_opts(panels, filter.get(), opts.get(), nullptr));
      });
      std::vector<posted_panel> out;
      for (const auto& d : docs) {
        auto m = discord::message_id::parse(d.value("message_id", ""));
        auto c = discord::channel_id::parse(d.value("channel_id", ""));
        if (m && c) out.push_back({guild_id, *c, *m});
      }
      return out;
    });
  }

  result<void> forget_panel(discord::message_id message_id) override {
    return guard_void([&] {
      with_collection("panels", [&](mongoc_collection_t* panels) {
        auto filter = to_bson({{"message_id", message_id.str()}});
        bson_error_t err;
        if (!mongoc_collection_delete_one(panels, filter.get(), nullptr, nullptr, &err)) throw mongo_failure(err.message);
        return 0;
      });
    });
  }

  result<int> reconcile_slots() override {
    return guard([&] {
      int freed = 0;
      std::vector<ordered_json> docs = with_collection("ticket", [&](mongoc_collection_t* guilds) {
        auto filter = to_bson({{"guichet.open_slots", {{"$exists", true}}}});
        return drain(mongoc_collection_find_with_opts(guilds, filter.get(), nullptr, nullptr));
      });
      for (const auto& g : docs) {
        std::string gid = g.value("guild_id", "");
        auto ours = g.find("guichet");
        if (ours == g.end() || !ours->is_object() || !ours->contains("open_slots") || !(*ours)["open_slots"].is_object()) continue;
        const auto& slots = (*ours)["open_slots"];
        for (const auto& [owner, value] : slots.items()) {
          if (active_of(gid, owner)) continue;
          update_one("ticket", {{"guild_id", gid}, {slot_of(owner), value}}, {{"$unset", {{slot_of(owner), ""}}}}, false);
          ++freed;
        }
        drop_empty_slots(gid);
      }
      return freed;
    });
  }

 private:
  // The opening limit, counted before the slot is taken: the slot admits one opening of a member at
  // a time, so no other opening of theirs can slip between this count and the reservation. Returns
  // when the member may open again, if they may not now.
  std::optional<std::int64_t> opening_limit_reached(const open_request& r) {
    if (r.opens_max <= 0 || active_of(r.guild_id.str(), r.owner_id.str())) return std::nullopt;
    auto recent = with_collection("tickets", [&](mongoc_collection_t* tickets) {
      auto filter = to_bson({{"guild_id", r.guild_id.str()},
                             {"owner_id", r.owner_id.str()},
                             {"channel_id", {{"$type", "string"}}},
                             {"created_at_ms", {{"$gt", r.at_ms - r.window_ms}}}});
      return drain(mongoc_collection_find_with_opts(tickets, filter.get(), nullptr, nullptr));
    });
    if (static_cast<int>(recent.size()) < r.opens_max) return std::nullopt;
    std::int64_t oldest = r.at_ms;
    for (const auto& d : recent) oldest = std::min(oldest, ticket_from_document(d).created_at_ms);
    return oldest + r.window_ms;
  }

  template <class F>
  auto with_collection(const char* name, F f) -> decltype(f(static_cast<mongoc_collection_t*>(nullptr))) {
    client_lease c(pool_);
    mongoc_collection_t* coll = mongoc_client_get_collection(c.get(), db_.c_str(), name);
    struct closer {
      mongoc_collection_t* c;
      ~closer() { mongoc_collection_destroy(c); }
    } close{coll};
    return f(coll);
  }

  void command(const ordered_json& cmd) {
    client_lease c(pool_);
    auto b = to_bson(cmd);
    bson_t reply;
    bson_error_t err;
    mongoc_database_t* db = mongoc_client_get_database(c.get(), db_.c_str());
    bool ok = mongoc_database_command_simple(db, b.get(), nullptr, &reply, &err);
    bson_destroy(&reply);
    mongoc_database_destroy(db);
    if (!ok) throw mongo_failure(err.message);
  }

  std::optional<ordered_json> find_one(const char* coll_name, const ordered_json& filter) {
    return with_collection(coll_name, [&](mongoc_collection_t* coll) -> std::optional<ordered_json> {
      auto f = to_bson(filter);
      auto opts = to_bson({{"limit", 1}});
      mongoc_cursor_t* cursor = mongoc_collection_find_with_opts(coll, f.get(), opts.get(), nullptr);
      const bson_t* doc;
      std::optional<ordered_json> out;
      if (mongoc_cursor_next(cursor, &doc)) out = from_bson(doc);
      bson_error_t err;
      bool failed = mongoc_cursor_error(cursor, &err);
      mongoc_cursor_destroy(cursor);
      if (failed) throw mongo_failure(err.message);
      return out;
    });
  }

  std::vector<ticket> find_tickets(const ordered_json& filter) {
    return with_collection("tickets", [&](mongoc_collection_t* coll) {
      auto f = to_bson(filter);
      auto opts = to_bson({{"sort", {{"guild_id", 1}, {"number", 1}}}});
      std::vector<ticket> out;
      for (const auto& d : drain(mongoc_collection_find_with_opts(coll, f.get(), opts.get(), nullptr)))
        out.push_back(ticket_from_document(d));
      std::sort(out.begin(), out.end(), [](const ticket& a, const ticket& b) {
        return std::tie(a.guild_id, a.number) < std::tie(b.guild_id, b.number);
      });
      return out;
    });
  }

  std::vector<ordered_json> aggregate(const char* coll_name, const ordered_json& pipeline) {
    return with_collection(coll_name, [&](mongoc_collection_t* coll) {
      auto p = to_bson({{"pipeline", pipeline}});
      return drain(mongoc_collection_aggregate(coll, MONGOC_QUERY_NONE, p.get(), nullptr, nullptr));
    });
  }

  std::optional<ordered_json> find_and_modify(const char* coll_name, const ordered_json& query, const ordered_json& update,
                                              bool upsert) {
    return with_collection(coll_name, [&](mongoc_collection_t* coll) -> std::optional<ordered_json> {
      auto q = to_bson(query);
      auto u = to_bson(update);
      mongoc_find_and_modify_opts_t* opts = mongoc_find_and_modify_opts_new();
      mongoc_find_and_modify_opts_set_update(opts, u.get());
      mongoc_find_and_modify_opts_set_flags(
          opts, static_cast<mongoc_find_and_modify_flags_t>(MONGOC_FIND_AND_MODIFY_RETURN_NEW |
                                                            (upsert ? MONGOC_FIND_AND_MODIFY_UPSERT : 0)));
      bson_t reply;
      bson_error_t err;
      bool ok = mongoc_collection_find_and_modify_with_opts(coll, q.get(), opts, &reply, &err);
      mongoc_find_and_modify_opts_destroy(opts);
      if (!ok) {
        bson_destroy(&reply);
        throw mongo_failure(err.message);
      }
      auto r = from_bson(&reply);
      bson_destroy(&reply);
      if (!r.contains("value") || r["value"].is_null()) return std::nullopt;
      return r["value"];
    });
  }

  void update_one(const char* coll_name, const ordered_json& filter, const ordered_json& update, bool upsert) {
    with_collection(coll_name, [&](mongoc_collection_t* coll) {
      auto f = to_bson(filter);
      auto u = to_bson(update);
      auto opts = to_bson({{"upsert", upsert}});
      bson_error_t err;
      bool ok = mongoc_collection_update_one(coll, f.get(), u.get(), opts.get(), nullptr, &err);
      // A concurrent upsert of the same guild on a real server: the unique index refused it; the
      // other one's document is there now, which is all that was wanted.
      if (!ok && !(upsert && err.code == 11000)) throw mongo_failure(err.message);
      return 0;
    });
  }

  void insert(const char* coll_name, const ordered_json& doc) {
    with_collection(coll_name, [&](mongoc_collection_t* coll) {
      auto d = to_bson(doc);
      bson_error_t err;
      if (!mongoc_collection_insert_one(coll, d.get(), nullptr, nullptr, &err)) throw mongo_failure(err.message);
      return 0;
    });
  }

  result<ticket> cas(const std::string& guild, std::int64_t number, ordered_json condition, const ordered_json& update) {
    return guard_result([&]() -> result<ticket> {
      condition["guild_id"] = guild;
      condition["number"] = number;
      auto doc = find_and_modify("tickets", condition, update, false);
      if (doc) return ticket_from_document(*doc);
      auto t = by_number(guild, number);
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      return error{errc::conflict, "the ticket changed meanwhile", t};
    });
  }

  // One atomic update of an open or claimed ticket's members, applied only when `unless_done`
  // (the member is not yet there / is still there) matches; else the ticket is read to tell
  // "nothing to change" from "not open any more".
  result<member_change> edit_members(const std::string& guild, std::int64_t number, const ordered_json& unless_done,
                                     const ordered_json& update) {
    return guard_result([&]() -> result<member_change> {
      ordered_json filter{{"guild_id", guild}, {"number", number}, {"status", {{"$in", {"open", "claimed"}}}}};
      for (const auto& [k, v] : unless_done.items()) filter[k] = v;
      if (auto doc = find_and_modify("tickets", filter, update, false)) return member_change{true, ticket_from_document(*doc)};
      auto t = by_number(guild, number);
      if (!t) return error{errc::not_found, "no ticket #" + std::to_string(number), std::nullopt};
      if (t->state != status::open && t->state != status::claimed) return error{errc::conflict, "the ticket is not open", t};
      return member_change{false, *t};
    });
  }

  void free_slot(const ticket& t) {
    const std::string slot = slot_of(t.owner_id);
    update_one("ticket", {{"guild_id", t.guild_id.str()}, {slot, t.number}}, {{"$unset", {{slot, ""}}}}, false);
    drop_empty_slots(t.guild_id.str());
  }

  // No `open_slots: {}` left in the admin's document once nobody holds a slot (atomic: only if it
  // is empty at that instant).
  void drop_empty_slots(const std::string& guild) {
    update_one("ticket", {{"guild_id", guild}, {"guichet.open_slots", ordered_json::object()}},
               {{"$unset", {{"guichet.open_slots", ""}}}}, false);
  }

  std::optional<ticket> active_of(const std::string& guild, const std::string& owner) {
    auto d = find_one("tickets", {{"guild_id", guild}, {"owner_id", owner}, {"status", {{"$in", active_statuses()}}}});
    if (!d) return std::nullopt;
    return ticket_from_document(*d);
  }
  std::optional<ticket> by_number(const std::string& guild, std::int64_t number) {
    auto d = find_one("tickets", {{"guild_id", guild}, {"number", number}});
    if (!d) return std::nullopt;
    return ticket_from_document(*d);
  }
  static ordered_json names(const std::vector<status>& statuses) {
    ordered_json out = ordered_json::array();
    for (auto s : statuses) out.push_back(std::string(tickets::to_string(s)));
    return out;
  }

  template <class F>
  auto guard(F&& f) -> result<decltype(f())> {
    try {
      return f();
    } catch (const std::exception& e) {
      return error{errc::unavailable, std::string("MongoDB: ") + e.what(), std::nullopt};
    }
  }
  template <class F>
  auto guard_result(F&& f) -> decltype(f()) {
    try {
      return f();
    } catch (const std::exception& e) {
      return error{errc::unavailable, std::string("MongoDB: ") + e.what(), std::nullopt};
    }
  }
  template <class F>
  result<void> guard_void(F&& f) {
    try {
      f();
      return {};
    } catch (const std::exception& e) {
      return error{errc::unavailable, std::string("MongoDB: ") + e.what(), std::nullopt};
    }
  }

  mongoc_client_pool_t* pool_;
  std::string db_;
};


}  // namespace

void set_log_sink(std::function<void(log_level, const std::string&)> sink) { log_sink() = std::move(sink); }

result<std::unique_ptr<ticket_store>> open_mongo(const mongo_options& o) {
  static std::once_flag init;
  std::call_once(init, [] {
    mongoc_init();
    mongoc_log_set_handler(mongoc_logger, nullptr);
  });
  const std::string host = mongo_host_for_display(o.uri);
  bson_error_t err;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(o.uri.c_str(), &err);
  if (!uri) return error{errc::invalid, "MongoDB URI is not valid: " + std::string(err.message), std::nullopt};
  // Fail fast, recover alone: an operation without a reachable server fails within seconds (the
  // pool's monitor keeps looking for the server, so the next operation after it is back works).
  // Options written in the URI win.
  if (!mongoc_uri_has_option(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS))
    mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, o.operation_timeout_ms);
  if (!mongoc_uri_has_option(uri, MONGOC_URI_CONNECTTIMEOUTMS))
    mongoc_uri_set_option_as_int32(uri, MONGOC_URI_CONNECTTIMEOUTMS, std::min(o.operation_timeout_ms, o.connect_timeout_ms));
  if (!mongoc_uri_has_option(uri, MONGOC_URI_SOCKETTIMEOUTMS))
    mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SOCKETTIMEOUTMS, o.socket_timeout_ms);
  mongoc_uri_set_option_as_utf8(uri, MONGOC_URI_APPNAME, "guichet");
  mongoc_client_pool_t* pool = mongoc_client_pool_new(uri);
  mongoc_uri_destroy(uri);
  if (!pool) return error{errc::invalid, "cannot create a MongoDB client for " + host, std::nullopt};
  mongoc_client_pool_set_error_api(pool, MONGOC_ERROR_API_VERSION_2);
  mongoc_client_pool_max_size(pool, 16);
  auto store = std::make_unique<mongo_store>(pool, o.database);
  // At start-up, MongoDB may still be coming up (a compose file, a reboot): ask until connect_timeout_ms.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.connect_timeout_ms);
  for (;;) {
    try {
      store->check_ping();
      store->ensure_indexes();
      store->migrate_documents();
      break;
    } catch (const std::exception& e) {
      if (std::chrono::steady_clock::now() + std::chrono::milliseconds(o.operation_timeout_ms) > give_up)
        return error{errc::unavailable, "MongoDB at " + host + " cannot be reached: " + e.what(), std::nullopt};
    }
  }
  return std::unique_ptr<ticket_store>(std::move(store));
}

}  // namespace storage
