// libFuzzer: any stored document (a guild's configuration or a ticket, as an admin may have
// edited it by hand) → read without throwing or crashing; what is read writes back and reads again
// to the same configuration; its migration to the current schema reads the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto doc = storage::ordered_json::parse(data, data + size, nullptr, false);
  if (doc.is_discarded()) return 0;
  auto config = storage::config_from_document(doc);
  storage::ticket_from_document(doc);
  // The round trip: overflow categories and the revision are written by their own operations.
  auto again = storage::config_from_document(storage::config_to_document(config));
  config.overflow_categories.clear();
  config.revision = 0;
  if (!(again == config)) std::abort();
  // Moving schema 1's bookkeeping into "guichet" changes nothing that is read.
  auto migrated = doc;
  storage::migrate_document(migrated);
  auto before = storage::config_from_document(doc);
  if (!(storage::config_from_document(migrated) == before)) std::abort();
  return 0;
}
