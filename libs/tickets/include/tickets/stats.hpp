#pragma once
// /ticket stats from the guild's tickets: one pure function, the same for both stores.
#include <vector>

#include "tickets/model.hpp"

namespace tickets {

// `all`: the guild's tickets in every status (reservations and released ones are left out here).
ticket_stats summarize(const std::vector<ticket>& all, const guild_config& c);

}  // namespace tickets
