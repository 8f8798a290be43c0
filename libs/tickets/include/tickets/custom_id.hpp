#pragma once
// Stateless component ids: "gt1:<action>[:<arg>]" (≤ 100 characters, Discord's limit), so every
// button keeps working after a restart; the ticket is found from the channel.
#include <optional>
#include <string>
#include <string_view>

namespace tickets {

enum class action {
  open,            // panel select: the value is the category
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
};

struct component_id {
  action what;
  std::string arg;
};

std::string encode(action what, std::string_view arg = {});
std::optional<component_id> decode(std::string_view custom_id);

}  // namespace tickets
