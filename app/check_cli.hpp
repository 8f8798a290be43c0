#pragma once
// guichet check: is the bot ready to take tickets in each of its servers (intents, permissions in
// the ticket category and the log and transcript channels, the setup), and the invite link.
#include "config.hpp"
#include "storage/ticket_store.hpp"

namespace app {
// 0 when every server is ready; 1 when something needs fixing or Discord refused the token.
int check_cli(const config& cfg, storage::ticket_store& store);
}  // namespace app
