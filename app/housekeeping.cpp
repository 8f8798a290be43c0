// Healing from stored state: reservations and half-made channels left by a crash, tickets whose
// channel is gone, channels whose name or overwrites differ from what their ticket's state wants
// (a crash between "state stored" and "channel changed"), and the clean-up of closed tickets.
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "ticket_flows.hpp"
#include "tickets/naming.hpp"
#include "tickets/overwrites.hpp"
#include "tickets/screens.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

namespace {

// The channel an interrupted opening made for ticket `t`: its topic names the number and the owner.
const discord::channel* half_made_channel(const discord::guild& g, const ticket& t) {
  const std::string number = "#" + std::to_string(t.number) + " ";
  const std::string owner = "(" + t.owner_id.str() + ")";
  for (const auto& c : g.channels)
    if (c.topic && c.topic->find(number) != std::string::npos && c.topic->find(owner) != std::string::npos) return &c;
  return nullptr;
}

}  // namespace

ticket_flows::opening_guard::opening_guard(std::multiset<std::pair<discord::guild_id, discord::user_id>>& set,
                                           discord::guild_id guild, discord::user_id owner)
    : set_(set), key_(guild, owner) {
  set_.insert(key_);
}

ticket_flows::opening_guard::~opening_guard() { set_.erase(set_.find(key_)); }  // this one only

namespace {
constexpr auto live_flow_grace = std::chrono::minutes(2);
}

void ticket_flows::touched(discord::channel_id ch) {
  const auto now = std::chrono::steady_clock::now();
  // The stale entries go once per grace period, not on every click: the map stays within the
  // channels of two periods without a walk through it each time.
  if (now - touched_swept_ >= live_flow_grace) {
    std::erase_if(touched_, [&](const auto& kv) { return now - kv.second > live_flow_grace; });
    touched_swept_ = now;
  }
  touched_[ch] = now;
}

bool ticket_flows::touched_lately(discord::channel_id ch) const {
  auto it = touched_.find(ch);
  return it != touched_.end() && std::chrono::steady_clock::now() - it->second < live_flow_grace;
}

asio::awaitable<void> ticket_flows::resolve_reservations() {
  auto reserved = co_await s_.db([this] { return s_.store.list_all({status::reserved}); });
  if (!reserved) co_return;
  for (const auto& t : *reserved) {
    auto g = std::optional(t.guild_id);
    if (!g || !s_.cache.guild(*g)) continue;                       // another process's guild, or not loaded yet
    if (opening_.count({t.guild_id, t.owner_id})) continue;        // an opening of this process is under way
    // Nothing of this process works on it: a crash cut the opening. Whatever its age, undo it.
    co_await undo_interrupted_opening(t);
  }
  auto freed = co_await s_.db([this] { return s_.store.reconcile_slots(); });
  if (freed && *freed > 0) spdlog::info("freed {} member slot(s) left over by an interrupted operation", *freed);
}

// The half-made channel (if the crash came after it was made) goes, then the number is released.
asio::awaitable<bool> ticket_flows::undo_interrupted_opening(ticket t) {
  auto g = std::optional(t.guild_id);
  if (!g || !s_.cache.guild(*g)) co_return false;
  if (const auto* c = half_made_channel(*s_.cache.guild(*g), t)) {
    const auto id = c->id;
    auto gone = co_await s_.rest.delete_channel(id, "Ticket #" + std::to_string(t.number) + ": opening interrupted (rolled back)");
    if (!gone && !gone.error().is(discord::rest::codes::unknown_channel)) {
      spdlog::warn("guild {}: removing the half-made channel of ticket #{} failed: {}", t.guild_id.str(), t.number, gone.error().describe());
      co_return false;  // tried again at the next round
    }
  }
  auto released = co_await s_.db([this, t] { return s_.store.release(t.guild_id, t.number, now_ms()); });
  if (released) spdlog::info("guild {}: released ticket #{}, whose opening was interrupted", t.guild_id.str(), t.number);
  co_return bool(released);
}

asio::awaitable<void> ticket_flows::reconcile() {
  co_await resolve_reservations();
  auto live = co_await s_.db([this] { return s_.store.list_all({status::open, status::claimed, status::closed}); });
  if (!live) co_return;
  std::set<discord::channel_id> awaiting;
  for (const auto& t : *live) {
    if (auto ch = t.channel_id; ch && !t.first_staff_reply_at_ms) awaiting.insert(*ch);
    if (auto ch = t.channel_id) live_ticket_channels_.insert(*ch);  // closed ones too: a reopen makes them live
  }
  awaiting_first_reply_.insert(awaiting.begin(), awaiting.end());  // openings meanwhile stay in
  first_replies_known_ = true;
  std::map<discord::guild_id, guild_config> configs;
  for (const auto& t : *live) {
    auto g = std::optional(t.guild_id);
    if (!g || !s_.cache.guild(*g)) continue;  // another process's guild, or not loaded yet
    if (!configs.count(t.guild_id)) {
      auto cfg = co_await s_.db([this, g = *g] { return s_.store.get_config(g); });
      if (!cfg) co_return;  // the store went away: the next round will do it
      configs[t.guild_id] = cfg->value_or(guild_config{t.guild_id});
    }
    co_await reconcile_ticket(t, *g, configs[t.guild_id], true);
  }
}

