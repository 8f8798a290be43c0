#pragma once
// Stateless component ids: "gt1:<action>[:<arg>]" (≤ 100 characters, Discord's limit), so every
// button keeps working after a restart; the ticket is found from the channel.
#include <optional>
#include <string>
#include <string_view>

namespace tickets {

enum class action {
  open,            // panel select: the value is the category
  open_answers,    // the category's questions answered (modal); arg = the category
  claim,
  close,
  reopen,
  remove,          // "Delete": asks for confirmation
  remove_confirm,
  remove_cancel,
  remove_without_transcript,  // after a failed transcript, staff confirm deleting anyway
  close_after_leave,  // "Oui, fermer" after the owner left
  transcript,
  config,          // the /ticket config screen; arg = what
  // Staff's second row: each asks what it needs (a member, a reason) in a second step.
  member_add,          // ➕: which member? (a user select)
  member_add_pick,     //    the member picked
  member_remove,       // ➖
  member_remove_pick,
  release,             // ↩️: the claim given back
  transfer,            // 🔁: to whom? (a user select)
  transfer_pick,
  close_with_reason,   // 📝: the reason modal
  close_reason_submit, //    the modal submitted
  close_request,       // 📨: staff ask the owner to close
  close_request_accept,
  close_request_refuse,
  rename,              // /this-ticket rename only
  stats,               // /ticket stats' window switch; arg = the window
  // In the owner's DM after a close; arg = "<guild>-<number>[-<stars>]" (no channel to find it by).
  rate,                // ⭐ 1 … 5
  rate_comment,        // 💬: the comment modal
  rate_comment_submit, //    the modal submitted
  // Inactivity: the warning's buttons, and /this-ticket inactivity.
  keep_open,
  inactivity_off,
  inactivity_on,
};

struct component_id {
  action what;
  std::string arg;
};

std::string encode(action what, std::string_view arg = {});
std::optional<component_id> decode(std::string_view custom_id);

}  // namespace tickets
