// Grading tests for tp::ThreadPool.
// Tiny self-contained runner: every test runs in order, exceptions are caught, one line is
// printed per test, the last line is "N passed, M failed", and the results are written
// as JUnit XML to $BENCH_REPORT_FILE (the catalog's _shared/junit/junit_report.hpp), which is
// what the grader reads.
// A watchdog turns a hung test into a failure (instead of hanging the whole run).

#include "thread_pool.hpp"
#include "junit_report.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

struct TestFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] __attribute__((noinline)) void fail_check(const char* cond, int line) {
    throw TestFailure(std::string("CHECK failed: ") + cond + " (line " + std::to_string(line) + ")");
}

#define CHECK(cond)                                    \
    do {                                               \
        if (!(cond)) fail_check(#cond, __LINE__);      \
    } while (0)

template <class Ex, class Fn>
void check_throws(Fn&& fn, const char* what, int line) {
    try {
        fn();
    } catch (const Ex&) {
        return;
    } catch (const std::exception& e) {
        throw TestFailure(std::string("expected ") + what + " but got another exception: " +
                          e.what() + " (line " + std::to_string(line) + ")");
    } catch (...) {
        throw TestFailure(std::string("expected ") + what + " but got a non-std exception (line " +
                          std::to_string(line) + ")");
    }
    throw TestFailure(std::string("expected ") + what + " but nothing was thrown (line " +
                      std::to_string(line) + ")");
}
#define CHECK_THROWS(ExType, expr) check_throws<ExType>([&] { expr; }, #ExType, __LINE__)

// Busy-wait (yielding) until pred() holds. Used only to observe a state change that the
// test itself triggered on another thread; the watchdog bounds it.
template <class Pred>
void spin_until(Pred pred) {
    while (!pred()) std::this_thread::yield();
}

// A task body that signals it started and then blocks until released.
// A task body that signals it started and then blocks until released. Declare a Gate
// BEFORE the pool that runs it: if a test fails early, the Gate's destructor releases the
// blocked task, so the pool's destructor can still finish.
struct Gate {
    std::latch started{1};
    std::latch release{1};
    std::atomic<bool> opened{false};
    void block() {
        started.count_down();
        release.wait();
    }
    void open() {
        if (!opened.exchange(true)) release.count_down();
    }
    ~Gate() { open(); }
};

// Watches `flag` for a short while and reports whether it stayed false. Used to check that
// a call which must keep blocking does not return early. A correct implementation passes no
// matter how long this takes; only a broken one can be caught by it.
bool stays_false(const std::atomic<bool>& flag) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    while (std::chrono::steady_clock::now() < end) {
        if (flag.load()) return false;
        std::this_thread::yield();
    }
    return !flag.load();
}

// Runs fn and reports whether it threw an exception of type Ex.
template <class Ex, class Fn>
bool throws(Fn&& fn) {
    try {
        fn();
    } catch (const Ex&) {
        return true;
    } catch (...) {
        return false;
    }
    return false;
}

using tp::ShutdownMode;
using tp::ThreadPool;

// Reusable callables (fewer distinct task types keeps the sanitizer build fast).
struct Bump {
    std::atomic<int>* n;
    void operator()() const { n->fetch_add(1); }
};

struct Accumulate {
    std::atomic<long long>* sum;
    int i;
    int operator()() const {
        sum->fetch_add(i);
        return i;
    }
};

struct Constant {
    int v;
    int operator()() const { return v; }
};

struct BlockOn {
    Gate* gate;
    void operator()() const { gate->block(); }
};

struct Recorder {
    std::mutex* m;
    std::vector<std::string>* out;
    void operator()(std::string name) const {
        std::lock_guard lk(*m);
        out->push_back(std::move(name));
    }
};

// ---------------------------------------------------------------------------------------

void test_zero_threads_throws_invalid_argument() {
    CHECK_THROWS(std::invalid_argument, ThreadPool pool(0));
}

