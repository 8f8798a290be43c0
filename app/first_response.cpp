// First-response alerts: a ticket of a category with a target that no staff member answered in
// time gets one embed mentioning the category's staff roles, and a line in the log channel. The
// alert is recorded in the store before it is posted, so that a restart or a second process never
// sends it twice; a deadline that passed while the bot was down is handled at the next round.
#include <map>

#include <spdlog/spdlog.h>

#include "metrics.hpp"
#include "ticket_flows.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

asio::awaitable<std::vector<ticket_flows::live_ticket>> ticket_flows::live_tickets(std::function<bool(const ticket&)> wanted) {
  std::vector<live_ticket> out;
  auto live = co_await s_.db([this] { return s_.store.list_all({status::open, status::claimed}); });
  if (!live) co_return out;
  std::map<discord::guild_id, std::optional<guild_config>> configs;
  for (const auto& t : *live) {
    if (!wanted(t) || !s_.cache.guild(t.guild_id)) continue;  // another process's guild, or not loaded yet
    auto [known, fresh] = configs.try_emplace(t.guild_id);
    if (fresh) {
      auto read = co_await s_.db([this, g = t.guild_id] { return s_.store.get_config(g); });
      if (read && *read) known->second = **read;
    }
    if (known->second) out.push_back({t, *known->second});
  }
  co_return out;
}

asio::awaitable<void> ticket_flows::first_response_due() {
  const auto due = co_await live_tickets([](const ticket& t) {
    return !t.first_staff_reply_at_ms && !t.first_response_alerted_at_ms && t.channel_id.has_value();
  });
  const std::int64_t now = now_ms();
  for (const auto& [t, c] : due) {
    const category* cat = c.category_by_id(t.category_id);
    if (!cat || !cat->first_response_minutes) continue;
    const std::int64_t target_ms = std::int64_t{*cat->first_response_minutes} * 60'000;
    if (now - t.created_at_ms < target_ms) continue;
    auto marked = co_await s_.db([this, g = t.guild_id, n = t.number, now] { return s_.store.mark_first_response_alert(g, n, now); });
    if (!marked || !*marked) continue;  // answered meanwhile, or sent by someone else
    const lang gl = exec_.guild_lang(t.guild_id);
    const std::string about = "ticket #" + std::to_string(t.number);
    spdlog::info("guild {}: {} unanswered by staff after {} min (target {} min): alert sent", t.guild_id.str(), about,
                 (now - t.created_at_ms) / 60'000, *cat->first_response_minutes);
    metrics::add("guichet_first_response_alerts_total");
    co_await exec_.post(*t.channel_id, first_response_alert_message(t, exec_.existing_roles(t.guild_id, cat->roles), *cat->first_response_minutes, gl),
                        about + ": first-response alert");
    co_await exec_.post_log(c, log_warning(format(gl, msg::log_first_response_alert, "#" + std::to_string(t.number), channel_mention(*t.channel_id),
                                                  human_duration(static_cast<double>(now - t.created_at_ms), gl),
                                                  human_duration(static_cast<double>(target_ms), gl))));
  }
}

}  // namespace app
