#include "logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace app {

namespace {
std::string& secret() {
  static std::string token;
  return token;
}
}  // namespace

void init_logging(const std::string& level, const std::string& token) {
  secret() = token;
  auto logger = spdlog::stderr_color_mt("guichet");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::info);
}

std::string redact(std::string text) {
  const auto& token = secret();
  if (token.size() < 8) return text;
  for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos))
    text.replace(pos, token.size(), "[token]");
  return text;
}

discord::log_sink discord_log_sink() {
  return [](discord::log_level level, const std::string& text) {
    auto safe = redact(text);
    switch (level) {
      case discord::log_level::debug: spdlog::debug("{}", safe); break;
      case discord::log_level::info: spdlog::info("{}", safe); break;
      case discord::log_level::warn: spdlog::warn("{}", safe); break;
      case discord::log_level::error: spdlog::error("{}", safe); break;
    }
  };
}

}  // namespace app
