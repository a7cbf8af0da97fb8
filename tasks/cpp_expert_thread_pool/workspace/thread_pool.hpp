#pragma once
// Fixed-size thread pool. See instructions.md for the full contract.

#include <cstddef>
#include <functional>
#include <future>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace tp {

enum class ShutdownMode {
    Drain,    // stop accepting tasks, run every queued task, then join the workers
    Discard,  // stop accepting tasks, drop every queued task, then join the workers
};

class ThreadPool {
public:
    explicit ThreadPool(std::size_t threads) {
        (void)threads;
        throw std::logic_error("not implemented");
    }

    ~ThreadPool() {}

    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;
    ThreadPool(ThreadPool&&) = delete;
    ThreadPool& operator=(ThreadPool&&) = delete;

    template <class F, class... Args>
    auto submit(F&& f, Args&&... args)
        -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>> {
        return submit_with_priority(0, std::forward<F>(f), std::forward<Args>(args)...);
    }

    template <class F, class... Args>
    auto submit_with_priority(int priority, F&& f, Args&&... args)
        -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>> {
        (void)priority;
        (void)f;
        ((void)args, ...);
        throw std::logic_error("not implemented");
    }

    void wait_idle() { throw std::logic_error("not implemented"); }

    std::size_t shutdown(ShutdownMode mode = ShutdownMode::Drain) {
        (void)mode;
        throw std::logic_error("not implemented");
    }

    bool stopped() const { throw std::logic_error("not implemented"); }

    std::size_t pending() const { throw std::logic_error("not implemented"); }

    std::size_t size() const { throw std::logic_error("not implemented"); }
};

}  // namespace tp
