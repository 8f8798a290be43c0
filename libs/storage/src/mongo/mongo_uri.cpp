// What a message may show of a MongoDB URI; shared by the app (which never links libmongoc) and the module.
#include "storage/ticket_store.hpp"

namespace storage {

std::string mongo_host_for_display(const std::string& uri) {
  auto scheme = uri.find("://");
  std::string rest = scheme == std::string::npos ? uri : uri.substr(scheme + 3);
  if (auto at = rest.rfind('@', rest.find('/')); at != std::string::npos) rest = rest.substr(at + 1);  // drop credentials
  if (auto slash = rest.find_first_of("/?"); slash != std::string::npos) rest = rest.substr(0, slash);
  return rest;
}

}  // namespace storage
