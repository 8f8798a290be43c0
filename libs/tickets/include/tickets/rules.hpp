#pragma once
// Who may do what to a ticket, in which state: the table the buttons obey.
#include "discord/model/permissions.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/model.hpp"

namespace tickets {

struct actor {
  bool is_owner = false;
  bool is_staff = false;  // holds one of the category's staff roles
  bool is_admin = false;  // Administrator or Manage Server: staff rights everywhere
  bool is_claimer = false;
  // The claimer left the server or lost the category's staff roles: any staff may take the claim over.
  bool claimer_absent = false;
  bool is_added = false;  // a member staff added to the ticket
  bool staff_rights() const { return is_staff || is_admin; }
};

enum class refusal {
  none,
  not_staff,          // claim, reopen, delete, transcript, close-after-leave: staff only
  not_owner_or_staff, // close
  already_claimed,
  not_open,
  already_closed,
  not_closed,
  gone,               // deleted
  ticket_closed,      // adding or removing members, asking to close: the ticket is closed
  not_claimed,        // release, transfer: nobody holds the claim
  not_claimer,        // release: only the claimer (or an admin)
  not_claimer_transfer,  // transfer: the claimer, an admin, or staff once the claimer is absent
  not_owner,          // answering a close request: the owner only
  not_participant,    // keeping it open: the owner, the members added, staff
};

struct decision {
  refusal reason = refusal::none;
  status to = status::open;  // the state after the action, when allowed
  bool allowed() const { return reason == refusal::none; }
};

decision decide(status state, action what, const actor& who);

// Administrator or Manage Server: staff rights everywhere, and the configuration.
inline bool has_admin_rights(const discord::permissions& p) {
  return p.has(discord::permission::administrator) || p.has(discord::permission::manage_guild);
}

}  // namespace tickets
