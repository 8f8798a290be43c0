// The shapes g++ 12 miscompiles inside a coroutine (GCC PR 100611 family: a capturing lambda, a
// braced aggregate or a ?: in a co_await expression; an inline std::string is relocated bitwise
// and freed at a wrong address). app/ writes them naturally, so the compiler must handle them:
// under AddressSanitizer (preset debug, run by CI) a compiler with the bug fails this test with a
// bad-free; without it, the values are checked.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include "offload.hpp"

namespace {

namespace asio = boost::asio;

struct request {
  std::string method;
  std::string path;
  std::optional<std::string> body;
};

asio::awaitable<std::string> echo(request r) { co_return r.method + " " + r.path + r.body.value_or(""); }
asio::awaitable<std::string> pass(std::string s) { co_return s; }

asio::awaitable<std::string> shapes(asio::thread_pool& pool, bool flag) {
  std::string out;
  const std::string short_text = "42";  // held inline (small-string optimisation)
  // A capturing lambda prvalue as the argument of the awaited call.
  auto n = co_await app::offload(pool, [short_text] { return short_text + "!"; });
  out += n + "|";
  // A braced aggregate prvalue holding strings.
  out += co_await echo(request{"GET", "/p", std::string("?q")}) + "|";
  // ?: yielding the argument, and ?: around two co_awaits.
  out += co_await pass(flag ? std::string("yes") : std::to_string(7)) + "|";
  out += flag ? co_await pass("a") : co_await pass("b");
  co_return out;
}

TEST(coroutine_shapes, the_shapes_g_plus_plus_12_miscompiles_work) {
  asio::io_context ioc;
  asio::thread_pool pool(1);
  auto result = asio::co_spawn(ioc, shapes(pool, true), asio::use_future);
  auto other = asio::co_spawn(ioc, shapes(pool, false), asio::use_future);
  ioc.run();
  pool.join();
  EXPECT_EQ(result.get(), "42!|GET /p?q|yes|a");
  EXPECT_EQ(other.get(), "42!|GET /p?q|7|b");
}

}  // namespace
