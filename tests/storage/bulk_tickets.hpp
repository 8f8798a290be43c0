#pragma once
// A guild with many tickets, written straight into each backend (one SQLite transaction, MongoDB
// insert_many batches) so that statistics can be checked and timed at 100,000 tickets without
// opening them one by one. The tickets are a deterministic mix of states, staff and durations.
#include <string>
#include <vector>

#include "tickets/model.hpp"

namespace test_support {

inline constexpr int bulk_staff_count = 10;

std::vector<tickets::ticket> synthetic_tickets(discord::guild_id guild, int count);
// The SQLite file must have been opened by the store once (its schema).
void bulk_insert_sqlite(const std::string& path, const std::vector<tickets::ticket>& all);
void bulk_insert_mongo(const std::string& uri, const std::string& database, const std::vector<tickets::ticket>& all);

}  // namespace test_support
