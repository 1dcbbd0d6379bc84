//! The runtime's value rules agree with the generator's (generator/src/model/rules.rs):
//! the same cases as the generator's unit tests.

use alipay_models::runtime::*;

#[test]
fn datetimes() {
    for ok in [
        "2019-06-12T14:07:05+08:00",
        "2022-11-10T00:34:52-08:00",
        "2020-02-29T00:00:00Z",
        "2019-04-04T12:08:56.253+05:30",
    ] {
        assert!(is_rfc3339(ok), "{ok}");
        let v: DateTimeValue =
            serde_json::from_value(serde_json::Value::String(ok.into())).unwrap();
        assert!(v.value().is_some(), "{ok}");
    }
    for bad in [
        "",
        "2019-06-12",
        "2019-06-12 14:07:05+08:00",
        "2019-06-12T14:07:05",
        "2019-13-12T14:07:05Z",
        "2019-02-29T14:07:05Z",
        "2019-06-12T24:07:05Z",
        "2019-06-12T14:07:05+0800",
        "2019-06-12T14:07:05.Z",
        "1685599933871",
        "２０１９-06-12T14:07:05Z",
    ] {
        assert!(!is_rfc3339(bad), "{bad}");
    }
}

#[test]
fn numbers_and_currencies() {
    assert!(is_integer("50000") && is_integer("-1"));
    assert!(!is_integer("1.0") && !is_integer("") && !is_integer("+1"));
    assert!(is_decimal("0.064622"));
    assert!(!is_decimal("1."));
    assert!(is_currency("USD"));
    assert!(!is_currency("usd") && !is_currency("US"));
}

#[test]
fn wired_values_keep_their_form() {
    let v = IntegerValue::new_string(1000);
    assert_eq!(serde_json::to_string(&v).unwrap(), r#""1000""#);
    let d = DateTimeValue::new(
        chrono::DateTime::parse_from_rfc3339("2019-06-12T14:07:05+08:00").unwrap(),
    );
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#""2019-06-12T14:07:05+08:00""#
    );
    let x: DecimalValue = serde_json::from_str("0.064622").unwrap();
    assert_eq!(x.get().unwrap().as_str(), "0.064622");
    assert_eq!(serde_json::to_string(&x).unwrap(), "0.064622");
    assert!(DecimalValue::new_string("1.").is_none());
    let p = Path::Root;
    let a = p.field("a/b~c");
    assert_eq!(a.index(3).render(), "/a~1b~0c/3");
}

/// Audit item 1: what Alipay sends may use the ISO 8601 forms besides RFC 3339
/// (accepted, `rfc3339` false: a notice); what the merchant sends is strict RFC 3339.
#[test]
fn iso_8601_datetimes() {
    let rfc = [
        "2019-06-12T14:07:05+08:00",
        "2019-06-12t14:07:05z",
        "2019-04-04T12:08:56.253+05:30",
        "2016-12-31T23:59:60Z",
    ];
    let iso_only = [
        ("2024-03-01T09:15:00+0800", 1709255700),
        ("20240301T091500+0800", 1709255700),
        ("20240301T0915+08", 1709255700),
        ("2024-03-01T09:15+08:00", 1709255700),
        ("2024-03-01T01:15:00,5Z", 1709255700),
        ("20000229T000000Z", 951782400),
        ("2024-03-01T09:15:00+08", 1709255700),
    ];
    for s in rfc {
        let (_, is_rfc) = parse_datetime(s).unwrap_or_else(|| panic!("{s}"));
        assert!(is_rfc && is_rfc3339(s), "{s}");
    }
    for (s, ts) in iso_only {
        let (v, is_rfc) = parse_datetime(s).unwrap_or_else(|| panic!("{s}"));
        assert!(!is_rfc && !is_rfc3339(s), "{s}");
        assert_eq!(v.timestamp(), ts, "{s}");
    }
    assert_eq!(
        parse_datetime("2024-03-01T01:15:00,5Z").unwrap().0.timestamp_subsec_millis(),
        500
    );
    for bad in [
        "2019-06-12T14:07:05",
        "2019-06-12",
        "2019-06-12 14:07:05+08:00",
        "20240301T09:15:00+08:00",
        "20240301T091500+08:00",
        "2024-03-01T0915+08:00",
        "2019-02-29T14:07:05Z",
        "19000229T000000Z",
        "2020-03-02T24:00:00Z",
        "2020-W10-1T19:11:19Z",
        "2020-062T19:11:19Z",
        "2020-03-02T19:11,5-08:00",
        "2020-03-02T19:11:19+2400",
        "2020-03-02T19:11:19+08:60",
        "2020-03-02T19:11:19.Z",
        "+2020-03-02T19:11:19Z",
        "2020-03-02T19:11:19+8",
        "2020-03-02T19:11:19+08:0",
        "2020-03-02T19Z",
        "２０１９-06-12T14:07:05Z",
    ] {
        assert!(parse_datetime(bad).is_none(), "{bad}");
    }
}

/// An ISO 8601 form other than RFC 3339 is a notice in what Alipay sends and a
/// violation in what the merchant sends (`Report::expect`); a form not accepted
/// is a violation either way.
#[test]
fn datetime_form_is_an_expectation() {
    let v: DateTimeValue = serde_json::from_str(r#""2024-03-01T09:15:00+0800""#).unwrap();
    assert!(v.value().is_some());
    let p = Path::Root;
    let mut inbound = Report::with_notices(false);
    check_datetime(&mut inbound, &p, &v, "S2");
    let (violations, notices) = inbound.into_parts();
    assert!(violations.is_empty());
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].rule, Rule::DateTimeForm);
    let mut outbound = Report::new(true);
    check_datetime(&mut outbound, &p, &v, "S2");
    assert_eq!(outbound.finish().unwrap_err()[0].rule, Rule::DateTimeForm);
    let bad: DateTimeValue = serde_json::from_str(r#""2024-03-01T09:15:00""#).unwrap();
    let mut inbound = Report::with_notices(false);
    check_datetime(&mut inbound, &p, &bad, "S2");
    assert_eq!(inbound.into_parts().0[0].rule, Rule::DateTime);
    let rfc: DateTimeValue = serde_json::from_str(r#""2024-03-01T09:15:00+08:00""#).unwrap();
    let mut outbound = Report::new(true);
    check_datetime(&mut outbound, &p, &rfc, "S2");
    assert!(outbound.finish().is_ok());
}

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
