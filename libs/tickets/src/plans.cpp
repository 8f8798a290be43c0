#include "tickets/plan.hpp"

#include <algorithm>

#include "tickets/naming.hpp"

namespace tickets {

std::string text_ref::render(lang l) const {
  std::vector<std::string_view> views(args.begin(), args.end());
  views.emplace_back();
  return format_args(l, id, views.data(), args.size());
}

actor actor_of(bool is_owner, bool is_admin, const std::vector<discord::role_id>& member_roles, const category* cat) {
  actor a;
  a.is_owner = is_owner;
  a.is_admin = is_admin;
  if (cat)
    a.is_staff = std::any_of(member_roles.begin(), member_roles.end(), [&](discord::role_id r) {
      return std::find(cat->roles.begin(), cat->roles.end(), r) != cat->roles.end();
    });
  return a;
}

text_ref refusal_text(refusal r, action what, const ticket& t) {
  const std::string claimer = t.claimer_id ? user_mention(*t.claimer_id) : std::string("?");
  switch (r) {
    case refusal::not_staff:
      if (what == action::claim) return {msg::claim_not_staff, {t.category}};
      if (what == action::reopen) return {msg::reopen_not_staff, {}};
      if (what == action::close_request) return {msg::close_request_not_staff, {t.category}};
      if (what == action::rename) return {msg::rename_not_staff, {t.category}};
      if (what == action::inactivity_off || what == action::inactivity_on) return {msg::watch_not_staff, {t.category}};
      if (what == action::member_add || what == action::member_add_pick || what == action::member_remove ||
          what == action::member_remove_pick)
        return {msg::members_not_staff, {t.category}};
      return {msg::delete_not_staff, {}};
    case refusal::ticket_closed: return {msg::ticket_is_closed, {}};
    case refusal::not_claimed: return {msg::not_claimed, {}};
    case refusal::not_claimer: return {msg::release_not_claimer, {claimer}};
    case refusal::not_claimer_transfer: return {msg::transfer_not_allowed, {claimer, t.category}};
    case refusal::not_owner: return {msg::close_request_not_owner, {user_mention(t.owner_id)}};
    case refusal::not_owner_or_staff: return {msg::close_not_allowed, {}};
    case refusal::not_participant: return {msg::keep_open_not_participant, {}};
    case refusal::already_claimed: return {msg::claim_already, {t.claimer_id ? user_mention(*t.claimer_id) : std::string("?")}};
    case refusal::not_open: return {msg::claim_not_open, {}};
    case refusal::already_closed: return {msg::close_already, {}};
    case refusal::not_closed: return {msg::reopen_not_closed, {}};
    case refusal::gone:
    case refusal::none: break;
  }
  return {msg::not_a_ticket, {}};
}

namespace {

effect note(msg m, std::string arg, std::uint32_t color) { return {step::note, text_ref{m, {std::move(arg)}}, color}; }
effect log_entry(log_kind k) { return {step::log, std::nullopt, 0, k}; }
effect plain(step s) { return {s}; }

// The channel follows the state; `why` names the change in the audit log reason.
effect sync(log_kind why) { return {step::sync_channel, std::nullopt, 0, why}; }

// Closing: the state, the channel, the note with its buttons, the deadline, the log, and the
// transcript if the guild wants one at every close (not required: the close stands without it).
std::vector<effect> closing(const guild_config& c) {
  std::vector<effect> out{plain(step::close), sync(log_kind::closed), plain(step::closed_note)};
  if (c.options.auto_delete_hours) out.push_back(plain(step::set_deadline));
  out.push_back(log_entry(log_kind::closed));
  if (c.options.transcript_on_close) out.push_back({step::archive, std::nullopt, 0, log_kind::created, false});
  if (c.options.dm_summary) out.push_back(plain(step::dm_summary));  // after the transcript: it reuses it
  return out;
}

// Deleting: the transcript first (a failure stops everything: the ticket is never lost), unless
// staff chose to delete without one or a current one was saved by a deletion Discord refused.
// The owner's summary too, when the ticket was never closed (a close sent it), while the channel
// can still be read.
std::vector<effect> deleting(const ticket& t, const guild_config& c, const action_facts& f) {
  std::vector<effect> out;
  if (f.with_transcript && !t.archive_is_current()) out.push_back({step::archive, std::nullopt, 0, log_kind::created, true});
  if (c.options.dm_summary && t.state != status::closed) out.push_back(plain(step::dm_summary));
  out.push_back(plain(step::delete_channel));
  out.push_back(log_entry(log_kind::deleted));
  return out;
}

// Why the member picked cannot be added, removed or given the claim; none when they can.
std::optional<text_ref> target_refusal(const ticket& t, action what, const target_facts& m) {
  const std::string who = user_mention(m.id);
  switch (what) {
    case action::member_add_pick:
      if (m.id == t.owner_id) return text_ref{msg::add_is_owner, {who}};
      if (m.is_bot) return text_ref{msg::add_is_bot, {who}};
      if (!m.in_guild) return text_ref{msg::target_not_member, {who}};
      if (m.is_staff) return text_ref{msg::add_is_staff, {who, t.category}};
      if (t.has_member(m.id)) return text_ref{msg::add_already, {who}};
      return std::nullopt;
    case action::member_remove_pick:
      if (m.id == t.owner_id) return text_ref{msg::remove_is_owner, {who}};
      if (!t.has_member(m.id)) return text_ref{msg::remove_not_added, {who}};
      return std::nullopt;
    case action::transfer_pick:
      if (t.claimer_id && m.id == *t.claimer_id) return text_ref{msg::transfer_same, {who}};
      if (!m.in_guild) return text_ref{msg::target_not_member, {who}};
      if (m.is_bot || !m.is_staff) return text_ref{msg::transfer_not_staff, {who, t.category}};
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// The staff's second-row actions (members, claim hand-over, close with a reason or on request,
// rename), once the rules allowed them: the member picked is judged first.
plan staff_plan(const ticket& t, action what, const guild_config& c, const action_facts& f) {
  plan p;
  const std::string actor = user_mention(f.actor_id);
  const std::string named = ticket_label(t);
  if (what == action::member_add_pick || what == action::member_remove_pick || what == action::transfer_pick) {
    if (!f.target) {
      p.refused = text_ref{msg::unknown_action, {}};
      return p;
    }
    if (auto why = target_refusal(t, what, *f.target)) {
      p.refused = std::move(why);
      return p;
    }
  }
  const std::string target = f.target ? user_mention(f.target->id) : std::string{};
  switch (what) {
    case action::member_add:
    case action::member_remove:
    case action::transfer:
      p.reply = reply_kind::pick_member;
      break;
    case action::close_with_reason:
      p.reply = reply_kind::reason_modal;
      break;
    case action::member_add_pick:
      p.effects = {plain(step::add_member), sync(log_kind::member_added), {step::note, text_ref{msg::member_added_note, {target, actor}}, colors::claimed},
                   log_entry(log_kind::member_added)};
      p.done = {msg::answer_member_added, {target, named}};
      break;
    case action::member_remove_pick:
      p.effects = {plain(step::remove_member), sync(log_kind::member_removed),
                   {step::note, text_ref{msg::member_removed_note, {target, actor}}, colors::closed}, log_entry(log_kind::member_removed)};
      p.done = {msg::answer_member_removed, {target, named}};
      break;
    case action::release:
      p.effects = {plain(step::release_claim), sync(log_kind::released), note(msg::release_note, actor, colors::reopened),
                   log_entry(log_kind::released)};
      p.done = {msg::answer_released, {named}};
      break;
    case action::transfer_pick:
      p.effects = {plain(step::transfer_claim), sync(log_kind::transferred),
                   {step::note, text_ref{msg::transfer_note, {actor, target}}, colors::claimed}, log_entry(log_kind::transferred)};
      p.done = {msg::answer_transferred, {named, target}};
      break;
    case action::close_reason_submit:
      p.effects = closing(c);
      p.done = {msg::close_done, {named}};
      break;
    case action::rename: {
      const std::string named_as = f.new_name ? normalise_for_channel(*f.new_name) : std::string{};
      if (named_as.empty()) {
        p.refused = text_ref{msg::rename_invalid, {}};
        break;
      }
      p.effects = {plain(step::set_name), sync(log_kind::renamed), {step::note, text_ref{msg::renamed_note, {actor, named_as}}, colors::panel},
                   log_entry(log_kind::renamed)};
      p.done = {msg::answer_renamed, {named, named_as}};
      break;
    }
    case action::close_request:
      p.effects = {plain(step::close_request), log_entry(log_kind::close_requested)};
      p.done = {msg::answer_close_requested, {user_mention(t.owner_id)}};
      break;
    case action::close_request_accept:
      p.effects = closing(c);
      p.effects.insert(p.effects.begin() + 1, plain(step::settle_request));
      p.done = {msg::close_done, {named}};
      break;
    case action::close_request_refuse:
      p.effects = {plain(step::settle_request), note(msg::close_refused_note, actor, colors::warning), log_entry(log_kind::close_refused)};
      p.done = {msg::answer_close_refused, {}};
      break;
    case action::keep_open:
      p.effects = {plain(step::reset_inactivity)};
      p.done = {msg::answer_kept_open, {named}};
      break;
    case action::inactivity_off:
      p.effects = {plain(step::stop_inactivity_watch), note(msg::inactivity_warning_off, actor, colors::panel)};
      p.done = {msg::answer_watch_off, {named}};
      break;
    case action::inactivity_on:
      p.effects = {plain(step::start_inactivity_watch), note(msg::watch_on_note, actor, colors::panel)};
      p.done = {msg::answer_watch_on, {named}};
      break;
    default:
      p.refused = text_ref{msg::unknown_action, {}};
      break;
  }
  return p;
}

}  // namespace

plan decide(const ticket& t, action what, const actor& who, const guild_config& c, const action_facts& f) {
  plan p;
  const auto verdict = decide(t.state, what, who);
  if (!verdict.allowed()) {
    p.refused = refusal_text(verdict.reason, what, t);
    return p;
  }
  const std::string actor = user_mention(f.actor_id);
  const std::string named = ticket_label(t);  // every answer names the ticket it is about
  switch (what) {
    case action::claim:
      p.effects = {plain(step::claim), sync(log_kind::claimed), note(msg::claim_done, actor, colors::claimed),
                   log_entry(log_kind::claimed)};
      p.done = {msg::answer_claimed, {actor, named}};
      break;
    case action::close:
      p.effects = closing(c);
      p.done = {msg::close_done, {named}};
      break;
    case action::close_after_leave:
      // What the admin chose for a ticket whose owner left: closed, or deleted outright.
      if (c.options.on_member_left == member_left_action::remove) {
        p.effects = deleting(t, c, f);
        p.done = {msg::delete_done, {named}};
      } else {
        p.effects = closing(c);
        p.done = {msg::close_done, {named}};
      }
      break;
    case action::reopen:
      // The inactivity clock starts again: the days it was closed are not the owner's silence.
      p.effects = {plain(step::reopen), plain(step::reset_inactivity), sync(log_kind::reopened),
                   note(msg::reopen_done, actor, colors::reopened), log_entry(log_kind::reopened)};
      p.done = {msg::answer_reopened, {actor, named}};
      break;
    case action::remove:
      p.reply = reply_kind::delete_question;
      break;
    case action::remove_cancel:
      p.reply = reply_kind::delete_cancelled;
      break;
    case action::remove_confirm:
    case action::remove_without_transcript: {
      action_facts deletion = f;
      deletion.with_transcript = f.with_transcript && what == action::remove_confirm;
      p.effects = deleting(t, c, deletion);
      p.done = {msg::delete_done, {named}};
      break;
    }
    case action::transcript:
      p.effects = {{step::archive, std::nullopt, 0, log_kind::created, true}};
      p.done = {msg::transcript_saved, {"", named}};  // the number of messages comes from the executor
      break;
    case action::member_add:
    case action::member_remove:
    case action::transfer:
    case action::close_with_reason:
    case action::member_add_pick:
    case action::member_remove_pick:
    case action::release:
    case action::transfer_pick:
    case action::close_reason_submit:
    case action::rename:
    case action::close_request:
    case action::close_request_accept:
    case action::close_request_refuse:
    case action::keep_open:
    case action::inactivity_off:
    case action::inactivity_on:
      return staff_plan(t, what, c, f);
    case action::open:
    case action::open_answers:
    case action::config:
    case action::stats:
    case action::rate:
    case action::rate_comment:
    case action::rate_comment_submit:
      p.refused = text_ref{msg::unknown_action, {}};
      break;
  }
  return p;
}

}  // namespace tickets
