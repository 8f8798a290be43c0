// Close requests left unanswered: when the guild set a delay (Options → ⏱️), a request the owner
// did not answer within it closes the ticket, as Guichet, with that reason, and the request loses
// its buttons. The request's time is stored: a delay that ran out while the bot was stopped is
// handled at the next round.
#include <spdlog/spdlog.h>

#include "ticket_flows.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

asio::awaitable<void> ticket_flows::close_requests_due() {
  const auto requested = co_await live_tickets([](const ticket& t) { return t.close_requested_at_ms.has_value(); });
  const std::int64_t now = now_ms();
  for (const auto& [t, c] : requested) {
    if (!c.options.close_request_hours) continue;
    if (now - *t.close_requested_at_ms < std::int64_t{*c.options.close_request_hours} * 3'600'000) continue;
    actor guichet;
    guichet.is_admin = true;
    const lang gl = exec_.guild_lang(t.guild_id);
    action_facts facts{s_.self};
    facts.reason = format(gl, msg::close_request_timeout_reason, std::to_string(*c.options.close_request_hours));
    plan p = decide(t, action::close, guichet, c, facts);
    if (p.refused) continue;
    p.effects.insert(p.effects.begin() + 1, effect{step::settle_request});
    executor::context run{t, c, t.guild_id, s_.self, "Guichet", std::nullopt, discord::limits::default_upload_limit_bytes};
    run.reason = facts.reason;
    run.request_message = t.close_request_message_id;
    if (t.channel_id) touched(*t.channel_id);
    auto out = co_await exec_.run(p.effects, std::move(run));
    if (out.done) spdlog::info("guild {}: ticket #{} closed: its close request went unanswered", t.guild_id.str(), t.number);
    else spdlog::warn("guild {}: ticket #{}: closing after an unanswered close request failed", t.guild_id.str(), t.number);
  }
}

}  // namespace app
