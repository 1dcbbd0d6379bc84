//! The inbound date-time pattern of the emitted JSON Schemas agrees with the
//! runtime's `parse_datetime` (audit item 1 of issue 19).

use alipay_runtime::rules::parse_datetime;

/// The inbound date-time pattern of the emitted JSON Schemas (the `pattern` beside
/// an `x-alipay` expectation of `format: date-time`) accepts exactly what
/// `parse_datetime` accepts, over a grid of forms and edge values.
#[test]
fn inbound_schema_pattern_agrees_with_parse_datetime() {
    fn patterns(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                let expects_datetime = m
                    .get("x-alipay")
                    .and_then(|x| x.get("expected"))
                    .and_then(|e| e.as_array())
                    .is_some_and(|e| e.iter().any(|e| e["schema"]["format"] == "date-time"));
                if expects_datetime && let Some(p) = m.get("pattern").and_then(|p| p.as_str()) {
                    out.push(p.to_owned());
                }
                m.values().for_each(|c| patterns(c, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|c| patterns(c, out)),
            _ => {}
        }
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let mut found = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        patterns(&serde_json::from_str(&text).unwrap(), &mut found);
    }
    found.sort();
    found.dedup();
    assert_eq!(found.len(), 1, "one inbound date-time pattern: {found:?}");
    let validator =
        jsonschema::validator_for(&serde_json::json!({"type": "string", "pattern": found[0]}))
            .unwrap();
    let mut cases = Vec::new();
    for date in [
        "2024-03-01", "20240301", "2024-02-29", "20240229", "2023-02-29", "1900-02-29", "2000-02-29",
        "0000-02-29", "2024-04-31", "2024-04-30", "2024-12-31", "2024-13-01", "2024-00-10", "2024-1-01",
        "2024-03-1", "2024-03-00", "2024-0301", "202403-01",
    ] {
        for time in [
            "09:15:00", "091500", "09:15", "0915", "23:59:60", "24:00:00", "09:60:00", "09:15:61",
            "09:15:00.5", "09:15:00,25", "091500,5", "09:15,5", "09", "9:15:00", "09:15:00.",
        ] {
            for zone in ["Z", "z", "+08:00", "-0800", "+08", "+24:00", "+08:60", "", "+8", "-08:0"] {
                for t in ["T", "t", " "] {
                    cases.push(format!("{date}{t}{time}{zone}"));
                }
            }
        }
    }
    let mut disagree = Vec::new();
    for c in &cases {
        let rust = parse_datetime(c).is_some();
        let schema = validator.is_valid(&serde_json::Value::String(c.clone()));
        if rust != schema {
            disagree.push(format!("{c}: rust {rust}, schema {schema}"));
        }
    }
    assert!(disagree.is_empty(), "{} of {}:\n{}", disagree.len(), cases.len(), disagree.join("\n"));
}
