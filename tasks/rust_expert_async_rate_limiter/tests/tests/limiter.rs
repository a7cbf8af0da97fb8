//! Part 1 polls `Acquire` futures by hand against a fake clock. Part 2 runs
//! `.await`-based tasks on a tiny deterministic executor over the fake clock:
//! when no task is runnable, time jumps to the next timer deadline.

mod common;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;

use common::{block_on, timeout_at, FakeClock, Manual, Sim};
use rate_limiter::{AcquireError, Clock, ConfigError, RateLimiter};

fn limiter(clock: &Arc<FakeClock>, cap: u32, refill: u32, interval: u64) -> RateLimiter {
    RateLimiter::new(cap, refill, interval, clock.clone()).expect("valid config")
}

/// Advances the clock to `t`, polling `m` whenever it was woken on the way
/// (spurious wake-ups are allowed); returns the result of the last poll, if any.
fn step_to(clock: &FakeClock, m: &mut Manual, t: u64) -> Option<Poll<Result<(), AcquireError>>> {
    clock.advance_to(t);
    if m.woken() {
        Some(m.poll())
    } else {
        None
    }
}

#[test]
fn config_errors_are_checked_in_order() {
    let clock = FakeClock::new(0);
    let err = |c, r, i| RateLimiter::new(c, r, i, clock.clone()).err();
    assert_eq!(err(0, 0, 0), Some(ConfigError::ZeroCapacity));
    assert_eq!(err(5, 0, 0), Some(ConfigError::ZeroRefillAmount));
    assert_eq!(err(5, 1, 0), Some(ConfigError::ZeroRefillInterval));
    assert!(err(1, 1, 1).is_none());
}

#[test]
fn starts_full_and_serves_immediately_when_tokens_suffice() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 5, 1, 100);
    assert_eq!(rl.available(), 5);
    let mut a = Manual::new(rl.acquire(3));
    assert_eq!(a.poll(), Poll::Ready(Ok(())));
    assert_eq!(rl.available(), 2);
    assert!(rl.try_acquire(2));
    assert_eq!(rl.available(), 0);
    assert!(!rl.try_acquire(1));
    assert_eq!(rl.queued(), 0);
    // A clone shares the same bucket.
    let other = rl.clone();
    clock.advance_to(100);
    assert!(other.try_acquire(1));
    assert_eq!(rl.available(), 0);
}

#[test]
fn invalid_amounts_fail_without_touching_the_bucket() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 5, 1, 100);
    assert!(rl.try_acquire(5));
    let mut zero = Manual::new(rl.acquire(0));
    assert_eq!(zero.poll(), Poll::Ready(Err(AcquireError::ZeroPermits)));
    let mut big = Manual::new(rl.acquire(6));
    assert_eq!(big.poll(), Poll::Ready(Err(AcquireError::ExceedsCapacity)));
    assert_eq!(rl.queued(), 0);
    assert!(!rl.try_acquire(0));
    assert!(!rl.try_acquire(6));
    clock.advance_to(500);
    assert_eq!(rl.available(), 5);
    assert!(!rl.try_acquire(6));
    assert_eq!(rl.available(), 5);
}

#[test]
fn refill_is_discrete_and_aligned_to_creation_time() {
    let clock = FakeClock::new(1_000);
    let rl = limiter(&clock, 4, 2, 100);
    assert!(rl.try_acquire(4));
    clock.advance_to(1_099);
    assert_eq!(rl.available(), 0);
    clock.advance_to(1_100);
    assert_eq!(rl.available(), 2);
    clock.advance_to(1_250);
    assert_eq!(rl.available(), 4, "capped at capacity");
    assert!(rl.try_acquire(4));
    clock.advance_to(1_299);
    assert_eq!(rl.available(), 0);
    // Ticks stay on the creation grid (1000 + k*100), not on the last use.
    clock.advance_to(1_300);
    assert_eq!(rl.available(), 2);
    clock.advance_to(1_000_000);
    assert_eq!(rl.available(), 4);
}

