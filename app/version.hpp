#pragma once
// The version, from project(... VERSION) in the top CMakeLists.txt.
#include <string_view>

namespace app {
inline constexpr std::string_view version = GUICHET_VERSION;
}
