//! `alipay-codegen diff OLD NEW`: every change between two versions of the
//! specs, classified by what it does to code built on the generated crate.
//!
//! - [`compare()`] compares two checked models into a [`Report`];
//! - [`input`] reads a spec directory or the `spec/` of a git revision;
//! - [`render`] prints a report for people (text) or programs (JSON).
//!
//! Classification depends on the message's flow, seen from the merchant:
//! *outbound* messages (requests to Alipay, acknowledgements of notifications)
//! are built by the merchant and validated strictly; *inbound* messages
//! (notifications, responses) are sent by Alipay, parsed leniently (unknown
//! fields, enum values and result codes are accepted), but code reads their
//! fields. Tightening a rule breaks outbound senders and inbound validators
//! alike. Each change is also judged on the generated Rust, as rustc and
//! cargo-semver-checks would, and the stricter verdict wins: every struct is
//! `#[non_exhaustive]`, outbound ones are built with `new(required fields)`
//! and `with_` setters, inbound ones are read through checked views whose
//! required fields are plain values. So adding an optional field is minor,
//! while making a field required or optional, in either direction, changes
//! a constructor or a view field and is breaking.
//!
//! ## JSON output
//!
//! ```json
//! {
//!   "old": "HEAD~1", "new": "spec",
//!   "breaking": true,
//!   "semver": "major",            // major | minor | patch | none
//!   "semver_0x": "minor",         // the same bump for a 0.x crate
//!   "summary": {"breaking": 1, "minor": 2, "patch": 0, "behaviour": 0},  // behaviour: notify_type_routed changes
//!   "changes": [{
//!     "group": "notifyPayment / request",
//!     "api": "notifyPayment",      // null for shared types, shared codes, sources
//!     "message": "request",        // request | response | result_codes | retry | discrepancies | null
//!     "path": "paymentId",         // field path, `Type.field`, code, subject or source id
//!     "kind": "required_changed",
//!     "class": "breaking",         // breaking | compatible
//!     "bump": "major",             // major | minor | patch: what this change alone asks for
//!     "flow": "inbound",           // inbound | outbound | both | null
//!     "detail": "field paymentId: required -> optional (inbound: ...)",
//!     "affects": []                // for shared types and codes: the places that use them
//!   }]
//! }
//! ```
//!
//! Keys are never removed or renamed within a major version of alipay-codegen;
//! `kind` values are listed in [`Kind`].

pub mod compare;
pub mod input;
pub mod render;

use serde::Serialize;

pub use compare::compare;

/// How much a change matters to code built on the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Documentation only (descriptions, examples, sources, discrepancies).
    Patch,
    /// Compatible: additions, relaxed rules.
    Minor,
    /// Breaking.
    Major,
}

impl Level {
    pub fn bump(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
    /// The same bump for a crate whose version is `0.x.y`: breaking changes
    /// bump `x`, everything else bumps `y`.
    pub fn bump_0x(self) -> &'static str {
        match self {
            Level::Major => "minor",
            Level::Minor | Level::Patch => "patch",
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            Level::Major => "breaking",
            _ => "compatible",
        }
    }
}

/// Which messages a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowTag {
    Inbound,
    Outbound,
    Both,
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ApiAdded,
    ApiRemoved,
    DirectionChanged,
    HttpChanged,
    ApiDocsChanged,
    MessageDocsChanged,
    FieldAdded,
    FieldRemoved,
    TypeChanged,
    WireChanged,
    RequiredChanged,
    MaxLengthChanged,
    MinimumChanged,
    FormatChanged,
    FixedChanged,
    DefaultChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValueDocsChanged,
    ConditionChanged,
    ConstraintChanged,
    RelationChanged,
    OutcomeChanged,
    FieldDocsChanged,
    CodeAdded,
    CodeRemoved,
    CodeStatusChanged,
    CodeActionChanged,
    CodeDocsChanged,
    RetryChanged,
    RetryDocsChanged,
    DiscrepancyAdded,
    DiscrepancyRemoved,
    DiscrepancyChanged,
    SharedTypeAdded,
    SharedTypeRemoved,
    SharedTypeDocsChanged,
    /// A shared type's generated shape changes with where it is used: lenient
    /// (every field an `Option`, `extra`, a checked view) or strict, and
    /// whether it has constructors (used in a message the merchant sends).
    SharedTypeShapeChanged,
    SourceAdded,
    SourceRemoved,
    SourceChanged,
    /// A `notifyType` decodes into another `Notification` variant (or into / out of `Unknown`).
    NotifyTypeRouted,
}

/// One change.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The heading the text output groups it under.
    pub group: String,
    pub api: Option<String>,
    pub message: Option<String>,
    pub path: String,
    pub kind: Kind,
    pub level: Level,
    pub flow: Option<FlowTag>,
    /// One sentence: the subject, the change and why it is classified so.
    pub detail: String,
    /// For shared types and codes: where they are used (`notifyPayment request.paymentAmount (inbound)`).
    pub affects: Vec<String>,
}

/// Every change between two models.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub old_label: String,
    pub new_label: String,
    pub changes: Vec<Change>,
}

impl Report {
    /// The highest level of any change, `None` when nothing changed.
    pub fn level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).max()
    }
    pub fn breaking(&self) -> bool {
        self.level() == Some(Level::Major)
    }
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }
}

/// Output format of the `diff` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Exit codes of `diff`.
pub const EXIT_OK: u8 = 0;
pub const EXIT_BREAKING: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// The `diff` command: reads both versions, prints the report on stdout,
/// errors on stderr, and returns the exit code (0 nothing breaking, 1
/// breaking, 2 usage or I/O errors, including specs that do not load).
pub fn run(old: &str, new: &str, format: Format, spec_path: &std::path::Path) -> u8 {
    use std::io::{IsTerminal, Write};
    let load = |arg: &str| -> Result<(String, crate::model::Model), String> {
        let (label, files) = input::read(arg, spec_path)?;
        match crate::spec::check::check(&files) {
            Ok(m) => Ok((label, m)),
            Err(d) => Err(format!(
                "{}{} problem(s) in the specs of `{arg}` ({label}); fix them or pick another version",
                d.render(std::path::Path::new(&label)),
                d.len()
            )),
        }
    };
    let (old_label, old_model) = match load(old) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let (new_label, new_model) = match load(new) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let mut report = compare(&old_model, &new_model);
    report.old_label = old_label;
    report.new_label = new_label;
    let out = match format {
        Format::Text => {
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            render::text(&report, color)
        }
        Format::Json => render::json_string(&report),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return EXIT_USAGE;
    }
    if report.breaking() {
        EXIT_BREAKING
    } else {
        EXIT_OK
    }
}
