//! `Notification::from_json`: the one entry point a webhook calls with the
//! raw body, dispatching on `notifyType` to every notification API.
//!
//! Properties: nothing panics; `from_json` accepts exactly what `parse_json`
//! accepts and `validate` passes; a parsed notification serializes to JSON
//! that dispatches to the same `notifyType` and serializes to the same bytes.
#![no_main]

use alipay_models::Notification;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let checked = Notification::from_json(data);
    match Notification::parse_json(data) {
        Ok(n) => {
            let valid = n.validate().is_ok();
            assert_eq!(checked.is_ok(), valid);
            let _ = (n.ack(), n.please_resend());
            let json = n.to_json();
            let again = Notification::parse_json(&json).unwrap_or_else(|e| {
                panic!(
                    "to_json wrote bytes parse_json refuses: {e:?}\n{}",
                    String::from_utf8_lossy(&json)
                )
            });
            assert_eq!(again.notify_type(), n.notify_type());
            assert_eq!(again.to_json(), json);
        }
        Err(_) => assert!(checked.is_err()),
    }
});
