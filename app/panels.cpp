#include "panels.hpp"

#include <spdlog/spdlog.h>

#include "spawn.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;

asio::awaitable<void> panel_keeper::posted(storage::posted_panel p) {
  auto kept = co_await s_.db([this, p] { return s_.store.remember_panel(p, now_ms()); });
  if (!kept) spdlog::warn("guild {}: the panel {} was posted but not remembered: {}", p.guild_id.str(), p.message_id.str(), kept.error().message);
}

void panel_keeper::reset_after_pick(storage::posted_panel p) {
  auto [it, fresh] = resetting_.try_emplace(p.message_id, false);
  if (!fresh) {
    it->second = true;
    return;
  }
  spawn(s_.ioc, reset_loop(p), "panel reset");
}

asio::awaitable<void> panel_keeper::reset_loop(storage::posted_panel p) {
  for (;;) {
    // A panel posted before panels were remembered is adopted by its first pick.
    auto cfg = co_await s_.db([this, p] {
      (void)s_.store.remember_panel(p, now_ms());
      return s_.store.get_config(p.guild_id);
    });
    if (cfg && *cfg) co_await edit(p, **cfg);
    auto it = resetting_.find(p.message_id);
    if (it == resetting_.end() || !it->second) break;
    it->second = false;
  }
  resetting_.erase(p.message_id);
}

asio::awaitable<void> panel_keeper::refresh_all(discord::guild_id g, tickets::guild_config c) {
  auto panels = co_await s_.db([this, g] { return s_.store.list_panels(g); });
  if (!panels) {
    spdlog::warn("guild {}: the posted panels could not be listed, none was updated: {}", g.str(), panels.error().message);
    co_return;
  }
  for (const auto& p : *panels) co_await edit(p, c);
}

asio::awaitable<void> panel_keeper::edit(storage::posted_panel p, tickets::guild_config c) {
  if (c.categories.empty()) co_return;  // a select needs an option; validation refuses such a configuration
  const auto m = tickets::panel_message(c, s_.cache.language(p.guild_id));
  auto edited = co_await s_.rest.edit_message(p.channel_id, p.message_id, m);
  if (edited) co_return;
  const auto& e = edited.error();
  if (e.is(discord::rest::codes::unknown_message) || e.is(discord::rest::codes::unknown_channel)) {
    spdlog::info("guild {}: panel {} was deleted; forgotten", p.guild_id.str(), p.message_id.str());
    co_await s_.db([this, id = p.message_id] { return s_.store.forget_panel(id); });
    co_return;
  }
  if (!transient(e)) {
    spdlog::warn("guild {}: panel {} could not be updated: {}", p.guild_id.str(), p.message_id.str(), e.describe());
    co_return;
  }
  co_await s_.later.run("guild " + p.guild_id.str() + ": panel " + p.message_id.str() + " update",
                        [this, p, m] { return s_.rest.edit_message(p.channel_id, p.message_id, m); });
}

}  // namespace app
