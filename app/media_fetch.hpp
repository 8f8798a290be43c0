#pragma once
// Downloads what a transcript keeps inside it, while Discord's signed URLs are still valid: only
// from Discord's CDN (cdn.discordapp.com, media.discordapp.net — both replaced by DISCORD_CDN_URL
// for tests and proxies), four at a time, each bounded in time and size, its type judged from its
// bytes. Within a budget of bytes: what does not fit, or fails, stays a link in the page. Never
// sends the bot's token: the CDN needs none.
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "discord/net/transport.hpp"
#include "transcript/media.hpp"
#include "transcript/render.hpp"

namespace app {

inline constexpr std::size_t media_downloads_at_once = 4;
inline constexpr std::uint64_t media_file_max_bytes = 8ULL * 1024 * 1024;   // one picture
inline constexpr std::uint64_t media_other_file_max_bytes = 1024 * 1024;    // a non-picture kept as a download
inline constexpr std::chrono::seconds media_file_timeout{10};
inline constexpr std::chrono::seconds media_total_timeout{30};              // then what is left stays links

struct media_report {
  std::size_t fetched = 0, failed = 0, skipped = 0;  // skipped: beyond the budget
  std::uint64_t bytes = 0;                           // downloaded
  std::chrono::milliseconds took{0};
};

// A transcript page with the pictures it keeps inside it.
struct media_page {
  std::string html;
  std::size_t not_archived = 0;  // pictures and files left as links (failed, or beyond the limit)
};

class media_fetcher {
 public:
  // cdn_base: "http://127.0.0.1:PORT" to replace both CDN hosts; none: the real ones.
  media_fetcher(boost::asio::any_io_executor ex, std::optional<std::string> cdn_base, std::string user_agent);

  // `wanted` in order (transcript::media_of); `budget`: the bytes of data: URIs the page may grow by.
  boost::asio::awaitable<transcript::inlined_media> fetch(std::vector<transcript::media_ref> wanted, std::uint64_t budget,
                                                          media_report* report = nullptr);

  // The page of `messages` within `limit` bytes, with as many of its pictures inside it as fit: the
  // pictures are fetched first, within the whole limit, and the page rendered once; only a page
  // that then passes the limit is rendered again without the largest pictures. `messages` must
  // outlive the call (a reference: copying 10,000 messages costs megabytes).
  boost::asio::awaitable<media_page> page(const std::vector<discord::message>& messages, transcript::context ctx, std::uint64_t limit,
                                          media_report* report, transcript::summary* summary);

  // Where a canonical CDN URL is fetched from (the override applied).
  std::string fetch_url(const std::string& canonical) const;

 private:
  boost::asio::awaitable<std::optional<std::string>> download(std::string canonical, std::uint64_t max_bytes,
                                                              std::set<std::string>* unreachable);
  std::shared_ptr<discord::net::http_transport> transport_for(const std::string& scheme, const std::string& host, const std::string& port);

  boost::asio::any_io_executor ex_;
  std::optional<std::string> cdn_base_;
  std::string user_agent_;
  std::map<std::string, std::shared_ptr<discord::net::http_transport>> transports_;  // per scheme://host:port
};

}  // namespace app
