#pragma once
// What an interaction brings to a ticket action besides who clicked: the member it is about (a
// user select's choice or a command's option, as Discord resolved them) and a close's reason (the
// modal's field or the command's option).
#include <optional>
#include <string>

#include "discord/model/interaction.hpp"
#include "tickets/model.hpp"
#include "tickets/plan.hpp"

namespace app {

// The member picked, judged against the ticket's category; none when the interaction names nobody.
std::optional<tickets::target_facts> target_of(const discord::interaction& i, const tickets::guild_config& c,
                                                const tickets::ticket& t);

// The reason given, trimmed; none when empty. Longer than tickets::close_reason_max is cut at a
// character boundary (Discord's modal already holds it to max_length; a command's option too).
std::optional<std::string> reason_of(const discord::interaction& i);

// Whether this member, as Discord resolved them, is staff of the ticket's category (or an admin).
bool is_category_staff(const discord::member& m, const tickets::guild_config& c, const tickets::ticket& t);

}  // namespace app
