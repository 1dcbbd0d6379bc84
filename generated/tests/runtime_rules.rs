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
