//! The rules a scalar value must satisfy, as the checker applies them to the
//! specs' own examples and fixed values. The generated validators implement
//! the same rules in the generated crate; tests hold the two together.

use super::{Field, FieldType, StringFormat};

/// Every rule of `field` that `value` (the text form of a scalar) breaks, as
/// sentences. Object and array fields have no scalar rules.
pub fn scalar_violations(field: &Field, value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars = value.chars().count();
    if let Some(max) = field.max_length
        && chars > max as usize
    {
        out.push(format!(
            "is {chars} characters long, more than max_length {max}"
        ));
    }
    if let Some(fixed) = &field.fixed
        && value != fixed
    {
        out.push(format!("is not the fixed value `{fixed}`"));
    }
    match &field.ty {
        FieldType::String => match field.format {
            Some(StringFormat::Currency) if !is_currency(value) => {
                out.push("is not an ISO 4217 currency code (three letters A-Z)".into())
            }
            Some(StringFormat::JsonText)
                if serde_json::from_str::<serde_json::Value>(value).is_err() =>
            {
                out.push("is not JSON text".into())
            }
            _ => {}
        },
        FieldType::Integer => match parse_integer(value) {
            None if is_integer_text(value) => out.push(format!(
                "is outside the 64-bit range of integers ({} to {}) that the generated code, the runtime and the schema accept",
                i64::MIN,
                i64::MAX
            )),
            None => out.push("is not an integer (digits only, optional leading `-`)".into()),
            Some(n) => {
                if let Some(min) = field.minimum
                    && n < min
                {
                    out.push(format!("is less than the minimum {min}"));
                }
            }
        },
        FieldType::Decimal => {
            if !is_decimal(value) {
                out.push("is not a decimal number".into());
            }
        }
        FieldType::Boolean => {
            if value != "true" && value != "false" {
                out.push("is not `true` or `false`".into());
            }
        }
        FieldType::Datetime => {
            if !is_rfc3339(value) {
                out.push(
                    "is not an ISO 8601 date-time with offset (e.g. 2019-06-12T14:07:05+08:00)"
                        .into(),
                );
            }
        }
        FieldType::Enum(values) => {
            if !values.iter().any(|v| v.value == value) {
                let known: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                out.push(format!("is not one of the values {}", known.join(", ")));
            }
        }
        FieldType::Object(_) | FieldType::Array(_) => {}
    }
    out
}

/// Three ASCII uppercase letters.
pub fn is_currency(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// An optional `-` and one or more ASCII digits, of any length.
pub fn is_integer_text(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The value of an integer text ([`is_integer_text`]) when it fits an i64,
/// as the generated runtime reads it (leading zeros allowed, `-0` is 0).
pub fn parse_integer(s: &str) -> Option<i64> {
    if !is_integer_text(s) {
        return None;
    }
    s.parse().ok()
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

/// RFC 3339 `date-time` (the profile of ISO 8601 that JSON Schema's `date-time` uses):
/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes() {
        for ok in [
            "2019-06-12T14:07:05+08:00",
            "2022-11-10T00:34:52-08:00",
            "2020-02-29T00:00:00Z",
            "2019-04-04T12:08:56.253+05:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
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
        assert_eq!(parse_integer("50000"), Some(50000));
        assert_eq!(parse_integer("-1"), Some(-1));
        assert_eq!(parse_integer("1.0"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_integer("+1"), None);
        assert_eq!(parse_integer("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_integer("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_integer("00009223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_integer("9223372036854775808"), None);
        assert!(is_integer_text("99999999999999999999"));
        assert!(is_decimal("0.064622"));
        assert!(!is_decimal("1."));
        assert!(is_currency("USD"));
        assert!(!is_currency("usd"));
        assert!(!is_currency("US"));
    }
}
