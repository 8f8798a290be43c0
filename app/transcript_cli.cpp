#include "transcript_cli.hpp"

#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "discord/json.hpp"
#include "transcript/render.hpp"
#include "discord/limits.hpp"
#include "media_fetch.hpp"
#include "version.hpp"

#include <cstdlib>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace app {

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

bool write_file(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
  return static_cast<bool>(out);
}

int usage() {
  std::fputs("usage: guichet transcript --messages FILE --context FILE --out FILE.html [--text FILE.txt] [--locale fr|en] [--no-media]\n"
             "  FILE: an array of Discord message objects (any order), as GET /channels/{id}/messages returns them;\n"
             "  context: {\"guild\": {… roles, members …}, \"channel\": {…}}\n"
             "  --media (default): avatars, emoji, stickers and attachments are downloaded from Discord's CDN (or\n"
             "  DISCORD_CDN_URL) while their links are valid, and kept inside the page (10 MiB at most);\n"
             "  --no-media: the page links to them\n",
             stderr);
  return 2;
}

// The command ends right after its output: freeing 10,000 messages one string at a time would only
// delay the exit (about 4 % of the run), and the system takes the memory back at once. Held from a
// global, it is still reachable for the leak checkers.
std::vector<discord::message>* left_to_the_exit = nullptr;

}  // namespace

int transcript_cli(int argc, char** argv) {
  std::string messages_path, context_path, out_path, text_path, locale = "fr";
  bool media = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](std::string& into) {
      if (i + 1 >= argc) return false;
      into = argv[++i];
      return true;
    };
    if (a == "--media" || a == "--no-media") {
      media = a == "--media";
      continue;
    }
    bool ok = (a == "--messages" && next(messages_path)) || (a == "--context" && next(context_path)) ||
              (a == "--out" && next(out_path)) || (a == "--text" && next(text_path)) || (a == "--locale" && next(locale));
    if (!ok) return usage();
  }
  if (messages_path.empty() || context_path.empty() || out_path.empty()) return usage();
  // The text, the page and the file's pieces are megabytes each, made and let go one after the
  // other: mapped apart and unmapped when freed, they never add up in the heap. (glibc otherwise
  // raises its mmap threshold after the first large free, and the next ones stay in the heap:
  // 10,000 messages with --text peaked at 39.8 MiB instead of 36.)
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  std::string context_json;
  if (!read_file(context_path, context_json)) {
    std::fprintf(stderr, "guichet transcript: cannot read %s\n", context_path.c_str());
    return 1;
  }
  auto messages = discord::messages_from_file(messages_path);
  if (!messages) {
    std::fprintf(stderr, "guichet transcript: %s is not an array of Discord messages: %s\n", messages_path.c_str(), messages.error().message.c_str());
    return 1;
  }
  auto pair = discord::from_json_text<discord::guild_channel_pair>(context_json);
  if (!pair) {
    std::fprintf(stderr, "guichet transcript: %s is not a {guild, channel} context: %s\n", context_path.c_str(), pair.error().message.c_str());
    return 1;
  }
  transcript::context ctx;
  ctx.guild = std::move(pair->guild_value);
  ctx.channel = std::move(pair->channel_value);
  ctx.locale = locale;
  if (!text_path.empty() && !write_file(text_path, transcript::render_text(*messages, ctx))) {
    std::fprintf(stderr, "guichet transcript: cannot write %s\n", text_path.c_str());
    return 1;
  }
  media_report report;
  transcript::summary sum;
  std::string html;
  std::size_t not_archived = 0;
  auto render_start = std::chrono::steady_clock::now();
  if (media) {
    const char* cdn = std::getenv("DISCORD_CDN_URL");
    boost::asio::io_context ioc;
    media_fetcher fetcher(ioc.get_executor(), cdn && *cdn ? std::optional<std::string>(cdn) : std::nullopt, user_agent());
    boost::asio::co_spawn(ioc, fetcher.page(*messages, ctx, discord::limits::default_upload_limit_bytes, &report, &sum),
                          [&](std::exception_ptr e, media_page got) {
                            if (e) return;
                            html = std::move(got.html);
                            not_archived = got.not_archived;
                          });
    ioc.run();
    render_start += report.took;  // "rendered in": the downloads are reported apart
  }
  if (html.empty()) html = transcript::render_html(*messages, ctx, &sum);  // --no-media, or the fetch failed
  auto took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - render_start).count();
  if (!write_file(out_path, html)) {
    std::fprintf(stderr, "guichet transcript: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::printf("%zu messages, %zu participants → %s (%zu bytes, rendered in %.1f ms)%s\n", sum.messages, sum.participants.size(),
              out_path.c_str(), html.size(), took, sum.content_missing ? " — message contents are missing (Message Content intent)" : "");
  if (media)
    std::printf("media: %zu kept inside the page, %zu not archived (%zu failed, %zu beyond the size budget); %llu bytes downloaded in %lld ms\n",
                report.fetched, not_archived, report.failed, report.skipped, static_cast<unsigned long long>(report.bytes),
                static_cast<long long>(report.took.count()));
  delete left_to_the_exit;
  left_to_the_exit = new std::vector<discord::message>(std::move(*messages));
  return 0;
}

}  // namespace app
