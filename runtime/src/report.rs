//! Rules, violations, notices, findings, and the report that collects them along a path.

use std::fmt;

use crate::outcome::Outcome;

/// How an integer, decimal or boolean travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Wire {
    /// As a JSON string (`"20"`, `"true"`).
    String,
    /// As a JSON number or boolean.
    Native,
}

/// A named format a string must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// ISO 4217 alphabetic code: three letters A-Z.
    Currency,
    /// JSON text carried in a string.
    JsonText,
}

/// A rule a value breaks, with its limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A required field is missing.
    Required,
    /// Longer than the maximum length, in characters.
    MaxLength {
        /// The maximum, in characters.
        max: u32,
        /// The value's length, in characters.
        actual: usize,
    },
    /// Not the one value allowed.
    Fixed {
        /// The value required.
        expected: &'static str,
    },
    /// Not one of the values allowed here (an enum's values or a narrowing constraint).
    NotAllowed {
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// Not an integer (digits only, optional leading `-`).
    Integer,
    /// An integer outside the 64-bit range the value is read into
    /// (-9223372036854775808 to 9223372036854775807); the JSON Schema's
    /// pattern and bounds say the same.
    IntegerRange,
    /// Less than the minimum.
    Minimum {
        /// The smallest value allowed.
        min: i64,
    },
    /// Not a decimal number.
    Decimal,
    /// Not `true` or `false`.
    Boolean,
    /// Not an ISO 4217 currency code (three letters A-Z).
    Currency,
    /// Not a date-time with offset in a form accepted here (see [`crate::rules::parse_datetime`]).
    DateTime,
    /// A date-time in an ISO 8601 form other than the RFC 3339 one the
    /// documents' examples use (`2019-06-12T14:07:05+08:00`): a violation in
    /// what the merchant sends, a notice in what Alipay sends.
    DateTimeForm,
    /// Not JSON text.
    JsonText,
    /// Present although the field is only sent when a condition holds.
    PresentOnlyWhen {
        /// The condition, e.g. `result.resultStatus is S`.
        condition: &'static str,
    },
    /// Missing although the condition making it required holds.
    RequiredWhen {
        /// The condition.
        condition: &'static str,
    },
    /// A relation between two fields does not hold (reported at the second field).
    Relation {
        /// The relation, e.g. ``when `notifyType` is PAYMENT_RESULT, `result.resultStatus` is one of S, F``.
        relation: &'static str,
    },
    /// A field the spec does not list, in a message the merchant sends.
    UnknownField,
    /// The value is right but travels in the wrong JSON form (checked in messages the merchant sends).
    WireForm {
        /// `a JSON string` or `a JSON number or boolean`.
        expected: &'static str,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("required field is missing"),
            Rule::MaxLength { max, actual } => {
                write!(f, "max length {max} exceeded ({actual} characters)")
            }
            Rule::Fixed { expected } => write!(f, "must be the fixed value `{expected}`"),
            Rule::NotAllowed { allowed } => {
                f.write_str("not one of the allowed values ")?;
                for (i, a) in allowed.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(a)?;
                }
                Ok(())
            }
            Rule::Integer => f.write_str("not an integer (digits only, optional leading `-`)"),
            Rule::IntegerRange => write!(
                f,
                "an integer outside the 64-bit range ({} to {})",
                i64::MIN,
                i64::MAX
            ),
            Rule::Minimum { min } => write!(f, "less than the minimum {min}"),
            Rule::Decimal => f.write_str("not a decimal number"),
            Rule::Boolean => f.write_str("not `true` or `false`"),
            Rule::Currency => f.write_str("not an ISO 4217 currency code (three letters A-Z)"),
            Rule::DateTime => f.write_str(
                "not an ISO 8601 date-time with offset (e.g. 2019-06-12T14:07:05+08:00)",
            ),
            Rule::DateTimeForm => f.write_str(
                "an ISO 8601 date-time, but not in the RFC 3339 form of the documents' examples (YYYY-MM-DDThh:mm:ss[.f] with Z or \u{b1}hh:mm)",
            ),
            Rule::JsonText => f.write_str("not JSON text"),
            Rule::PresentOnlyWhen { condition } => {
                write!(f, "present, but only sent when {condition}")
            }
            Rule::RequiredWhen { condition } => write!(f, "required when {condition}"),
            Rule::Relation { relation } => write!(f, "does not hold: {relation}"),
            Rule::UnknownField => f.write_str("unknown field"),
            Rule::WireForm { expected } => write!(f, "must be sent as {expected}"),
        }
    }
}

/// A broken rule at a place in a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// JSON pointer (RFC 6901) to the value, e.g. `/captureAmount/value`.
    pub path: String,
    /// The rule broken.
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.rule)
    }
}

/// The violations as one line: `2 rule violation(s): /a: ...; /b: ...`.
pub fn violations_text(v: &[Violation]) -> String {
    use fmt::Write;
    let mut s = format!("{} rule violation(s)", v.len());
    for (i, v) in v.iter().enumerate() {
        s.push_str(if i == 0 { ": " } else { "; " });
        let _ = write!(s, "{v}");
    }
    s
}

