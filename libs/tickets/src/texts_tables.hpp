#pragma once
#include "tickets/texts.hpp"

namespace tickets::detail {
std::string_view french(msg m);
std::string_view english(msg m);
}  // namespace tickets::detail
