#pragma once
// One interface for both backends (MongoDB, embedded SQLite). Every invariant that a race could
// break — consecutive unique numbers, one open ticket per user, one claimer, status transitions —
// is a single atomic operation of the store, never a check-then-act by the caller.
// Calls block: the app runs them on a small worker pool. Implementations are thread-safe.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/system/result.hpp>

#include "tickets/model.hpp"

namespace storage {

enum class errc {
  unavailable,   // the database cannot be reached: tell the user to try again
  conflict,      // another actor changed the ticket first (compare-and-set lost)
  not_found,
  invalid,       // a stored document Guichet cannot read
};

struct error {
  errc code = errc::unavailable;
  std::string message;
  std::optional<tickets::ticket> current;  // for conflicts: the ticket as it is now
};

template <class T>
using result = boost::system::result<T, error>;

struct open_request {
  discord::guild_id guild_id;
  discord::user_id owner_id;
  std::string owner_name;
  std::string category;     // its name now
  std::string category_id;  // its stable id
  std::int64_t at_ms = 0;
  // At most `opens_max` tickets that got a channel, opened by this member since at_ms - window_ms.
  // 0: no limit. Counted in the same atomic step as the reservation.
  int opens_max = 0;
  std::int64_t window_ms = 0;
  std::vector<std::pair<std::string, std::string>> answers;  // the category's questions, answered
};

struct open_outcome {
  bool created = false;   // false: the user already has an active ticket, returned in `ticket`
  tickets::ticket ticket;
  // Refused by the opening limit (created false, no ticket): when the member may open again.
  std::optional<std::int64_t> retry_at_ms;
};

struct claim_outcome {
  bool won = false;       // false: `ticket.claimer_id` names who was first
  tickets::ticket ticket;
};

// A panel Guichet posted: edited when the configuration changes, forgotten once deleted.
struct posted_panel {
  discord::guild_id guild_id;
  discord::channel_id channel_id;
  discord::message_id message_id;
  bool operator==(const posted_panel&) const = default;
};

struct member_change {
  bool changed = false;
  tickets::ticket ticket;
};

class ticket_store {
 public:
  virtual ~ticket_store() = default;

  // Answers when the store can be used now (readiness probes): MongoDB's ping, a SQLite read.
  virtual result<void> ping() = 0;

  // Runs `reads` (calls of this store that only read) now, on the calling thread, when the backend
  // answers them without waiting: SQLite in WAL mode, where readers never wait for writers, on a
  // connection of this thread that gives up at once on a lock instead of waiting for it. True when
  // it did; false when the backend cannot (MongoDB: the network) or a read failed or met a lock,
  // and then nothing `reads` saw is to be trusted: the caller asks again from its worker pool.
  virtual bool read_now(const std::function<void()>& reads) { return false; }

  // ---- guild configuration (the user's document) ----
  virtual result<std::optional<tickets::guild_config>> get_config(discord::guild_id guild_id) = 0;
  // Saves everything but ticket_count (open_ticket's) and overflow_categories (the two operations
  // below), if the stored configuration is still at `config.revision` (it then moves to the next);
  // errc::conflict when another save came first: read again, apply the change again.
  virtual result<void> save_config(const tickets::guild_config& config) = 0;
  // Atomic edits of the overflow category list, which openings and channel deletions change
  // concurrently with configuration saves.
  virtual result<void> add_overflow_category(discord::guild_id guild_id, discord::channel_id category_id) = 0;
  virtual result<void> remove_overflow_category(discord::guild_id guild_id, discord::channel_id category_id) = 0;

  // ---- the draft of /ticket config (one per guild) ----
  virtual result<std::optional<tickets::config_draft>> get_draft(discord::guild_id guild_id) = 0;
  // Writes the draft if the stored one was last written by `expected_stamp` (nullopt: there is
  // none); errc::conflict otherwise (another admin's edit came first: read again, apply again).
  virtual result<void> save_draft(const tickets::config_draft& draft, const std::optional<std::string>& expected_stamp) = 0;
  virtual result<void> drop_draft(discord::guild_id guild_id) = 0;

