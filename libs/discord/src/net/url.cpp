#include "discord/net/url.hpp"

namespace discord::net {

std::optional<url> parse_url(std::string_view text) {
  auto sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  url u;
  u.scheme = std::string(text.substr(0, sep));
  for (auto& c : u.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u.scheme != "http" && u.scheme != "https" && u.scheme != "ws" && u.scheme != "wss") return std::nullopt;
  auto rest = text.substr(sep + 3);
  auto slash = rest.find_first_of("/?");
  auto authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!u.target.empty() && u.target.front() == '?') u.target = "/" + u.target;
  if (authority.empty()) return std::nullopt;
  if (authority.front() == '[') {  // IPv6 literal
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    u.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':') u.port = std::string(authority.substr(close + 2));
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    u.host = std::string(authority.substr(0, colon));
    u.port = std::string(authority.substr(colon + 1));
  } else {
    u.host = std::string(authority);
  }
  if (u.port.empty()) u.port = u.secure() ? "443" : "80";
  for (char c : u.port)
    if (c < '0' || c > '9') return std::nullopt;
  if (u.host.empty()) return std::nullopt;
  return u;
}

}  // namespace discord::net
