#pragma once
// Runs a blocking call (storage) on the worker pool and resumes the coroutine on its own executor.
// The calls return result values and do not throw (the stores turn failures into errors).
//
// The job travels as a plain pointer, made in a statement before the co_await: g++ 12 relocates
// class-type temporaries of a co_await full-expression bitwise into the coroutine frame, which
// corrupts a std::string held inline (seen as "munmap_chunk(): invalid pointer").
#include <memory>
#include <type_traits>

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace app {

template <class F>
struct offload_initiation {
  using result_type = std::invoke_result_t<F&>;
  boost::asio::thread_pool* pool;

  template <class Handler>
  void operator()(Handler handler, F* job) const {
    boost::asio::post(*pool, [handler = std::move(handler), job]() mutable {
      std::unique_ptr<F> owned(job);
      result_type value = (*owned)();
      owned.reset();
      auto ex = boost::asio::get_associated_executor(handler);
      boost::asio::dispatch(ex, [handler = std::move(handler), value = std::move(value)]() mutable {
        std::move(handler)(std::move(value));
      });
    });
  }
};

// Takes ownership of `job` (allocated with new).
template <class F>
auto offload(boost::asio::thread_pool& pool, F* job) {
  using R = std::invoke_result_t<F&>;
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(offload_initiation<F>{&pool},
                                                                                    boost::asio::use_awaitable, job);
}

}  // namespace app
