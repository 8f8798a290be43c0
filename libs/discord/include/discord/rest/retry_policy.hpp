#pragma once
// When a REST request may be sent again. The rule well-known HTTP clients follow (Go's net/http
// Transport): a request the server cannot have acted on is always resent; one it may have acted on
// is resent only when sending it twice does what sending it once does (replay_safe). A status is
// resent only when it says "not done, try later": 429 always (the request was refused, not run),
// 5xx when replay-safe (a 502 from a proxy may hide a request that ran). Other 4xx never: they will
// not get better. Pure: the client and its tests share it.
#include <chrono>

#include "discord/net/transport.hpp"

namespace discord::rest {

// Methods RFC 9110 calls idempotent, plus PATCH: Discord's PATCHes here set fields to absolute
// values (a name, a message body), so a second one changes nothing.
inline bool replay_safe_method(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

inline bool may_resend(const net::http_failure& f, bool replay_safe) { return f.not_sent() || replay_safe; }

inline bool may_resend(int status, bool replay_safe) { return status == 429 || (status >= 500 && replay_safe); }

// Exponential backoff with jitter: attempt 1 waits 0.25–0.5 s, 2 waits 0.5–1 s, … capped at `cap`.
// `random01` in [0, 1) comes from the caller (tests pass fixed values).
inline std::chrono::milliseconds backoff(int attempt, double random01,
                                         std::chrono::milliseconds base = std::chrono::milliseconds(250),
                                         std::chrono::milliseconds cap = std::chrono::seconds(60)) {
  long long ms = base.count();
  for (int i = 1; i < attempt && ms < cap.count(); ++i) ms *= 2;
  ms = std::min(ms, static_cast<long long>(cap.count()));
  return std::chrono::milliseconds(ms / 2 + static_cast<long long>(random01 * static_cast<double>(ms - ms / 2)));
}

}  // namespace discord::rest
