// The owner's copy of a closed ticket: a DM with the summary, the HTML transcript and a rating of
// 1 to 5, then an optional comment. The DM is recorded as sent before it is sent (once per close,
// whichever process or retry comes second). A member whose DMs are closed (50007) costs one line in
// the log channel, never a retry. Ratings come back as DM interactions: the buttons name the ticket
// (there is no channel to find it by) and who clicked is checked against the stored owner.
#include <spdlog/spdlog.h>

#include "archive.hpp"
#include "executor.hpp"
#include "metrics.hpp"
#include "responder.hpp"
#include "ticket_flows.hpp"
#include "tickets/member_copy.hpp"
#include "tickets/screens.hpp"
#include "tickets/text_fit.hpp"

namespace app {

namespace asio = boost::asio;
using namespace tickets;

asio::awaitable<void> executor::send_summary(context& ctx) {
  const ticket& t = ctx.ticket;
  const auto g = ctx.guild;
  const std::string about = "ticket #" + std::to_string(t.number);
  auto marked = co_await s_.db([this, g, n = t.number] { return s_.store.mark_summary_sent(g, n, now_ms()); });
  if (!marked) {
    spdlog::warn("guild {}: {}: the owner's summary was not sent (the store cannot record it): {}", g.str(), about, marked.error().message);
    co_return;
  }
  if (!*marked) co_return;  // sent for this close already
  const lang gl = guild_lang(g);
  std::vector<discord::file_upload> files;
  transcript_in_dm transcript = transcript_in_dm::none;
  if (ctx.config.options.dm_transcript) {
    std::optional<std::string> html = ctx.transcript_html;
    if (!html) html = co_await archiver_.html_of(t, g);
    if (html) {
      bool compressed = false, split = false;
      auto fitted = fit_uploads({"ticket-" + std::to_string(t.number) + ".html", "text/html; charset=utf-8", std::move(*html), std::nullopt},
                                discord::limits::default_upload_limit_bytes, compressed, split);
      transcript = split ? transcript_in_dm::too_big : transcript_in_dm::attached;
      if (!split) files = std::move(fitted);
    }
  }
  const auto* guild = s_.cache.guild(g);
  auto m = summary_dm(t, guild ? guild->name : g.str(), transcript, gl);
  auto dm = co_await s_.rest.create_dm(t.owner_id);
  discord::rest::result<discord::message> sent = dm ? co_await s_.rest.create_message(dm->id, m, files) : dm.error();
  if (sent) {
    metrics::add("guichet_summary_dms_total", {"sent"});
    spdlog::info("guild {}: {}: summary sent to its owner {}", g.str(), about, t.owner_id.str());
    co_return;
  }
  const auto& e = sent.error();
  const bool closed = e.is(discord::rest::codes::cannot_message_user);
  metrics::add("guichet_summary_dms_total", {closed ? "dms_closed" : "failed"});
  spdlog::info("guild {}: {}: the owner's summary could not be sent: {}", g.str(), about, e.describe());
  const std::string owner = user_mention(t.owner_id);
  co_await post_log(ctx.config, log_warning(closed ? format(gl, msg::log_dm_closed, std::to_string(t.number), owner)
                                                   : format(gl, msg::log_dm_failed, std::to_string(t.number), owner, e.describe())));
}

// The DM message clicked, updated in place; after a slow store read (the answer was deferred), the
// thanks come as the answer and the message is edited.
asio::awaitable<void> ticket_flows::show_on_dm(responder& r, const discord::interaction& i, discord::message_create updated,
                                               std::string thanks) {
  if (!r.answered() && i.source_message) {
    co_await r.update(std::move(updated));
    co_return;
  }
  co_await r.success(std::move(thanks));
  if (i.channel && i.source_message)
    co_await s_.later.run("rating: the DM's buttons", [this, ch = *i.channel, id = i.source_message->id, updated] {
      return s_.rest.edit_message(ch, id, updated);
    });
}

// ⭐ 1 … 5, 💬 and its modal, from the owner's DMs (or wherever Discord shows them).
asio::awaitable<void> ticket_flows::rating(discord::interaction i, action what, std::string arg) {
  responder r(s_.rest, i);
  const auto target = parse_rating_arg(arg);
  const auto* who = i.actor();
  if (!target || !who || (what == action::rate) != (target->stars > 0)) {
    co_await r.error(std::string(text(r.user_lang(), msg::unknown_action)));
    co_return;
  }
  const lang gl = exec_.guild_lang(target->guild);
  auto found = co_await r.within_grace(s_.db([this, g = target->guild, n = target->number] { return s_.store.find_by_number(g, n); }));
  if (!found) {
    co_await r.error(std::string(text(gl, msg::storage_unavailable)));
    co_return;
  }
  if (!*found) {
    co_await r.error(std::string(text(gl, msg::rating_unknown_ticket)));
    co_return;
  }
  const ticket t = **found;
  if (t.owner_id != who->id) {
    co_await r.error(std::string(text(gl, msg::rating_not_owner)));
    co_return;
  }
  if (what == action::rate) {
    auto rated = co_await r.within_grace(s_.db([this, t, stars = target->stars] { return s_.store.rate(t.guild_id, t.number, stars, now_ms()); }));
    if (!rated) {
      co_await r.error(std::string(text(gl, msg::storage_unavailable)));
      co_return;
    }
    if (!*rated) {
      co_await r.error(format(gl, msg::rating_already, std::to_string(t.rating.value_or(0))));
      co_return;
    }
    metrics::add("guichet_ratings_total", {std::to_string(target->stars)});
    spdlog::info("guild {}: ticket #{} rated {}/5 by its owner", t.guild_id.str(), t.number, target->stars);
    co_await show_on_dm(r, i, rated_dm_update(t, target->stars, false, gl), format(gl, msg::rating_thanks, stars_text(target->stars), std::to_string(target->stars)));
    if (auto c = co_await s_.db([this, g = t.guild_id] { return s_.store.get_config(g); }); c && *c)
      co_await exec_.post_log(**c, rating_log(t, target->stars, std::nullopt, gl));
    co_return;
  }
  if (!t.rating) {
    co_await r.error(std::string(text(gl, msg::rating_comment_first)));
    co_return;
  }
  if (t.rating_comment) {
    co_await r.error(std::string(text(gl, msg::rating_comment_already)));
    co_return;
  }
  if (what == action::rate_comment) {
    if (r.answered()) co_await r.error(std::string(text(gl, msg::restarting)));  // a modal must be the first answer
    else co_await r.modal(rating_comment_modal(t, gl));
    co_return;
  }
  std::string comment;
  for (const auto& f : i.data->fields)
    if (f.custom_id == rating_comment_field && f.value) comment = *f.value;
  comment = fit(std::move(comment), rating_comment_max);  // Discord's form holds 1,000; a forged submit is cut, on a code point
  auto kept = co_await r.within_grace(s_.db([this, t, comment] { return s_.store.comment_rating(t.guild_id, t.number, comment); }));
  if (!kept || !*kept) {
    co_await r.error(std::string(text(gl, kept ? msg::rating_comment_already : msg::storage_unavailable)));
    co_return;
  }
  co_await show_on_dm(r, i, rated_dm_update(t, *t.rating, true, gl), std::string(text(gl, msg::rating_comment_thanks)));
  if (auto c = co_await s_.db([this, g = t.guild_id] { return s_.store.get_config(g); }); c && *c)
    co_await exec_.post_log(**c, rating_log(t, *t.rating, comment, gl));
}

}  // namespace app
