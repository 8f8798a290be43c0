// The entry point of guichet-mongodb.so: the MongoDB backend behind one symbol the loader looks up.
#include "storage/mongo_module.hpp"

extern "C" __attribute__((visibility("default"))) const storage::mongo_backend guichet_mongodb_backend{
    storage::mongo_module_build,
    [](storage::log_sink sink) { storage::set_log_sink(std::move(sink)); },
    [](const storage::mongo_options& options) { return storage::open_mongo(options); },
};
