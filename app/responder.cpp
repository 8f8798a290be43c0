#include "responder.hpp"

#include <spdlog/spdlog.h>

#include "discord/limits.hpp"
#include "metrics.hpp"

namespace app {

namespace asio = boost::asio;
using discord::interaction_callback;


std::string_view interaction_kind(discord::interaction_type t) {
  switch (t) {
    case discord::interaction_type::ping: return "ping";
    case discord::interaction_type::application_command: return "command";
    case discord::interaction_type::message_component: return "component";
    case discord::interaction_type::autocomplete: return "autocomplete";
    case discord::interaction_type::modal_submit: return "modal";
  }
  return "other";
}

asio::awaitable<bool> responder::callback(discord::interaction_response r) {
  auto res = co_await rest_.create_interaction_response(i_.id, i_.token, std::move(r));
  const auto kind = interaction_kind(i_.type);
  const bool late = std::chrono::steady_clock::now() - received_ > std::chrono::seconds(discord::limits::interaction_initial_response_seconds) ||
                    (!res && res.error().is(discord::rest::codes::unknown_interaction));
  if (late) metrics::add("guichet_interactions_late_total", {kind});
  if (!res) {
    spdlog::warn("interaction {}: the answer was refused: {}", i_.id.str(), res.error().describe());
    co_return false;
  }
  metrics::add("guichet_interactions_answered_total", {kind});
  answered_ = true;
  co_return true;
}

asio::awaitable<bool> responder::defer_ephemeral() {
  discord::message_create m;
  m.mentions.reset();
  m.flags = discord::message_flag_ephemeral;
  co_return co_await callback({.type = interaction_callback::deferred_channel_message, .message = std::move(m)});
}

asio::awaitable<bool> responder::defer_update() {
  co_return co_await callback({.type = interaction_callback::deferred_update_message});
}

// Once acknowledged (a defer that came first), an answer can only be the edit of the original.
asio::awaitable<bool> responder::respond(discord::message_create m) {
  if (answered_) {
    co_await edit(std::move(m));
    co_return true;
  }
  co_return co_await callback({.type = interaction_callback::channel_message, .message = std::move(m)});
}

asio::awaitable<bool> responder::update(discord::message_create m) {
  if (answered_) {
    co_await edit(std::move(m));
    co_return true;
  }
  co_return co_await callback({.type = interaction_callback::update_message, .message = std::move(m)});
}

asio::awaitable<bool> responder::modal(discord::modal m) {
  co_return co_await callback({.type = interaction_callback::modal, .modal_data = std::move(m)});
}

asio::awaitable<void> responder::edit(discord::message_create m) {
  m.flags.reset();  // flags cannot change on an edit
  auto res = co_await rest_.edit_original_response(i_.application, i_.token, std::move(m));
  if (!res) spdlog::warn("interaction {}: editing the answer failed: {}", i_.id.str(), res.error().describe());
}

asio::awaitable<void> responder::error(std::string text) {
  co_await respond(tickets::ephemeral(tickets::error_embed(user_lang(), std::move(text))));
}

asio::awaitable<void> responder::success(std::string text) {
  co_await respond(tickets::ephemeral(tickets::success_embed(user_lang(), std::move(text))));
}

}  // namespace app
