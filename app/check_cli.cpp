// guichet check: a new admin's first command. With the bot's own token and store, it asks Discord
// what the bot can see and do, and says for each server what stands between it and a first ticket.
// Read-only: it never changes anything on Discord or in the store.
#include "check_cli.hpp"

#include <iostream>
#include <regex>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "discord/rest/client.hpp"
#include "bot.hpp"
#include "guild_cache.hpp"
#include "tickets/config_screen.hpp"
#include "tickets/overwrites.hpp"
#include "version.hpp"

namespace app {
namespace {

namespace asio = boost::asio;
using discord::permissions;

struct server_report {
  std::string title;                  // name (id)
  std::vector<std::string> problems;  // what stops tickets here
  std::vector<std::string> notes;     // worth knowing, not blocking
};

std::vector<std::string> intent_problems(std::uint64_t flags) {
  namespace f = discord::application_flag;
  std::vector<std::string> out;
  if (!(flags & (f::gateway_guild_members | f::gateway_guild_members_limited)))
    out.emplace_back("the Server Members Intent is off: Developer Portal > Bot > Privileged Gateway Intents");
  if (!(flags & (f::gateway_message_content | f::gateway_message_content_limited)))
    out.emplace_back("the Message Content Intent is off: Developer Portal > Bot > Privileged Gateway Intents");
  return out;
}

// The configuration checks speak Discord markdown; a terminal wants names.
std::string plain(std::string text, const guild_cache& cache, discord::guild_id g) {
  static const std::regex mention(R"(<(#|@&)(\d+)>)");
  std::string out;
  auto it = std::sregex_iterator(text.begin(), text.end(), mention);
  std::size_t last = 0;
  for (; it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    out.append(text, last, static_cast<std::size_t>(m.position()) - last);
    const auto id = std::stoull(m[2].str());
    if (m[1] == "#") {
      const auto* c = cache.channel(g, discord::channel_id{id});
      out += c ? "#" + c->name : "#" + m[2].str();
    } else {
      const auto* r = cache.role(g, discord::role_id{id});
      out += r ? "@" + r->name : "@" + m[2].str();
    }
    last = static_cast<std::size_t>(m.position() + m.length());
  }
  out.append(text, last);
  std::erase(out, '*');
  std::erase(out, '`');
  if (out.rfind("• ", 0) == 0) out.erase(0, std::string_view("• ").size());
  return out;
}

asio::awaitable<server_report> check_server(discord::rest::client& rest, storage::ticket_store& store,
                                            const discord::user_guild& listed, discord::user_id self) {
  server_report report{listed.name + " (" + listed.id.str() + ")", {}, {}};
  auto g = co_await rest.get_guild(listed.id);
  auto channels = co_await rest.get_guild_channels(listed.id);
  auto me = co_await rest.get_guild_member(listed.id, self);
  const auto refused = !g ? g.error().describe() : !channels ? channels.error().describe() : !me ? me.error().describe() : "";
  if (!refused.empty()) {
    report.problems.push_back("Discord did not describe this server: " + refused);
    co_return report;
  }
  guild_cache cache;
  cache.keep_member(self);
  discord::guild whole = std::move(*g);
  whole.channels = std::move(*channels);
  whole.members = {std::move(*me)};
  cache.upsert_guild(std::move(whole));

  const auto lacking = cache.guild_permissions(listed.id, self).missing_from(tickets::invite_permissions());
  if (!lacking.empty()) {
    std::string names;
    for (auto n : lacking.names()) names += (names.empty() ? "" : ", ") + std::string(n);
    report.notes.push_back("server-wide the bot's roles lack " + names +
                           " (enough if the ticket category and the log and transcript channels allow them)");
  }
  auto config = store.get_config(listed.id);
  if (!config) {
    report.problems.push_back("the store did not answer: " + config.error().message);
  } else if (!*config) {
    report.problems.emplace_back("not set up yet: run /ticket config in this server, then /ticket panel");
  } else {
    for (const auto& p : tickets::validate_setup(**config, cache.view(listed.id, self), tickets::lang::en))
      report.problems.push_back(plain(p, cache, listed.id));
  }
  co_return report;
}

asio::awaitable<int> run_check(discord::rest::client& rest, storage::ticket_store& store) {
  auto app_info = co_await rest.get_current_application();
  if (!app_info) {
    const auto& e = app_info.error();
    std::cout << (e.status == 401 ? "Discord rejected the bot token (HTTP 401): copy a fresh one from the Developer "
                                    "Portal (Bot > Reset Token) into DISCORD_TOKEN.\n"
                                  : "Discord could not be asked (GET /applications/@me): " + e.describe() + "\n");
    co_return exit_code::discord_refused;
  }
  const discord::user_id self = app_info->bot ? app_info->bot->id : discord::user_id{app_info->id.value};
  bool all_ready = true;
  std::cout << "application " << app_info->name << " (" << app_info->id.str() << "), guichet " << version << "\n";
  const auto intents = intent_problems(app_info->flags);
  std::cout << "intents: " << (intents.empty() ? "Server Members and Message Content are on\n" : "\n");
  for (const auto& p : intents) std::cout << "  - " << p << "\n";
  all_ready = all_ready && intents.empty();
  std::cout << "invite link (bot and commands, permissions " << tickets::invite_permissions().str() << "):\n  "
            << "https://discord.com/oauth2/authorize?client_id=" << app_info->id.str()
            << "&scope=bot+applications.commands&permissions=" << tickets::invite_permissions().str() << "\n";

  std::vector<discord::user_guild> listed;
  for (std::optional<discord::guild_id> after;;) {
    auto page = co_await rest.get_current_user_guilds(after);
    if (!page) {
      std::cout << "Discord did not list the bot's servers: " << page.error().describe() << "\n";
      co_return exit_code::discord_refused;
    }
    listed.insert(listed.end(), page->begin(), page->end());
    if (page->size() < static_cast<std::size_t>(discord::limits::user_guilds_page_max)) break;
    after = page->back().id;
  }
  std::cout << listed.size() << (listed.size() == 1 ? " server" : " servers")
            << (listed.empty() ? ": invite the bot with the link above\n" : ":\n");
  all_ready = all_ready && !listed.empty();
  for (const auto& g : listed) {
    auto report = co_await check_server(rest, store, g, self);
    std::cout << "  " << report.title << ": " << (report.problems.empty() ? "ready\n" : "not ready\n");
    for (const auto& p : report.problems) std::cout << "    - " << p << "\n";
    for (const auto& n : report.notes) std::cout << "    note: " << n << "\n";
    all_ready = all_ready && report.problems.empty();
  }
  co_return all_ready ? exit_code::ok : exit_code::discord_refused;
}

}  // namespace

int check_cli(const config& cfg, storage::ticket_store& store) {
  asio::io_context ioc;
  discord::rest::client rest(ioc.get_executor(), rest_options(cfg));
  auto done = asio::co_spawn(ioc, run_check(rest, store), asio::use_future);
  ioc.run();
  return done.get();
}

}  // namespace app
