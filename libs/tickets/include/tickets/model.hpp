#pragma once
// The domain's values: a guild's configuration (the user's MongoDB document shape) and tickets.
// Ids are typed (discord::snowflake): only the storage maps them to the documents' decimal strings.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "discord/model/snowflake.hpp"

namespace tickets {

struct panel_embed {
  std::string title;
  std::string description;
  std::optional<std::string> footer;
  std::optional<std::string> image;
  bool operator==(const panel_embed&) const = default;
};

// A question asked when a member picks the category: one field of the modal that opens the ticket.
struct question {
  std::string label;                       // ≤ 45 characters (a text input's label)
  std::optional<std::string> placeholder;  // ≤ 100
  bool paragraph = false;                  // a paragraph field, else one line
  bool required = true;
  int max_length = 1000;                   // 1 … 4,000 (a text input's value)
  bool operator==(const question&) const = default;
};
inline constexpr std::size_t questions_max = 5;  // a modal holds 5 fields

struct category {
  // Stable: tickets refer to their category by it, so a rename keeps its tickets and their staff,
  // and a new category that reuses a name never inherits old tickets. New categories take the id of
  // the interaction that made them (a snowflake: unique); a category stored before ids existed takes
  // its name as id when read, which is what its tickets named.
  std::string id;
  std::string name;
  std::string description;          // the message shown in the ticket
  std::vector<discord::role_id> roles;  // staff roles
  std::optional<std::string> emoji; // e.g. "🎧"
  std::optional<std::uint32_t> color;
  // When set, a ticket no staff member answered within this many minutes gets one alert that
  // mentions the category's staff roles.
  std::optional<int> first_response_minutes;
  std::vector<question> questions;  // asked at opening, in this order
  bool operator==(const category&) const = default;
};

enum class naming_scheme { number_username, emoji_category_number };
enum class member_left_action { close, remove };

struct guild_options {
  naming_scheme naming = naming_scheme::number_username;
  bool transcript_on_close = false;
  member_left_action on_member_left = member_left_action::close;
  std::optional<int> auto_delete_hours;  // closed tickets deleted after this delay; off when absent
  // A member opens at most opens_per_window tickets in open_window_minutes: closing one's own ticket
  // frees the "one open ticket" slot, and without this one member could fill the server's channels.
  int opens_per_window = 3;
  int open_window_minutes = 10;
  // Closed tickets a member may keep before opening another: each is a channel until staff delete
  // it. Opening is refused (not the oldest deleted): a closed ticket may still be read by staff.
  int closed_per_member_max = 3;
  int overflow_categories_max = 2;  // "Tickets 2", "Tickets 3": beyond, the category is full
  // A close request the owner leaves unanswered this long closes the ticket; off when absent.
  std::optional<int> close_request_hours;
  // At a close (or a deletion without one), the owner gets a summary by DM, with the transcript
  // and a rating of 1 to 5.
  bool dm_summary = true;
  bool dm_transcript = true;
  // The owner silent this long gets a warning in the ticket; nobody writing this much longer after
  // it closes the ticket. Off when absent.
  std::optional<int> inactivity_warn_hours;
  int inactivity_close_hours = 24;
  bool operator==(const guild_options&) const = default;
};

struct guild_config {
  discord::guild_id guild_id;
  std::optional<panel_embed> panel;
  std::vector<category> categories;  // in the admin's order
  std::optional<discord::channel_id> log_channel;
  std::optional<discord::channel_id> transcript_channel;
  std::optional<discord::channel_id> ticket_category;
  std::int64_t ticket_count = 0;     // owned by the store's open operation
  guild_options options;
  std::vector<discord::channel_id> overflow_categories;  // categories created when the ticket category is full
  // Who may not open tickets: members holding one of these roles, and these members.
  std::vector<discord::role_id> blocked_roles;
  std::vector<discord::user_id> blocked_members;
  // Bumped by every save: a save made from an older read is refused, so that two admins saving at
  // once never silently lose one's change. Owned by the store.
  std::int64_t revision = 0;

