//! The rule primitives: one implementation of each rule, shared by the
//! generated code and the generator's lint. (The checks generated code calls
//! are here too, hidden from the documentation.)

use std::fmt;

use serde_json::Value;

use crate::report::{Format, Path, Report, Rule, Wire};
use crate::wire::{
    BooleanValue, DateTimeValue, DecimalValue, IntegerValue, WireEnum, WireText, Wired,
};

/// An optional `-` and one or more ASCII digits.
pub fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Three ASCII uppercase letters.
pub fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// `-?digits(.digits)?`
pub fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(min), Some(sec)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return false;
    };
    if b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days || hour > 23 || min > 59 || sec > 60 {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(r) = rest.strip_prefix(b".") {
        let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &r[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let digits = [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit());
            digits && (h1 - b'0') * 10 + (h2 - b'0') <= 23 && (m1 - b'0') * 10 + (m2 - b'0') <= 59
        }
        _ => false,
    }
}

/// Counts the characters written, without storing them.
struct CharCount(usize);

impl fmt::Write for CharCount {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.chars().count();
        Ok(())
    }
}

/// The length in characters of a scalar's text form, without allocating.
fn text_len(raw: &Value) -> Option<usize> {
    use fmt::Write;
    match raw {
        Value::String(s) => Some(s.chars().count()),
        Value::Number(n) => {
            let mut c = CharCount(0);
            write!(c, "{n}").ok()?;
            Some(c.0)
        }
        Value::Bool(b) => Some(if *b { 4 } else { 5 }),
        _ => None,
    }
}

/// Records a [`Rule::MaxLength`] when `s` has more than `max` characters. A
/// string has no more characters than bytes, so one within `max` bytes is not
/// counted.
///
/// A maximum length is an expectation ([`Report::expect`]): refused in what the
/// merchant sends, noticed in what Alipay sends.
fn check_str_max(r: &mut Report, p: &Path<'_>, s: &str, max: Option<u32>, src: &'static str) {
    if let Some(max) = max.filter(|&max| s.len() > max as usize) {
        let actual = s.chars().count();
        if actual > max as usize {
            r.expect(p, Rule::MaxLength { max, actual }, src);
        }
    }
}

/// [`check_str_max`] for a wire value's text form (a string, number or boolean).
fn check_raw_max(r: &mut Report, p: &Path<'_>, raw: &Value, max: Option<u32>, src: &'static str) {
    match (raw, max) {
        (_, None) => {}
        (Value::String(s), _) => check_str_max(r, p, s, max, src),
        (raw, Some(max)) => {
            if let Some(actual) = text_len(raw).filter(|&actual| actual > max as usize) {
                r.expect(p, Rule::MaxLength { max, actual }, src);
            }
        }
    }
}

fn check_wire<T>(r: &mut Report, p: &Path<'_>, v: &Wired<T>, wire: Wire) {
    if !r.strict() || v.value.is_none() {
        return;
    }
    match (wire, v.raw.is_string()) {
        (Wire::String, false) => r.push(
            p,
            Rule::WireForm {
                expected: "a JSON string",
            },
        ),
        (Wire::Native, true) => r.push(
            p,
            Rule::WireForm {
                expected: "a JSON number or boolean",
            },
        ),
        _ => {}
    }
}

/// Checks a string field.
#[doc(hidden)]
pub fn check_str(
    r: &mut Report,
    p: &Path<'_>,
    v: &str,
    max: Option<u32>,
    fixed: Option<&'static str>,
    format: Option<Format>,
    src: &'static str,
) {
    check_str_max(r, p, v, max, src);
    if let Some(expected) = fixed.filter(|&expected| v != expected) {
        r.push(p, Rule::Fixed { expected });
    }
    match format {
        Some(Format::Currency) if !is_currency(v) => r.push(p, Rule::Currency),
        Some(Format::JsonText) if serde_json::from_str::<serde::de::IgnoredAny>(v).is_err() => {
            r.push(p, Rule::JsonText)
        }
        _ => {}
    }
}

