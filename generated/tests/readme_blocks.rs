//! Every Rust block of the README is compiled and run somewhere: the blocks of
//! "Deciding a notification" and "Reading a checked message, sending a checked
//! one" here, the others
//! in the tests that hold them between `// README: <name>` and `// README: end`
//! markers (readme.rs, lifecycle.rs, webhook/tests/readme.rs), and the
//! build.rs blocks in a crate outside the workspace (tools/ci-downstream.sh,
//! which copies them from the README). `every_rust_block_of_the_readme_is_tested`
//! holds the census: a block added to the README without a test fails it.

// README: decide
use alipay_models::{Notification, runtime::Outcome};

fn decide(body: &[u8]) -> Outcome {
    match Notification::from_json(body) {
        Ok(n) => {
            for notice in n.notices() {
                eprintln!("notice: {notice}"); // log it; the notification is still valid
            }
            n.outcome()
        }
        Err(_) => Outcome::Unrecognised,
    }
}
// README: end

// README: checked
use alipay_models::{CheckedView as _, Message as _}; // checked; parse_json, ...: the runtime's traits

fn read(body: &[u8]) -> Result<(), alipay_models::FromJsonError> {
    let m = alipay_models::NotifyPaymentRequest::parse_json(body)?; // not JSON, wrong shape
    match m.checked() {
        Ok(v) => {
            let id: &str = v.payment_request_id; // required: no Option
            let amount: i64 = v.payment_amount.value;
            println!("{id}: {amount}");
        }
        Err(violations) => {
            for v in &violations {
                eprintln!("{v}"); // every violation, with its JSON pointer
            }
        }
    }
    Ok(())
}
// README: end

// README: send
use alipay_models::types::{Amount, PaymentFactor};
use alipay_models::{CaptureRequest, PayRequest};

fn capture_body(payment_id: &str) -> Result<Vec<u8>, Vec<alipay_models::runtime::Violation>> {
    // Required fields as plain values; the spec says how each travels:
    // Amount.value as a JSON string ("1000"), isLastCapture as a JSON boolean.
    let request = CaptureRequest::new(format!("capture-{payment_id}"), payment_id)
        .with_capture_amount(Amount::new("USD", 1000))
        .with_is_last_capture(false);
    request.to_json() // every violation, or the body
}

fn authorize_only(request: PayRequest) -> PayRequest {
    // isAuthorization travels as a string ("true"): the setter writes that form.
    request.with_payment_factor(PaymentFactor::new().with_is_authorization(true))
}
// README: end

#[test]
fn decide_gives_the_outcome_the_message_carries() {
    let body = br#"{"notifyType":"CAPTURE_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S"},
        "captureRequestId":"r","paymentId":"p","captureId":"c","captureAmount":{"currency":"USD","value":"1"}}"#;
    assert_eq!(decide(body), Outcome::Succeeded);
    assert_eq!(decide(b"not json"), Outcome::Unrecognised);
}

#[test]
fn read_takes_a_message_with_or_without_violations_and_refuses_what_is_not_one() {
    use alipay_models::NotifyPaymentRequest;
    let body = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S"},
        "paymentRequestId":"pr-1","paymentId":"p-1","paymentAmount":{"currency":"USD","value":"1000"}}"#;
    assert!(read(body).is_ok());
    let v = NotifyPaymentRequest::parse_json(body).unwrap();
    let view = v.checked().unwrap();
    assert_eq!((view.payment_request_id, view.payment_amount.value), ("pr-1", 1000));
    let missing = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#;
    assert!(read(missing).is_ok());
    assert!(NotifyPaymentRequest::parse_json(missing).unwrap().checked().is_err());
    assert!(read(b"[]").is_err());
}

#[test]
fn send_writes_each_value_in_the_form_the_spec_gives() {
    use alipay_models::types::{Order, PaymentMethod};
    let body: serde_json::Value = serde_json::from_slice(&capture_body("p-1").unwrap()).unwrap();
    assert_eq!(body["captureAmount"]["value"], "1000");
    assert_eq!(body["isLastCapture"], false);
    let long = "p".repeat(65);
    let violations = capture_body(&long).unwrap_err();
    assert!(violations.iter().any(|v| v.path == "/paymentId"), "{violations:?}");
    let pay = PayRequest::new(
        "pay-1",
        Order::new(),
        Amount::new("USD", 1000),
        PaymentMethod::new().with_payment_method_type("CARD"),
    );
    let pay: serde_json::Value = serde_json::from_slice(&authorize_only(pay).to_json_unchecked()).unwrap();
    assert_eq!(pay["paymentFactor"]["isAuthorization"], "true");
    assert_eq!(pay["productCode"], "CASHIER_PAYMENT", "the fixed value is filled in");
}

/// The README's Rust blocks, in order: (the line before the fence, the text).
fn readme_blocks(readme: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = readme.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line.starts_with("```rust") {
            let body: Vec<&str> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| !l.starts_with("```"))
                .collect();
            out.push((i + 1, body.join("\n")));
        }
    }
    out
}

/// The blocks a test file marks, each line trimmed (rustfmt indents a block
/// that sits inside a function).
fn marked_blocks(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in source.lines() {
        match (line.trim().strip_prefix("// README: "), current.as_mut()) {
            (Some("end"), Some(_)) => out.push(current.take().unwrap().join("\n")),
            (Some(_), None) => current = Some(Vec::new()),
            (None, Some(block)) => block.push(line.trim()),
            _ => {}
        }
    }
    out
}

fn trimmed(block: &str) -> String {
    block.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_rust_block_of_the_readme_is_tested() {
    let readme = include_str!("../../README.md");
    let sources = [
        ("generated/tests/readme_blocks.rs", include_str!("readme_blocks.rs")),
        ("generated/tests/readme.rs", include_str!("readme.rs")),
        ("generated/tests/lifecycle.rs", include_str!("lifecycle.rs")),
        ("webhook/tests/readme.rs", include_str!("../../webhook/tests/readme.rs")),
    ];
    let marked: Vec<String> = sources.iter().flat_map(|(_, s)| marked_blocks(s)).collect();
    // The README lines tools/ci-downstream.sh takes its blocks after
    // (`readme_block '<marker>'`).
    let downstream = include_str!("../../tools/ci-downstream.sh");
    let markers: Vec<&str> = downstream
        .split("readme_block '")
        .skip(1)
        .filter_map(|rest| rest.split_once('\'').map(|(m, _)| m))
        .collect();
    assert!(markers.len() >= 2, "ci-downstream.sh copies no README block");
    let copied: Vec<String> = markers
        .iter()
        .filter_map(|m| {
            let at = readme.find(m)?;
            readme_blocks(&readme[at..]).into_iter().next().map(|(_, b)| b)
        })
        .collect();
    assert_eq!(copied.len(), markers.len(), "a marker of ci-downstream.sh is not in the README");
    let blocks = readme_blocks(readme);
    assert!(blocks.len() >= 5, "{} Rust blocks in the README", blocks.len());
    let mut untested = Vec::new();
    for (line, block) in &blocks {
        let t = trimmed(block);
        if !marked.contains(&t) && !copied.contains(block) {
            untested.push(format!("README.md:{line}"));
        }
    }
    assert!(
        untested.is_empty(),
        "Rust blocks of the README that no test runs (copy each between `// README: <name>` and `// README: end` in a test of {:?}, or have tools/ci-downstream.sh copy it): {untested:?}",
        sources.iter().map(|(n, _)| *n).collect::<Vec<_>>()
    );
    assert!(
        !readme.contains("```rust,ignore"),
        "an ignored Rust block in the README: every block is compiled"
    );
}
