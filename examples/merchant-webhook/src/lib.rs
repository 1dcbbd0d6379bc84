//! A merchant's notification endpoint, with models generated at build time
//! from the specs bundled in alipay-codegen (see build.rs).

#![forbid(unsafe_code)]
#![allow(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/alipay_models.rs"));

/// What the endpoint decided, and the body to answer Alipay with.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A payment or capture succeeded: fulfil the order.
    Paid { request_id: String },
    /// It failed for good: tell the user; `retry_with_new_id` says whether a new attempt may help.
    Failed {
        code: String,
        retry_with_new_id: bool,
    },
    /// The notification could not be used; Alipay is asked to send it again.
    Resend(String),
}

/// Handles one notification body; returns the decision and the bytes to answer with.
pub fn handle(body: &[u8]) -> (Outcome, Vec<u8>) {
    let resend = |why: String| {
        let ack = notify_payment::NotifyPaymentResponse::please_resend().to_json_unchecked();
        (Outcome::Resend(why), ack)
    };
    let n = match notification::Notification::from_json(body) {
        Ok(n) => n,
        Err(e) => return resend(e.to_string()),
    };
    let Some(ack) = n.ack() else {
        return resend("unknown notifyType".into());
    };
    let outcome = match &n {
        notification::Notification::NotifyPayment(p) => decide(
            p.result_code()
                .map(|c| (c.status(), c.further_action(), c.to_string())),
            p.payment_request_id.clone().unwrap_or_default(),
        ),
        notification::Notification::NotifyCapture(c) => decide(
            c.result_code()
                .map(|k| (k.status(), k.further_action(), k.to_string())),
            c.capture_request_id.clone().unwrap_or_default(),
        ),
        _ => return resend("unknown notifyType".into()),
    };
    match ack.to_json() {
        Ok(bytes) => (outcome, bytes),
        Err(v) => resend(format!("acknowledgement breaks the spec: {v:?}")),
    }
}

fn decide(
    code: Option<(
        Option<runtime::Status>,
        Option<runtime::FurtherAction>,
        String,
    )>,
    request_id: String,
) -> Outcome {
    match code {
        Some((Some(runtime::Status::S), _, _)) => Outcome::Paid { request_id },
        Some((_, action, code)) => Outcome::Failed {
            code,
            retry_with_new_id: action == Some(runtime::FurtherAction::NewRequestId),
        },
        None => Outcome::Resend("no result code".into()),
    }
}
