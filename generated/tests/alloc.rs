//! Validating a valid message allocates nothing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use alipay_models::Message as _;
use alipay_models::*;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: delegates to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
}

fn load(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn validating_valid_messages_allocates_nothing() {
    let nc = NotifyCaptureRequest::parse_json(&load("notify_capture.fail.json")).unwrap();
    let np = NotifyPaymentRequest::parse_json(&load("notify_payment.success.ams_java_sdk.json"))
        .unwrap();
    let cq = CaptureRequest::parse_json(
        br#"{"captureRequestId":"c1","paymentId":"p1","captureAmount":{"value":"1000","currency":"USD"},"isLastCapture":false,"extendInfo":"{\"memo\":\"memo\"}"}"#,
    )
    .unwrap();
    let cr = CaptureResponse::parse_json(&load("seed003.capture.response.json")).unwrap();
    let ack = NotifyCaptureResponse::ack();
    let n = Notification::parse_json(&load("notify_payment.success.ams_java_sdk.json")).unwrap();
    assert_eq!(allocations(|| assert!(nc.validate().is_ok())), 0);
    assert_eq!(allocations(|| assert!(np.validate().is_ok())), 0);
    assert_eq!(allocations(|| assert!(cq.validate().is_ok())), 0);
    assert_eq!(allocations(|| assert!(cr.validate().is_ok())), 0);
    assert_eq!(allocations(|| assert!(ack.validate().is_ok())), 0);
    assert_eq!(allocations(|| assert!(n.validate().is_ok())), 0);
    // The counter works: an invalid message allocates its violations.
    let bad = NotifyCaptureRequest::parse_json(b"{}").unwrap();
    assert!(allocations(|| assert!(bad.validate().is_err())) > 0);
}

/// Every valid case of the payload corpus validates without allocating, for
/// every message of the crate (from `alipay_models::catalog`): a new API is
/// covered as soon as it has corpus cases.
#[test]
fn every_valid_corpus_case_validates_without_allocating() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/payloads");
    for entry in catalog::MESSAGES {
        let dir = root.join(entry.name()).join("valid");
        let mut seen = 0;
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e} (every message needs valid corpus cases)", dir.display()));
        for file in entries {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let m = (entry.parse_json)(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(allocations(|| assert!(m.validate().is_ok())), 0, "{}", path.display());
            seen += 1;
        }
        assert!(seen > 0, "{} has no valid cases", dir.display());
    }
}
