//! A deterministic parallel map on the machine's cores, with std threads only
//! (no thread-pool dependency in anyone's build graph).
//!
//! Used where the work is one independent piece per spec file or per API:
//! parsing the files, and emitting each API's files. Results come back in the
//! order of the input, so output never depends on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, spread over up to
/// `available_parallelism()` threads that take the next item as they finish.
/// A panic in `f` is re-raised on the caller's thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut all: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(worker)).collect();
        let mut all = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn keeps_the_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        let out = map(&items, |&i| {
            // Uneven work, so that threads finish out of order.
            let spin: u64 = (0..(i % 7) * 1000)
                .map(|b| std::hint::black_box(b) % 3)
                .sum();
            i + spin - spin
        });
        assert_eq!(out, items);
    }

    #[test]
    fn empty_and_single() {
        assert!(map(&[] as &[u8], |&b| b).is_empty());
        assert_eq!(map(&[7u8], |&b| b + 1), [8]);
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let r = std::panic::catch_unwind(|| map(&[1, 2, 3, 4], |&i| assert_ne!(i, 3)));
        assert!(r.is_err());
    }
}
