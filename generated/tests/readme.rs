//! The README's "Calling capture" code, compiled and run ("Receiving
//! notifications" is alipay-webhook's: webhook/tests/readme.rs). Each README block is copied between `// README:` markers below;
//! `the_readme_code_is_this_code` fails when the README and this file differ,
//! so a change to the README's code is caught.

use std::time::{SystemTime, UNIX_EPOCH};

use alipay_models::signature::{SignedTime, VerifyError};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};

use alipay_models::signature::{KeyError, Verifier};
use bytes::Bytes;

// README: capture
use alipay_models::signature::{PrivateKey, Signer};
use alipay_models::{CaptureRequest, CaptureResponse, Message};

/// The merchant's private key (PKCS#8 from the console, or PEM) and client id.
fn signer(client_id: &str, private_key: &[u8]) -> Result<Signer, KeyError> {
    Ok(Signer::new(client_id, PrivateKey::parse(private_key)?))
}

/// A signed request any HTTP client can send: Client-Id, Request-Time,
/// Signature, and the body as the exact bytes that were signed.
fn capture_request(
    signer: &Signer,
    capture: &CaptureRequest,
) -> Result<http::Request<Bytes>, Box<dyn std::error::Error>> {
    // A request that breaks a rule never leaves: `to_json` gives every violation.
    let body = capture.to_json().map_err(|violations| {
        let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
        format!("invalid capture request: {}", list.join("; "))
    })?;
    Ok(signer.post("https://open-sea-global.alipay.com/v2/payments/capture", body)?)
}

/// Alipay's answer, verified (Response-Time, Signature) before it is read.
fn capture_response(
    alipay: &Verifier,
    response: &http::Response<Bytes>,
) -> Result<CaptureResponse, Box<dyn std::error::Error>> {
    alipay.verify_response(&http::Method::POST, "/v2/payments/capture", response)?;
    Ok(CaptureResponse::from_json(response.body())?)
}
// README: end

fn generate() -> Vec<u8> {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref().to_vec()
}

#[test]
fn calling_capture_as_the_readme_does() {
    let merchant_key = generate();
    let s = signer("SANDBOX_MERCHANT", &merchant_key).unwrap();
    let capture = CaptureRequest::from_json(include_bytes!(
        "../../tests/payloads/capture.request/valid/captureAmount-absent-full-capture.json"
    ))
    .unwrap();
    let request = capture_request(&s, &capture).unwrap();
    assert_eq!(request.uri().path(), "/v2/payments/capture");
    assert_eq!(&request.body()[..], &capture.to_json().unwrap()[..]);
    // Alipay's side verifies it with the merchant's public key.
    Verifier::new(s.public_key()).verify_request(&request).unwrap();

    // Alipay answers, signed with its key.
    let alipay = Signer::new("SANDBOX_MERCHANT", PrivateKey::parse(&generate()).unwrap());
    let body = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"captureRequestId":"c-1","captureId":"2022","paymentId":"2022","captureAmount":{"currency":"USD","value":"100"},"captureTime":"2022-11-10T00:34:52-08:00"}"#;
    let time = chrono::DateTime::from_timestamp_millis(
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as i64,
    )
    .unwrap()
    .to_rfc3339();
    let sig = alipay
        .signature("POST", "/v2/payments/capture", &SignedTime::parse(&time).unwrap(), body)
        .unwrap();
    let response = http::Response::builder()
        .header("client-id", "SANDBOX_MERCHANT")
        .header("response-time", &time)
        .header("signature", sig)
        .body(Bytes::from_static(body))
        .unwrap();
    let alipay_verifier = Verifier::new(alipay.public_key());
    let parsed = capture_response(&alipay_verifier, &response).unwrap();
    assert_eq!(parsed.capture_request_id.as_deref(), Some("c-1"));
    // A response signed by anyone else is refused before it is read.
    let stranger = Verifier::new(s.public_key());
    let err = capture_response(&stranger, &response).unwrap_err();
    assert_eq!(
        err.downcast_ref::<VerifyError>(),
        Some(&VerifyError::Mismatch)
    );
}

/// The README's blocks, in order, are the marked blocks of this file.
#[test]
fn the_readme_code_is_this_code() {
    let readme = include_str!("../../README.md");
    let this = include_str!("readme.rs");
    let section = "## Calling capture";
    let start = readme.find(section).unwrap_or_else(|| panic!("README has no `{section}`"));
    let rest = &readme[start..];
    let open = rest.find("```rust\n").expect("a rust block in the section") + "```rust\n".len();
    let close = rest[open..].find("```").expect("the block closes");
    let blocks = vec![rest[open..open + close].to_string()];
    // Marked blocks: the lines between a `// README: <name>` line and `// README: end`.
    let mut marked = Vec::new();
    let mut current: Option<String> = None;
    for line in this.lines() {
        match (line.strip_prefix("// README: "), current.as_mut()) {
            (Some("end"), Some(_)) => marked.extend(current.take()),
            (Some(_), None) => current = Some(String::new()),
            (None, Some(block)) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    assert_eq!(blocks.len(), 1);
    assert_eq!(marked, blocks, "README code and tests/readme.rs differ: copy one to the other");
}
