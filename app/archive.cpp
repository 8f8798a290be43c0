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
                                                  std::uint64_t upload_limit, std::string requested_by) {
  archive_result res;
  const auto l = tickets::lang_of(s_.cache.guild(g) ? s_.cache.guild(g)->preferred_locale : "fr");
  const bool fr = l == tickets::lang::fr;
  auto channel = discord::channel_id::parse(t.channel_id.value_or(""));
  auto target = discord::channel_id::parse(c.transcript_channel.value_or(""));
  if (!channel) {
    res.problem = fr ? "ce ticket n'a pas de salon" : "this ticket has no channel";
    co_return res;
  }
  if (!target) {
    res.problem = fr ? "aucun salon des transcripts n'est configuré (/ticket config)" : "no transcript channel is set (/ticket config)";
    co_return res;
  }
  // The whole history, newest first from Discord, 100 a page.
  std::vector<discord::message> history;
  std::optional<discord::message_id> before;
  for (;;) {
    auto page = co_await s_.rest.get_messages(*channel, before, discord::limits::list_messages_limit_max);
    if (!page) {
      res.problem = (fr ? "lecture de l'historique impossible : " : "cannot read the history: ") + page.error().describe();
      co_return res;
    }
    if (page->empty()) break;
    before = page->back().id;
    std::size_t got = page->size();
    for (auto& m : *page) history.push_back(std::move(m));
    if (got < static_cast<std::size_t>(discord::limits::list_messages_limit_max)) break;
  }
  transcript::context ctx;
  if (const auto* gd = s_.cache.guild(g)) ctx.guild = *gd;
  if (const auto* ch = s_.cache.channel(g, *channel)) ctx.channel = *ch;
  ctx.locale = fr ? "fr" : "en";
  transcript::ticket_facts facts;
  facts.number = t.number;
  facts.category = t.category;
  facts.owner_id = t.owner_id;
  facts.owner_name = t.owner_name;
  facts.claimer_id = t.claimer_id;
  facts.created_at_ms = t.created_at_ms;
  facts.claimed_at_ms = t.claimed_at_ms;
  facts.closed_at_ms = t.closed_at_ms;
  ctx.ticket = facts;
  transcript::summary sum;
  std::string html = transcript::render_html(history, ctx, &sum);
  std::string text = transcript::render_text(history, ctx);
  res.messages = sum.messages;

  const std::string stem = "ticket-" + std::to_string(t.number);
  bool compressed = false, split = false, c2 = false, s2 = false;
  auto files = fit_uploads({stem + ".html", "text/html; charset=utf-8", std::move(html), std::nullopt}, upload_limit, compressed, split);
  auto text_files = fit_uploads({stem + ".txt", "text/plain; charset=utf-8", std::move(text), std::nullopt}, upload_limit, c2, s2);
  for (auto& f : text_files) files.push_back(std::move(f));

  std::string duration;
  if (t.closed_at_ms) duration = tickets::human_duration(static_cast<double>(*t.closed_at_ms - t.created_at_ms), l);
  discord::embed e;
  e.title = (fr ? "📋 Transcript du ticket #" : "📋 Transcript of ticket #") + std::to_string(t.number);
  e.color = tickets::colors::panel;
  e.fields.push_back({fr ? "Auteur" : "Owner", tickets::user_mention(t.owner_id) + " (`" + t.owner_id + "`)", true});
  e.fields.push_back({fr ? "Catégorie" : "Category", t.category, true});
  e.fields.push_back({"Messages", std::to_string(sum.messages), true});
  if (!duration.empty()) e.fields.push_back({fr ? "Durée" : "Duration", duration, true});
  if (!requested_by.empty()) e.fields.push_back({fr ? "Demandé par" : "Requested by", tickets::user_mention(requested_by), true});
  std::string notes;
  if (compressed) notes += fr ? "Fichier compressé (gzip) : il dépassait la limite d'envoi. " : "File compressed (gzip): it was above the upload limit. ";
  if (split) notes += fr ? "Découpé en parties : concaténez-les puis décompressez. " : "Split in parts: concatenate them, then decompress. ";
  if (sum.content_missing)
    notes += fr ? "Le contenu des messages manquait (Message Content Intent désactivé)." : "Message contents were missing (Message Content Intent off).";
  if (!notes.empty()) e.description = notes;

  // Discord takes at most 10 files per message: send in batches.
  for (std::size_t at = 0; at < files.size(); at += discord::limits::files_per_message_max) {
    std::vector<discord::file_upload> batch(files.begin() + static_cast<long>(at),
                                            files.begin() + static_cast<long>(std::min(files.size(), at + discord::limits::files_per_message_max)));
    discord::message_create m;
    if (at == 0) m.embeds = std::vector<discord::embed>{e};
    else m.content = fr ? "(suite)" : "(continued)";
    auto sent = co_await s_.rest.create_message(*target, std::move(m), std::move(batch));
    if (!sent) {
      res.problem = (fr ? "envoi dans le salon des transcripts impossible : " : "cannot upload to the transcript channel: ") + sent.error().describe();
      co_return res;
    }
  }
  if (auto log = discord::channel_id::parse(c.log_channel.value_or(""))) {
    auto line = tickets::log_warning((fr ? "📋 Transcript du ticket #" : "📋 Transcript of ticket #") + std::to_string(t.number) +
                                     (fr ? " enregistré dans " : " saved in ") + tickets::channel_mention(target->str()));
    line.nonce = discord::rest::make_nonce();
    co_await s_.later.run("ticket #" + std::to_string(t.number) + ": transcript log entry",
                          [this, channel = *log, line] { return s_.rest.create_message(channel, line); });
  }
  res.ok = true;
  co_return res;
}

}  // namespace app
