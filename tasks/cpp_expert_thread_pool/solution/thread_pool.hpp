#pragma once
// Fixed-size thread pool. See instructions.md for the full contract.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace tp {

enum class ShutdownMode {
    Drain,    // stop accepting tasks, run every queued task, then join the workers
    Discard,  // stop accepting tasks, drop every queued task, then join the workers
};

class ThreadPool {
public:
    explicit ThreadPool(std::size_t threads) : size_(threads) {
        if (threads == 0) {
            throw std::invalid_argument("ThreadPool needs at least one thread");
        }
        workers_.reserve(threads);
        try {
            for (std::size_t i = 0; i < threads; ++i) {
                workers_.emplace_back([this] { worker_loop(); });
            }
        } catch (...) {
            shutdown(ShutdownMode::Discard);
            throw;
        }
    }

    ~ThreadPool() { shutdown(ShutdownMode::Drain); }

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
        using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
        auto job = std::make_unique<TaskJob<R, std::decay_t<F>, std::decay_t<Args>...>>(
            std::forward<F>(f), std::forward<Args>(args)...);
        std::future<R> fut = job->promise.get_future();
        {
            std::lock_guard lk(mu_);
            if (stopping_) {
                throw std::runtime_error("submit on a stopped ThreadPool");
            }
            queue_.push_back(Entry{priority, next_seq_++, std::move(job)});
            std::push_heap(queue_.begin(), queue_.end(), EntryLess{});
        }
        work_cv_.notify_one();
        return fut;
    }

    void wait_idle() {
        if (current_pool_ == this) {
            throw std::logic_error("wait_idle called from a worker of the same pool");
        }
        std::unique_lock lk(mu_);
        idle_cv_.wait(lk, [this] { return queue_.empty() && active_ == 0; });
    }

    std::size_t shutdown(ShutdownMode mode = ShutdownMode::Drain) {
        if (current_pool_ == this) {
            throw std::logic_error("shutdown called from a worker of the same pool");
        }
        std::vector<Entry> dropped;
        bool joiner = false;
        {
            std::lock_guard lk(mu_);
            if (mode == ShutdownMode::Discard) {
                dropped.swap(queue_);
                if (active_ == 0) idle_cv_.notify_all();
            }
            if (!stopping_) {
                stopping_ = true;
                joiner = true;
            }
        }
        work_cv_.notify_all();
        const std::size_t discarded = dropped.size();
        // Destroying the unrun jobs makes their futures report broken_promise.
        dropped.clear();

        if (joiner) {
            for (auto& w : workers_) {
                if (w.joinable()) w.join();
            }
            std::lock_guard lk(mu_);
            joined_ = true;
            joined_cv_.notify_all();
        } else {
            std::unique_lock lk(mu_);
            joined_cv_.wait(lk, [this] { return joined_; });
        }
        return discarded;
    }

    bool stopped() const {
        std::lock_guard lk(mu_);
        return stopping_;
    }

    std::size_t pending() const {
        std::lock_guard lk(mu_);
        return queue_.size();
    }

    std::size_t size() const { return size_; }

private:
    struct Job {
        virtual ~Job() = default;
        virtual void run() = 0;
    };

    // Owns the callable, its bound arguments and the promise of the result. A job that is
    // destroyed without having run (discarded) breaks its promise, so the future reports
    // std::future_errc::broken_promise.
    template <class R, class Fn, class... Bound>
    struct TaskJob final : Job {
        template <class F, class... A>
        explicit TaskJob(F&& f, A&&... a) : fn(std::forward<F>(f)), bound(std::forward<A>(a)...) {}

        void run() override {
            try {
                if constexpr (std::is_void_v<R>) {
                    std::apply(std::move(fn), std::move(bound));
                    promise.set_value();
                } else {
                    promise.set_value(std::apply(std::move(fn), std::move(bound)));
                }
            } catch (...) {
                promise.set_exception(std::current_exception());
            }
        }

        Fn fn;
        std::tuple<Bound...> bound;
        std::promise<R> promise;
    };

    struct Entry {
        int priority;
        std::uint64_t seq;
        std::unique_ptr<Job> job;
    };

    // Max-heap order: higher priority first, then lower sequence number (FIFO).
    struct EntryLess {
        bool operator()(const Entry& a, const Entry& b) const {
            if (a.priority != b.priority) return a.priority < b.priority;
            return a.seq > b.seq;
        }
    };

    void worker_loop() {
        current_pool_ = this;
        for (;;) {
            std::unique_ptr<Job> job;
            {
                std::unique_lock lk(mu_);
                work_cv_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) break;  // stopping and nothing left to run
                std::pop_heap(queue_.begin(), queue_.end(), EntryLess{});
                job = std::move(queue_.back().job);
                queue_.pop_back();
                ++active_;
            }
            job->run();  // any exception ends up in the task's future
            job.reset();
            {
                std::lock_guard lk(mu_);
                --active_;
                if (active_ == 0 && queue_.empty()) idle_cv_.notify_all();
            }
        }
        current_pool_ = nullptr;
    }

    inline static thread_local const ThreadPool* current_pool_ = nullptr;

    const std::size_t size_;
    mutable std::mutex mu_;
    std::condition_variable work_cv_;
    std::condition_variable idle_cv_;
    std::condition_variable joined_cv_;
    std::vector<Entry> queue_;
    std::uint64_t next_seq_ = 0;
    std::size_t active_ = 0;
    bool stopping_ = false;
    bool joined_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace tp
