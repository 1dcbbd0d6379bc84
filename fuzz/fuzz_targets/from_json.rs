//! Every message's `from_json` (and `parse_json` -> `validate` -> `to_json`),
//! taken from `alipay_models::catalog::MESSAGES`, so a new API is fuzzed
//! without editing this file.
//!
//! Input: `<api>.<message>\n<bytes>`. A first line naming no message picks one
//! by its bytes, so mutations of the name still reach every message.
//!
//! Properties: nothing panics; `from_json` accepts exactly what `parse_json`
//! accepts and `validate` passes; what was parsed serializes to JSON that
//! parses again to the same bytes (the round trip a merchant relies on when
//! it stores and replays a message).
#![no_main]

use alipay_models::catalog::{self, MESSAGES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    let named = std::str::from_utf8(name)
        .ok()
        .and_then(|n| n.rsplit_once('.'))
        .and_then(|(api, message)| catalog::message(api, message));
    let entry = named.unwrap_or_else(|| {
        let pick = name.iter().fold(0usize, |a, &b| a.wrapping_add(b as usize));
        &MESSAGES[pick % MESSAGES.len()]
    });

    let checked = (entry.from_json)(body);
    match (entry.parse_json)(body) {
        Ok(parsed) => {
            let valid = parsed.validate().is_ok();
            assert_eq!(
                checked.is_ok(),
                valid,
                "{}: from_json disagrees with parse_json + validate",
                entry.name()
            );
            // What Alipay sends always serializes; what the merchant sends only when
            // valid (a message that breaks a rule never leaves).
            let json = match parsed.to_json() {
                Ok(json) => {
                    assert!(
                        entry.inbound || valid,
                        "{}: an invalid outbound message serialized",
                        entry.name()
                    );
                    json
                }
                Err(violations) => {
                    assert!(
                        !entry.inbound && !valid && !violations.is_empty(),
                        "{}: to_json refused: {violations:?}",
                        entry.name()
                    );
                    return;
                }
            };
            let again = (entry.parse_json)(&json).unwrap_or_else(|e| {
                panic!(
                    "{}: to_json wrote bytes parse_json refuses: {e:?}\n{}",
                    entry.name(),
                    String::from_utf8_lossy(&json)
                )
            });
            assert_eq!(
                again.to_json().ok(),
                Some(json),
                "{}: the round trip changed the message",
                entry.name()
            );
            assert_eq!(
                again.validate().is_ok(),
                valid,
                "{}: the round trip changed the verdict",
                entry.name()
            );
        }
        Err(_) => assert!(
            checked.is_err(),
            "{}: from_json accepted what parse_json refuses",
            entry.name()
        ),
    }
});
