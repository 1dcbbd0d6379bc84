//! The intake of a notification against bare RSA-2048 verification.
//!
//! `cargo bench -p alipay-models --bench intake`
//!
//! One group, `intake/notifyPayment`, over the same signed notification (the
//! verbatim `example-notify_payment.success.ams_java_sdk.json` of the payload
//! corpus, signed at setup with an RSA-2048 key generated at setup):
//!
//! - `bare_rsa_verify`: aws-lc-rs RSA PKCS#1 v1.5 SHA-256 verification of the
//!   signed content (built once, outside the timing) with the key parsed once:
//!   the floor;
//! - `verify`: [`Verifier::verify_at`]: header parsing, percent and base64
//!   decoding, time parsing, content building, the same RSA verification, the
//!   window check;
//! - `intake`: [`Verifier::intake_at`] on an `http::Request<Bytes>`: `verify`
//!   plus header lookup, parsing and validating the notification, and the
//!   answer's bytes.
//!
//! `intake / bare_rsa_verify` is what the crate adds to the cryptography that
//! any implementation pays. The clock is fixed (`*_at`), so the window check
//! passes in every iteration.
//!
//! Instruction counts, for a machine too busy for wall clock:
//! `ALIPAY_BENCH_ITERS=<contender>=N` runs one contender N times without
//! criterion, inside `measured`, which callgrind alone counts:
//!
//! ```text
//! cargo bench -p alipay-models --bench intake --no-run
//! ALIPAY_BENCH_ITERS=intake=1000 valgrind --tool=callgrind --collect-atstart=no \
//!     --toggle-collect='*measured*' target/release/deps/intake-<hash>
//! ```

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use alipay_models::Notification;
use alipay_models::signature::{
    PrivateKey, SignedTime, Signed, Signer, Verifier, signed_content,
};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};

const BODY: &[u8] = include_bytes!(
    "../../tests/payloads/notifyPayment.request/valid/example-notify_payment.success.ams_java_sdk.json"
);
const PATH: &str = "/alipay/notify";
const CLIENT: &str = "SANDBOX_5X00000000000000";

fn benches(c: &mut Criterion) {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let key = PrivateKey::parse(AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref()).unwrap();
    let signer = Signer::new(CLIENT, key);
    let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
    let time = SignedTime::from_system_time(now);
    let signature = signer.signature("POST", PATH, &time, BODY).unwrap();
    let verifier = Verifier::new(signer.public_key());
    let request = http::Request::builder()
        .method("POST")
        .uri(PATH)
        .header("client-id", CLIENT)
        .header("request-time", time.as_str())
        .header("signature", &signature)
        .body(Bytes::from_static(BODY))
        .unwrap();
    let signed = Signed {
        method: "POST",
        path: PATH,
        client_id: CLIENT,
        time: time.as_str(),
        signature: &signature,
        body: BODY,
    };
    // The same content and signature bytes for the floor.
    let content = signed_content("POST", PATH, CLIENT, time.as_str(), BODY);
    let raw_signature = alipay_models::signature::SignatureHeader::parse(&signature)
        .unwrap()
        .signature;
    let spki = signer.public_key().der().to_vec();
    // Parsed once, as `Verifier` does: the floor is the RSA operation alone.
    let bare = aws_lc_rs::signature::ParsedPublicKey::new(
        &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
        spki,
    )
    .unwrap();
    // Every contender must accept before it is timed.
    bare.verify_sig(&content, &raw_signature).unwrap();
    verifier.verify_at(&signed, now).unwrap();
    let intake = verifier.intake_at::<Notification>(&request, now);
    assert_eq!(intake.status, http::StatusCode::OK, "{:?}", intake.outcome);

    let contenders: [(&str, &dyn Fn()); 3] = [
        ("bare_rsa_verify", &|| {
            black_box(bare.verify_sig(black_box(&content), black_box(&raw_signature))).unwrap()
        }),
        ("verify", &|| {
            black_box(verifier.verify_at(black_box(&signed), now)).unwrap();
        }),
        ("intake", &|| {
            black_box(verifier.intake_at::<Notification>(black_box(&request), now));
        }),
    ];
    if let Ok(v) = std::env::var("ALIPAY_BENCH_ITERS") {
        let (name, n) = v.rsplit_once('=').expect("ALIPAY_BENCH_ITERS=<contender>=N");
        let n: usize = n.parse().expect("N");
        let (_, f) = contenders
            .iter()
            .find(|(c, _)| *c == name)
            .expect("contender: bare_rsa_verify, verify or intake");
        measured(n, *f);
        std::process::exit(0);
    }

    let mut g = c.benchmark_group("intake/notifyPayment");
    g.bench_function("bare_rsa_verify", |b| {
        b.iter(|| bare.verify_sig(black_box(&content), black_box(&raw_signature)))
    });
    g.bench_function("verify", |b| {
        b.iter(|| verifier.verify_at(black_box(&signed), now))
    });
    g.bench_function("intake", |b| {
        b.iter(|| verifier.intake_at::<Notification>(black_box(&request), now))
    });
    g.finish();
}

/// The only function callgrind counts in `ALIPAY_BENCH_ITERS` mode
/// (`--collect-atstart=no --toggle-collect='*measured*'`), so key generation
/// (random, and so of varying cost) stays out of the count.
#[inline(never)]
fn measured(n: usize, f: &dyn Fn()) {
    for _ in 0..n {
        f();
    }
}

criterion_group!(intake, benches);
criterion_main!(intake);
