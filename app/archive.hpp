#pragma once
// A ticket's transcript: fetch the whole history (100 messages a page, within the rate limits),
// render HTML and text, upload both to the transcript channel with a summary embed, and note it
// in the log channel. Files above the upload limit are compressed, then split; never dropped.
#include <cstdint>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "services.hpp"
#include "tickets/model.hpp"
#include "tickets/screens.hpp"
#include "transcript/render.hpp"

namespace app {

struct archive_result {
  bool ok = false;
  std::string problem;  // why not, for the staff
  std::size_t messages = 0;
  std::string html;  // the HTML transcript, whole (the owner's DM copy reuses it)
};

class archiver {
 public:
  explicit archiver(services& s) : s_(s) {}
  boost::asio::awaitable<archive_result> archive(tickets::ticket t, tickets::guild_config c, discord::guild_id g,
                                                 std::uint64_t upload_limit, std::optional<discord::user_id> requested_by,
                                                 bool for_deletion = false);
  // The HTML transcript alone (the owner's DM copy when no transcript was made): none when the
  // history cannot be read.
  boost::asio::awaitable<std::optional<std::string>> html_of(tickets::ticket t, discord::guild_id g);

 private:
  boost::asio::awaitable<discord::rest::result<std::vector<discord::message>>> read_history(discord::channel_id channel);
  boost::asio::awaitable<std::vector<discord::file_upload>> render(tickets::ticket t, discord::guild_id g, discord::channel_id channel,
                                                                   const std::vector<discord::message>& history, std::uint64_t upload_limit,
                                                                   tickets::lang l, tickets::transcript_summary& sum, std::string& html_copy,
                                                                   std::optional<discord::user_id> deleted_by);
  // The HTML page with its pictures inside, as many as `limit` leaves room for.
  boost::asio::awaitable<std::string> page_of(const tickets::ticket& t, transcript::context ctx, const std::vector<discord::message>& history,
                                              std::uint64_t limit, transcript::summary* rendered);
  transcript::context context_of(const tickets::ticket& t, discord::guild_id g, discord::channel_id channel, tickets::lang l,
                                 std::optional<discord::user_id> deleted_by = std::nullopt) const;
  services& s_;
};

// gzip (RFC 1952) of `data`.
std::string gzip(const std::string& data);
// Files within `limit` bytes each: as is, else gzip-compressed, else cut in numbered parts.
std::vector<discord::file_upload> fit_uploads(discord::file_upload file, std::uint64_t limit, bool& compressed, bool& split);

}  // namespace app
