//! The rule primitives: one implementation of each rule, shared by the
//! generated code and the generator's lint. (The checks generated code calls
//! are here too, hidden from the documentation.)

use std::fmt;

use serde_json::Value;

use crate::report::{Format, Path, Report, Rule, Wire};
use crate::wire::{
    BooleanValue, DateTimeValue, DecimalValue, IntegerValue, WireEnum, WireText, Wired,
};

/// The value of a required field, after reporting it missing when it is `None`.
#[inline]
pub fn required<'a, T>(r: &mut Report, p: &Path<'_>, v: &'a Option<T>) -> Option<&'a T> {
    if v.is_none() {
        r.push(p, Rule::Required);
    }
    v.as_ref()
}

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
    // The digits of a fixed-width field, read directly (no UTF-8 check or
    // `parse`: this runs for every date-time Alipay sends).
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
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

/// Reads a date-time in the forms accepted from Alipay; the `bool` says whether
/// the text is RFC 3339 (the form of every example in the documents).
///
/// The documents say date-times "follow the ISO 8601 standard". Accepted, with
/// a calendar date (`YYYY-MM-DD` or `YYYYMMDD`) that exists, `T` (or `t`), a
/// time of day and a UTC designator or offset (ISO 8601:2000 5.4.1 and 5.4.2):
///
/// - RFC 3339: `YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm)`;
/// - ISO 8601 forms besides: the basic format `YYYYMMDDThhmmss[.f](Z|±hhmm|±hh)`,
///   an offset of hours only (`±hh`), reduced precision without seconds
///   (`YYYY-MM-DDThh:mm`, `YYYYMMDDThhmm`), a comma as decimal sign (`,f`);
/// - an extended date and time with a basic-format offset
///   (`2024-03-01T09:15:00+0800`), which ISO 8601 5.4.2 d) does not allow
///   (basic and extended are not mixed) but which is unambiguous.
///
/// Hours 00-23, minutes 00-59, seconds 00-60 (a leap second), offsets up to
/// ±23:59, `Z` or `z`. Not accepted: no offset (local time, whose zone no
/// document states), a date alone, a space for `T`, ordinal and week dates,
/// expanded years, fractions of hours or minutes, `24:00`, a basic date with an
/// extended time or offset.
pub fn parse_datetime(s: &str) -> Option<(chrono::DateTime<chrono::FixedOffset>, bool)> {
    let b = s.as_bytes();
    let num = |i: usize, n: usize| -> Option<u32> {
        let part = b.get(i..i + n)?;
        part.iter().try_fold(0u32, |a, d| {
            d.is_ascii_digit().then(|| a * 10 + u32::from(d - b'0'))
        })
    };
    let extended = b.get(4) == Some(&b'-');
    let (year, month, day, mut i) = if extended {
        if b.get(7) != Some(&b'-') {
            return None;
        }
        (num(0, 4)?, num(5, 2)?, num(8, 2)?, 10)
    } else {
        (num(0, 4)?, num(4, 2)?, num(6, 2)?, 8)
    };
    if !matches!(b.get(i), Some(b'T' | b't')) {
        return None;
    }
    let hour = num(i + 1, 2)?;
    i += 3;
    if extended {
        if b.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
    }
    let min = num(i, 2)?;
    i += 2;
    let (mut sec, mut nanos, mut seconds, mut comma) = (0, 0, false, false);
    let has_sec = if extended {
        b.get(i) == Some(&b':')
    } else {
        b.get(i).is_some_and(u8::is_ascii_digit)
    };
    if has_sec {
        i += usize::from(extended);
        sec = num(i, 2)?;
        i += 2;
        seconds = true;
        if let Some(&c @ (b'.' | b',')) = b.get(i) {
            comma = c == b',';
            let n = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            for k in 0..9 {
                let d = if k < n {
                    u32::from(b[i + 1 + k] - b'0')
                } else {
                    0
                };
                nanos = nanos * 10 + d;
            }
            i += 1 + n;
        }
    }
    let (offset, rfc_zone) = match &b[i..] {
        [b'Z' | b'z'] => (0, true),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (h, m, rfc) = match tail {
                [_, _] => (num(i + 1, 2)?, 0, false),
                [_, _, b':', _, _] if extended => (num(i + 1, 2)?, num(i + 4, 2)?, true),
                [_, _, _, _] => (num(i + 1, 2)?, num(i + 3, 2)?, false),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let secs = i32::try_from(h * 3600 + m * 60).ok()?;
            (if *sign == b'-' { -secs } else { secs }, rfc)
        }
        _ => return None,
    };
    if hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    // chrono keeps a leap second as second 59 with a fraction of 1 to 2 seconds.
    let time = if sec == 60 {
        chrono::NaiveTime::from_hms_nano_opt(hour, min, 59, 1_000_000_000 + nanos)?
    } else {
        chrono::NaiveTime::from_hms_nano_opt(hour, min, sec, nanos)?
    };
    let zone = chrono::FixedOffset::east_opt(offset)?;
    let value = date.and_time(time).and_local_timezone(zone).single()?;
    Some((value, extended && seconds && !comma && rfc_zone))
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

/// Checks a string field whose only rule is a fixed value (a notification's
/// `notifyType`): [`check_str`] with that value alone.
#[doc(hidden)]
#[inline]
pub fn check_fixed(r: &mut Report, p: &Path<'_>, v: &str, expected: &'static str) {
    check_str(r, p, v, None, Some(expected), None, "");
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

/// Checks a date-time field: a form [`parse_datetime`] does not accept is a
/// violation; an accepted form other than RFC 3339 is an expectation
/// ([`Report::expect`]: refused in what the merchant sends, noticed in what Alipay sends).
#[doc(hidden)]
pub fn check_datetime(r: &mut Report, p: &Path<'_>, v: &DateTimeValue, src: &'static str) {
    if v.value.is_none() {
        r.push(p, Rule::DateTime);
    } else if !v.raw.as_str().is_some_and(is_rfc3339) {
        r.expect(p, Rule::DateTimeForm, src);
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

/// A child constraint that only allows values: [`check_narrowed`] without a fixed value.
#[doc(hidden)]
#[inline]
pub fn check_one_of<T: WireText + ?Sized>(
    r: &mut Report,
    p: &Path<'_>,
    v: &T,
    allowed: &'static [&'static str],
    src: &'static str,
) {
    check_narrowed(r, p, v, None, allowed, src);
}

/// Whether a condition's field has one of the values.
#[doc(hidden)]
pub fn holds<T: WireText + ?Sized>(v: Option<&T>, one_of: &[&str]) -> bool {
    v.and_then(WireText::wire_text)
        .is_some_and(|t| one_of.contains(&t))
}

#[cfg(test)]
mod tests {
    /// The shorthands report what the calls they stand for report.
    #[test]
    fn check_fixed_and_check_one_of_are_their_general_checks() {
        use super::*;
        let run = |f: &dyn Fn(&mut Report, &Path<'_>)| {
            let mut r = Report::with_notices(true);
            f(&mut r, &Path::Root.field("x"));
            r.into_parts()
        };
        for v in ["A", "B"] {
            assert_eq!(
                run(&|r, p| check_fixed(r, p, v, "A")),
                run(&|r, p| check_str(r, p, v, None, Some("A"), None, "T1"))
            );
            let v = v.to_string();
            assert_eq!(
                run(&|r, p| check_one_of(r, p, &v, &["A", "C"], "T1")),
                run(&|r, p| check_narrowed(r, p, &v, None, &["A", "C"], "T1"))
            );
        }
        assert_eq!(run(&|r, p| check_fixed(r, p, "B", "A")).0.len(), 1);
        assert_eq!(
            run(&|r, p| check_one_of(r, p, &"B".to_string(), &["A"], "T1"))
                .0
                .len(),
            1
        );
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
            parse_datetime("2024-03-01T01:15:00,5Z")
                .unwrap()
                .0
                .timestamp_subsec_millis(),
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

    use super::*;
    use crate::wire::{DecimalText, DecimalValue, Wired};

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
        assert!(DecimalText::new("1.").is_none());
        // One generic constructor pair: no E0034 ambiguity, the type follows the value.
        let b = Wired::new_string(true);
        assert_eq!(serde_json::to_string(&b).unwrap(), r#""true""#);
        assert_eq!(b.value(), Some(true));
        let n: IntegerValue = Wired::new_native(-7);
        assert_eq!(serde_json::to_string(&n).unwrap(), "-7");
        let d = Wired::new_native(DecimalText::new("0.50").unwrap());
        assert_eq!(serde_json::to_string(&d).unwrap(), "0.5");
        assert_eq!(d.get().map(DecimalText::as_str), Some("0.5"));
        let s = Wired::new_string(DecimalText::from_f64(0.25).unwrap());
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""0.25""#);
        // Too large for a JSON number: kept as text, and the native check reports it.
        let big = Wired::new_native(DecimalText::new(&"9".repeat(400)).unwrap());
        assert!(big.is_string_form());
        let p = Path::Root;
        let a = p.field("a/b~c");
        assert_eq!(a.index(3).render(), "/a~1b~0c/3");
    }
}
