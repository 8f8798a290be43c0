#pragma once
// The embeds and components of every message Guichet posts. Pure: ids, names and times come in.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "discord/model/message.hpp"
#include "discord/model/permissions.hpp"
#include "discord/model/interaction.hpp"
#include "tickets/custom_id.hpp"
#include "tickets/model.hpp"
#include "tickets/stats.hpp"
#include "tickets/texts.hpp"

namespace tickets {

namespace colors {
inline constexpr std::uint32_t error = 0xED4245;
inline constexpr std::uint32_t success = 0x57F287;
inline constexpr std::uint32_t panel = 0x5865F2;
inline constexpr std::uint32_t created = 0x2ECC71;
inline constexpr std::uint32_t claimed = 0x3498DB;
inline constexpr std::uint32_t closed = 0xE67E22;
inline constexpr std::uint32_t reopened = 0x1ABC9C;
inline constexpr std::uint32_t deleted = 0xE74C3C;
inline constexpr std::uint32_t warning = 0xFEE75C;
}  // namespace colors

// Mentions and links as Discord renders them.
std::string user_mention(std::string_view id);
std::string channel_mention(std::string_view id);
std::string role_mention(std::string_view id);
inline std::string user_mention(discord::user_id id) { return user_mention(id.str()); }
inline std::string channel_mention(discord::channel_id id) { return channel_mention(id.str()); }
inline std::string role_mention(discord::role_id id) { return role_mention(id.str()); }
std::string discord_time(std::int64_t unix_ms, char style = 'F');
// "<#channel>" once the ticket has one, "#number" before.
std::string ticket_link(const ticket& t);
// "#12 (<#channel>)": how an answer names the ticket it is about.
std::string ticket_label(const ticket& t);
// "• `manage_channels`" lines, one per permission.
std::string permission_list(const discord::permissions& p);

discord::embed error_embed(lang l, std::string description);
discord::embed success_embed(lang l, std::string description);
discord::embed info_embed(std::string description, std::uint32_t color);
// An ephemeral reply with one embed.
discord::message_create ephemeral(discord::embed e);
// A channel message with one embed.
discord::message_create embed_message(discord::embed e);

// The panel: the configured embed and one select option per category.
discord::message_create panel_message(const guild_config& c, lang l);

// The pinned message at the top of a ticket; its buttons follow the state. `cat` may be null if
// the category was removed since.
discord::message_create welcome_message(const ticket& t, const category* cat, lang l);
std::vector<discord::component> ticket_buttons(status state, lang l);

// Markdown characters a member typed, shown as typed (answers, reasons in embeds).
std::string escape_markdown(std::string_view s);
// The answers the welcome message could not show whole (Discord's embed limits): one message each,
// the whole answer in its embed. Empty when every answer fit.
std::vector<discord::message_create> answers_followups(const ticket& t, const category* cat, lang l);
discord::message_create closed_message(lang l, discord::user_id closer_id, const std::optional<std::string>& reason = std::nullopt);
// The second step of ➕ ➖ 🔁: an ephemeral user select whose choice is `pick` (a *_pick action).
discord::message_create member_picker(action pick, const ticket& t, lang l);
// 📝: the close's optional reason.
discord::modal close_reason_modal(lang l);
inline constexpr std::string_view close_reason_field = "reason";
// 📨: staff ask the owner; only the owner's Accept / Refuse count.
discord::message_create close_request_message(const ticket& t, discord::user_id requester, lang l);
// The request once answered: what was answered, no buttons.
discord::message_create settled_request_message(const ticket& t, bool accepted, lang l);
discord::message_create delete_confirmation(lang l);
// After a failed transcript: why, and a button to delete anyway.
discord::message_create delete_without_transcript_offer(lang l, std::string why);
// The first-response alert: mentions the category's staff roles, and pings only them.
discord::message_create first_response_alert_message(const ticket& t, const std::vector<discord::role_id>& staff_roles, int target_minutes,
                                                     lang l);
discord::message_create member_left_message(lang l, discord::user_id member_id, std::string_view member_name);

enum class log_kind { created, claimed, closed, reopened, deleted, member_added, member_removed, released, transferred,
                      close_requested, close_refused, renamed };
// The process log's and the metrics' word for each (English, stable).
std::string_view log_verb(log_kind k);
// A log-channel embed: who did what to which ticket, when; one colour per action. `subject`: the
// member the action was about (added, removed, given the claim). A close shows its reason.
discord::message_create log_message(log_kind kind, const ticket& t, std::optional<discord::user_id> actor_id, std::int64_t at_ms, lang l,
                                    std::optional<discord::user_id> subject = std::nullopt);
// A plain warning for the log channel.
discord::message_create log_warning(std::string text);

// The summary posted with a transcript's files.
struct transcript_summary {
  std::size_t messages = 0;
  std::optional<discord::user_id> requested_by;
  bool compressed = false;        // above the upload limit: gzip
  bool split = false;             // still above it: numbered parts
  bool content_missing = false;   // Message Content Intent off
};
discord::embed transcript_embed(const ticket& t, const transcript_summary& s, lang l);

// The figures of one window, with buttons to switch to the others.
discord::message_create stats_message(const ticket_stats& s, lang l, stats_window window);
// "2 h 05 min", "3 j 4 h", "45 s"…
std::string human_duration(double ms, lang l);


}  // namespace tickets
