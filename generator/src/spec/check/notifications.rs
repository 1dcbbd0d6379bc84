//! What only a notification has: `pending` notifyType values, the `retry`
//! schedule of its resends, and the `inquiry` API that answers a pending one.

use std::path::{Path, PathBuf};

use super::Checker;
use crate::model;
use crate::spec::raw::{self, Sp};

impl Checker {
    /// `pending` says what a notifyType means; it belongs nowhere else.
    pub(super) fn pending_only_on_notify_type(&mut self, rel: &Path, a: &raw::ApiFile) {
        let direction = a.direction.value;
        for (m, is_notification_request) in [
            (&a.request, direction == model::Direction::Notification),
            (&a.response, false),
        ] {
            for f in &m.fields {
                for v in &f.values {
                    let Some(p) = &v.pending else { continue };
                    if !(is_notification_request && f.name.value == "notifyType") {
                        self.misplaced_pending(rel, p, &v.value.value, &f.name.value);
                    }
                }
            }
        }
    }

    /// Reports `pending` on `value` of `field`, where it does not belong.
    pub(super) fn misplaced_pending(&mut self, rel: &Path, p: &Sp<bool>, value: &str, field: &str) {
        self.err(rel, p, format!("`pending` on value `{value}` of `{field}`: only a notification's `notifyType` values can be pending"))
            .help("remove `pending`; it marks a notifyType whose notification is not final (e.g. PAYMENT_PENDING)");
    }

    /// `inquiry`: on a notification only, naming a request API of the spec set.
    pub(super) fn inquiry(
        &mut self,
        rel: &Path,
        i: &raw::Inquiry,
        direction: model::Direction,
        apis: &[(PathBuf, raw::ApiFile)],
    ) -> model::Inquiry {
        self.cite(rel, &i.sources, &i.api);
        if direction != model::Direction::Notification {
            self.err(
                rel,
                &i.api,
                "`inquiry` names the API that answers a pending notification, but this API is `direction: request`",
            )
            .help("remove `inquiry`; a request API's pending result is inquired as its result codes' further actions say");
        }
        let name = &i.api.value;
        match apis.iter().find(|(_, a)| a.name.value == *name) {
            None => {
                let known: Vec<&str> = apis
                    .iter()
                    .filter(|(_, a)| a.direction.value == model::Direction::Request)
                    .map(|(_, a)| a.name.value.as_str())
                    .collect();
                let help = if known.is_empty() {
                    "this spec set has no request API: add the inquiry API's spec to apis/ first"
                        .to_string()
                } else {
                    format!(
                        "write the name of a request API in apis/ ({}), or add its spec first",
                        known.join(", ")
                    )
                };
                self.err(
                    rel,
                    &i.api,
                    format!("`inquiry` names `{name}`, which is not an API of this spec set"),
                )
                .help(help);
            }
            Some((other, a)) if a.direction.value != model::Direction::Request => {
                self.err(
                    rel,
                    &i.api,
                    format!(
                        "`inquiry` names `{name}` ({}), a notification: the merchant cannot call it",
                        other.display()
                    ),
                )
                .help("name the request API the merchant calls to learn the result, e.g. `inquiryPayment`");
            }
            Some(_) => {}
        }
        model::Inquiry {
            api: name.clone(),
            description: i.description.clone(),
            sources: i.sources.iter().map(|s| s.value.clone()).collect(),
        }
    }

