#pragma once
// The one door between Discord's JSON and our models. The mapping itself lives in src/model;
// unknown fields are ignored, absent optional fields stay std::nullopt.
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

namespace discord {

struct json_error {
  std::string message;
};

// Deeper JSON is refused before it is mapped (the mapping recurses). Discord's deepest real
// payloads (a component interaction carrying its message, a reply with its referenced message, a
// modal of labelled inputs) stay under 16 levels, gateway envelope included.
inline constexpr int json_depth_max = 32;

template <class T>
boost::system::result<T, json_error> from_json_text(std::string_view text);

template <class T>
std::string to_json_text(const T& value);

struct message;
// A JSON array of messages read from a file, without a copy of its text (an exported history can
// hold tens of thousands of messages).
boost::system::result<std::vector<message>, json_error> messages_from_file(const std::string& path);

// Discord's JSON error body {"code": 50013, "message": "Missing Permissions", "errors": {...}}.
struct api_error_body {
  int code = 0;
  std::string message;
  std::string errors;  // the "errors" object as text, for logs
};
api_error_body parse_api_error(std::string_view body);

}  // namespace discord

namespace boost::system {
// Lets result<T, json_error>::value() throw with the message, as for error_code.
[[noreturn]] void throw_exception_from_error(const discord::json_error& e, const boost::source_location& loc);
}
