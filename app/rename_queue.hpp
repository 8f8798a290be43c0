#pragma once
// Channel renames, out of the interactions' way. Discord allows 2 renames per channel per 10
// minutes: each channel has one pending wish (the latest name wins), applied as soon as Discord's
// retry_after allows. An interaction never waits on a rename.
#include <map>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "discord/rest/client.hpp"

namespace app {

class rename_queue {
 public:
  explicit rename_queue(discord::rest::client& rest) : rest_(rest) {}

  void want(discord::channel_id channel, std::string name, std::string audit_reason);
  void forget(discord::channel_id channel);  // the channel is gone
  std::size_t pending() const { return wishes_.size(); }

 private:
  struct wish {
    std::string name;
    std::string reason;
    bool running = false;
    std::optional<std::string> applied;
  };
  boost::asio::awaitable<void> drain(discord::channel_id channel);

  discord::rest::client& rest_;
  std::map<discord::channel_id, wish> wishes_;
};

}  // namespace app
