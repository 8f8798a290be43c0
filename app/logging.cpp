#include "logging.hpp"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace app {

namespace {
std::string& secret() {
  static std::string token;
  return token;
}
}  // namespace

// "<3>" before a line: journald reads the line's priority from it (sd-daemon(3)).
class syslog_priority_flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    static constexpr const char* priorities[] = {"<7>", "<7>", "<6>", "<4>", "<3>", "<2>", "<6>"};  // trace … off
    const char* p = priorities[std::min<std::size_t>(static_cast<std::size_t>(msg.level), 6)];
    dest.append(p, p + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<syslog_priority_flag>(); }
};

// The message as the inside of a JSON string.
class json_message_flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string escaped = nlohmann::json(std::string(msg.payload.data(), msg.payload.size())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(escaped.data() + 1, escaped.data() + escaped.size() - 1);  // without the quotes
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<json_message_flag>(); }
};

void init_logging(const std::string& level, const std::string& token, bool json) {
  secret() = token;
  auto logger = spdlog::stderr_color_mt("guichet");
  spdlog::set_default_logger(logger);
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<syslog_priority_flag>('*').add_flag<json_message_flag>('j');
  if (json) {
    auto utc = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    utc->add_flag<json_message_flag>('j').set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","message":"%j"})");
    logger->set_formatter(std::move(utc));
  } else if (std::getenv("JOURNAL_STREAM")) {
    // Under systemd: journald stamps each line itself; the priority prefix sets its level.
    formatter->set_pattern("%*%v");
    logger->set_formatter(std::move(formatter));
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
    logger->set_formatter(std::move(formatter));
  }
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
