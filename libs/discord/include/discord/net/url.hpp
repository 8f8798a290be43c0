#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace discord::net {

struct url {
  std::string scheme;  // http, https, ws, wss
  std::string host;
  std::string port;    // always set: the scheme's default when absent
  std::string target;  // path and query, at least "/"

  bool secure() const { return scheme == "https" || scheme == "wss"; }
};

// Accepts http(s):// and ws(s):// URLs; nullopt for anything else.
std::optional<url> parse_url(std::string_view text);

}  // namespace discord::net
