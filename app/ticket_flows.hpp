#pragma once
// The ticket flows: /ticket panel, stats and close, opening a ticket from the panel, and the
// Claim / Close / Reopen / Delete buttons. Each flow answers the interaction first, asks the
// domain (libs/tickets) what is allowed, makes the store's atomic change, then carries it out on
// Discord, undoing what it did if a step fails.
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <boost/asio/awaitable.hpp>

#include "executor.hpp"
#include "panels.hpp"
#include "responder.hpp"
#include "services.hpp"
#include "discord/limits.hpp"
#include "tickets/opening.hpp"
#include "tickets/plan.hpp"
#include "tickets/rules.hpp"
#include "tickets/stats.hpp"

namespace app {

class ticket_flows {
 public:
  explicit ticket_flows(services& s) : s_(s), exec_(s), panels_(s) {}

  // Interactions, as the router sends them.
  boost::asio::awaitable<void> command(discord::interaction i);
  boost::asio::awaitable<void> open(discord::interaction i, std::string category_id);
  // A ticket's buttons, their pickers and modal, and /this-ticket: one path, load → decide → execute.
  boost::asio::awaitable<void> ticket_action(discord::interaction i, tickets::action what);
  boost::asio::awaitable<void> typed_action(discord::interaction i);
  boost::asio::awaitable<void> stats_window_switch(discord::interaction i, std::string arg);
  // The owner's rating and comment, from the DM summary's buttons (outside any guild).
  boost::asio::awaitable<void> rating(discord::interaction i, tickets::action what, std::string arg);
  boost::asio::awaitable<void> unknown(discord::interaction i, bool undecodable);
  // During a shutdown: "restarting, try again in a moment", nothing done.
  boost::asio::awaitable<void> refuse_while_stopping(discord::interaction i);

  // Events (members, channels, roles, messages).
  boost::asio::awaitable<void> on_member_remove(discord::guild_id g, discord::user account);
  boost::asio::awaitable<void> on_member_add(discord::guild_id g, discord::member m);
  boost::asio::awaitable<void> on_channel_delete(discord::channel c);
  boost::asio::awaitable<void> on_role_delete(discord::guild_id g, discord::role_id r, std::string role_name);
  boost::asio::awaitable<void> on_message(discord::message m);
  // Start-up (and after a new gateway session): reservations and half-made channels left by a
  // crash, tickets whose channel is gone, channels that differ from their ticket's state.
  boost::asio::awaitable<void> reconcile();
  // One guild's live tickets brought to what its configuration wants now (after a config change:
  // a category's staff roles replaced, a category renamed).
  boost::asio::awaitable<void> reconcile_guild(discord::guild_id g);
  // Every panel the guild posted, edited to show its configuration as saved now.
  boost::asio::awaitable<void> refresh_panels(discord::guild_id g);
  // Reservations no opening of this process is working on, whatever their age (also periodic).
  boost::asio::awaitable<void> resolve_reservations();
  boost::asio::awaitable<bool> undo_interrupted_opening(tickets::ticket t);
  boost::asio::awaitable<void> auto_delete_due();
  // Tickets past their category's first-response target with no staff reply: one alert each.
  boost::asio::awaitable<void> first_response_due();
  // Close requests unanswered past the guild's delay: the ticket closed.
  boost::asio::awaitable<void> close_requests_due();
  // Owners silent past the guild's delay: warned; nobody writing after the warning: closed.
  boost::asio::awaitable<void> inactivity_due();
  // The open and claimed tickets of this process's guilds that `wanted` keeps, each with its guild's
  // configuration (read once per guild): what the deadline sweeps go through.
  struct live_ticket {
    tickets::ticket ticket;
    tickets::guild_config config;
  };
  boost::asio::awaitable<std::vector<live_ticket>> live_tickets(std::function<bool(const tickets::ticket&)> wanted);
  static std::chrono::seconds cleanup_backoff(int failures);

 private:
  boost::asio::awaitable<void> panel(const discord::interaction& i, responder& r, tickets::lang l);
  boost::asio::awaitable<void> stats(const discord::interaction& i, responder& r, tickets::lang l);
  boost::asio::awaitable<std::optional<discord::message_create>> stats_screen(discord::guild_id g, tickets::stats_window w,
                                                                              tickets::lang l);
  boost::asio::awaitable<void> force_close(const discord::interaction& i, responder& r, tickets::lang l);

