#pragma once
// The libraries log through an injected sink; app/ binds it to spdlog. Never pass the token.
#include <functional>
#include <string>

namespace discord {

enum class log_level { debug, info, warn, error };
using log_sink = std::function<void(log_level, const std::string&)>;

}  // namespace discord
