#pragma once
// Runs a blocking call (storage) on the worker pool and resumes the coroutine on its own executor.
// The calls return result values and do not throw (the stores turn failures into errors).
#include <type_traits>

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace app {

template <class F>
auto offload(boost::asio::thread_pool& pool, F f) {
  using R = std::invoke_result_t<F>;
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
      [&pool](auto handler, F work) {
        boost::asio::post(pool, [handler = std::move(handler), work = std::move(work)]() mutable {
          R value = work();
          auto ex = boost::asio::get_associated_executor(handler);
          boost::asio::dispatch(ex, [handler = std::move(handler), value = std::move(value)]() mutable {
            std::move(handler)(std::move(value));
          });
        });
      },
      boost::asio::use_awaitable, std::move(f));
}

}  // namespace app
