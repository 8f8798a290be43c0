#pragma once
// Runs a blocking call (storage) on the worker pool and resumes the coroutine on its own executor.
// The calls return result values and do not throw (the stores turn failures into errors).
#include <type_traits>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace app {

template <class F>
struct offload_initiation {
  using result_type = std::invoke_result_t<F&>;
  boost::asio::thread_pool* pool;

  template <class Handler>
  void operator()(Handler handler, F job) const {
    // The coroutine's executor keeps work while the job runs: its io_context must not run out.
    auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
    boost::asio::post(*pool, [handler = std::move(handler), job = std::move(job), work = std::move(work)]() mutable {
      result_type value = job();
      auto ex = work.get_executor();
      boost::asio::dispatch(ex, [handler = std::move(handler), value = std::move(value)]() mutable {
        std::move(handler)(std::move(value));
      });
      work.reset();  // after the dispatch: it holds work of its own
    });
  }
};

template <class F>
auto offload(boost::asio::thread_pool& pool, F job) {
  using R = std::invoke_result_t<F&>;
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(offload_initiation<F>{&pool},
                                                                                    boost::asio::use_awaitable, std::move(job));
}

}  // namespace app