void test_submit_returns_values_and_void() {
    std::atomic<int> hits{0};
    ThreadPool pool(3);
    CHECK(pool.size() == 3);
    auto f1 = pool.submit([](int a, int b) { return a + b; }, 2, 40);
    std::future<void> f2 = pool.submit(Bump{&hits});
    auto f3 = pool.submit([](const std::string& s) { return s + "!"; }, std::string("hi"));
    CHECK(f1.get() == 42);
    f2.get();
    CHECK(hits.load() == 1);
    CHECK(f3.get() == "hi!");
}

void test_move_only_callable_argument_and_result() {
    ThreadPool pool(2);
    auto owned = std::make_unique<int>(20);
    auto fut = pool.submit(
        [p = std::move(owned)](std::unique_ptr<int> q) {
            return std::make_unique<int>(*p + *q);
        },
        std::make_unique<int>(22));
    std::unique_ptr<int> result = fut.get();
    CHECK(result != nullptr);
    CHECK(*result == 42);
}

void test_exception_propagates_and_worker_survives() {
    ThreadPool pool(1);
    auto bad = pool.submit([]() -> int { throw std::domain_error("boom"); });
    auto good = pool.submit(Constant{7});
    bool caught = false;
    try {
        bad.get();
    } catch (const std::domain_error& e) {
        caught = std::string(e.what()) == "boom";
    }
    CHECK(caught);
    CHECK(good.get() == 7);
    CHECK(pool.submit(Constant{8}).get() == 8);
}

void test_tasks_run_concurrently_on_all_workers() {
    std::latch all_arrived(4);
    ThreadPool pool(4);
    std::vector<std::future<std::thread::id>> futs;
    for (int i = 0; i < 4; ++i) {
        futs.push_back(pool.submit([&all_arrived] {
            all_arrived.arrive_and_wait();  // completes only if 4 tasks run at once
            return std::this_thread::get_id();
        }));
    }
    std::vector<std::thread::id> ids;
    for (auto& f : futs) ids.push_back(f.get());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CHECK(ids[i] != std::this_thread::get_id());
        for (std::size_t j = i + 1; j < ids.size(); ++j) CHECK(ids[i] != ids[j]);
    }
}

void test_priority_order_with_fifo_ties() {
    std::mutex m;
    std::vector<std::string> order;
    Gate gate;
    ThreadPool pool(1);
    auto blocker = pool.submit(BlockOn{&gate});
    gate.started.wait();

    const Recorder rec{&m, &order};
    pool.submit_with_priority(0, rec, std::string("a0"));
    pool.submit_with_priority(5, rec, std::string("b5"));
    pool.submit_with_priority(-1, rec, std::string("c-1"));
    pool.submit(rec, std::string("d0"));
    pool.submit_with_priority(5, rec, std::string("e5"));
    pool.submit_with_priority(10, rec, std::string("f10"));
    pool.submit_with_priority(-1, rec, std::string("g-1"));
    CHECK(pool.pending() == 7);

    gate.open();
    blocker.get();
    pool.wait_idle();
    const std::vector<std::string> expected{"f10", "b5", "e5", "a0", "d0", "c-1", "g-1"};
    CHECK(order == expected);
}

void test_pending_counts_only_queued_tasks() {
    std::atomic<int> n{0};
    Gate gate;
    ThreadPool pool(1);
    CHECK(pool.pending() == 0);
    auto blocker = pool.submit(BlockOn{&gate});
    gate.started.wait();
    CHECK(pool.pending() == 0);  // the running task is not pending
    for (int i = 0; i < 3; ++i) pool.submit(Bump{&n});
    CHECK(pool.pending() == 3);
    gate.open();
    pool.wait_idle();
    CHECK(pool.pending() == 0);
    CHECK(n.load() == 3);
    blocker.get();
}

void test_wait_idle_waits_for_running_tasks() {
    Gate gate;
    ThreadPool pool(1);
    auto blocker = pool.submit(BlockOn{&gate});
    gate.started.wait();  // queue is empty, but one task is running
    std::atomic<bool> returned{false};
    std::thread waiter([&] {
        pool.wait_idle();
        returned = true;
    });
    const bool blocked_while_running = stays_false(returned);
    gate.open();
    waiter.join();
    blocker.get();
    CHECK(blocked_while_running);
    CHECK(returned.load());
}

