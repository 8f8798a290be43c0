#include "tickets/custom_id.hpp"

#include <array>
#include <utility>

#include "discord/limits.hpp"

namespace tickets {

namespace {
constexpr std::string_view prefix = "gt1:";
constexpr std::array<std::pair<action, std::string_view>, 32> names{{
    {action::open, "open"},
    {action::open_answers, "open-answers"},
    {action::claim, "claim"},
    {action::close, "close"},
    {action::reopen, "reopen"},
    {action::remove, "delete"},
    {action::remove_confirm, "delete-yes"},
    {action::remove_cancel, "delete-no"},
    {action::remove_without_transcript, "delete-force"},
    {action::close_after_leave, "left-close"},
    {action::transcript, "transcript"},
    {action::config, "cfg"},
    {action::member_add, "add"},
    {action::member_add_pick, "add-pick"},
    {action::member_remove, "remove"},
    {action::member_remove_pick, "remove-pick"},
    {action::release, "release"},
    {action::transfer, "transfer"},
    {action::transfer_pick, "transfer-pick"},
    {action::close_with_reason, "close-reason"},
    {action::close_reason_submit, "close-reason-submit"},
    {action::close_request, "close-ask"},
    {action::close_request_accept, "close-ask-yes"},
    {action::close_request_refuse, "close-ask-no"},
    {action::rename, "rename"},
    {action::stats, "stats"},
    {action::rate, "rate"},
    {action::rate_comment, "rate-note"},
    {action::rate_comment_submit, "rate-note-submit"},
    {action::keep_open, "keep-open"},
    {action::inactivity_off, "watch-off"},
    {action::inactivity_on, "watch-on"},
}};
}  // namespace

std::string encode(action what, std::string_view arg) {
  std::string out(prefix);
  for (const auto& [a, n] : names)
    if (a == what) out += n;
  if (!arg.empty()) {
    out += ':';
    out += arg;
  }
  if (out.size() > discord::limits::custom_id_max) out.resize(discord::limits::custom_id_max);
  return out;
}

std::optional<component_id> decode(std::string_view id) {
  if (id.substr(0, prefix.size()) != prefix) return std::nullopt;
  id.remove_prefix(prefix.size());
  auto colon = id.find(':');
  std::string_view name = id.substr(0, colon);
  std::string arg = colon == std::string_view::npos ? std::string{} : std::string(id.substr(colon + 1));
  for (const auto& [a, n] : names)
    if (n == name) return component_id{a, std::move(arg)};
  return std::nullopt;
}

}  // namespace tickets