#[test]
fn waiter_is_woken_when_its_tokens_arrive() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 2, 1, 100);
    assert!(rl.try_acquire(2));
    let mut a = Manual::new(rl.acquire(2));
    assert_eq!(a.poll(), Poll::Pending);
    assert_eq!(rl.queued(), 1);
    for t in [50, 100, 150, 199] {
        if let Some(p) = step_to(&clock, &mut a, t) {
            assert_eq!(p, Poll::Pending, "not enough tokens at {t}");
        }
    }
    clock.advance_to(200);
    assert!(
        a.woken(),
        "the head waiter must be woken when its tokens are available"
    );
    assert_eq!(a.poll(), Poll::Ready(Ok(())));
    assert_eq!(rl.available(), 0);
    assert_eq!(rl.queued(), 0);
}

#[test]
fn queue_order_is_the_order_of_first_poll() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 3, 1, 10);
    assert!(rl.try_acquire(3));
    let mut a = Manual::new(rl.acquire(1));
    let mut b = Manual::new(rl.acquire(1));
    // Creating a future takes no place in the queue; polling does.
    assert_eq!(rl.queued(), 0);
    assert_eq!(b.poll(), Poll::Pending);
    assert_eq!(a.poll(), Poll::Pending);
    assert_eq!(rl.queued(), 2);
    clock.advance_to(10);
    assert!(b.woken());
    assert_eq!(a.poll(), Poll::Pending, "b was queued first");
    assert_eq!(b.poll(), Poll::Ready(Ok(())));
    clock.advance_to(20);
    assert!(a.woken());
    assert_eq!(a.poll(), Poll::Ready(Ok(())));
}

#[test]
fn head_of_line_blocking_and_no_queue_jumping() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 3, 1, 10);
    assert!(rl.try_acquire(2));
    // One token left, but the first waiter needs three.
    let mut big = Manual::new(rl.acquire(3));
    assert_eq!(big.poll(), Poll::Pending);
    let mut small = Manual::new(rl.acquire(1));
    assert_eq!(small.poll(), Poll::Pending, "may not overtake the head");
    assert!(!rl.try_acquire(1), "try_acquire may not overtake waiters");
    assert_eq!(rl.available(), 1);
    clock.advance_to(10);
    if small.woken() {
        assert_eq!(small.poll(), Poll::Pending);
    }
    clock.advance_to(20);
    assert!(big.woken());
    assert_eq!(small.poll(), Poll::Pending);
    assert_eq!(big.poll(), Poll::Ready(Ok(())));
    assert_eq!(rl.available(), 0);
    clock.advance_to(30);
    assert!(small.woken());
    assert_eq!(small.poll(), Poll::Ready(Ok(())));
    assert_eq!(rl.queued(), 0);
}

#[test]
fn dropping_the_head_lets_the_next_waiter_through_at_once() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 4, 1, 10);
    assert!(rl.try_acquire(3));
    let mut head = Manual::new(rl.acquire(4));
    let mut next = Manual::new(rl.acquire(1));
    assert_eq!(head.poll(), Poll::Pending);
    assert_eq!(next.poll(), Poll::Pending);
    assert_eq!(rl.queued(), 2);
    drop(head);
    assert!(
        next.woken(),
        "the new head can be served from the token already there"
    );
    assert_eq!(rl.queued(), 0);
    assert_eq!(next.poll(), Poll::Ready(Ok(())));
    assert_eq!(rl.available(), 0);
}

