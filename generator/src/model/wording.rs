//! The sentences every artifact writes about a condition, in one place.
//!
//! A field's `present_only_when` / `required_when` and a message's relations
//! reach the rustdoc, the validators' rule texts, the JSON Schema and OpenAPI
//! descriptions and the Markdown docs. Each artifact frames them its own way
//! (a doc line, a rule text, a table cell) and cites the sources its own way
//! (ids, or document titles), but the sentence itself, "`result.resultStatus`
//! is one of S, F", "present only when ...", "when A, B", is written here.

use super::{Condition, Field, Relation};

impl Condition {
    /// "`result.resultStatus` is S", or "`result.resultStatus` is one of S, F"
    /// for several values; each value as `value` writes it (plain, or as code
    /// in Markdown), then " (`sources`)" unless `sources` is empty.
    pub fn sentence(&self, value: impl Fn(&str) -> String, sources: &str) -> String {
        let field = self.field.join(".");
        let values = match self.one_of.as_slice() {
            [one] => format!("is {}", value(one)),
            many => {
                let many: Vec<String> = many.iter().map(|v| value(v)).collect();
                format!("is one of {}", many.join(", "))
            }
        };
        if sources.is_empty() {
            format!("`{field}` {values}")
        } else {
            format!("`{field}` {values} ({sources})")
        }
    }
}

impl Relation {
    /// "when `notifyType` is PAYMENT_RESULT, `result.resultStatus` is one of
    /// S, F", each condition as `condition` writes it.
    pub fn sentence(&self, condition: impl Fn(&Condition) -> String) -> String {
        format!("when {}, {}", condition(&self.when), condition(&self.then))
    }
}

/// How a field's presence depends on a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `present_only_when`: absent unless the condition holds.
    OnlyWhen,
    /// `required_when`: present whenever the condition holds.
    RequiredWhen,
}

impl Presence {
    /// The words before the condition: "present only when", "required when".
    pub fn words(self) -> &'static str {
        match self {
            Presence::OnlyWhen => "present only when",
            Presence::RequiredWhen => "required when",
        }
    }

    /// [`Presence::words`] opening a sentence: "Present only when", "Required when".
    pub fn opening(self) -> &'static str {
        match self {
            Presence::OnlyWhen => "Present only when",
            Presence::RequiredWhen => "Required when",
        }
    }
}

impl Field {
    /// The conditions on this field's presence, in the order every artifact
    /// lists them: `present_only_when`, then `required_when`.
    pub fn presence_conditions(&self) -> impl Iterator<Item = (Presence, &Condition)> {
        let only = self
            .present_only_when
            .as_ref()
            .map(|c| (Presence::OnlyWhen, c));
        let required = self
            .required_when
            .as_ref()
            .map(|c| (Presence::RequiredWhen, c));
        only.into_iter().chain(required)
    }
}
