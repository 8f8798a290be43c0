#pragma once
// What a ticket action does, decided before anything is done. The domain returns a plan: the
// reply when it is refused, else the ordered effects and the reply once they are done. The app's
// executor carries the effects out (store, Discord) and stops at the first that fails.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tickets/custom_id.hpp"
#include "tickets/model.hpp"
#include "tickets/rules.hpp"
#include "tickets/screens.hpp"
#include "tickets/texts.hpp"

namespace tickets {

// A catalogue text and its arguments; rendered in the reader's language by whoever shows it.
struct text_ref {
  msg id = msg::unknown_action;
  std::vector<std::string> args;
  std::string render(lang l) const;
  bool operator==(const text_ref&) const = default;
};

enum class step {
  claim,           // store: open → claimed by the actor; one winner among simultaneous clicks
  close,           // store: open or claimed → closed
  reopen,          // store: closed → open (claimed again if it had a claimer)
  sync_channel,    // the channel follows the new state: overwrites (a diff), name, welcome message
  note,            // a note in the ticket channel, in the server's language
  closed_note,     // the "closed by" note with its Reopen / Delete buttons
  log,             // an entry in the log channel
  set_deadline,    // automatic deletion, after the guild's delay
  archive,         // the transcript; if `required`, a failure stops the plan
  delete_channel,  // the channel, then the ticket marked deleted
  add_member,      // store: the target joins the ticket's members
  remove_member,   // store: the target leaves them
  release_claim,   // store: claimed by the actor's claimer → open
  transfer_claim,  // store: claimed → claimed by the target
  close_request,   // the request in the channel, with the owner's Accept / Refuse buttons
  settle_request,  // the request answered: its buttons go, the answer is shown on it
  set_name,        // store: staff's name for the channel
  dm_summary,      // the owner's summary by DM (transcript, rating buttons), once per close
  reset_inactivity,       // store: the inactivity clock restarts ("keep open"); the warning loses its buttons
  stop_inactivity_watch,  // store: staff switch the inactivity close off for this ticket (and the warning's buttons go)
  start_inactivity_watch, // store: … and back on
};

struct effect {
  step what = step::log;
  std::optional<text_ref> note;   // step::note
  std::uint32_t color = 0;        // step::note
  log_kind log = log_kind::created;  // step::log; for step::sync_channel, the change (audit log reason)
  bool required = false;          // step::archive
  bool operator==(const effect&) const = default;
};

// How the answer is shown: an embed (success or error), or one of the delete screens.
enum class reply_kind {
  success,
  delete_question,
  delete_cancelled,
  pick_member,   // a user select: whom to add, remove, or give the claim to (the action's *_pick)
  reason_modal,  // the close's reason, asked in a modal
};

struct plan {
  std::optional<text_ref> refused;  // set: nothing happens but this error
  std::vector<effect> effects;
  reply_kind reply = reply_kind::success;
  text_ref done;                    // the answer once every effect is done
  bool operator==(const plan&) const = default;
};

// The member an action is about (added, removed, given the claim), as Discord resolved them.
struct target_facts {
  discord::user_id id;
  std::string name;
  bool in_guild = false;  // a member of the server now
  bool is_bot = false;
  bool is_staff = false;  // holds one of the ticket category's staff roles, or admin rights
};

// Who acts, in the server as it is now.
struct action_facts {
  discord::user_id actor_id;
  bool with_transcript = true;  // a deletion archives first, unless staff chose not to
  std::optional<target_facts> target;
  std::optional<std::string> reason;  // a close's, when given (≤ close_reason_max)
  std::optional<std::string> new_name;  // a rename's, as typed
};


// The ticket's category staff, or an administrator, judged from the member's roles and rights.
actor actor_of(bool is_owner, bool is_admin, const std::vector<discord::role_id>& member_roles, const category* cat);

plan decide(const ticket& t, action what, const actor& who, const guild_config& c, const action_facts& f);

// Why a refused action is refused, for the one who clicked.
text_ref refusal_text(refusal r, action what, const ticket& t);

}  // namespace tickets
