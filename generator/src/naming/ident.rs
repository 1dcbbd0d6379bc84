//! Turning spec names (camelCase wire names, UPPER_SNAKE result codes, type
//! names) into valid Rust identifiers, as prost-build's `ident.rs` does.
//!
//! The rules:
//! - words are split on `_`, `-`, spaces, lower->upper and digit boundaries
//!   (`captureRequestId` -> `capture_request_id`, `USER_KYC_NOT_QUALIFIED` -> `UserKycNotQualified`);
//! - a name that starts with a digit gets a leading `_` (snake) or `N` (camel),
//!   since Rust identifiers cannot start with a digit;
//! - a keyword becomes a raw identifier (`type` -> `r#type`), except the
//!   keywords that cannot be raw (`self`, `Self`, `super`, `crate`, `_`),
//!   which get a trailing `_`;
//! - characters that cannot appear in an identifier are dropped; the spec
//!   checker rejects names that would lose characters, so this only happens
//!   for input that was never checked.

/// Rust keywords (strict and reserved, all editions).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits a name into lowercase words.
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let (false, Some(&prev)) = (cur.is_empty(), i.checked_sub(1).and_then(|j| chars.get(j)))
        {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (prev.is_ascii_digit() != c.is_ascii_digit())
                // "HTTPServer" -> "HTTP", "Server": an upper followed by a lower ends an acronym.
                || (prev.is_ascii_uppercase()
                    && c.is_ascii_uppercase()
                    && next.is_some_and(|n| n.is_ascii_lowercase()));
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn escape(ident: String, digit_prefix: &str) -> String {
    let ident = if ident.is_empty() {
        "_empty".to_string()
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{ident}")
    } else {
        ident
    };
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// `captureRequestId` -> `capture_request_id`; for fields and modules.
pub fn to_snake(name: &str) -> String {
    escape(words(name).join("_"), "_")
}

/// `USER_KYC_NOT_QUALIFIED` -> `UserKycNotQualified`; for types and variants.
pub fn to_upper_camel(name: &str) -> String {
    let s: String = words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    escape(s, "N")
}

/// `captureRequestId` -> `CAPTURE_REQUEST_ID`; for constants.
pub fn to_shouty_snake(name: &str) -> String {
    let s = words(name).join("_").to_ascii_uppercase();
    escape(s, "_")
}

/// Whether `name` converts to identifiers without losing characters: ASCII
/// letters, digits and `_`, at least one letter or digit.
pub fn is_convertible(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// The identifier without a `r#` prefix, for `format_ident!`-style use.
pub fn strip_raw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_wire_names() {
        assert_eq!(to_snake("captureRequestId"), "capture_request_id");
        assert_eq!(to_snake("pspCustomerInfo"), "psp_customer_info");
        assert_eq!(to_snake("customer2088Id"), "customer_2088_id");
        assert_eq!(to_snake("isLastCapture"), "is_last_capture");
        assert_eq!(to_snake("HTTPServer"), "http_server");
        assert_eq!(to_snake("already_snake"), "already_snake");
        assert_eq!(to_snake("x"), "x");
    }

    #[test]
    fn upper_camel_of_codes_and_types() {
        assert_eq!(
            to_upper_camel("USER_KYC_NOT_QUALIFIED"),
            "UserKycNotQualified"
        );
        assert_eq!(to_upper_camel("SUCCESS"), "Success");
        assert_eq!(to_upper_camel("notifyCapture"), "NotifyCapture");
        assert_eq!(to_upper_camel("Amount"), "Amount");
        assert_eq!(to_upper_camel("PspCustomerInfo"), "PspCustomerInfo");
        assert_eq!(to_upper_camel("CAPTURE_RESULT"), "CaptureResult");
    }

    #[test]
    fn every_keyword_becomes_a_valid_identifier() {
        for kw in KEYWORDS {
            let snake = to_snake(kw);
            assert!(
                snake != *kw || kw.chars().any(|c| c.is_ascii_uppercase()),
                "{kw}"
            );
            assert!(
                syn::parse_str::<syn::Ident>(&snake).is_ok(),
                "{kw} -> {snake} is not an identifier"
            );
            let camel = to_upper_camel(kw);
            assert!(
                syn::parse_str::<syn::Ident>(&camel).is_ok(),
                "{kw} -> {camel} is not an identifier"
            );
        }
    }

    #[test]
    fn non_raw_keywords_get_a_suffix() {
        assert_eq!(to_snake("self"), "self_");
        assert_eq!(to_snake("super"), "super_");
        assert_eq!(to_snake("crate"), "crate_");
        assert_eq!(to_upper_camel("self"), "Self_");
        assert_eq!(to_snake("type"), "r#type");
        assert_eq!(to_snake("Type"), "r#type");
        assert_eq!(to_snake("match"), "r#match");
        assert_eq!(to_upper_camel("SELF"), "Self_");
    }

    #[test]
    fn leading_digits_are_prefixed() {
        assert_eq!(to_snake("3dsResult"), "_3_ds_result");
        assert_eq!(to_upper_camel("3DS_FAILED"), "N3DsFailed");
        assert_eq!(to_upper_camel("404"), "N404");
        assert_eq!(to_shouty_snake("3ds"), "_3_DS");
    }

    #[test]
    fn every_convertible_name_yields_an_identifier() {
        // Exhaustive over short names from an alphabet that covers every class
        // of character a checked name may contain.
        let alphabet = ['a', 'Z', '0', '9', '_'];
        let mut names = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for n in &names {
                for c in alphabet {
                    next.push(format!("{n}{c}"));
                }
            }
            names.extend(next);
        }
        for n in names.iter().filter(|n| is_convertible(n)) {
            for ident in [to_snake(n), to_upper_camel(n), to_shouty_snake(n)] {
                assert!(
                    syn::parse_str::<syn::Ident>(&ident).is_ok()
                        || syn::parse_str::<syn::Ident>(strip_raw(&ident)).is_ok(),
                    "{n:?} -> {ident:?}"
                );
            }
        }
    }

    #[test]
    fn unconvertible_names_are_detected() {
        assert!(!is_convertible(""));
        assert!(!is_convertible("___"));
        assert!(!is_convertible("a-b"));
        assert!(!is_convertible("naïve"));
        assert!(!is_convertible("a b"));
        assert!(is_convertible("_a"));
    }
}
