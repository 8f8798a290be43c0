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
    case action::member_add:
    case action::member_add_pick:
    case action::member_remove:
    case action::member_remove_pick:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      if (state == status::closed) return {refusal::ticket_closed, state};
      return {refusal::none, state};
    case action::release:
      if (state != status::claimed) return {refusal::not_claimed, state};
      if (!who.is_claimer && !who.is_admin) return {refusal::not_claimer, state};
      return {refusal::none, status::open};
    case action::transfer:
    case action::transfer_pick:
      if (state != status::claimed) return {refusal::not_claimed, state};
      if (!who.is_claimer && !who.is_admin && !(who.is_staff && who.claimer_absent)) return {refusal::not_claimer_transfer, state};
      return {refusal::none, status::claimed};
    case action::close_with_reason:
    case action::close_reason_submit:
      if (!who.is_owner && !who.staff_rights()) return {refusal::not_owner_or_staff, state};
      if (state == status::closed) return {refusal::already_closed, state};
      return {refusal::none, status::closed};
    case action::rename:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      return {refusal::none, state};
    case action::close_request:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      if (state == status::closed) return {refusal::already_closed, state};
      return {refusal::none, state};
    case action::close_request_accept:
    case action::close_request_refuse:
      if (!who.is_owner) return {refusal::not_owner, state};
      if (state == status::closed) return {refusal::already_closed, state};
      return {refusal::none, what == action::close_request_accept ? status::closed : state};
    case action::keep_open:
      if (!who.is_owner && !who.is_added && !who.staff_rights()) return {refusal::not_participant, state};
      if (state == status::closed) return {refusal::ticket_closed, state};
      return {refusal::none, state};
    case action::inactivity_off:
    case action::inactivity_on:
      if (!who.staff_rights()) return {refusal::not_staff, state};
      if (state == status::closed) return {refusal::ticket_closed, state};
      return {refusal::none, state};
    case action::open:
    case action::open_answers:
    case action::config:
    case action::stats:
    case action::rate:
    case action::rate_comment:
    case action::rate_comment_submit:
      break;
  }
  return {refusal::not_staff, state};
}

}  // namespace tickets
