#include "tickets/model.hpp"

namespace tickets {

std::string_view to_string(status s) {
  switch (s) {
    case status::reserved: return "reserved";
    case status::open: return "open";
    case status::claimed: return "claimed";
    case status::closed: return "closed";
    case status::deleted: return "deleted";
  }
  return "open";
}

std::optional<status> status_from_string(std::string_view s) {
  for (auto st : {status::reserved, status::open, status::claimed, status::closed, status::deleted})
    if (to_string(st) == s) return st;
  return std::nullopt;
}

}  // namespace tickets