/// A place in a message, as a chain of segments on the stack.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The message itself.
    Root,
    /// A field of the parent.
    Field(&'a Path<'a>, &'a str),
    /// An element of the parent array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The field `name` of this place.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The element `i` of this place.
    pub fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// The JSON pointer (RFC 6901): `""` for the root, `/a/0/b` below it.
    pub fn render(&self) -> String {
        let mut s = String::with_capacity(self.rendered_len());
        self.render_into(&mut s);
        s
    }

    /// An upper bound of the rendered length (escapes aside), so rendering allocates once.
    fn rendered_len(&self) -> usize {
        match self {
            Path::Root => 0,
            Path::Field(p, name) => p.rendered_len() + 1 + name.len(),
            Path::Index(p, _) => p.rendered_len() + 21,
        }
    }

    fn render_into(&self, s: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(p, name) => {
                p.render_into(s);
                s.push('/');
                if !name.bytes().any(|b| b == b'~' || b == b'/') {
                    s.push_str(name);
                    return;
                }
                for c in name.chars() {
                    match c {
                        '~' => s.push_str("~0"),
                        '/' => s.push_str("~1"),
                        c => s.push(c),
                    }
                }
            }
            Path::Index(p, i) => {
                use fmt::Write;
                p.render_into(s);
                s.push('/');
                let _ = write!(s, "{i}");
            }
        }
    }
}

/// An expectation a message Alipay sent does not meet: what the documents say
/// Alipay sends, which this message does not. It never makes the message
/// invalid (refusing it would make Alipay resend a message the merchant can
/// act on); log it, and look when it repeats.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Notice {
    /// JSON pointer (RFC 6901) to the value, e.g. `/paymentTime`.
    pub path: String,
    /// What was expected and not met.
    pub rule: Rule,
    /// The documents that state the expectation, e.g. `S2` or `IDOCS-NC, DOC-NC`.
    pub sources: &'static str,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(
            f,
            "{path}: {} (expected by {}; noticed, not refused)",
            self.rule, self.sources
        )
    }
}

/// Everything a check of one message found (see the crate's `check_json`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Findings {
    /// The rules broken: the message is invalid when this is not empty.
    pub violations: Vec<Violation>,
    /// The expectations not met (never a reason to refuse).
    pub notices: Vec<Notice>,
    /// For a notification: what it means for the merchant.
    pub outcome: Option<Outcome>,
    /// For a message Alipay sends: whether its checked view (`checked()`) was given.
    pub checked_view: Option<bool>,
}

impl Findings {
    /// What a check found: its violations, its notices, and for a notification
    /// its outcome; for a message Alipay sends, whether its checked view was given.
    pub fn new(
        violations: Vec<Violation>,
        notices: Vec<Notice>,
        outcome: Option<Outcome>,
        checked_view: Option<bool>,
    ) -> Findings {
        Findings {
            violations,
            notices,
            outcome,
            checked_view,
        }
    }
}

/// Where violations (and, when asked for, notices) are collected.
///
/// Rules come in two kinds. Those checked with [`Report::push`] refuse in
/// both directions (a required field missing, a value that is not of its
/// type). Those checked with [`Report::expect`] describe what Alipay does
/// (presence conditions, narrowings, relations, maximum lengths): in a message
/// the merchant sends they refuse like the others; in a message Alipay sends
/// they are [`Notice`]s.
#[derive(Debug)]
pub struct Report {
    strict: bool,
    collect_notices: bool,
    violations: Vec<Violation>,
    notices: Vec<Notice>,
}

impl Report {
    /// `strict` for messages the merchant sends: unknown fields and the wrong wire form are violations,
    /// and expectations are rules. Notices are not collected (nothing is allocated for them).
    pub fn new(strict: bool) -> Report {
        Report {
            strict,
            collect_notices: false,
            violations: Vec::new(),
            notices: Vec::new(),
        }
    }

    /// Like [`Report::new`], collecting notices too (see [`Report::into_notices`]).
    pub fn with_notices(strict: bool) -> Report {
        Report {
            collect_notices: true,
            ..Report::new(strict)
        }
    }

    /// Records an expectation not met: a violation in a message the merchant sends,
    /// a notice (when collected) in one Alipay sends.
    pub fn expect(&mut self, path: &Path<'_>, rule: Rule, sources: &'static str) {
        if self.strict {
            self.push(path, rule);
        } else if self.collect_notices {
            self.notices.push(Notice {
                path: path.render(),
                rule,
                sources,
            });
        }
    }

    /// The notices recorded (empty unless made by [`Report::with_notices`]).
    pub fn into_notices(self) -> Vec<Notice> {
        self.notices
    }

    /// The violations and the notices.
    pub fn into_parts(self) -> (Vec<Violation>, Vec<Notice>) {
        (self.violations, self.notices)
    }

    /// Whether unknown fields and wire forms are checked.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// Records a violation.
    pub fn push(&mut self, path: &Path<'_>, rule: Rule) {
        self.violations.push(Violation {
            path: path.render(),
            rule,
        });
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), Vec<Violation>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self.violations)
        }
    }
}
