#include "archive.hpp"

#include <zlib.h>

#include <spdlog/spdlog.h>

#include "discord/limits.hpp"

#include "tickets/screens.hpp"
#include "transcript/render.hpp"

namespace app {

namespace asio = boost::asio;

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::vector<discord::file_upload> fit_uploads(discord::file_upload file, std::uint64_t limit, bool& compressed, bool& split) {
  compressed = split = false;
  if (file.data.size() <= limit) return {std::move(file)};
  discord::file_upload packed{file.filename + ".gz", "application/gzip", gzip(file.data), file.description};
  compressed = true;
  if (packed.data.size() <= limit) return {std::move(packed)};
  // Still too big: numbered parts of the compressed file (concatenate them to restore it).
  split = true;
  std::vector<discord::file_upload> parts;
  std::size_t part_size = static_cast<std::size_t>(limit);
  for (std::size_t at = 0, n = 1; at < packed.data.size(); at += part_size, ++n)
    parts.push_back({packed.filename + ".part" + std::to_string(n), "application/octet-stream",
                     packed.data.substr(at, part_size), std::nullopt});
  return parts;
}

asio::awaitable<archive_result> archiver::archive(tickets::ticket t, tickets::guild_config c, discord::guild_id g,
                                                  std::uint64_t upload_limit, std::optional<discord::user_id> requested_by,
                                                  bool for_deletion) {
  using tickets::msg;
  archive_result res;
  const auto l = s_.cache.language(g);
  auto channel = t.channel_id;
  auto target = c.transcript_channel;
  if (!channel || !target) {
    res.problem = tickets::text(l, channel ? msg::transcript_no_target : msg::transcript_no_channel);
    co_return res;
  }
  auto history = co_await read_history(*channel);
  if (!history) {
    res.problem = tickets::format(l, msg::transcript_history_failed, history.error().describe());
    co_return res;
  }
  tickets::transcript_summary sum;
  sum.requested_by = requested_by;
  auto files = co_await render(t, g, *channel, *history, upload_limit, l, sum, res.html, for_deletion ? requested_by : std::nullopt);
  res.messages = sum.messages;
  // Discord takes at most 10 files per message: sent in batches, the summary with the first.
  for (std::size_t at = 0; at < files.size(); at += discord::limits::files_per_message_max) {
    std::vector<discord::file_upload> batch(files.begin() + static_cast<long>(at),
                                            files.begin() + static_cast<long>(std::min(files.size(), at + discord::limits::files_per_message_max)));
    discord::message_create m;
    if (at == 0) m.embeds = std::vector<discord::embed>{tickets::transcript_embed(t, sum, l)};
    else m.content = std::string(tickets::text(l, msg::transcript_continued));
    auto sent = co_await s_.rest.create_message(*target, std::move(m), std::move(batch));
    if (!sent) {
      res.problem = tickets::format(l, msg::transcript_upload_failed, sent.error().describe());
      co_return res;
    }
  }
  if (auto log = c.log_channel) {
    auto line = tickets::log_warning(tickets::format(l, msg::transcript_logged, std::to_string(t.number), tickets::channel_mention(*target)));
    line.nonce = discord::rest::make_nonce();
    co_await s_.later.run("ticket #" + std::to_string(t.number) + ": transcript log entry",
                          [this, channel = *log, line] { return s_.rest.create_message(channel, line); });
  }
  res.ok = true;
  co_return res;
}

// The whole history, newest first from Discord, 100 a page.
asio::awaitable<discord::rest::result<std::vector<discord::message>>> archiver::read_history(discord::channel_id channel) {
  std::vector<discord::message> history;
  std::optional<discord::message_id> before;
  for (;;) {
    auto page = co_await s_.rest.get_messages(channel, before, discord::limits::list_messages_limit_max);
    if (!page) co_return page.error();
    if (page->empty()) break;
    before = page->back().id;
    const std::size_t got = page->size();
    for (auto& m : *page) history.push_back(std::move(m));
    if (got < static_cast<std::size_t>(discord::limits::list_messages_limit_max)) break;
  }
  co_return history;
}

// HTML and text, each within the upload limit (compressed, then split, never dropped).
asio::awaitable<std::vector<discord::file_upload>> archiver::render(tickets::ticket t, discord::guild_id g, discord::channel_id channel,
                                                                   const std::vector<discord::message>& history, std::uint64_t upload_limit,
                                                                   tickets::lang l, tickets::transcript_summary& sum, std::string& html_copy,
                                                                   std::optional<discord::user_id> deleted_by) {
  const transcript::context ctx = context_of(t, g, channel, l, deleted_by);
  transcript::summary rendered;
  std::string html = co_await page_of(t, ctx, history, upload_limit, &rendered);
  html_copy = html;
  std::string text = transcript::render_text(history, ctx);
  sum.messages = rendered.messages;
  sum.content_missing = rendered.content_missing;
  const std::string stem = "ticket-" + std::to_string(t.number);
  bool text_compressed = false, text_split = false;
  auto files = fit_uploads({stem + ".html", "text/html; charset=utf-8", std::move(html), std::nullopt}, upload_limit, sum.compressed, sum.split);
  for (auto& f : fit_uploads({stem + ".txt", "text/plain; charset=utf-8", std::move(text), std::nullopt}, upload_limit, text_compressed, text_split))
    files.push_back(std::move(f));
  co_return files;
}

asio::awaitable<std::string> archiver::page_of(const tickets::ticket& t, transcript::context ctx, const std::vector<discord::message>& history,
                                               std::uint64_t limit, transcript::summary* rendered) {
  media_report report;
  media_page page = co_await s_.media.page(history, std::move(ctx), limit, &report, rendered);
  spdlog::info("guild {}: ticket #{}: transcript media: {} kept ({} bytes downloaded in {} ms), {} not archived ({} failed, {} beyond the budget)",
               t.guild_id.str(), t.number, report.fetched, report.bytes, report.took.count(), page.not_archived, report.failed, report.skipped);
  co_return std::move(page.html);
}

asio::awaitable<std::optional<std::string>> archiver::html_of(tickets::ticket t, discord::guild_id g) {
  if (!t.channel_id) co_return std::nullopt;
  auto history = co_await read_history(*t.channel_id);
  if (!history) {
    spdlog::warn("guild {}: ticket #{}: reading the history for the owner's copy failed: {}", g.str(), t.number, history.error().describe());
    co_return std::nullopt;
  }
  co_return co_await page_of(t, context_of(t, g, *t.channel_id, s_.cache.language(g)), *history,
                             discord::limits::default_upload_limit_bytes, nullptr);
}

// What the transcript shows around the messages: the server, the channel, the ticket's record.
transcript::context archiver::context_of(const tickets::ticket& t, discord::guild_id g, discord::channel_id channel, tickets::lang l,
                                         std::optional<discord::user_id> deleted_by) const {
  transcript::context ctx;
  if (const auto* gd = s_.cache.guild(g)) ctx.guild = *gd;
  if (const auto* ch = s_.cache.channel(g, channel)) ctx.channel = *ch;
  ctx.locale = l == tickets::lang::fr ? "fr" : "en";
  transcript::ticket_facts facts;
  facts.number = t.number;
  facts.category = t.category;
  facts.owner_id = t.owner_id.str();
  facts.owner_name = t.owner_name;
  if (t.claimer_id) facts.claimer_id = t.claimer_id->str();
  facts.created_at_ms = t.created_at_ms;
  facts.claimed_at_ms = t.claimed_at_ms;
  facts.closed_at_ms = t.closed_at_ms;
  if (t.closed_by) facts.closed_by_id = t.closed_by->str();
  facts.close_reason = t.close_reason;
  for (auto m : t.added_members) facts.added_member_ids.push_back(m.str());
  facts.first_staff_reply_at_ms = t.first_staff_reply_at_ms;
  facts.rating = t.rating;
  facts.rating_comment = t.rating_comment;
  facts.reopened = t.reopen_count;
  if (deleted_by) facts.deleted_by_id = deleted_by->str();
  ctx.ticket = facts;
  return ctx;
}

}  // namespace app
