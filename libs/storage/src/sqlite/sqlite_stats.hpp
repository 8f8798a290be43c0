#pragma once
// /ticket stats in SQL: each group of figures is one aggregate query over the guild's tickets
// (medians with window functions), so a guild with 100,000 tickets is never read row by row into
// memory.
#include <map>
#include <optional>
#include <string>

#include "sqlite_connection.hpp"
#include "tickets/model.hpp"

namespace storage::sqlite {

tickets::ticket_stats guild_stats(connection& db, discord::guild_id guild, std::optional<std::int64_t> since_ms,
                                  const std::map<std::string, std::int64_t>& targets_ms);

}  // namespace storage::sqlite
