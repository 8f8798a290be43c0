#pragma once
// Carries out what the domain decided (tickets::plan): the store's atomic changes first, then the
// channel (overwrites as a diff, the name through the rename queue, the welcome message), notes,
// log entries and transcripts. It stops at the first effect that fails and says why; the steps
// after the answer are retried in the background. The channel-shaping pieces are also used on
// their own by the reconciliation and the member events.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "archive.hpp"
#include "discord/limits.hpp"
#include "services.hpp"
#include "tickets/plan.hpp"

namespace app {

class executor {
 public:
  explicit executor(services& s) : s_(s), archiver_(s) {}

  struct context {
    tickets::ticket ticket;
    tickets::guild_config config;
    discord::guild_id guild;
    discord::user_id actor_id;                           // who acted (the bot itself for clean-ups)
    std::string actor_name;                              // their username, for names and audit logs
    std::optional<discord::message_id> source_message;  // the message whose button was clicked
    std::uint64_t upload_limit = discord::limits::default_upload_limit_bytes;
    std::optional<tickets::target_facts> target;  // the member an action is about
    std::optional<std::string> reason;            // a close's
    std::optional<discord::message_id> request_message;  // the close request answered
    std::optional<std::string> new_name;                  // a rename's
    std::optional<discord::message_id> warning_message;   // the inactivity warning answered
    std::optional<std::string> transcript_html;           // made by this plan's archive step
    bool deleting = false;                                // the plan deletes the channel (the transcript says by whom)
  };
  struct outcome {
    bool done = false;
    std::optional<tickets::text_ref> failure;  // why it stopped, for the one who acted
    bool forbidden = false;                    // Discord answered 403: retrying changes nothing
    bool archive_failed = false;               // a required transcript could not be saved
    std::size_t archived_messages = 0;
    tickets::ticket ticket;                    // as it is now
  };
  boost::asio::awaitable<outcome> run(std::vector<tickets::effect> effects, context ctx);

  // The channel's overwrites made exactly what `t` in `state` wants (a diff); the number of changes.
  boost::asio::awaitable<std::size_t> sync_overwrites(tickets::ticket t, discord::guild_id g, tickets::status state,
                                                      tickets::guild_config c, std::string reason);
  boost::asio::awaitable<void> refresh_welcome(tickets::ticket t, discord::guild_id g, tickets::guild_config c,
                                               std::optional<discord::message_id> hint);
  void queue_rename(const tickets::ticket& t, discord::guild_id g, const tickets::guild_config& c, std::string reason);
  std::string wanted_channel_name(const tickets::ticket& t, discord::guild_id g, const tickets::guild_config& c) const;

  boost::asio::awaitable<void> post_log(tickets::guild_config c, discord::message_create m);
  // A ticket action: one info line in the process log and a count in the metrics (both also when
  // the log channel is broken), then the entry in the log channel.
  boost::asio::awaitable<void> log_action(tickets::log_kind kind, const tickets::ticket& t, discord::user_id actor,
                                          std::int64_t at_ms, const tickets::guild_config& c,
                                          std::optional<discord::user_id> subject = std::nullopt);
  // A message after the answer (note, log entry), retried in the background if need be.
  boost::asio::awaitable<void> post(discord::channel_id channel, discord::message_create m, std::string what);

  tickets::lang guild_lang(discord::guild_id g) const { return s_.cache.language(g); }
  std::vector<discord::role_id> existing_roles(discord::guild_id g, const std::vector<discord::role_id>& ids) const;

 private:
  // One effect; false (with the outcome's failure set) stops the plan.
  boost::asio::awaitable<bool> apply(const tickets::effect& e, context& ctx, outcome& out);
  boost::asio::awaitable<bool> store_step(tickets::step s, context& ctx, outcome& out);
  boost::asio::awaitable<bool> claim_step(tickets::step s, context& ctx, outcome& out);
  boost::asio::awaitable<bool> members_step(tickets::step s, context& ctx, outcome& out);
  boost::asio::awaitable<bool> request_step(tickets::step s, context& ctx, outcome& out);
  boost::asio::awaitable<bool> delete_channel(context& ctx, outcome& out);
  // The owner's DM copy: once per close, whatever happens to the DM (closed DMs cost one log line).
  boost::asio::awaitable<void> send_summary(context& ctx);
  boost::asio::awaitable<bool> inactivity_step(tickets::step s, context& ctx, outcome& out);
  std::vector<discord::permission_overwrite> wanted_overwrites(const tickets::ticket& t, discord::guild_id g,
                                                               tickets::status state, const tickets::guild_config& c) const;
  std::string reason(const context& ctx, const char* what) const;

  services& s_;
  archiver archiver_;
};

}  // namespace app