  const category* find_category(std::string_view name) const {
    for (const auto& c : categories)
      if (c.name == name) return &c;
    return nullptr;
  }
  const category* category_by_id(std::string_view id) const {
    for (const auto& c : categories)
      if (c.id == id) return &c;
    return nullptr;
  }
  bool operator==(const guild_config&) const = default;
};

// /ticket config edits a draft, shared by the guild's admins and kept across restarts; only its
// validation writes the configuration. `config.revision` is the revision the draft started from (a
// draft whose configuration was saved since is stale); `stamp` names the edit that wrote it last (its
// interaction's id), so that a screen made from an older state of the draft is recognised.
struct config_draft {
  guild_config config;
  std::string stamp;
  bool operator==(const config_draft&) const = default;
};

// reserved: the number and the owner's slot are taken, the channel is not made yet.
enum class status { reserved, open, claimed, closed, deleted };

std::string_view to_string(status s);
std::optional<status> status_from_string(std::string_view s);
// Statuses that hold the owner's single open slot.
inline bool holds_slot(status s) { return s == status::reserved || s == status::open || s == status::claimed; }

// A category's first-response target: at most a week.
inline constexpr int first_response_minutes_max = 7 * 24 * 60;

// A rating's comment: one paragraph field, shown in a log embed's field (1,024).
inline constexpr std::size_t rating_comment_max = 1000;
inline constexpr int rating_max = 5;

// A close's reason: one paragraph field, at most this long (a log embed's field holds 1,024).
inline constexpr std::size_t close_reason_max = 1000;

struct ticket {
  discord::guild_id guild_id;
  std::int64_t number = 0;
  std::optional<discord::channel_id> channel_id;
  discord::user_id owner_id;
  std::string owner_name;
  std::string category;     // its name when the ticket opened (logs, archives, statistics)
  std::string category_id;  // the category it belongs to (whose staff serve it); see category::id
  status state = status::reserved;
  std::optional<discord::user_id> claimer_id;
  // The claimer's username when they claimed (the channel is named after it); empty: not known
  // (claimed before names were stored). Members are not kept in memory, so it is stored.
  std::string claimer_name;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> claimed_at_ms;
  std::optional<std::int64_t> first_staff_reply_at_ms;
  std::optional<discord::user_id> first_staff_reply_by;  // whose reply it was (statistics per staff)
  std::optional<std::int64_t> first_response_alerted_at_ms;  // the category's first-response alert, sent once
  std::optional<std::int64_t> closed_at_ms;        // the last close; cleared by a reopen
  std::optional<std::int64_t> first_closed_at_ms;  // the first close: kept (resolution time)
  std::optional<discord::user_id> closed_by;       // who closed it last (the owner, staff, Guichet)
  std::optional<std::int64_t> deleted_at_ms;
  std::optional<std::int64_t> delete_after_ms;  // automatic clean-up deadline
  // When the transcript made for its deletion was saved: a deletion that failed after it (Discord
  // refused the DELETE) does not make and upload another one when tried again.
  std::optional<std::int64_t> archived_at_ms;
  std::optional<discord::message_id> welcome_message_id;  // the pinned message with the buttons
  // Members staff added to the ticket: they get the owner's rights in the channel and follow its
  // state. Stored, so that the reconciliation gives them back what a crash left undone.
  std::vector<discord::user_id> added_members;
  std::optional<std::string> close_reason;  // the last close's, when one was given; cleared by a reopen
  // What the member answered at opening: (question, answer), in the category's order.
  std::vector<std::pair<std::string, std::string>> answers;
  // The close request waiting for the owner's answer (cleared by the answer and by any close).
  std::optional<std::int64_t> close_requested_at_ms;
  std::optional<discord::message_id> close_request_message_id;
  // A name staff gave the channel (/this-ticket rename), kept through claims and closes instead of
  // the naming scheme's.
  std::optional<std::string> custom_name;
  // The summary sent to the owner by DM (once per close; a deletion without a close sends one).
  std::optional<std::int64_t> summary_sent_at_ms;
  // The owner's rating (1 … rating_max) of the ticket, and their comment; set once.
  std::optional<int> rating;
  std::optional<std::string> rating_comment;
  std::optional<std::int64_t> rated_at_ms;
  // Inactivity: when the clock started (the owner's last message, a message after a warning, a
  // "keep open"; none: the opening), the warning posted since, and staff's "not this ticket".
  std::optional<std::int64_t> activity_at_ms;
  std::optional<std::int64_t> inactivity_warned_at_ms;
  bool inactivity_off = false;
  std::int64_t reopen_count = 0;  // times it was reopened (the transcript's record)
  std::int64_t inactive_since_ms() const { return activity_at_ms.value_or(created_at_ms); }
  bool has_member(discord::user_id u) const {
    for (auto m : added_members)
      if (m == u) return true;
    return false;
  }
  // That transcript still holds the whole ticket: it was made after the ticket's last close.
  bool archive_is_current() const { return archived_at_ms && *archived_at_ms >= closed_at_ms.value_or(0); }
  bool operator==(const ticket&) const = default;
};

// /ticket stats, in one vocabulary: "open" is every ticket not closed and not deleted (claimed
// included), split into unclaimed and claimed; "created" counts tickets that got a channel.
struct ticket_stats {
  std::int64_t created = 0;
  std::int64_t open = 0;       // unclaimed + claimed
  std::int64_t unclaimed = 0;
  std::int64_t claimed = 0;
  std::int64_t closed = 0;
  std::int64_t deleted = 0;
  std::int64_t last_number = 0;  // the guild's counter: it differs from `created` when it was seeded
  struct category_count {
    std::string category_id;
    std::string name;  // the category's name now (its name at opening if it was removed)
    std::int64_t created = 0;
    std::int64_t open = 0;
    std::optional<double> median_first_reply_ms;
    // With a first-response target: the tickets answered by staff, and those answered in time.
    std::int64_t replied = 0;
    std::int64_t replied_in_time = 0;
    std::int64_t ratings = 0;  // the owners' ratings, and their average
    std::optional<double> avg_rating;
    bool operator==(const category_count&) const = default;
  };
  std::vector<category_count> by_category;  // the busiest first
  // From opening to the first close, over every ticket that was closed at least once (reopened,
  // deleted since or not).
  std::optional<double> avg_resolution_ms;
  std::optional<double> avg_first_reply_ms;
  // Per staff member, the busiest first. Medians: half the tickets took less, half more.
  struct staff_line {
    discord::user_id staff;
    std::int64_t claimed = 0;  // tickets whose claim they hold (a transfer moves it, a release drops it)
    std::int64_t closed = 0;   // tickets they closed last
    std::optional<double> median_first_reply_ms;  // over the tickets whose first staff reply was theirs
    std::optional<double> median_resolution_ms;   // over the tickets they hold: opening → first close
    std::int64_t ratings = 0;                      // the owners' ratings of the tickets they hold
    std::optional<double> avg_rating;
    bool operator==(const staff_line&) const = default;
  };
  std::vector<staff_line> by_staff;
  std::optional<std::int64_t> since_ms;  // the window: tickets created since then (none: all time)
  // The busiest staff first (claimed + closed), then by id: both stores order them so.
  void order_staff() {
    std::stable_sort(by_staff.begin(), by_staff.end(), [](const staff_line& a, const staff_line& b) {
      return a.claimed + a.closed != b.claimed + b.closed ? a.claimed + a.closed > b.claimed + b.closed : a.staff < b.staff;
    });
  }
};


}  // namespace tickets
