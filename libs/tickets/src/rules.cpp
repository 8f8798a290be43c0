#include "tickets/rules.hpp"

namespace tickets {

decision decide(status state, action what, const actor& who) {
  if (state == status::deleted || state == status::reserved) return {refusal::gone, state};
  switch (what) {
    case action::claim:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      if (state == status::claimed) return {refusal::already_claimed, state};
      if (state != status::open) return {refusal::not_open, state};
      return {refusal::none, status::claimed};
    case action::close:
      if (!who.is_owner && !who.staff_rights()) return {refusal::not_owner_or_staff, state};
      if (state == status::closed) return {refusal::already_closed, state};
      return {refusal::none, status::closed};
    case action::close_after_leave:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      if (state == status::closed) return {refusal::already_closed, state};
      return {refusal::none, status::closed};
    case action::reopen:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      if (state != status::closed) return {refusal::not_closed, state};
      return {refusal::none, status::open};  // the store restores "claimed" if it had a claimer
    case action::remove:
    case action::remove_confirm:
    case action::remove_cancel:
    case action::remove_without_transcript:
    case action::transcript:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      return {refusal::none, what == action::remove_confirm || what == action::remove_without_transcript ? status::deleted : state};
    case action::open:
    case action::config:
      break;
  }
  return {refusal::not_staff, state};
}

}  // namespace tickets
