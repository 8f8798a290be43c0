#pragma once
// Opening a ticket, decided before anything is made: whether the server is ready for it (what the
// cache says), and the channel it gets (name, topic, overwrites).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "discord/model/interaction.hpp"
#include "discord/model/permissions.hpp"
#include "discord/model/requests.hpp"
#include "tickets/model.hpp"
#include "tickets/plan.hpp"

namespace tickets {

// The server as the cache sees it when a member picks a category.
struct opening_facts {
  const category* picked = nullptr;            // null: not a category of this server (any more)
  std::vector<discord::role_id> staff_roles;   // the category's roles that still exist
  bool ticket_category_exists = false;
  discord::permissions bot_missing;            // what the bot lacks in the ticket category
  std::size_t guild_channels = 0;
  discord::user_id member;
  bool member_blocked = false;  // on the guild's blacklist (a role or the member themself)
};

// The category's questions as the modal that opens the ticket (fields "q0" … "q4").
discord::modal questions_modal(const category& cat, lang l);
// The answers of a submitted questions modal, in the category's order: (question, answer), each
// within its question's length; a required question left empty (a forged submit) is refused.
struct answers_outcome {
  std::vector<std::pair<std::string, std::string>> answers;
  std::optional<text_ref> refused;
};
answers_outcome answers_from(const category& cat, const std::vector<discord::submitted_field>& fields);

// Whether the member (with these roles) is on the guild's blacklist.
bool is_blocked(const guild_config& c, discord::user_id member, const std::vector<discord::role_id>& roles);

// Why a ticket cannot be opened: the member's answer (their language) and, when the admins must
// act, a warning for the log channel (the server's).
struct opening_refusal {
  text_ref reply;
  std::optional<text_ref> log;
};
std::optional<opening_refusal> why_not_open(const opening_facts& f);

// What an opening may still be refused with once the store answered.
text_ref cooldown_refusal(const guild_options& o, std::int64_t retry_at_ms);
// Discord refused the channel: the guild (500) or the category (50) is full, or another reason.
text_ref channel_refusal(bool guild_full, bool category_full, const std::string& described);

struct ticket_channel_facts {
  discord::guild_id guild;
  discord::user_id owner;
  std::string owner_name;
  discord::user_id bot;
  discord::channel_id parent;
  std::vector<discord::role_id> staff_roles;
};
// The ticket's channel, open: its name by the guild's scheme, a topic naming the number and the
// owner (what the reconciliation finds a half-made channel by), the overwrites of an open ticket.
discord::channel_create ticket_channel(const ticket& t, const category& cat, const guild_config& c, const ticket_channel_facts& f, lang l);

}  // namespace tickets
