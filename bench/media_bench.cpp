// Transcript media: a 1,000-message ticket (the fixture) with 100 image attachments (20 to 200 KB
// each) and its participants' avatars, fetched from the fake's CDN over loopback by the bot's own
// media_fetcher (4 at a time) within the 10 MiB upload limit, then rendered. Prints medians of 5
// runs: download time and bytes, what was kept, and the render time with and without the pictures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "discord/json.hpp"
#include "discord/limits.hpp"
#include "fake_discord.hpp"
#include "media_fetch.hpp"
#include "transcript/render.hpp"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  auto messages = discord::messages_from_file(std::string(GUICHET_FIXTURES) + "/messages-1000.json");
  std::ifstream context_file(std::string(GUICHET_FIXTURES) + "/context.json");
  auto pair = discord::from_json_text<discord::guild_channel_pair>(std::string(std::istreambuf_iterator<char>(context_file), {}));
  if (!messages || !pair) return 1;
  fake_discord::server cdn;
  // 100 attachments spread over the ticket, PNG bytes of 20 to 200 KB.
  for (int k = 0; k < 100; ++k) {
    auto& m = (*messages)[static_cast<std::size_t>(k) * messages->size() / 100];
    const std::string path = "/attachments/1/" + std::to_string(k) + "/shot" + std::to_string(k) + ".png";
    std::string bytes = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(20'000 + static_cast<std::size_t>(k) * 1'800, static_cast<char>('a' + k % 26));
    discord::attachment a;
    a.id = discord::attachment_id{static_cast<std::uint64_t>(k + 1)};
    a.filename = "shot" + std::to_string(k) + ".png";
    a.content_type = "image/png";
    a.size = bytes.size();
    a.url = "https://cdn.discordapp.com" + path;
    m.attachments.push_back(a);
    cdn.put_cdn_file(path, std::move(bytes), "image/png");
  }
  transcript::context ctx;
  ctx.guild = pair->guild_value;
  ctx.channel = pair->channel_value;
  std::vector<double> fetch_ms, render_ms, bare_ms, downloaded, kept_count, skipped, html_bytes;
  for (int run = 0; run < 5; ++run) {
    transcript::inlined_media none;
    ctx.media = &none;
    auto t0 = std::chrono::steady_clock::now();
    const std::size_t bare = transcript::render_html(*messages, ctx).size();
    bare_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    const std::uint64_t limit = discord::limits::default_upload_limit_bytes, margin = 64 * 1024;
    boost::asio::io_context ioc;
    app::media_fetcher fetcher(ioc.get_executor(), cdn.cdn_url(), "media_bench");
    transcript::inlined_media kept;
    app::media_report report;
    boost::asio::co_spawn(ioc, fetcher.fetch(transcript::media_of(*messages), limit - bare - margin, &report),
                          [&](std::exception_ptr e, transcript::inlined_media got) {
                            if (!e) kept = std::move(got);
                          });
    ioc.run();
    fetch_ms.push_back(static_cast<double>(report.took.count()));
    downloaded.push_back(static_cast<double>(report.bytes));
    kept_count.push_back(static_cast<double>(report.fetched));
    skipped.push_back(static_cast<double>(report.skipped + report.failed));
    ctx.media = &kept;
    t0 = std::chrono::steady_clock::now();
    html_bytes.push_back(static_cast<double>(transcript::render_html(*messages, ctx).size()));
    render_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::printf("media_bench: 1,000 messages, 100 image attachments (20-200 KB), fake CDN on loopback, 10 MiB limit; medians of 5 runs\n");
  std::printf("  downloads: %.0f ms, %.2f MB, %.0f kept inside the page, %.0f left as links (beyond the budget or failed)\n", median(fetch_ms),
              median(downloaded) / 1e6, median(kept_count), median(skipped));
  std::printf("  render: %.1f ms without pictures, %.1f ms with them; page %.2f MB (limit %.2f MB)\n", median(bare_ms), median(render_ms),
              median(html_bytes) / 1e6, discord::limits::default_upload_limit_bytes / 1e6);
  return 0;
}
