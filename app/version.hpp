#pragma once
// The version, from project(... VERSION) in the top CMakeLists.txt.
#include <string>
#include <string_view>

namespace app {
inline constexpr std::string_view version = GUICHET_VERSION;
// Discord asks bots to say who they are: "DiscordBot ($url, $versionNumber)".
inline std::string user_agent() { return "DiscordBot (https://discord.com/developers/docs/intro, " + std::string(version) + ")"; }
}
