#pragma once
// /ticket stats as MongoDB aggregation pipelines: each group of figures is one pipeline the server
// runs over the guild's tickets, returning one row per group (MongoDB 4.4 and later: $isNumber).
#include <functional>
#include <map>
#include <string>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "tickets/model.hpp"

namespace storage {

using aggregate_runner = std::function<std::vector<nlohmann::ordered_json>(const nlohmann::ordered_json& pipeline)>;

// `run` executes a pipeline on the tickets collection (throwing on a server error).
tickets::ticket_stats mongo_stats(discord::guild_id guild, std::optional<std::int64_t> since_ms,
                                  const std::map<std::string, std::int64_t>& targets_ms, const aggregate_runner& run);

}  // namespace storage
