#pragma once
// What the owner gets by DM when their ticket closes (a summary, the transcript, a rating of 1 to 5
// and a comment), what the log channel shows of it, and the inactivity warning posted in a ticket
// whose owner stopped writing. Pure: names, times and the ticket come in.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "discord/model/interaction.hpp"
#include "discord/model/message.hpp"
#include "tickets/model.hpp"
#include "tickets/texts.hpp"

namespace tickets {

// The DM buttons name the ticket themselves: in a DM there is no channel to find it by.
struct rating_target {
  discord::guild_id guild;
  std::int64_t number = 0;
  int stars = 0;  // 1 … rating_max for a rating button; 0 for the comment's button and modal
};
std::string rating_arg(const rating_target& r);
std::optional<rating_target> parse_rating_arg(std::string_view arg);

enum class transcript_in_dm { none, attached, too_big };
// The summary: server, number, category, claimer, opening and closing times, the reason; with the
// rating buttons below it.
discord::message_create summary_dm(const ticket& t, std::string_view guild_name, transcript_in_dm transcript, lang l);
// The DM's update once rated (thanks, and the comment button) and once commented (no buttons).
discord::message_create rated_dm_update(const ticket& t, int stars, bool commented, lang l);
inline constexpr std::string_view rating_comment_field = "comment";
discord::modal rating_comment_modal(const ticket& t, lang l);
// "⭐⭐⭐⭐☆"
std::string stars_text(int stars);
// The log channel's entry for a rating, and for its comment (shown as typed, markdown escaped).
discord::message_create rating_log(const ticket& t, int stars, const std::optional<std::string>& comment, lang l);

// The warning: mentions (and pings) only the owner; Keep open for anyone in the ticket, Stop
// watching for staff.
discord::message_create inactivity_warning_message(const ticket& t, std::int64_t silent_ms, std::int64_t close_at_ms, lang l);
// The warning once answered: what happened, no buttons.
discord::message_create settled_inactivity_warning(discord::user_id by, bool watch_stopped, lang l);

}  // namespace tickets
