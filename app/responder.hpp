#pragma once
// Answers one interaction: first within Discord's 3 seconds (a defer or a message), then edits.
#include <string>

#include <boost/asio/awaitable.hpp>

#include "discord/rest/client.hpp"
#include "tickets/screens.hpp"

namespace app {

class responder {
 public:
  responder(discord::rest::client& rest, const discord::interaction& i) : rest_(rest), i_(i) {}

  // Ephemeral "thinking…"; the answer comes with edit().
  boost::asio::awaitable<bool> defer_ephemeral();
  // Acknowledges a component without a visible answer yet (deferred update).
  boost::asio::awaitable<bool> defer_update();
  boost::asio::awaitable<bool> respond(discord::message_create m);  // type 4
  boost::asio::awaitable<bool> update(discord::message_create m);   // type 7 (the component's message)
  boost::asio::awaitable<bool> modal(discord::modal m);              // type 9
  boost::asio::awaitable<void> edit(discord::message_create m);     // the original answer
  boost::asio::awaitable<void> error(std::string text);             // an error embed, as answer or edit
  boost::asio::awaitable<void> success(std::string text);

  tickets::lang user_lang() const { return tickets::lang_of(i_.locale.value_or("fr")); }
  bool answered() const { return answered_; }

 private:
  boost::asio::awaitable<bool> callback(discord::interaction_response r);
  discord::rest::client& rest_;
  const discord::interaction& i_;
  bool answered_ = false;
};

}  // namespace app