#[test]
fn dropping_the_head_rearms_the_timer_for_the_new_head() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 5, 1, 10);
    assert!(rl.try_acquire(5));
    let mut head = Manual::new(rl.acquire(5));
    let mut second = Manual::new(rl.acquire(2));
    assert_eq!(head.poll(), Poll::Pending);
    assert_eq!(second.poll(), Poll::Pending);
    clock.advance_to(5);
    // No other limiter call after the drop: the drop itself must arrange the
    // wake-up of the new head.
    drop(head);
    if let Some(p) = step_to(&clock, &mut second, 10) {
        assert_eq!(p, Poll::Pending);
    }
    clock.advance_to(20);
    assert!(second.woken(), "nobody else is left to wake the new head");
    assert_eq!(second.poll(), Poll::Ready(Ok(())));
    assert_eq!(rl.queued(), 0);
}

#[test]
fn dropping_a_middle_waiter_keeps_the_others_in_order() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 2, 1, 10);
    assert!(rl.try_acquire(2));
    let mut a = Manual::new(rl.acquire(2));
    let mut b = Manual::new(rl.acquire(2));
    let mut c = Manual::new(rl.acquire(1));
    assert_eq!(a.poll(), Poll::Pending);
    assert_eq!(b.poll(), Poll::Pending);
    assert_eq!(c.poll(), Poll::Pending);
    drop(b);
    assert_eq!(rl.queued(), 2);
    clock.advance_to(10);
    if c.woken() {
        assert_eq!(c.poll(), Poll::Pending, "a is still ahead of c");
    }
    clock.advance_to(20);
    assert!(a.woken());
    assert_eq!(a.poll(), Poll::Ready(Ok(())));
    clock.advance_to(30);
    assert!(c.woken());
    assert_eq!(c.poll(), Poll::Ready(Ok(())));
}

#[test]
fn granted_but_unobserved_tokens_are_returned_on_drop() {
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 2, 2, 100);
    assert!(rl.try_acquire(2));
    let mut a = Manual::new(rl.acquire(2));
    let mut b = Manual::new(rl.acquire(2));
    assert_eq!(a.poll(), Poll::Pending);
    assert_eq!(b.poll(), Poll::Pending);
    clock.advance_to(100);
    // Polling b serves the queue: a gets the two tokens, b keeps waiting.
    assert_eq!(b.poll(), Poll::Pending);
    assert!(a.woken());
    assert_eq!(rl.available(), 0);
    assert_eq!(rl.queued(), 1);
    // a is dropped without ever observing its tokens: they go to b.
    drop(a);
    assert!(b.woken());
    assert_eq!(b.poll(), Poll::Ready(Ok(())));
    assert_eq!(rl.available(), 0);

    let mut c = Manual::new(rl.acquire(1));
    assert_eq!(c.poll(), Poll::Pending);
    clock.advance_to(200);
    assert_eq!(rl.available(), 1, "c was served by the refill");
    drop(c);
    assert_eq!(rl.available(), 2, "and gave its token back");
}

#[test]
fn limiter_and_futures_are_thread_safe_handles() {
    fn assert_send_sync<T: Send + Sync>() {}
    fn assert_send<T: Send>() {}
    assert_send_sync::<RateLimiter>();
    assert_send::<rate_limiter::Acquire>();
    let clock = FakeClock::new(0);
    let rl = limiter(&clock, 1, 1, 1);
    let handle = std::thread::spawn({
        let rl = rl.clone();
        move || rl.try_acquire(1)
    });
    assert!(handle.join().unwrap());
    assert_eq!(rl.available(), 0);
}

#[test]
fn huge_time_gaps_do_not_overflow() {
    let clock = FakeClock::new(u64::MAX / 4);
    let rl = limiter(&clock, u32::MAX, u32::MAX, 1);
    assert!(rl.try_acquire(u32::MAX));
    clock.advance_to(u64::MAX / 2);
    assert_eq!(rl.available(), u32::MAX);
    assert_eq!(clock.now(), u64::MAX / 2);
}

// ---- Part 2: tasks on the deterministic executor ----

