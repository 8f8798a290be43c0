#pragma once
// The panels Guichet posted: remembered in the store, edited whenever the configuration changes,
// and re-sent after each pick — a select keeps showing the member's last choice otherwise, and
// picking the same category again sends nothing (Discord's select menus behave so).
#include <map>

#include <boost/asio/awaitable.hpp>

#include "services.hpp"
#include "tickets/model.hpp"

namespace app {

class panel_keeper {
 public:
  explicit panel_keeper(services& s) : s_(s) {}

  boost::asio::awaitable<void> posted(storage::posted_panel p);
  // The panel whose select was just used, edited back to its placeholder (and to the current
  // configuration). Picks on one panel while its edit is under way make one more edit, not one each.
  void reset_after_pick(storage::posted_panel p);
  // Every remembered panel of the guild made to match `c`; those deleted meanwhile are forgotten.
  boost::asio::awaitable<void> refresh_all(discord::guild_id g, tickets::guild_config c);

 private:
  boost::asio::awaitable<void> reset_loop(storage::posted_panel p);
  boost::asio::awaitable<void> edit(storage::posted_panel p, tickets::guild_config c);

  services& s_;
  // Panels being reset: true when another pick came meanwhile. Memory only: a pick lost to a
  // restart leaves one select showing a choice, which the next pick or config change resets.
  std::map<discord::message_id, bool> resetting_;
};

}  // namespace app