/// Checks an enum field: membership, fixed value, length.
#[doc(hidden)]
pub fn check_enum<E: WireEnum>(
    r: &mut Report,
    p: &Path<'_>,
    v: &E,
    max: Option<u32>,
    fixed: Option<&'static str>,
    src: &'static str,
) {
    check_str_max(r, p, v.as_str(), max, src);
    // A value the spec does not know is accepted from Alipay (it decodes into
    // `Unknown`, so a new value never breaks a merchant), and refused in what
    // the merchant sends.
    if !v.is_known() && r.strict() {
        r.push(p, Rule::NotAllowed { allowed: E::KNOWN });
    }
    if let Some(expected) = fixed.filter(|&expected| v.as_str() != expected) {
        r.push(p, Rule::Fixed { expected });
    }
}

/// Checks an integer field.
#[doc(hidden)]
pub fn check_integer(
    r: &mut Report,
    p: &Path<'_>,
    v: &IntegerValue,
    wire: Wire,
    minimum: Option<i64>,
    max: Option<u32>,
    src: &'static str,
) {
    check_raw_max(r, p, &v.raw, max, src);
    match v.value {
        None if integer_out_of_range(&v.raw) => r.push(p, Rule::IntegerRange),
        None => r.push(p, Rule::Integer),
        Some(n) => {
            if let Some(min) = minimum.filter(|&min| n < min) {
                r.push(p, Rule::Minimum { min });
            }
        }
    }
    check_wire(r, p, v, wire);
}

/// Whether a value that did not read as an i64 is nevertheless a whole number.
fn integer_out_of_range(raw: &Value) -> bool {
    match raw {
        Value::String(s) => is_integer(s),
        Value::Number(n) => {
            n.is_u64()
                || n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() >= 9.2e18)
        }
        _ => false,
    }
}

/// Checks a decimal field.
#[doc(hidden)]
pub fn check_decimal(
    r: &mut Report,
    p: &Path<'_>,
    v: &DecimalValue,
    wire: Wire,
    max: Option<u32>,
    src: &'static str,
) {
    check_raw_max(r, p, &v.raw, max, src);
    if v.value.is_none() {
        r.push(p, Rule::Decimal);
    }
    check_wire(r, p, v, wire);
}

/// Checks a boolean field.
#[doc(hidden)]
pub fn check_boolean(r: &mut Report, p: &Path<'_>, v: &BooleanValue, wire: Wire) {
    if v.value.is_none() {
        r.push(p, Rule::Boolean);
    }
    check_wire(r, p, v, wire);
}

/// Checks a date-time field.
#[doc(hidden)]
pub fn check_datetime(r: &mut Report, p: &Path<'_>, v: &DateTimeValue) {
    if v.value.is_none() {
        r.push(p, Rule::DateTime);
    }
}

/// In strict mode, every field a lenient shared object kept but the spec does not list.
#[doc(hidden)]
pub fn check_extra(r: &mut Report, p: &Path<'_>, extra: &serde_json::Map<String, Value>) {
    if r.strict() {
        for k in extra.keys() {
            r.push(&p.field(k), Rule::UnknownField);
        }
    }
}

/// A child constraint: `fixed` / `allowed` values of a field of a shared object, where it is used.
/// An expectation ([`Report::expect`]).
#[doc(hidden)]
pub fn check_narrowed<T: WireText + ?Sized>(
    r: &mut Report,
    p: &Path<'_>,
    v: &T,
    fixed: Option<&'static str>,
    allowed: &'static [&'static str],
    src: &'static str,
) {
    let text = v.wire_text();
    if let Some(expected) = fixed.filter(|&expected| text != Some(expected)) {
        r.expect(p, Rule::Fixed { expected }, src);
    }
    if !allowed.is_empty() && !text.is_some_and(|t| allowed.contains(&t)) {
        r.expect(p, Rule::NotAllowed { allowed }, src);
    }
}

/// Whether a condition's field has one of the values.
#[doc(hidden)]
pub fn holds<T: WireText + ?Sized>(v: Option<&T>, one_of: &[&str]) -> bool {
    v.and_then(WireText::wire_text)
        .is_some_and(|t| one_of.contains(&t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::DecimalValue;

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
}
