#include "media_fetch.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include "discord/net/url.hpp"

namespace app {

namespace asio = boost::asio;

media_fetcher::media_fetcher(asio::any_io_executor ex, std::optional<std::string> cdn_base, std::string user_agent)
    : ex_(std::move(ex)), cdn_base_(std::move(cdn_base)), user_agent_(std::move(user_agent)) {
  while (cdn_base_ && !cdn_base_->empty() && cdn_base_->back() == '/') cdn_base_->pop_back();
}

std::string media_fetcher::fetch_url(const std::string& canonical) const {
  if (!cdn_base_) return canonical;
  for (std::string_view host : {"https://cdn.discordapp.com", "https://media.discordapp.net"})
    if (canonical.rfind(host, 0) == 0) return *cdn_base_ + canonical.substr(host.size());
  return canonical;
}

std::shared_ptr<discord::net::http_transport> media_fetcher::transport_for(const std::string& scheme, const std::string& host,
                                                                          const std::string& port) {
  auto& t = transports_[scheme + "://" + host + ":" + port];
  if (!t) {
    discord::net::http_timeouts timeouts;
    timeouts.connect = std::chrono::seconds(5);
    timeouts.exchange = media_file_timeout;
    t = discord::net::make_http_transport(ex_, scheme, host, port, timeouts);
  }
  return t;
}

asio::awaitable<std::optional<std::string>> media_fetcher::download(std::string canonical, std::uint64_t max_bytes,
                                                                    std::set<std::string>* unreachable) {
  // Only Discord's own CDN: an address a member chose is never requested.
  if (!transcript::is_discord_cdn(canonical)) co_return std::nullopt;
  const auto u = discord::net::parse_url(fetch_url(canonical));
  if (!u || (u->scheme != "http" && u->scheme != "https")) co_return std::nullopt;
  const std::string host = u->scheme + "://" + u->host + ":" + u->port;
  if (unreachable->contains(host)) co_return std::nullopt;
  discord::net::http_request req;
  req.method = "GET";
  req.target = u->target;
  req.headers = {{"User-Agent", user_agent_}, {"Accept", "image/*, */*"}};
  req.replay_safe = true;
  auto got = co_await transport_for(u->scheme, u->host, u->port)->send(std::move(req));
  if (!got) {
    spdlog::debug("media {}: {}", canonical, got.error().describe());
    // A host that cannot be reached (no DNS answer, no route, TLS refused) is not asked again for
    // this transcript: without a network, a page of a hundred pictures would otherwise wait for a
    // hundred failures.
    if (got.error().stage == discord::net::failure_stage::connecting) unreachable->insert(host);
    co_return std::nullopt;
  }
  if (got->status != 200 || got->body.size() > max_bytes) {
    spdlog::debug("media {}: HTTP {}, {} bytes", canonical, got->status, got->body.size());
    co_return std::nullopt;
  }
  co_return std::move(got->body);
}

asio::awaitable<transcript::inlined_media> media_fetcher::fetch(std::vector<transcript::media_ref> wanted, std::uint64_t budget,
                                                                media_report* report) {
  using transcript::media_kind;
  transcript::inlined_media out;
  media_report r;
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + media_total_timeout;
  std::uint64_t committed = 0;  // bytes of data: URIs kept or reserved
  std::size_t next = 0;
  std::set<std::string> unreachable;  // hosts that failed to connect during this fetch
  const auto encoded = [](std::uint64_t n) { return (n + 2) / 3 * 4 + 64; };
  // One worker: takes the next item; the single-threaded io_context makes the shared state safe
  // between suspensions.
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < wanted.size()) {
      const auto& ref = wanted[next++];
      const bool picture = ref.kind != media_kind::file;
      const std::uint64_t cap = picture ? media_file_max_bytes : media_other_file_max_bytes;
      if (std::chrono::steady_clock::now() >= deadline || (ref.size_hint && (ref.size_hint > cap || committed + encoded(ref.size_hint) > budget))) {
        ++r.skipped;
        continue;
      }
      const std::uint64_t reserved = ref.size_hint ? encoded(ref.size_hint) : 0;
      committed += reserved;
      auto bytes = co_await download(ref.url, cap, &unreachable);
      committed -= reserved;
      if (!bytes) {
        ++r.failed;
        continue;
      }
      r.bytes += bytes->size();
      // The type comes from the bytes: a "picture" that is not one is not shown as one.
      auto type = transcript::sniff_image(*bytes);
      if (picture && !type) {
        ++r.failed;
        continue;
      }
      // A picture that repeats (avatar, emoji, sticker) is written twice: its first use, then a class.
      const std::uint64_t cost = encoded(bytes->size()) * (ref.kind == media_kind::image || ref.kind == media_kind::file ? 1 : 2);
      if (committed + cost > budget) {
        ++r.skipped;
        continue;
      }
      committed += cost;
      out.data[ref.url] = transcript::data_uri(type.value_or("application/octet-stream"), *bytes);
      ++r.fetched;
    }
  };
  using namespace asio::experimental::awaitable_operators;
  static_assert(media_downloads_at_once == 4);
  co_await (worker() && worker() && worker() && worker());
  out.not_archived = r.failed + r.skipped;
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (report) *report = r;
  co_return out;
}

namespace {

// Drops the largest kept files until the rest fits `budget` bytes of data: URIs (a picture shown
// again is written twice at most: its first use and a style-sheet class).
void keep_within(transcript::inlined_media& kept, std::uint64_t budget) {
  std::vector<std::pair<std::size_t, std::string>> by_size;
  std::uint64_t total = 0;
  for (const auto& [url, uri] : kept.data) {
    by_size.emplace_back(uri.size(), url);
    total += 2 * uri.size();
  }
  std::sort(by_size.begin(), by_size.end());
  while (total > budget && !by_size.empty()) {
    total -= 2 * by_size.back().first;
    kept.data.erase(by_size.back().second);
    by_size.pop_back();
    ++kept.not_archived;
  }
}

}  // namespace

asio::awaitable<media_page> media_fetcher::page(const std::vector<discord::message>& messages, transcript::context ctx,
                                                std::uint64_t limit, media_report* report, transcript::summary* summary) {
  constexpr std::uint64_t margin = 64 * 1024;
  transcript::inlined_media kept = co_await fetch(transcript::media_of(messages), limit > margin ? limit - margin : 0, report);
  ctx.media = &kept;
  std::string html = transcript::render_html(messages, ctx, summary);
  if (html.size() > limit) {
    // Rare: the pictures do not all fit beside the text. The page's size without them is measured,
    // and the largest left out.
    html = {};
    transcript::inlined_media none;
    ctx.media = &none;
    const std::size_t bare = transcript::render_html(messages, ctx).size();
    keep_within(kept, limit > bare + margin ? limit - bare - margin : 0);
    ctx.media = &kept;
    html = transcript::render_html(messages, ctx, summary);
  }
  co_return media_page{std::move(html), kept.not_archived};
}

}  // namespace app