  // The ticket of a channel and the guild's configuration, loaded once per interaction.
  struct loaded {
    tickets::ticket ticket;
    tickets::guild_config config;
    std::optional<tickets::text_ref> failure;  // why there is none
  };
  boost::asio::awaitable<loaded> load(discord::guild_id g, discord::channel_id ch);
  boost::asio::awaitable<void> answer(responder& r, tickets::lang l, const tickets::plan& p, const executor::outcome& out);
  // An action of Guichet itself or of an admin's command (staff rights), decided and carried out.
  boost::asio::awaitable<executor::outcome> act(tickets::ticket t, tickets::action what, tickets::guild_config c,
                                                discord::user_id actor_id, std::string actor_name, discord::guild_id g);
  // Opening: the server's readiness from the cache, the reservation, the channel.
  tickets::opening_facts opening_facts_of(discord::guild_id g, const tickets::guild_config& c, const std::string& category_id,
                                          discord::user_id member) const;
  struct step_result {
    tickets::ticket ticket;
    std::optional<tickets::text_ref> refused;  // for the member
    std::string problem;                       // for the log channel
  };
  boost::asio::awaitable<step_result> reserve(discord::guild_id g, tickets::guild_config c, tickets::category cat, discord::user who,
                                              std::vector<std::pair<std::string, std::string>> answers);
  boost::asio::awaitable<step_result> make_ticket_channel(tickets::ticket t, tickets::category cat, tickets::guild_config c,
                                                          tickets::ticket_channel_facts where);
  // The ticket category, or an overflow category with room (made if needed); nullopt if impossible.
  boost::asio::awaitable<std::optional<discord::channel_id>> category_with_room(tickets::guild_config c, discord::guild_id g,
                                                                                 discord::channel_id main);
  boost::asio::awaitable<void> drop_overflow_if_empty(discord::channel gone);
  // A refusal text when this member may not open a ticket now (active ticket, too many closed).
  boost::asio::awaitable<std::optional<std::string>> why_member_cannot_open(discord::guild_id g, discord::user_id owner,
                                                                           tickets::guild_config c, tickets::lang l);
  // Undo steps of a failed opening.
  boost::asio::awaitable<void> release_reservation(discord::guild_id g, std::int64_t number);
  boost::asio::awaitable<void> delete_half_made(discord::channel_id id, std::string reason);
  // `spare_live_flows`: leave alone the channels a flow of this process changed lately (a
  // reconciliation from a listing made before that change must not undo it).
  boost::asio::awaitable<void> reconcile_ticket(tickets::ticket t, discord::guild_id g, tickets::guild_config c,
                                                bool spare_live_flows);
  boost::asio::awaitable<void> repair_channel(tickets::ticket t, discord::guild_id g, discord::channel_id ch,
                                              tickets::guild_config c, bool spare_live_flows);

  // Openings under way in this process, by (guild, owner), one entry each (a double click makes
  // two): their reservations are not left-overs.
  // Memory only on purpose: after a restart, no opening is under way.
  class opening_guard {
   public:
    opening_guard(std::multiset<std::pair<discord::guild_id, discord::user_id>>& set, discord::guild_id guild, discord::user_id owner);
    ~opening_guard();
    opening_guard(const opening_guard&) = delete;
    opening_guard& operator=(const opening_guard&) = delete;

   private:
    std::multiset<std::pair<discord::guild_id, discord::user_id>>& set_;
    std::pair<discord::guild_id, discord::user_id> key_;
  };
  std::multiset<std::pair<discord::guild_id, discord::user_id>> opening_;
  // Ticket channels a flow of this process changed lately: the live flow owns them, a
  // reconciliation that read the store meanwhile must not undo its work. Memory only on purpose.
  void touched(discord::channel_id ch);
  bool touched_lately(discord::channel_id ch) const;
  std::map<discord::channel_id, std::chrono::steady_clock::time_point> touched_;
  std::chrono::steady_clock::time_point touched_swept_{};
  // Automatic clean-ups that failed: tried again with backoff, or, when refused for lack of
  // permission, only once the configuration or the bot's permissions in the channel changed.
  struct cleanup_attempts {
    int failures = 0;
    std::chrono::steady_clock::time_point next_try{};
    std::optional<std::pair<std::int64_t, std::uint64_t>> blocked_at;  // (config revision, permissions)
  };
  std::map<discord::channel_id, cleanup_attempts> cleanups_;
  // Ticket channels whose first staff reply is not recorded yet (filled by the reconciliation and
  // by openings; memory only: the next start lists them again). Only their messages are looked up.
  std::set<discord::channel_id> awaiting_first_reply_;
  bool first_replies_known_ = false;
  // MESSAGE_CREATEs being looked up in the store.
  static constexpr int messages_in_flight_max = 64;
  int messages_in_flight_ = 0;
  struct in_flight {
    explicit in_flight(int& n) : n_(n) { ++n_; }
    ~in_flight() { --n_; }
    in_flight(const in_flight&) = delete;
    in_flight& operator=(const in_flight&) = delete;
    int& n_;
  };
  tickets::actor actor_of(const discord::interaction& i, const tickets::ticket& t, const tickets::guild_config& c) const;
  boost::asio::awaitable<bool> claimer_absent(discord::guild_id g, tickets::ticket t, tickets::guild_config c);
  boost::asio::awaitable<void> show_on_dm(responder& r, const discord::interaction& i, discord::message_create updated, std::string thanks);
  // A message in a live ticket: the inactivity clock (a store write at most once a minute per channel).
  boost::asio::awaitable<void> note_activity(const discord::message& m);
  std::set<discord::channel_id> live_ticket_channels_;  // filled like awaiting_first_reply_
  std::map<discord::channel_id, std::chrono::steady_clock::time_point> activity_noted_;

  services& s_;
  executor exec_;
  panel_keeper panels_;
};

}  // namespace app