void test_wait_idle_covers_nested_submissions() {
    std::atomic<int> count{0};
    ThreadPool pool(2);
    pool.wait_idle();  // idle pool: returns at once

    // Each task counts itself and submits `fanout` children one level deeper.
    struct Spawn {
        ThreadPool* pool;
        std::atomic<int>* count;
        int depth;
        void operator()() const {
            count->fetch_add(1);
            if (depth == 0) return;
            const int fanout = depth == 2 ? 10 : 5;
            for (int i = 0; i < fanout; ++i) pool->submit(Spawn{pool, count, depth - 1});
        }
    };
    for (int i = 0; i < 3; ++i) pool.submit(Spawn{&pool, &count, 2});
    pool.wait_idle();
    CHECK(count.load() == 3 + 30 + 150);
    CHECK(pool.pending() == 0);
}

void test_submit_from_task_on_single_thread_pool_does_not_deadlock() {
    ThreadPool pool(1);
    auto outer = pool.submit([&pool] {
        return pool.submit(Constant{99});  // not waited on here: there is only one worker
    });
    std::future<int> inner = outer.get();
    CHECK(inner.get() == 99);
}

void test_wait_idle_and_shutdown_from_worker_throw_logic_error() {
    std::atomic<int> n{0};
    ThreadPool other(1);
    ThreadPool pool(2);
    struct Misuse {
        ThreadPool* pool;
        int what;
        void operator()() const {
            if (what == 0) pool->wait_idle();
            if (what == 1) pool->shutdown();
            if (what == 2) pool->shutdown(ShutdownMode::Discard);
        }
    };
    auto f1 = pool.submit(Misuse{&pool, 0});
    auto f2 = pool.submit(Misuse{&pool, 1});
    auto f3 = pool.submit(Misuse{&pool, 2});
    CHECK_THROWS(std::logic_error, f1.get());
    CHECK_THROWS(std::logic_error, f2.get());
    CHECK_THROWS(std::logic_error, f3.get());
    CHECK(!pool.stopped());
    CHECK(pool.submit(Constant{1}).get() == 1);

    // Waiting on a *different* pool from inside a task is allowed.
    auto f4 = pool.submit([&other, &n] {
        other.submit(Bump{&n});
        other.wait_idle();
        return n.load();
    });
    CHECK(f4.get() == 1);
}

void test_drain_shutdown_runs_queue_and_rejects_new_work() {
    std::atomic<int> ran{0};
    Gate gate;
    ThreadPool pool(1);
    auto blocker = pool.submit(BlockOn{&gate});
    gate.started.wait();
    std::vector<std::future<void>> futs;
    for (int i = 0; i < 20; ++i) futs.push_back(pool.submit(Bump{&ran}));
    // A queued task that tries to submit while the pool is draining.
    auto child_attempt = pool.submit([&pool, &ran] {
        try {
            pool.submit(Bump{&ran});
            return std::string("accepted");
        } catch (const std::runtime_error&) {
            return std::string("rejected");
        }
    });

    std::size_t result = 12345;
    std::atomic<bool> returned{false};
    std::thread closer([&] {
        result = pool.shutdown(ShutdownMode::Drain);
        returned = true;
    });
    spin_until([&] { return pool.stopped(); });
    const bool rejected_while_draining = throws<std::runtime_error>([&] { pool.submit(Bump{&ran}); });
    const bool waited_for_tasks = stays_false(returned);
    gate.open();
    closer.join();

    CHECK(rejected_while_draining);
    CHECK(waited_for_tasks);
    CHECK(result == 0);
    CHECK(ran.load() == 20);
    for (auto& f : futs) f.get();
    CHECK(child_attempt.get() == "rejected");
    blocker.get();
    CHECK(pool.pending() == 0);
    CHECK_THROWS(std::runtime_error, pool.submit(Constant{1}));
    CHECK(pool.shutdown() == 0);  // idempotent
    pool.wait_idle();             // returns at once after shutdown
}