type Log = Rc<RefCell<Vec<(&'static str, u64)>>>;

fn spawn_acquirer(
    sim: &mut Sim,
    clock: &Arc<FakeClock>,
    rl: &RateLimiter,
    log: &Log,
    name: &'static str,
    n: u32,
) {
    let (clock, rl, log) = (clock.clone(), rl.clone(), log.clone());
    sim.spawn(async move {
        rl.acquire(n).await.expect("valid amount");
        log.borrow_mut().push((name, clock.now()));
    });
}

#[test]
fn block_on_waits_for_refills() {
    let clock = FakeClock::new(0);
    let rl = RateLimiter::new(3, 1, 10, clock.clone()).unwrap();
    let (c, r) = (clock.clone(), rl.clone());
    let times = block_on(&clock, async move {
        let mut times = Vec::new();
        for _ in 0..6 {
            r.acquire(1).await.unwrap();
            times.push(c.now());
        }
        times
    });
    assert_eq!(times, vec![0, 0, 0, 10, 20, 30]);
    let r = rl.clone();
    assert_eq!(
        block_on(&clock, async move { r.acquire(0).await }),
        Err(AcquireError::ZeroPermits)
    );
    assert_eq!(
        block_on(&clock, async move { rl.acquire(4).await }),
        Err(AcquireError::ExceedsCapacity)
    );
}

#[test]
fn concurrent_tasks_are_served_fifo_with_exact_times() {
    let clock = FakeClock::new(0);
    let rl = RateLimiter::new(3, 1, 10, clock.clone()).unwrap();
    let log: Log = Rc::default();
    let mut sim = Sim::new(clock.clone());
    for (name, n) in [("a", 2), ("b", 2), ("c", 1), ("d", 3), ("e", 1)] {
        spawn_acquirer(&mut sim, &clock, &rl, &log, name, n);
    }
    sim.run();
    assert_eq!(
        *log.borrow(),
        vec![("a", 0), ("b", 10), ("c", 20), ("d", 50), ("e", 60)]
    );
}

#[test]
fn a_cancelled_waiter_releases_its_place() {
    let clock = FakeClock::new(0);
    let rl = RateLimiter::new(2, 1, 10, clock.clone()).unwrap();
    let log: Log = Rc::default();
    let mut sim = Sim::new(clock.clone());
    spawn_acquirer(&mut sim, &clock, &rl, &log, "a", 2);
    {
        // Needs 2 tokens (available at t=20) but gives up at t=15.
        let (c, r, l) = (clock.clone(), rl.clone(), log.clone());
        sim.spawn(async move {
            let res = timeout_at(&c, 15, r.acquire(2)).await;
            assert!(res.is_none(), "x should time out");
            l.borrow_mut().push(("x-timeout", c.now()));
        });
    }
    spawn_acquirer(&mut sim, &clock, &rl, &log, "b", 1);
    spawn_acquirer(&mut sim, &clock, &rl, &log, "c", 1);
    sim.run();
    let mut got = log.borrow().clone();
    got.sort_by_key(|&(name, t)| (t, name));
    // At t=15 one token (from t=10) is waiting: once x leaves, b takes it.
    assert_eq!(got, vec![("a", 0), ("b", 15), ("x-timeout", 15), ("c", 20)]);
    assert_eq!(rl.queued(), 0);
}

#[test]
fn many_tasks_share_the_rate_exactly() {
    let clock = FakeClock::new(7);
    let rl = RateLimiter::new(5, 2, 100, clock.clone()).unwrap();
    let log: Log = Rc::default();
    let mut sim = Sim::new(clock.clone());
    const NAMES: [&str; 12] = [
        "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11",
    ];
    for name in NAMES {
        spawn_acquirer(&mut sim, &clock, &rl, &log, name, 1);
    }
    sim.run();
    let times: Vec<u64> = log.borrow().iter().map(|&(_, t)| t).collect();
    let names: Vec<&str> = log.borrow().iter().map(|&(n, _)| n).collect();
    assert_eq!(names, NAMES.to_vec());
    assert_eq!(
        times,
        vec![7, 7, 7, 7, 7, 107, 107, 207, 207, 307, 307, 407]
    );
}
