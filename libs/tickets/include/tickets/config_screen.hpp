#pragma once
// /ticket config: the screen (its embed and components), the modals, and the validation of what
// admins type or pick. Pure: what exists on the server comes in as `server_view`.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "discord/model/interaction.hpp"
#include "discord/model/message.hpp"
#include "tickets/model.hpp"
#include "tickets/texts.hpp"

namespace tickets {

inline constexpr std::size_t max_categories = 5;

struct channel_facts {
  int type = 0;                     // Discord channel type
  discord::permissions bot;         // what the bot may do there
};

struct server_view {
  std::set<discord::role_id> roles;                       // the roles that exist
  std::map<discord::channel_id, channel_facts> channels;  // the channels, with what the bot may do there
};

// The screens show `shown`: the draft being edited, or the saved configuration (stamp empty). Their
// controls carry which one it was (see control_ref).
// The main screen: every part set, missing or broken, every problem a validation would refuse, the
// panel as members will see it (in the guild's language), and the controls.
discord::message_create config_screen(const config_draft& shown, const server_view& v, lang l, lang guild_language);
discord::message_create options_screen(const config_draft& shown, lang l);
// Who may not open tickets: a role select and a member select, each showing the list as it is.
discord::message_create blacklist_screen(const config_draft& shown, lang l);
discord::modal panel_modal(const config_draft& shown, lang l);
// index: the category edited, or nullopt to add one.
discord::modal category_modal(const config_draft& shown, std::optional<std::size_t> index, lang l);
discord::message_create roles_picker(const config_draft& shown, std::size_t index, lang l);
// A category's questions: the list, a select to change one, a button to add one.
discord::message_create questions_screen(const config_draft& shown, std::size_t index, lang l);
// One question's text: `question`, or a new one when nullopt.
discord::modal question_modal(const config_draft& shown, std::size_t index, std::optional<std::size_t> question, lang l);

// The automatic clean-up delays the options screen offers, in hours; nothing else is accepted.
inline constexpr int auto_delete_choices[] = {1, 6, 24, 72, 168};
// The delays after which an unanswered close request closes the ticket, in hours.
inline constexpr int close_request_choices[] = {12, 24, 48, 72};
// The owner's silence before the inactivity warning, and the silence after it before the close.
inline constexpr int inactivity_choices[] = {6, 12, 24, 48, 72};
// Delays and follow-up: how long a close request waits for the owner's answer, inactivity, the
// owner's DM summary.
discord::message_create delays_screen(const config_draft& shown, lang l);

// Validation: every problem at once; empty means valid. Never truncates.
std::vector<std::string> validate_panel(const panel_embed& p, lang l);
std::vector<std::string> validate_category(const guild_config& c, const category& cat, std::optional<std::size_t> index, lang l);
// Staff roles picked in a role select: never @everyone (its id is the guild's), never a role a bot
// or an integration manages. `managed_names`: the picked roles that are managed, by name.
std::vector<std::string> validate_staff_roles(const std::vector<discord::role_id>& roles, discord::guild_id guild,
                                              const std::vector<std::string>& managed_names, lang l);
std::vector<std::string> validate_text_channel(const std::optional<channel_facts>& f, lang l);
std::vector<std::string> validate_ticket_category(const std::optional<channel_facts>& f, lang l);

// Everything a server needs before a panel may be posted, checked at once against the server as it
// is: the panel's title and description, 1 to 5 categories each with a name, a message and a staff
// role that exists, the three channels chosen, existing, of the right type, with the bot's
// permissions there. Every problem, one line each ("• …"); empty means ready.
std::vector<std::string> validate_setup(const guild_config& c, const server_view& v, lang l);

// The two TicketSystem categories offered to an empty server.
// Their ids are `id_seed` (the interaction's id) with a suffix.
std::vector<category> starting_categories(lang l, const std::string& id_seed);

}  // namespace tickets