asio::awaitable<void> ticket_flows::reconcile_guild(discord::guild_id g) {
  if (!s_.cache.guild(g)) co_return;
  auto cfg = co_await s_.db([this, g] { return s_.store.get_config(g); });
  auto live = co_await s_.db([this, g] { return s_.store.list(g, {status::open, status::claimed, status::closed}); });
  if (!cfg || !live) co_return;  // the store went away: the periodic round will do it
  const guild_config c = cfg->value_or(guild_config{g});
  for (const auto& listed : *live) {
    // A ticket a flow changed lately is not skipped here (the old staff must lose it now): it is
    // read again just before, so that what is applied is its state of this instant.
    auto fresh = co_await s_.db([this, g, n = listed.number] { return s_.store.find_by_number(g, n); });
    if (!fresh || !*fresh) continue;
    co_await reconcile_ticket(**fresh, g, c, false);
  }
}

asio::awaitable<void> ticket_flows::reconcile_ticket(ticket t, discord::guild_id g, guild_config c, bool spare_live_flows) {
  auto ch = t.channel_id;
  if (!ch || !s_.cache.channel(g, *ch)) {
    co_await s_.db([this, t] { return s_.store.mark_deleted(t.guild_id, t.number, now_ms()); });
    spdlog::info("guild {}: ticket #{} lost its channel while Guichet was away; marked deleted", t.guild_id, t.number);
    co_return;
  }
  if (t.state == status::deleted) co_return;
  co_await repair_channel(std::move(t), g, *ch, std::move(c), spare_live_flows);
}

// Brings the channel back to what its ticket's stored state wants: the overwrites that differ are
// set again, a wrong name goes through the rename queue (and Discord's limit).
asio::awaitable<void> ticket_flows::repair_channel(ticket t, discord::guild_id g, discord::channel_id ch, guild_config c,
                                                  bool spare_live_flows) {
  const auto* channel = s_.cache.channel(g, ch);
  if (!channel || (spare_live_flows && touched_lately(ch))) co_return;
  const bool name_known = !t.claimer_id || !t.claimer_name.empty();
  const auto wanted_name = exec_.wanted_channel_name(t, g, c);
  const std::string current_name = channel->name;
  const bool rename = name_known && current_name != wanted_name;
  const std::string reason = "Ticket #" + std::to_string(t.number) + ": channel brought back to its " +
                             std::string(to_string(t.state)) + " state";
  const auto changed = co_await exec_.sync_overwrites(t, g, t.state, c, reason);
  if (changed == 0 && !rename) co_return;
  spdlog::info("guild {}: ticket #{} ({}) — repaired its channel: {} overwrite(s){}", g.str(), t.number, to_string(t.state),
               changed, rename ? ", name " + current_name + " → " + wanted_name : std::string{});
  if (rename) s_.renames.want(ch, wanted_name, reason);
}

asio::awaitable<void> ticket_flows::auto_delete_due() {
  auto closed = co_await s_.db([this] { return s_.store.list_all({status::closed}); });
  if (!closed) co_return;
  const auto now = now_ms();
  const auto now_steady = std::chrono::steady_clock::now();
  std::map<discord::guild_id, guild_config> configs;
  for (const auto& t : *closed) {
    auto g = std::optional(t.guild_id);
    auto ch = t.channel_id;
    if (!t.delete_after_ms || *t.delete_after_ms > now || !g || !s_.cache.guild(*g) || !ch) continue;
    if (!configs.count(t.guild_id)) {
      auto cfg = co_await s_.db([this, g = *g] { return s_.store.get_config(g); });
      if (!cfg) co_return;  // the store went away: the next round
      configs[t.guild_id] = cfg->value_or(guild_config{t.guild_id});
    }
    const guild_config& c = configs[t.guild_id];
    auto& attempts = cleanups_[*ch];
    const auto perms = s_.cache.permissions_in(*g, *ch, s_.self);
    const std::pair<std::int64_t, std::uint64_t> facts{c.revision, perms.bits()};
    if (attempts.blocked_at) {
      if (*attempts.blocked_at == facts) continue;  // nothing changed that could make it work
      attempts = {};
    }
    if (now_steady < attempts.next_try) continue;
    // Without Manage Channels the DELETE would be refused after a whole transcript was made.
    const bool can = !s_.cache.channel(*g, *ch) || perms.has(discord::permission::manage_channels);
    executor::outcome done;
    done.forbidden = true;
    if (can) done = co_await act(t, action::remove_confirm, c, s_.self, "Guichet", *g);
    if (done.done) {
      cleanups_.erase(*ch);
      continue;
    }
    if (done.forbidden) {
      attempts.blocked_at = facts;
      spdlog::warn("guild {}: ticket #{} is due for deletion but I may not delete its channel (manage_channels); "
                   "tried again once the configuration or my permissions change", t.guild_id, t.number);
      auto warning = log_warning(format(exec_.guild_lang(*g), msg::log_cleanup_blocked, std::to_string(t.number)));
      co_await exec_.post_log(c, std::move(warning));
      continue;
    }
    attempts.failures = std::min(attempts.failures + 1, 16);
    attempts.next_try = now_steady + cleanup_backoff(attempts.failures);
    spdlog::warn("guild {}: automatic deletion of ticket #{} failed ({}); tried again in {} min", t.guild_id, t.number,
                 done.failure ? done.failure->render(lang::en) : std::string("?"), std::chrono::duration_cast<std::chrono::minutes>(cleanup_backoff(attempts.failures)).count());
  }
}

// 1, 2, 4 … minutes, at most an hour: a failure that lasts is not hammered every round.
std::chrono::seconds ticket_flows::cleanup_backoff(int failures) {
  constexpr auto first = std::chrono::minutes(1);
  constexpr auto longest = std::chrono::hours(1);
  auto d = std::chrono::duration_cast<std::chrono::seconds>(first) * (1LL << std::min(failures - 1, 10));
  return std::min<std::chrono::seconds>(d, longest);
}

}  // namespace app