  // ---- tickets ----
  // Atomically: takes the owner's single active slot and the next number (ticket_count + 1).
  virtual result<open_outcome> open_ticket(const open_request& request) = 0;
  // reserved → open, with its channel.
  virtual result<tickets::ticket> attach_channel(discord::guild_id guild_id, std::int64_t number,
                                                 discord::channel_id channel_id,
                                                 std::optional<discord::message_id> welcome_message_id = std::nullopt) = 0;
  // A reservation whose channel could not be made: deleted, the slot freed, the number not reused.
  virtual result<void> release(discord::guild_id guild_id, std::int64_t number, std::int64_t at_ms) = 0;

  virtual result<std::optional<tickets::ticket>> find_by_channel(discord::channel_id channel_id) = 0;
  virtual result<std::optional<tickets::ticket>> find_active_by_owner(discord::guild_id guild_id,
                                                                      discord::user_id owner_id) = 0;
  virtual result<std::optional<tickets::ticket>> find_by_number(discord::guild_id guild_id, std::int64_t number) = 0;
  virtual result<std::vector<tickets::ticket>> list(discord::guild_id guild_id,
                                                    const std::vector<tickets::status>& statuses) = 0;
  // Every guild's tickets in these statuses (start-up reconciliation, clean-up).
  virtual result<std::vector<tickets::ticket>> list_all(const std::vector<tickets::status>& statuses) = 0;

  // Compare-and-set: from → to. Closing frees the owner's slot, keeps the first close's time and
  // stores the close's reason (none: no reason). Fails with conflict if the status is not `from` any more.
  virtual result<tickets::ticket> transition(discord::guild_id guild_id, std::int64_t number, tickets::status from,
                                             tickets::status to, std::int64_t at_ms,
                                             const std::optional<std::string>& close_reason = std::nullopt,
                                             std::optional<discord::user_id> closed_by = std::nullopt) = 0;
  // closed → open (or claimed if it had a claimer), taking the owner's slot back; conflict if the
  // owner holds another active ticket (returned in error.current) or the ticket is not closed.
  virtual result<tickets::ticket> reopen(discord::guild_id guild_id, std::int64_t number, std::int64_t at_ms) = 0;
  // Only if unclaimed and open.
  virtual result<claim_outcome> claim(discord::guild_id guild_id, std::int64_t number, discord::user_id claimer_id,
                                      const std::string& claimer_name, std::int64_t at_ms) = 0;
  // Adds a member to (removes one from) an open or claimed ticket; `changed` is false when they
  // already were (were not) on it; conflict when the ticket is closed or deleted.
  virtual result<member_change> add_member(discord::guild_id guild_id, std::int64_t number, discord::user_id member) = 0;
  virtual result<member_change> remove_member(discord::guild_id guild_id, std::int64_t number, discord::user_id member) = 0;
  // Compare-and-set on the claimer: claimed by `claimer` → open and unclaimed (release), or
  // claimed by `to` (transfer). Conflict when the ticket is not claimed by `claimer` any more.
  virtual result<tickets::ticket> release_claim(discord::guild_id guild_id, std::int64_t number, discord::user_id claimer) = 0;
  virtual result<tickets::ticket> transfer_claim(discord::guild_id guild_id, std::int64_t number, discord::user_id from,
                                                 discord::user_id to, const std::string& to_name, std::int64_t at_ms) = 0;
  // The close request waiting for the owner (set when posted; none: answered or gone). Any close
  // also clears it.
  virtual result<void> set_close_request(discord::guild_id guild_id, std::int64_t number, std::optional<std::int64_t> at_ms,
                                         std::optional<discord::message_id> message_id) = 0;
  // Records the first-response alert of a live ticket no staff answered yet; false when it was
  // recorded already or staff answered meanwhile (one alert, whichever process sends it).
  virtual result<bool> mark_first_response_alert(discord::guild_id guild_id, std::int64_t number, std::int64_t at_ms) = 0;
  // The owner's DM summary, once per close: true when this call records it (none was sent since
  // the ticket's last close; a ticket never closed: none was sent at all).
  virtual result<bool> mark_summary_sent(discord::guild_id guild_id, std::int64_t number, std::int64_t at_ms) = 0;
  // The owner's rating, set once (false: it was rated already), then their comment, once.
  virtual result<bool> rate(discord::guild_id guild_id, std::int64_t number, int stars, std::int64_t at_ms) = 0;
  virtual result<bool> comment_rating(discord::guild_id guild_id, std::int64_t number, const std::string& comment) = 0;
  // A message in a live ticket's channel: the owner's restarts the inactivity clock and clears a
  // warning; anyone's clears a warning (and restarts the clock). True when something changed.
  virtual result<bool> note_activity(discord::channel_id channel_id, discord::user_id author, std::int64_t at_ms) = 0;
  // "Keep open" (or staff switching the watch back on): the clock restarts now, the warning goes.
  virtual result<void> reset_inactivity(discord::guild_id guild_id, std::int64_t number, std::int64_t at_ms) = 0;
  // Records the warning of a live, watched ticket whose clock still started at `since_ms`; false
  // when someone wrote meanwhile or it was recorded already (one warning, whichever process).
  virtual result<bool> mark_inactivity_warning(discord::guild_id guild_id, std::int64_t number, std::int64_t since_ms,
                                               std::int64_t at_ms) = 0;
  // Staff's "not for this ticket" (off) or back on.
  virtual result<tickets::ticket> set_inactivity_off(discord::guild_id guild_id, std::int64_t number, bool off) = 0;
  // Staff's name for the channel (none: the naming scheme's again), on a ticket not deleted.
  virtual result<tickets::ticket> set_custom_name(discord::guild_id guild_id, std::int64_t number,
                                                  const std::optional<std::string>& name) = 0;
  // Any status → deleted; frees the slot.
  virtual result<tickets::ticket> mark_deleted(discord::guild_id guild_id, std::int64_t number, std::int64_t at_ms) = 0;
  // Keeps only the first staff reply: its time and its author.
  virtual result<void> record_staff_reply(discord::channel_id channel_id, std::int64_t at_ms,
                                          std::optional<discord::user_id> by = std::nullopt) = 0;
  // /ticket stats over the tickets created since `since_ms` (all when none), computed by the store:
  // one aggregate query per group of figures, never the tickets loaded one by one. Category names
  // are the tickets' (the caller maps ids to today's names).
  // `targets_ms`: the categories' first-response targets (by category id), for the share answered in time.
  virtual result<tickets::ticket_stats> stats(discord::guild_id guild_id, std::optional<std::int64_t> since_ms,
                                              const std::map<std::string, std::int64_t>& targets_ms = {}) = 0;
  virtual result<void> set_delete_deadline(discord::guild_id guild_id, std::int64_t number,
                                           std::optional<std::int64_t> at_ms) = 0;
  virtual result<void> mark_archived(discord::guild_id guild_id, std::int64_t number, std::int64_t at_ms) = 0;

