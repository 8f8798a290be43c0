// guichet — a Discord ticket bot.
//   guichet                         run the bot (configuration from the environment or .env)
//   guichet transcript --messages FILE --context FILE --out FILE.html
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include <spdlog/spdlog.h>

#include "bot.hpp"
#include "config.hpp"
#include "logging.hpp"
#include "storage/ticket_store.hpp"
#include "transcript_cli.hpp"

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "transcript") return app::transcript_cli(argc - 1, argv + 1);
  if (argc > 1 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::puts("guichet: a Discord ticket bot. Configure it with environment variables (see README.md) and run it.\n"
              "  guichet transcript --messages FILE --context FILE --out FILE.html   render a transcript");
    return 0;
  }

  auto parsed = app::parse_config(app::read_environment());
  if (!parsed.value) {
    for (const auto& e : parsed.errors) std::cerr << "guichet: " << e << "\n";
    return app::exit_code::bad_config;
  }
  app::config cfg = *parsed.value;
  app::init_logging(cfg.log_level, cfg.token);
  storage::set_log_sink([](storage::log_level level, const std::string& text) {
    switch (level) {
      case storage::log_level::debug: spdlog::debug("{}", text); break;
      case storage::log_level::info: spdlog::info("{}", text); break;
      case storage::log_level::warn: spdlog::warn("{}", text); break;
      case storage::log_level::error: spdlog::error("{}", text); break;
    }
  });

  auto store = cfg.mongodb_uri ? storage::open_mongo({*cfg.mongodb_uri, cfg.mongodb_db, 5000})
                               : storage::open_sqlite(cfg.sqlite_path);
  if (!store) {
    spdlog::critical("cannot open the storage: {}", store.error().message);
    if (cfg.mongodb_uri)
      spdlog::critical("check that MongoDB is running at {} and that MONGODB_URI is right, or unset MONGODB_URI to use "
                       "the embedded SQLite file ({}).",
                       storage::mongo_host_for_display(*cfg.mongodb_uri), cfg.sqlite_path);
    return app::exit_code::storage_unreachable;
  }
  spdlog::info("storage: {}", cfg.mongodb_uri ? "MongoDB at " + storage::mongo_host_for_display(*cfg.mongodb_uri) + ", database " + cfg.mongodb_db
                                              : "SQLite file " + cfg.sqlite_path);
  // The bot lives until the process ends: its coroutines may still hold references to its parts
  // when the event loop stops, so the process leaves without unwinding them (logs flushed first;
  // SQLite's WAL and MongoDB keep every committed write).
  static app::bot* bot = new app::bot(std::move(cfg), std::move(*store));
  int code = bot->run();
  spdlog::shutdown();
  std::fflush(nullptr);
  std::_Exit(code);
}
