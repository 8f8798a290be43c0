#include <dlfcn.h>

#include <filesystem>
#include <system_error>
#include <vector>

#include "storage/mongo_module.hpp"

namespace storage {

namespace {

// Beside the executable first (a build tree, a copied bundle), then the installed layout.
std::vector<std::filesystem::path> module_candidates() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const auto dir = exe.parent_path();
  return {dir / mongo_module_file, dir.parent_path() / "lib" / "guichet" / mongo_module_file};
}

// Loaded once and never unloaded: libmongoc's threads and its global state live as long as the process.
result<const mongo_backend*> load_backend() {
  std::string looked;
  for (const auto& path : module_candidates()) {
    looked += (looked.empty() ? "" : ", ") + path.string();
    if (!std::filesystem::exists(path)) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle)
      return error{errc::invalid, "the MongoDB module " + path.string() + " cannot be loaded: " + dlerror(), std::nullopt};
    const auto* backend = static_cast<const mongo_backend*>(dlsym(handle, std::string(mongo_module_symbol).c_str()));
    if (!backend)
      return error{errc::invalid, path.string() + " is not a Guichet MongoDB module", std::nullopt};
    if (std::string_view(backend->build) != mongo_module_build)
      return error{errc::invalid,
                   path.string() + " comes from another build (" + backend->build + ", this guichet is " +
                       mongo_module_build + "); reinstall guichet so both match",
                   std::nullopt};
    return backend;
  }
  return error{errc::invalid,
               "the MongoDB module is not installed (looked for " + looked +
                   "); reinstall guichet, or unset MONGODB_URI to use the embedded SQLite file",
               std::nullopt};
}

}  // namespace

result<std::unique_ptr<ticket_store>> open_mongo_module(const mongo_options& options, log_sink sink) {
  static const result<const mongo_backend*> backend = load_backend();
  if (!backend) return backend.error();
  (*backend)->set_log_sink(std::move(sink));
  return (*backend)->open(options);
}

}  // namespace storage