void test_discard_shutdown_breaks_queued_futures() {
    std::atomic<long long> ran{0};
    Gate gate;
    ThreadPool pool(1);
    auto running = pool.submit(BlockOn{&gate});
    gate.started.wait();
    std::vector<std::future<int>> dropped;
    for (int i = 1; i <= 5; ++i) dropped.push_back(pool.submit_with_priority(i, Accumulate{&ran, i}));

    std::size_t discarded = 0;
    std::atomic<bool> returned{false};
    std::thread closer([&] {
        discarded = pool.shutdown(ShutdownMode::Discard);
        returned = true;
    });
    spin_until([&] { return pool.stopped() && pool.pending() == 0; });
    const bool waited_for_running_task = stays_false(returned);
    gate.open();
    closer.join();

    CHECK(waited_for_running_task);
    CHECK(discarded == 5);
    running.get();  // the running task was not interrupted and completed normally
    for (auto& f : dropped) {
        bool broken = false;
        try {
            f.get();
        } catch (const std::future_error& e) {
            broken = e.code() == std::make_error_code(std::future_errc::broken_promise);
        }
        CHECK(broken);
    }
    CHECK(ran.load() == 0);
    CHECK(pool.shutdown(ShutdownMode::Discard) == 0);
}

void test_discard_while_drain_in_progress() {
    std::atomic<int> ran{0};
    Gate gate;
    ThreadPool pool(1);
    auto blocker = pool.submit(BlockOn{&gate});
    gate.started.wait();
    for (int i = 0; i < 3; ++i) pool.submit(Bump{&ran});

    std::size_t drain_result = 999, discard_result = 999;
    std::atomic<bool> drain_returned{false}, discard_returned{false};
    std::thread drainer([&] {
        drain_result = pool.shutdown(ShutdownMode::Drain);
        drain_returned = true;
    });
    spin_until([&] { return pool.stopped(); });
    std::thread discarder([&] {
        discard_result = pool.shutdown(ShutdownMode::Discard);
        discard_returned = true;
    });
    spin_until([&] { return pool.pending() == 0; });
    // The worker is still blocked, so neither shutdown call may return yet.
    const bool discard_blocked = stays_false(discard_returned);
    const bool drain_blocked = !drain_returned.load();
    gate.open();
    drainer.join();
    discarder.join();
    blocker.get();
    CHECK(discard_blocked);
    CHECK(drain_blocked);
    CHECK(drain_result == 0);
    CHECK(discard_result == 3);
    CHECK(ran.load() == 0);
}

void test_destructor_drains_queue() {
    std::atomic<int> ran{0};
    {
        ThreadPool pool(2);
        for (int i = 0; i < 64; ++i) pool.submit_with_priority(i % 3, Bump{&ran});
    }
    CHECK(ran.load() == 64);
}

void test_many_producers_stress() {
    constexpr int kProducers = 6;
    constexpr int kPerProducer = 500;
    std::atomic<long long> sum{0};
    ThreadPool pool(4);
    std::vector<std::thread> producers;
    std::vector<std::vector<std::future<int>>> futs(kProducers);
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (int i = 0; i < kPerProducer; ++i) {
                futs[p].push_back(pool.submit_with_priority(i % 7 - 3, Accumulate{&sum, i}));
            }
        });
    }
    for (auto& t : producers) t.join();
    long long from_futures = 0;
    for (auto& v : futs)
        for (auto& f : v) from_futures += f.get();
    pool.wait_idle();
    const long long expected = static_cast<long long>(kProducers) * kPerProducer * (kPerProducer - 1) / 2;
    CHECK(sum.load() == expected);
    CHECK(from_futures == expected);
}

// ---------------------------------------------------------------------------------------

struct TestCase {
    const char* name;
    void (*fn)();
};

