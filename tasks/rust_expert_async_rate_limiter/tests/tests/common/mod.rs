//! Test support: a manual fake clock, flag wakers and a tiny deterministic
//! executor. Standard library only.
#![allow(dead_code)]

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

use rate_limiter::{Acquire, AcquireError, Clock};

/// A clock that only moves when the test says so; wakes registered wakers
/// whose deadline has been reached.
pub struct FakeClock {
    now: Mutex<u64>,
    timers: Mutex<Vec<(u64, Waker)>>,
}

impl FakeClock {
    pub fn new(start: u64) -> Arc<FakeClock> {
        Arc::new(FakeClock {
            now: Mutex::new(start),
            timers: Mutex::new(Vec::new()),
        })
    }

    pub fn advance_to(&self, t: u64) {
        {
            let mut now = self.now.lock().unwrap();
            assert!(t >= *now, "time never goes backwards");
            *now = t;
        }
        let due: Vec<Waker> = {
            let mut timers = self.timers.lock().unwrap();
            let (due, keep): (Vec<_>, Vec<_>) = timers.drain(..).partition(|(d, _)| *d <= t);
            *timers = keep;
            due.into_iter().map(|(_, w)| w).collect()
        };
        for w in due {
            w.wake();
        }
    }

    pub fn next_deadline(&self) -> Option<u64> {
        self.timers.lock().unwrap().iter().map(|(d, _)| *d).min()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> u64 {
        *self.now.lock().unwrap()
    }

    fn wake_at(&self, deadline: u64, waker: Waker) {
        if deadline <= self.now() {
            waker.wake();
        } else {
            self.timers.lock().unwrap().push((deadline, waker));
        }
    }
}

/// A waker that records that it was woken.
pub struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// One `Acquire` future polled by hand with its own flag waker.
pub struct Manual {
    fut: Pin<Box<Acquire>>,
    flag: Arc<Flag>,
    waker: Waker,
}

impl Manual {
    pub fn new(fut: Acquire) -> Manual {
        let flag = Arc::new(Flag(AtomicBool::new(false)));
        let waker = Waker::from(flag.clone());
        Manual {
            fut: Box::pin(fut),
            flag,
            waker,
        }
    }

    /// Polls once; clears the woken flag first.
    pub fn poll(&mut self) -> Poll<Result<(), AcquireError>> {
        self.flag.0.store(false, Ordering::SeqCst);
        let mut cx = Context::from_waker(&self.waker);
        self.fut.as_mut().poll(&mut cx)
    }

    pub fn woken(&self) -> bool {
        self.flag.0.load(Ordering::SeqCst)
    }
}

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// A single-threaded executor over a fake clock. Tasks are polled in spawn
/// order whenever they were woken; when no task is runnable, the clock jumps
/// to the earliest registered timer deadline.
pub struct Sim {
    clock: Arc<FakeClock>,
    tasks: Vec<Option<(Task, Arc<Flag>)>>,
}

impl Sim {
    pub fn new(clock: Arc<FakeClock>) -> Sim {
        Sim {
            clock,
            tasks: Vec::new(),
        }
    }

    pub fn spawn(&mut self, fut: impl Future<Output = ()> + 'static) {
        // New tasks start out runnable.
        let flag = Arc::new(Flag(AtomicBool::new(true)));
        self.tasks.push(Some((Box::pin(fut), flag)));
    }

    /// Runs every task to completion; panics if the tasks can never finish.
    pub fn run(&mut self) {
        for _ in 0..100_000 {
            let mut any_woken = false;
            for slot in self.tasks.iter_mut() {
                let Some((fut, flag)) = slot else { continue };
                if !flag.0.swap(false, Ordering::SeqCst) {
                    continue;
                }
                any_woken = true;
                let waker = Waker::from(flag.clone());
                let mut cx = Context::from_waker(&waker);
                if fut.as_mut().poll(&mut cx).is_ready() {
                    *slot = None;
                }
            }
            if self.tasks.iter().all(|t| t.is_none()) {
                return;
            }
            if !any_woken {
                match self.clock.next_deadline() {
                    Some(d) => self.clock.advance_to(d),
                    None => panic!("deadlock: tasks are pending but nothing will wake them"),
                }
            }
        }
        panic!("executor did not finish");
    }
}

/// Runs one future to completion on the fake clock (block_on for tests).
pub fn block_on<T: 'static>(clock: &Arc<FakeClock>, fut: impl Future<Output = T> + 'static) -> T {
    let out = Rc::new(RefCell::new(None));
    let slot = out.clone();
    let mut sim = Sim::new(clock.clone());
    sim.spawn(async move {
        *slot.borrow_mut() = Some(fut.await);
    });
    sim.run();
    let value = out.borrow_mut().take().expect("finished");
    value
}

/// Resolves once the fake clock reaches `deadline`.
pub struct Sleep {
    clock: Arc<FakeClock>,
    deadline: u64,
}

pub fn sleep_until(clock: &Arc<FakeClock>, deadline: u64) -> Sleep {
    Sleep {
        clock: clock.clone(),
        deadline,
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.clock.now() >= self.deadline {
            Poll::Ready(())
        } else {
            self.clock.wake_at(self.deadline, cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Polls `fut` until it completes or the clock reaches `deadline`; on timeout
/// the inner future is dropped (cancelled) and `None` is returned.
pub struct Timeout<F> {
    fut: Option<Pin<Box<F>>>,
    sleep: Sleep,
}

pub fn timeout_at<F: Future>(clock: &Arc<FakeClock>, deadline: u64, fut: F) -> Timeout<F> {
    Timeout {
        fut: Some(Box::pin(fut)),
        sleep: sleep_until(clock, deadline),
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Option<F::Output>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(fut) = self.fut.as_mut() {
            if let Poll::Ready(v) = fut.as_mut().poll(cx) {
                self.fut = None;
                return Poll::Ready(Some(v));
            }
        }
        if Pin::new(&mut self.sleep).poll(cx).is_ready() {
            self.fut = None; // cancel the inner future
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}