  // ---- panels ----
  // Idempotent: a panel remembered twice is one panel.
  virtual result<void> remember_panel(const posted_panel& panel, std::int64_t at_ms) = 0;
  virtual result<std::vector<posted_panel>> list_panels(discord::guild_id guild_id) = 0;
  virtual result<void> forget_panel(discord::message_id message_id) = 0;

  // Frees owner slots that no active ticket holds any more (a crash between two steps); returns how many.
  virtual result<int> reconcile_slots() = 0;
};

// libmongoc's and the stores' own log lines go through this sink (bound to spdlog by the app).
enum class log_level { debug, info, warn, error };
void set_log_sink(std::function<void(log_level, const std::string&)> sink);

// SQLite (the embedded default): WAL, busy timeout, versioned schema.
result<std::unique_ptr<ticket_store>> open_sqlite(const std::string& path);

// A consistent copy of the SQLite file at `from` into `to` while the bot may be writing to it
// (SQLite's online backup API), written beside `to` and renamed into place: `to` is never half made.
// Returns the number of tickets in the copy.
result<std::int64_t> backup_sqlite(const std::string& from, const std::string& to);

struct mongo_options {
  std::string uri;
  std::string database = "ticket";
  int connect_timeout_ms = 5000;    // start-up: how long to try before saying MongoDB cannot be reached
  // While running: an operation fails after this long without a reachable server, so a member gets
  // a clear answer within Discord's 3 s, and the next operation after MongoDB is back simply works.
  int operation_timeout_ms = 2000;
  int socket_timeout_ms = 5000;     // a server that stops answering mid-operation
};
// MongoDB through libmongoc. Fails (unavailable) when the server does not answer a ping.
result<std::unique_ptr<ticket_store>> open_mongo(const mongo_options& options);

// The host part of a MongoDB URI, without credentials, for messages.
std::string mongo_host_for_display(const std::string& uri);

}  // namespace storage
