#pragma once
// systemd's notification protocol (sd_notify(3)) without libsystemd: one datagram to the socket
// named by $NOTIFY_SOCKET. Outside systemd (no variable) every call does nothing.
#include <chrono>
#include <optional>
#include <string_view>

namespace app::systemd {

// Sends "READY=1", "STOPPING=1", "WATCHDOG=1", "STATUS=…" (lines may be joined with '\n').
bool notify(std::string_view state);

// The watchdog period systemd expects pings within ($WATCHDOG_USEC, for this process only).
std::optional<std::chrono::microseconds> watchdog_period();

}  // namespace app::systemd