const TestCase kTests[] = {
    {"zero_threads_throws_invalid_argument", test_zero_threads_throws_invalid_argument},
    {"submit_returns_values_and_void", test_submit_returns_values_and_void},
    {"move_only_callable_argument_and_result", test_move_only_callable_argument_and_result},
    {"exception_propagates_and_worker_survives", test_exception_propagates_and_worker_survives},
    {"tasks_run_concurrently_on_all_workers", test_tasks_run_concurrently_on_all_workers},
    {"priority_order_with_fifo_ties", test_priority_order_with_fifo_ties},
    {"pending_counts_only_queued_tasks", test_pending_counts_only_queued_tasks},
    {"wait_idle_waits_for_running_tasks", test_wait_idle_waits_for_running_tasks},
    {"wait_idle_covers_nested_submissions", test_wait_idle_covers_nested_submissions},
    {"submit_from_task_on_single_thread_pool_does_not_deadlock",
     test_submit_from_task_on_single_thread_pool_does_not_deadlock},
    {"wait_idle_and_shutdown_from_worker_throw_logic_error",
     test_wait_idle_and_shutdown_from_worker_throw_logic_error},
    {"drain_shutdown_runs_queue_and_rejects_new_work",
     test_drain_shutdown_runs_queue_and_rejects_new_work},
    {"discard_shutdown_breaks_queued_futures", test_discard_shutdown_breaks_queued_futures},
    {"discard_while_drain_in_progress", test_discard_while_drain_in_progress},
    {"destructor_drains_queue", test_destructor_drains_queue},
    {"many_producers_stress", test_many_producers_stress},
};
constexpr int kTestCount = static_cast<int>(sizeof(kTests) / sizeof(kTests[0]));
constexpr auto kPerTestLimit = std::chrono::seconds(10);

std::atomic<int> g_current{-1};
std::atomic<int> g_passed{0};
std::atomic<int> g_failed{0};
std::atomic<long long> g_deadline_ns{0};
std::mutex g_results_mutex;
std::vector<junit::Result> g_results;

void add_result(const char* name, const std::string& error) {
    std::lock_guard<std::mutex> lock(g_results_mutex);
    g_results.push_back({name, error});
}

bool write_report() {
    std::lock_guard<std::mutex> lock(g_results_mutex);
    return junit::write("thread_pool", g_results);
}

long long now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void watchdog() {
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const int cur = g_current.load();
        if (cur < 0 || cur >= kTestCount) continue;
        if (now_ns() > g_deadline_ns.load()) {
            std::printf("FAIL %s: timed out (hung for more than %lld s)\n", kTests[cur].name,
                        static_cast<long long>(kPerTestLimit.count()));
            const int failed = g_failed.load() + (kTestCount - cur);
            std::printf("%d passed, %d failed\n", g_passed.load(), failed);
            add_result(kTests[cur].name, "timed out");
            for (int j = cur + 1; j < kTestCount; ++j) add_result(kTests[j].name, "not run (earlier test hung)");
            write_report();
            std::fflush(stdout);
            _exit(1);
        }
    }
}

}  // namespace

int main() {
    std::thread(watchdog).detach();
    for (int i = 0; i < kTestCount; ++i) {
        g_deadline_ns = now_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(kPerTestLimit).count();
        g_current = i;
        std::string error;
        try {
            kTests[i].fn();
        } catch (const std::exception& e) {
            error = e.what();
            if (error.empty()) error = "exception";
        } catch (...) {
            error = "unknown exception";
        }
        g_current = -1;
        if (error.empty()) {
            ++g_passed;
            std::printf("PASS %s\n", kTests[i].name);
        } else {
            ++g_failed;
            std::printf("FAIL %s: %s\n", kTests[i].name, error.c_str());
        }
        add_result(kTests[i].name, error);
        std::fflush(stdout);
    }
    std::printf("%d passed, %d failed\n", g_passed.load(), g_failed.load());
    std::fflush(stdout);
    if (!write_report()) return 3;
    return g_failed.load() > 0 ? 1 : 0;
}
