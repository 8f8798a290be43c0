#pragma once
// Starts a flow on the io_context; a bug that throws is logged with the flow's name instead of
// vanishing.
#include <exception>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

namespace app {

template <class Awaitable>
void spawn(boost::asio::io_context& ioc, Awaitable a, const char* what) {
  boost::asio::co_spawn(ioc, std::move(a), [what](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("{} failed: {}", what, ex.what());
    }
  });
}

// The same, counted in `in_flight` while it runs (one io thread: a plain int), so that a shutdown
// can wait for the flows under way.
template <class Awaitable>
void spawn_counted(boost::asio::io_context& ioc, Awaitable a, const char* what, int& in_flight) {
  ++in_flight;
  boost::asio::co_spawn(ioc, std::move(a), [what, &in_flight](std::exception_ptr e) {
    --in_flight;
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("{} failed: {}", what, ex.what());
    }
  });
}

}  // namespace app
