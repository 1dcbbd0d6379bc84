//! The README's "Calling capture" code, compiled and run against a loopback
//! gateway ("Receiving notifications" is alipay-webhook's:
//! webhook/tests/readme.rs). Each README block is copied between `// README:`
//! markers below; `the_readme_code_is_this_code` fails when the README and this
//! file differ, so a change to the README's code is caught.

#[path = "support/http.rs"]
mod http_support;

use std::io::{Read, Write};
use std::net::TcpListener;

use alipay_models::signature::{SignedTime, VerifyError};
use alipay_models::Message;
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use http_support::parse;

// README: capture
use alipay_models::runtime::client::{CallError, Client};
use alipay_models::signature::{PrivateKey, PublicKey, Signer, Verifier};
use alipay_models::{CaptureAmsRequest, CaptureAmsResponse};

/// Built once, from configuration: the gateway with the product's prefix
/// (`https://open-sea-global.alipay.com/ams/api` for AMS), the merchant's
/// client id and private key, and Alipay's public key.
fn client(
    gateway: &str,
    client_id: &str,
    merchant_private_key: &[u8],
    alipay_public_key: &[u8],
) -> Result<Client, Box<dyn std::error::Error>> {
    let signer = Signer::new(client_id, PrivateKey::parse(merchant_private_key)?);
    let alipay = Verifier::new(PublicKey::parse(alipay_public_key)?);
    Ok(Client::new(gateway, signer, alipay)?)
}

/// Captures an authorized AMS payment: `POST <gateway>/v1/payments/capture`.
/// The request is checked (one that breaks a rule never leaves:
/// `CallError::InvalidRequest` lists every violation), signed, posted; the
/// answer's signature is verified on its bytes, then it is parsed.
async fn capture(
    client: &Client,
    request: &CaptureAmsRequest,
) -> Result<CaptureAmsResponse, CallError> {
    client.call(request).await
}
// README: end

fn generate() -> Vec<u8> {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref().to_vec()
}

const RESPONSE: &[u8] =
    include_bytes!("../../tests/payloads/captureAms.response/valid/captured-with-every-field.json");

/// A loopback "Alipay" for one request: it verifies the request with the
/// merchant's public key, answers `RESPONSE` signed with Alipay's key (one
/// byte added after signing when `tamper`), and returns the request line's
/// path and whether the signature verified.
fn gateway(
    merchant: Verifier,
    alipay: Signer,
    tamper: bool,
) -> (String, std::thread::JoinHandle<(String, bool)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/ams/api", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut sock, _) = listener.accept().unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let request = loop {
            let n = sock.read(&mut chunk).unwrap();
            assert!(n > 0, "the client closed before a whole request");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(r) = parse(&buf) {
                break r;
            }
        };
        let verified = merchant.verify_request(&request).is_ok();
        let path = request.uri().path().to_string();
        let time = SignedTime::now();
        let sig = alipay.signature("POST", &path, &time, RESPONSE).unwrap();
        let mut body = RESPONSE.to_vec();
        if tamper {
            body.push(b' ');
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nclient-id: SANDBOX_MERCHANT\r\nresponse-time: {}\r\nsignature: {sig}\r\ncontent-length: {}\r\n\r\n",
            time.as_str(),
            body.len()
        );
        sock.write_all(head.as_bytes()).unwrap();
        sock.write_all(&body).unwrap();
        (path, verified)
    });
    (base, server)
}


#[test]
fn calling_capture_as_the_readme_does() {
    let (merchant_key, alipay_key) = (generate(), generate());
    let merchant_public = PrivateKey::parse(&merchant_key).unwrap().public_key();
    let alipay_public = PrivateKey::parse(&alipay_key).unwrap().public_key();
    let alipay = || Signer::new("SANDBOX_MERCHANT", PrivateKey::parse(&alipay_key).unwrap());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let request = CaptureAmsRequest::from_json(include_bytes!(
        "../../tests/payloads/captureAms.request/valid/full-capture.json"
    ))
    .unwrap();

    let (base, server) = gateway(Verifier::new(merchant_public.clone()), alipay(), false);
    let c = client(&base, "SANDBOX_MERCHANT", &merchant_key, alipay_public.der()).unwrap();
    let response = rt.block_on(capture(&c, &request)).unwrap();
    // The AMS path of the spec, after the configured prefix; signed as such.
    assert_eq!(
        server.join().unwrap(),
        ("/ams/api/v1/payments/capture".to_string(), true)
    );
    let expected = CaptureAmsResponse::from_json(RESPONSE).unwrap();
    assert_eq!(response.capture_id, expected.capture_id);
    assert!(response.capture_id.is_some());
    assert_eq!(response.to_json().unwrap(), expected.to_json().unwrap());

    // Altered after Alipay signed it: refused before it is read, bytes kept.
    let (base, server) = gateway(Verifier::new(merchant_public), alipay(), true);
    let c = client(&base, "SANDBOX_MERCHANT", &merchant_key, alipay_public.der()).unwrap();
    let e = rt.block_on(capture(&c, &request)).unwrap_err();
    assert!(
        matches!(e, CallError::BadSignature { error: VerifyError::Mismatch, .. }),
        "{e}"
    );
    assert_eq!(e.body().map(|b| b.len()), Some(RESPONSE.len() + 1));
    server.join().unwrap();

    // A request that breaks a rule never leaves: every violation, nothing sent
    // (the address has no listener: sending would be a transport error).
    let mut bad = request.clone();
    bad.capture_request_id = "x".repeat(65);
    bad.payment_id = "y".repeat(65);
    let dead = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", dead.local_addr().unwrap());
    drop(dead);
    let c = client(&base, "SANDBOX_MERCHANT", &merchant_key, alipay_public.der()).unwrap();
    match rt.block_on(capture(&c, &bad)) {
        Err(CallError::InvalidRequest(v)) => {
            let paths: Vec<&str> = v.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["/captureRequestId", "/paymentId"]);
        }
        other => panic!("{other:?}"),
    }
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
