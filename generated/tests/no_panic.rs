//! Arbitrary bytes and arbitrary JSON values into every from_json: no panic.

use alipay_models::*;
use proptest::prelude::*;
use serde_json::Value;

/// Every message of the crate (from the catalog, so a new API is covered) and the dispatcher.
fn all(bytes: &[u8]) {
    for entry in catalog::MESSAGES {
        let _ = (entry.from_json)(bytes);
        if let Ok(m) = (entry.parse_json)(bytes) {
            let _ = m.validate();
            let _ = m.to_json();
        }
    }
    if let Ok(n) = Notification::from_json(bytes) {
        let _ = n.to_json();
        let _ = n.ack();
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-zA-Z0-9 _:+.-]{0,80}".prop_map(Value::String),
        prop_oneof![
            Just("S"),
            Just("U"),
            Just("X"),
            Just("CAPTURE_RESULT"),
            Just("PAYMENT_RESULT"),
            Just("12a"),
            Just("2019-06-12T14:07:05+08:00")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("result".to_string()),
            Just("resultStatus".to_string()),
            Just("resultCode".to_string()),
            Just("notifyType".to_string()),
            Just("captureAmount".to_string()),
            Just("paymentAmount".to_string()),
            Just("value".to_string()),
            Just("currency".to_string()),
            Just("paymentQuote".to_string()),
            Just("quotePrice".to_string()),
            Just("paymentTime".to_string()),
            "[a-zA-Z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        all(&bytes);
    }

    #[test]
    fn arbitrary_json(v in json_value()) {
        all(&serde_json::to_vec(&v).unwrap());
    }

    #[test]
    fn parsed_messages_round_trip(v in json_value()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        // Objects only: serde's derived Deserialize of the strict (outbound) messages also
        // reads a JSON array as the fields in order, which serializes back as an object.
        for entry in catalog::MESSAGES.iter().filter(|_| v.is_object()) {
            // A message the merchant sends serializes only when valid (`to_json` refuses otherwise).
            if let Ok(m) = (entry.parse_json)(&bytes)
                && let Ok(out) = m.to_json()
            {
                let back: Value = serde_json::from_slice(&out).unwrap();
                // Explicit nulls of optional fields are dropped; everything else is kept.
                let parsed: Value = serde_json::from_slice(&bytes).unwrap();
                prop_assert_eq!(strip_nulls(back), strip_nulls(parsed), "{}", entry.name());
            }
        }
        let _ = v;
    }
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}
