// Inactivity: when the guild set a delay (Options → ⏱️), a live ticket whose owner has not written
// for it gets one warning that mentions the owner, with Keep open and (for staff) Stop watching. If
// nobody writes for the second delay after it, the ticket is closed as Guichet with the reason
// "Inactivité", and the guild's automatic clean-up deletes it later. The clock and the warning are
// stored: a deadline that passed while the bot was stopped is handled at the next round, and the
// warning is recorded (compare-and-set) before it is posted, so no restart repeats it.
#include <spdlog/spdlog.h>

#include "metrics.hpp"
#include "ticket_flows.hpp"
#include "tickets/member_copy.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

namespace {
// A message restarts the clock; at most one store write per channel in this time. A warning comes
// hours after the last write, so a message skipped by this never leaves a warning standing.
constexpr auto activity_write_every = std::chrono::seconds(60);
constexpr std::int64_t hour_ms = 3'600'000;
}  // namespace

asio::awaitable<void> ticket_flows::note_activity(const discord::message& m) {
  const auto now = std::chrono::steady_clock::now();
  if (auto it = activity_noted_.find(m.channel); it != activity_noted_.end() && now - it->second < activity_write_every) co_return;
  const auto at = discord::message_id{m.id}.created_at_ms();
  auto changed = co_await s_.db([this, ch = m.channel, author = m.author.id, at] { return s_.store.note_activity(ch, author, at); });
  if (changed && *changed) activity_noted_[m.channel] = now;
}

// Keep open, Stop watching and /this-ticket inactivity: the store first, then the warning answered.
asio::awaitable<bool> executor::inactivity_step(step s, context& ctx, outcome& out) {
  const auto g = ctx.guild;
  const auto n = ctx.ticket.number;
  if (s == step::reset_inactivity) {
    auto reset = co_await s_.db([this, g, n] { return s_.store.reset_inactivity(g, n, now_ms()); });
    if (!reset) {
      out.failure = text_ref{msg::storage_unavailable, {}};
      co_return false;
    }
  } else {
    auto set = co_await s_.db([this, g, n, off = s == step::stop_inactivity_watch] { return s_.store.set_inactivity_off(g, n, off); });
    if (!set) {
      out.failure = set.error().code == storage::errc::unavailable ? text_ref{msg::storage_unavailable, {}} : text_ref{msg::not_a_ticket, {}};
      co_return false;
    }
    ctx.ticket = *set;
  }
  if (ctx.ticket.channel_id && ctx.warning_message)
    co_await s_.later.run("ticket #" + std::to_string(n) + ": inactivity warning answered",
                          [this, ch = *ctx.ticket.channel_id, id = *ctx.warning_message,
                           m = settled_inactivity_warning(ctx.actor_id, s == step::stop_inactivity_watch, guild_lang(g))] {
                            return s_.rest.edit_message(ch, id, m);
                          });
  co_return true;
}

asio::awaitable<void> ticket_flows::inactivity_due() {
  const auto watched = co_await live_tickets([](const ticket& t) { return !t.inactivity_off && t.channel_id.has_value(); });
  const std::int64_t now = now_ms();
  for (const auto& [t, c] : watched) {
    if (!c.options.inactivity_warn_hours) continue;
    const lang gl = exec_.guild_lang(t.guild_id);
    const std::string about = "ticket #" + std::to_string(t.number);
    const std::int64_t close_after = std::int64_t{c.options.inactivity_close_hours} * hour_ms;
    if (!t.inactivity_warned_at_ms) {
      const std::int64_t silent = now - t.inactive_since_ms();
      if (silent < std::int64_t{*c.options.inactivity_warn_hours} * hour_ms) continue;
      auto marked = co_await s_.db([this, t, now] { return s_.store.mark_inactivity_warning(t.guild_id, t.number, t.inactive_since_ms(), now); });
      if (!marked || !*marked) continue;  // someone wrote meanwhile, or another process warned
      metrics::add("guichet_inactivity_warnings_total");
      spdlog::info("guild {}: {}: its owner has been silent for {} h: warned", t.guild_id.str(), about, silent / hour_ms);
      co_await exec_.post(*t.channel_id, inactivity_warning_message(t, silent, now + close_after, gl), about + ": inactivity warning");
      co_await exec_.post_log(c, log_warning(format(gl, msg::log_inactivity_warned, std::to_string(t.number), channel_mention(*t.channel_id),
                                                    human_duration(static_cast<double>(silent), gl))));
      continue;
    }
    if (now - *t.inactivity_warned_at_ms < close_after) continue;
    actor guichet;
    guichet.is_admin = true;
    action_facts facts{s_.self};
    facts.reason = std::string(text(gl, msg::inactivity_reason));
    const plan p = decide(t, action::close, guichet, c, facts);
    if (p.refused) continue;
    executor::context run{t, c, t.guild_id, s_.self, "Guichet", std::nullopt, discord::limits::default_upload_limit_bytes};
    run.reason = facts.reason;
    touched(*t.channel_id);
    auto out = co_await exec_.run(p.effects, std::move(run));
    if (out.done) {
      metrics::add("guichet_inactivity_closes_total");
      spdlog::info("guild {}: {} closed: nobody wrote for {} h after the inactivity warning", t.guild_id.str(), about, close_after / hour_ms);
    } else {
      spdlog::warn("guild {}: {}: closing for inactivity failed", t.guild_id.str(), about);
    }
  }
}

}  // namespace app