    /// `outcome_field`: on a notification only, naming a top-level field of
    /// its request; each listed value one the field allows (for an enum), the
    /// two lists non-empty and disjoint.
    pub(super) fn outcome_field(
        &mut self,
        rel: &Path,
        o: &raw::OutcomeField,
        direction: model::Direction,
        request: &model::Message,
    ) -> model::OutcomeField {
        self.cite(rel, &o.sources, &o.field);
        if direction != model::Direction::Notification {
            self.err(
                rel,
                &o.field,
                "`outcome_field` says which field of a notification tells its result, but this API is `direction: request`",
            )
            .help("remove `outcome_field`; a request API's answer is read by its caller");
        }
        let name = &o.field.value;
        let allowed: Option<Vec<&str>> = match request.field(name) {
            None => {
                let fields: Vec<&str> = request.fields.iter().map(|f| f.name.as_str()).collect();
                self.err(
                    rel,
                    &o.field,
                    format!("`outcome_field` names `{name}`, which is not a field of the request"),
                )
                .help(format!(
                    "name a top-level field of the request: {}",
                    fields.join(", ")
                ));
                None
            }
            Some(f) => match &f.ty {
                model::FieldType::Enum(values) => {
                    Some(values.iter().map(|v| v.value.as_str()).collect())
                }
                model::FieldType::String => None,
                _ => {
                    self.err(
                        rel,
                        &o.field,
                        format!("`outcome_field` names `{name}`, which is not a string or an enum"),
                    )
                    .help("name the field whose text value tells the result, e.g. `refundStatus`");
                    None
                }
            },
        };
        for (list, what) in [(&o.succeeded, "succeeded"), (&o.failed, "failed")] {
            if list.is_empty() {
                self.err(
                    rel,
                    &o.field,
                    format!("`outcome_field` lists no `{what}` value"),
                )
                .help(format!(
                    "list the values of `{name}` the documents say mean {what}"
                ));
            }
            for v in list {
                if let Some(allowed) = &allowed
                    && !allowed.contains(&v.value.as_str())
                {
                    self.err(rel, v, format!("`{}` is not a value of `{name}`", v.value))
                        .help(format!("write one of {}", allowed.join(", ")));
                }
            }
        }
        for v in &o.failed {
            if o.succeeded.iter().any(|s| s.value == v.value) {
                self.err(
                    rel,
                    v,
                    format!("`{}` is listed as both succeeded and failed", v.value),
                )
                .help("a value means one result: keep it in one list");
            }
        }
        let values = |l: &[Sp<String>]| l.iter().map(|v| v.value.clone()).collect();
        model::OutcomeField {
            field: name.clone(),
            succeeded: values(&o.succeeded),
            failed: values(&o.failed),
            description: o.description.clone(),
            sources: o.sources.iter().map(|s| s.value.clone()).collect(),
        }
    }

    /// `retry`: on a notification only, one valid interval per send.
    pub(super) fn retry(
        &mut self,
        rel: &Path,
        r: &raw::Retry,
        direction: model::Direction,
    ) -> model::Retry {
        self.cite(rel, &r.sources, &r.max_sends);
        if direction != model::Direction::Notification {
            self.err(
                rel,
                &r.max_sends,
                "`retry` is a notification's resend schedule, but this API is `direction: request`",
            )
            .help("remove `retry`, or set `direction: notification` if Alipay sends this request");
        }
        if r.max_sends.value == 0 {
            self.err(
                rel,
                &r.max_sends,
                "`max_sends: 0` means the notification is never sent",
            )
            .help("write how many times the document says Alipay sends it, first send included");
        }
        let mut secs = Vec::new();
        for i in &r.intervals {
            match parse_duration(&i.value) {
                Some(s) => secs.push(s),
                None => self
                    .err(rel, i, format!("interval `{}` is not a duration", i.value))
                    .help("write a whole number and a unit: `0s`, `2m`, `10m`, `1h`, `1d`"),
            }
        }
        if secs
            .iter()
            .try_fold(0u64, |a, s| a.checked_add(*s))
            .is_none()
        {
            self.err(
                rel,
                &r.max_sends,
                "the resend intervals add up to more than 2^64 seconds",
            )
            .help("write the intervals the document gives (minutes and hours, e.g. `2m`, `1h`)");
        }
        if r.intervals.len() != r.max_sends.value as usize {
            self.err(
                rel,
                &r.max_sends,
                format!(
                    "max_sends is {} but {} intervals are listed",
                    r.max_sends.value,
                    r.intervals.len()
                ),
            )
            .help("list one interval per send, the first one included (usually `0s`)");
        }
        let window_secs = r.window.as_ref().and_then(|w| {
            let s = parse_duration(&w.value);
            if s.is_none() {
                self.err(rel, w, format!("window `{}` is not a duration", w.value))
                    .help("write a whole number and a unit, e.g. `24h`");
            }
            s
        });
        model::Retry {
            ack: r.ack.clone(),
            max_sends: r.max_sends.value,
            intervals_secs: secs,
            intervals: r.intervals.iter().map(|i| i.value.clone()).collect(),
            window_secs,
            description: r.description.clone(),
            sources: r.sources.iter().map(|s| s.value.clone()).collect(),
        }
    }
}

/// `0s`, `2m`, `1h`, `1d` -> seconds.
fn parse_duration(s: &str) -> Option<u64> {
    let unit = s.chars().last()?;
    let body = &s[..s.len() - unit.len_utf8()];
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = body.parse().ok()?;
    let mul = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86400,
        _ => return None,
    };
    n.checked_mul(mul)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration("2m"), Some(120));
        assert_eq!(parse_duration("15h"), Some(54000));
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("1x"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("-1s"), None);
        assert_eq!(parse_duration("1é"), None);
    }
}
