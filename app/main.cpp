// guichet — a Discord ticket bot. `guichet --help` lists the commands and the variables.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include <spdlog/spdlog.h>

#include "bot.hpp"
#include "check_cli.hpp"
#include "config.hpp"
#include "logging.hpp"
#include "storage/mongo_module.hpp"
#include "storage/ticket_store.hpp"
#include "transcript_cli.hpp"
#include "version.hpp"

namespace {

constexpr const char* help_text = R"(guichet %s — a Discord ticket bot

Usage:
  guichet                  run the bot (configuration from the environment, or a .env file here)
  guichet check            what each server still needs before its first ticket (intents,
                           permissions, setup) and the invite link; exit 0 when all are ready
  guichet backup FILE      a consistent copy of the SQLite store into FILE, while the bot runs
  guichet transcript --messages FILE --context FILE --out FILE.html [--text FILE.txt]
                           render an exported history as a Discord-like HTML page
  guichet --version        the version
  guichet --help           this text

Variables (real environment variables win over .env lines):
  DISCORD_TOKEN        the bot token (required)
  DISCORD_API_URL      REST base, default https://discord.com/api/v10
  DISCORD_CDN_URL      replaces Discord's CDN hosts when transcripts fetch pictures (tests, proxies)
  MONGODB_URI          mongodb://… or mongodb+srv://…; unset: the SQLite file
  MONGODB_DB           MongoDB database, default ticket
  GUICHET_DB           the SQLite file, default guichet.db
  GUICHET_SHARDS       shards of this process: all (default), 0-3/8, 0,2/4
  GUICHET_HTTP_ADDR    health and metrics endpoint, e.g. 127.0.0.1:9464; unset: off
  GUICHET_LOG_LEVEL    trace, debug, info (default), warn, error, critical, off
  GUICHET_LOG_FORMAT   text (default) or json

Exit codes: 0 stopped by a signal, 1 Discord refused the bot (token, intents), 2 bad configuration,
3 the storage cannot be reached, 4 internal error. 1 and 2 are not fixed by a restart.
)";

int backup(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "guichet backup: give the file to write, e.g. guichet backup /var/backups/guichet.db\n";
    return app::exit_code::bad_config;
  }
  const auto env = app::read_environment();
  if (env.count("MONGODB_URI") && !env.at("MONGODB_URI").empty()) {
    std::cerr << "guichet backup: this process uses MongoDB (MONGODB_URI); back it up with mongodump, e.g.\n"
                 "  mongodump --uri \"$MONGODB_URI\" --db " << (env.count("MONGODB_DB") ? env.at("MONGODB_DB") : "ticket")
              << " --archive=guichet.archive --gzip\n";
    return app::exit_code::bad_config;
  }
  const std::string from = env.count("GUICHET_DB") && !env.at("GUICHET_DB").empty() ? env.at("GUICHET_DB") : "guichet.db";
  auto copied = storage::backup_sqlite(from, argv[1]);
  if (!copied) {
    std::cerr << "guichet backup: " << copied.error().message << "\n";
    return app::exit_code::storage_unreachable;
  }
  std::cout << "guichet backup: " << from << " copied to " << argv[1] << " (" << *copied << " tickets)\n";
  return app::exit_code::ok;
}

// The configuration and the store, as the bot and `guichet check` both need them; nullopt: the
// reason was printed, `code` says how to exit.
struct started {
  app::config cfg;
  std::unique_ptr<storage::ticket_store> store;
};
std::optional<started> configure(int& code) {
  auto parsed = app::parse_config(app::read_environment());
  if (!parsed.value) {
    for (const auto& e : parsed.errors) std::cerr << "guichet: " << e << "\n";
    code = app::exit_code::bad_config;
    return std::nullopt;
  }
  app::config cfg = *parsed.value;
  app::init_logging(cfg.log_level, cfg.token, cfg.log_json);
  auto log_storage = [](storage::log_level level, const std::string& text) {
    switch (level) {
      case storage::log_level::debug: spdlog::debug("{}", text); break;
      case storage::log_level::info: spdlog::info("{}", text); break;
      case storage::log_level::warn: spdlog::warn("{}", text); break;
      case storage::log_level::error: spdlog::error("{}", text); break;
    }
  };
  auto store = cfg.mongodb_uri ? storage::open_mongo_module({*cfg.mongodb_uri, cfg.mongodb_db, 5000}, log_storage)
                               : storage::open_sqlite(cfg.sqlite_path);
  if (!store) {
    spdlog::critical("cannot open the storage: {}", store.error().message);
    if (cfg.mongodb_uri && store.error().code == storage::errc::unavailable)
      spdlog::critical("check that MongoDB is running at {} and that MONGODB_URI is right, or unset MONGODB_URI to use "
                       "the embedded SQLite file ({}).",
                       storage::mongo_host_for_display(*cfg.mongodb_uri), cfg.sqlite_path);
    code = app::exit_code::storage_unreachable;
    return std::nullopt;
  }
  spdlog::info("storage: {}", cfg.mongodb_uri ? "MongoDB at " + storage::mongo_host_for_display(*cfg.mongodb_uri) + ", database " + cfg.mongodb_db
                                              : "SQLite file " + cfg.sqlite_path);
  return started{std::move(cfg), std::move(*store)};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? std::string_view(argv[1]) : std::string_view{};
  if (command == "transcript") return app::transcript_cli(argc - 1, argv + 1);
  if (command == "backup") return backup(argc - 1, argv + 1);
  if (command == "check") {
    int code = app::exit_code::ok;
    auto ready = configure(code);
    return ready ? app::check_cli(ready->cfg, *ready->store) : code;
  }
  if (command == "--version" || command == "-V") {
    std::printf("guichet %s\n", std::string(app::version).c_str());
    return 0;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::printf(help_text, std::string(app::version).c_str());
    return 0;
  }
  if (!command.empty()) {
    std::fprintf(stderr, "guichet: unknown command '%s' (guichet --help lists them)\n", argv[1]);
    return app::exit_code::bad_config;
  }

  int code = app::exit_code::ok;
  auto ready = configure(code);
  if (!ready) return code;
  // The bot lives until the process ends: its coroutines may still hold references to its parts
  // when the event loop stops, so the process leaves without unwinding them (logs flushed first;
  // SQLite's WAL and MongoDB keep every committed write).
  static app::bot* bot = new app::bot(std::move(ready->cfg), std::move(ready->store));
  code = bot->run();
  spdlog::shutdown();
  std::fflush(nullptr);
  std::_Exit(code);
}
