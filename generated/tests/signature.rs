//! Signatures: what verifies, what does not and why, header spellings, keys,
//! the intake's answers, signing. Every key is generated here (aws-lc-rs),
//! never a published one.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alipay_models::Notification;
use alipay_models::signature::{
    self, HeaderError, KeyError, PrivateKey, PublicKey, Rejection, SignatureHeader, Signed,
    SignedTime, Signer, TimeError, Verifier, VerifyError,
};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use base64::Engine as _;
use bytes::Bytes;
use http::StatusCode;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A notification as Alipay sends it: spaces and key order that a
/// re-serialization would not keep.
const BODY: &[u8] = br#"{"notifyType": "PAYMENT_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "paymentRequestId": "pay-1", "paymentId": "2020010123456789", "paymentAmount": {"value": "1000", "currency": "USD"}, "paymentCreateTime": "2020-01-01T12:01:00+08:30", "paymentTime": "2020-01-01T12:01:01+08:30"}"#;
const PATH: &str = "/alipay/notify";
const CLIENT: &str = "SANDBOX_5X00000000000000";

struct Keys {
    /// PKCS#8 DER.
    pkcs8: Vec<u8>,
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = B64.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

fn generate() -> Keys {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    let pkcs8 = AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref().to_vec();
    Keys { pkcs8 }
}

/// Alipay's key pair (it signs notifications) and another one.
fn alipay() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(generate)
}

fn other() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(generate)
}

/// Reads one DER TLV: (tag, content, rest).
fn tlv(der: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = der[0];
    let (len, head) = if der[1] < 0x80 {
        (der[1] as usize, 2)
    } else {
        let n = (der[1] & 0x7f) as usize;
        let len = der[2..2 + n].iter().fold(0usize, |a, b| a << 8 | *b as usize);
        (len, 2 + n)
    };
    (tag, &der[head..head + len], &der[head + len..])
}

/// The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo.
fn pkcs1_private(pkcs8: &[u8]) -> Vec<u8> {
    let (_, info, _) = tlv(pkcs8);
    let (_, _version, rest) = tlv(info);
    let (_, _alg, rest) = tlv(rest);
    let (tag, key, _) = tlv(rest);
    assert_eq!(tag, 0x04);
    key.to_vec()
}

/// The PKCS#1 RSAPublicKey inside a SubjectPublicKeyInfo.
fn pkcs1_public(spki: &[u8]) -> Vec<u8> {
    let (_, info, _) = tlv(spki);
    let (_, _alg, rest) = tlv(info);
    let (tag, bits, _) = tlv(rest);
    assert_eq!(tag, 0x03);
    bits[1..].to_vec()
}

fn private(k: &Keys) -> PrivateKey {
    PrivateKey::parse(pem("PRIVATE KEY", &k.pkcs8).as_bytes()).unwrap()
}

fn public(k: &Keys) -> PublicKey {
    let spki = private(k).public_key().der().to_vec();
    PublicKey::parse(pem("PUBLIC KEY", &spki).as_bytes()).unwrap()
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Alipay's signature header over the notification content at `time`.
fn sign_as_alipay(path: &str, time: &str, body: &[u8]) -> String {
    let signer = Signer::new(CLIENT, private(alipay()));
    signer
        .signature("POST", path, &SignedTime::parse(time).unwrap(), body)
        .unwrap()
}

fn signed<'a>(time: &'a str, signature: &'a str, body: &'a [u8]) -> Signed<'a> {
    Signed {
        method: "POST",
        path: PATH,
        client_id: CLIENT,
        time,
        signature,
        body,
    }
}

fn verifier() -> Verifier {
    Verifier::new(public(alipay()))
}

#[test]
fn a_genuine_notification_verifies() {
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    let v = verifier().verify(&signed(&time, &sig, BODY)).unwrap();
    assert_eq!(v.client_id, CLIENT);
    assert_eq!(v.key_version.as_deref(), Some("1"));
    assert_eq!(v.time.as_str(), time);
}

#[test]
fn one_changed_byte_of_the_body_is_a_mismatch() {
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    for i in [0, BODY.len() / 2, BODY.len() - 1] {
        let mut body = BODY.to_vec();
        body[i] ^= 0x01;
        assert_eq!(
            verifier().verify(&signed(&time, &sig, &body)),
            Err(VerifyError::Mismatch),
            "byte {i}"
        );
    }
    let mut longer = BODY.to_vec();
    longer.push(b' ');
    assert_eq!(
        verifier().verify(&signed(&time, &sig, &longer)),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn a_changed_header_or_request_line_is_a_mismatch() {
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    let base = signed(&time, &sig, BODY);
    let later = (now_ms() + 1).to_string();
    let cases = [
        Signed {
            client_id: "SANDBOX_5X00000000000001",
            ..base
        },
        Signed {
            time: &later,
            ..base
        },
        Signed {
            path: "/alipay/notify2",
            ..base
        },
        Signed {
            method: "PUT",
            ..base
        },
    ];
    for c in cases {
        assert_eq!(verifier().verify(&c), Err(VerifyError::Mismatch), "{c:?}");
    }
}

#[test]
fn the_wrong_key_is_a_mismatch() {
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    let wrong = Verifier::new(public(other()));
    assert_eq!(
        wrong.verify(&signed(&time, &sig, BODY)),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn a_truncated_or_garbled_signature_is_refused_by_kind() {
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    let header = SignatureHeader::parse(&sig).unwrap();
    let with = |bytes: &[u8]| {
        SignatureHeader {
            signature: bytes.to_vec(),
            ..header.clone()
        }
        .to_string()
    };
    // Truncated: one byte short.
    let short = with(&header.signature[..255]);
    assert_eq!(
        verifier().verify(&signed(&time, &short, BODY)),
        Err(VerifyError::SignatureLength {
            expected: 256,
            found: 255
        })
    );
    // Truncated text: cut inside the base64. Where the cut falls depends on the
    // signature (it signs the current time): inside a percent escape (`%2`),
    // inside a base64 quantum, or between quanta (a short signature).
    let cut = &sig[..sig.len() - 20];
    assert!(matches!(
        verifier().verify(&signed(&time, cut, BODY)),
        Err(VerifyError::Header(HeaderError::BadBase64 | HeaderError::BadPercentEscape)
            | VerifyError::SignatureLength { .. })
    ));
    // Garbled, same length: one bit flipped.
    let mut flipped = header.signature.clone();
    flipped[100] ^= 0x80;
    assert_eq!(
        verifier().verify(&signed(&time, &with(&flipped), BODY)),
        Err(VerifyError::Mismatch)
    );
    // Garbled text: not base64.
    assert_eq!(
        verifier().verify(&signed(
            &time,
            "algorithm=RSA256,keyVersion=1,signature=!!notbase64!!",
            BODY
        )),
        Err(VerifyError::Header(HeaderError::BadBase64))
    );
    // A broken percent escape.
    assert_eq!(
        verifier().verify(&signed(&time, "algorithm=RSA256,signature=abc%2", BODY)),
        Err(VerifyError::Header(HeaderError::BadPercentEscape))
    );
}

#[test]
fn a_replay_outside_the_window_is_refused_and_the_window_is_configurable() {
    let old = (now_ms() - 10 * 60 * 1000).to_string();
    let sig = sign_as_alipay(PATH, &old, BODY);
    let s = signed(&old, &sig, BODY);
    match verifier().verify(&s) {
        Err(VerifyError::OutsideWindow { skew_ms, window_ms }) => {
            assert!(skew_ms <= -600_000, "{skew_ms}");
            assert_eq!(window_ms, 300_000);
        }
        other => panic!("{other:?}"),
    }
    // From the future, too.
    let ahead = (now_ms() + 10 * 60 * 1000).to_string();
    let sig_ahead = sign_as_alipay(PATH, &ahead, BODY);
    assert!(matches!(
        verifier().verify(&signed(&ahead, &sig_ahead, BODY)),
        Err(VerifyError::OutsideWindow { .. })
    ));
    // A wider window, or none (stored messages), accepts it.
    let wide = verifier().window(Duration::from_secs(3600));
    assert!(wide.verify(&s).is_ok());
    assert!(verifier().without_window().verify(&s).is_ok());
    // A narrower one refuses a message 2 minutes old that the default accepts.
    let recent = (now_ms() - 120_000).to_string();
    let sig_recent = sign_as_alipay(PATH, &recent, BODY);
    let r = signed(&recent, &sig_recent, BODY);
    assert!(verifier().verify(&r).is_ok());
    assert!(matches!(
        verifier().window(Duration::from_secs(60)).verify(&r),
        Err(VerifyError::OutsideWindow { .. })
    ));
    // A forged stale message is a mismatch first: the window is checked after the signature.
    assert_eq!(
        verifier().verify(&signed(&old, &sig_ahead, BODY)),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn a_reserialized_body_does_not_verify() {
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    // The same JSON value, re-encoded (what a framework's `Json<T>` extractor hands on).
    let value: serde_json::Value = serde_json::from_slice(BODY).unwrap();
    let reencoded = serde_json::to_vec(&value).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&reencoded).unwrap(),
        value
    );
    assert_ne!(reencoded, BODY);
    assert_eq!(
        verifier().verify(&signed(&time, &sig, &reencoded)),
        Err(VerifyError::Mismatch)
    );
    // And the parsed notification's own bytes.
    let n = alipay_models::Notification::from_json(BODY).unwrap();
    assert_eq!(
        verifier().verify(&signed(&time, &sig, &n.to_json())),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn every_header_spelling_real_senders_use_verifies() {
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    let header = SignatureHeader::parse(&sig).unwrap();
    let b64 = B64.encode(&header.signature);
    let upper = sig.rsplit_once("signature=").unwrap().1.to_string();
    let lower: String = {
        // Lowercase hex in every escape, as .NET writes them.
        let mut out = String::new();
        let mut chars = upper.chars();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '%' {
                out.extend(chars.next().map(|c| c.to_ascii_lowercase()));
                out.extend(chars.next().map(|c| c.to_ascii_lowercase()));
            }
        }
        out
    };
    assert!(upper.contains('%'), "the signature has escapes to test");
    assert_ne!(lower, upper);
    let variants = [
        format!("algorithm=RSA256,keyVersion=1,signature={upper}"),
        format!("algorithm=RSA256, keyVersion=1, signature={upper}"),
        format!("algorithm=RSA256,  keyVersion=1 ,\tsignature={upper}"),
        format!("signature={upper}, algorithm=RSA256, keyVersion=1"),
        format!("keyVersion=1,signature={upper},algorithm=RSA256"),
        format!("Algorithm=RSA256, KEYVERSION=1, Signature={upper}"),
        format!("algorithm=rsa256,keyVersion=1,signature={upper}"),
        format!("algorithm=RSA256,keyVersion=1,signature={lower}"),
        format!("algorithm=RSA256,keyVersion=1,signature={b64}"),
        format!("algorithm=RSA256,signature={upper}"),
        format!("algorithm=RSA256,keyVersion=1,signature={upper},"),
    ];
    for v in &variants {
        let parsed = SignatureHeader::parse(v).unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(parsed.signature, header.signature, "{v}");
        assert!(
            verifier().verify(&signed(&time, v, BODY)).is_ok(),
            "{v}"
        );
    }

    // Header names in any case, through http's HeaderMap.
    for (c, t, s) in [
        ("client-id", "request-time", "signature"),
        ("Client-Id", "Request-Time", "Signature"),
        ("CLIENT-ID", "REQUEST-TIME", "SIGNATURE"),
    ] {
        let req = http::Request::builder()
            .method("POST")
            .uri(PATH)
            .header(c, CLIENT)
            .header(t, &time)
            .header(s, &variants[1])
            .body(BODY)
            .unwrap();
        assert!(verifier().verify_request(&req).is_ok(), "{c} {t} {s}");
    }
}

#[test]
fn ambiguous_headers_are_refused_with_a_typed_error() {
    let cases: [(&str, HeaderError); 9] = [
        ("", HeaderError::Empty),
        ("  ", HeaderError::Empty),
        (
            "algorithm=RSA256,algorithm=RSA256,signature=AAAA",
            HeaderError::DuplicateKey("algorithm".into()),
        ),
        (
            "algorithm=RSA256,signature=AAAA,Signature=AAAA",
            HeaderError::DuplicateKey("Signature".into()),
        ),
        (
            "algorithm=RSA256,keyVersion=1,keyversion=2,signature=AAAA",
            HeaderError::DuplicateKey("keyversion".into()),
        ),
        (
            "algorithm=ECC224,signature=AAAA",
            HeaderError::UnknownAlgorithm("ECC224".into()),
        ),
        ("keyVersion=1,signature=AAAA", HeaderError::MissingKey("algorithm")),
        ("algorithm=RSA256,keyVersion=1", HeaderError::MissingKey("signature")),
        (
            "algorithm=RSA256,RSA256,signature=AAAA",
            HeaderError::NoEquals("RSA256".into()),
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(SignatureHeader::parse(value), Err(expected), "{value:?}");
    }
    assert_eq!(
        SignatureHeader::parse("algorithm=,signature=AAAA"),
        Err(HeaderError::EmptyValue("algorithm"))
    );
    assert_eq!(
        SignatureHeader::parse("algorithm=RSA256,signature="),
        Err(HeaderError::EmptyValue("signature"))
    );
    assert_eq!(
        SignatureHeader::parse("algorithm=RSA256,signature=AAAA\u{e9}"),
        Err(HeaderError::NotAscii)
    );

    // The same header twice in the request.
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);
    let req = http::Request::builder()
        .method("POST")
        .uri(PATH)
        .header("client-id", CLIENT)
        .header("request-time", &time)
        .header("signature", &sig)
        .header("Signature", &sig)
        .body(BODY)
        .unwrap();
    assert_eq!(
        verifier().verify_request(&req),
        Err(VerifyError::DuplicateHeader("signature"))
    );
    // A missing one.
    let req = http::Request::builder()
        .method("POST")
        .uri(PATH)
        .header("client-id", CLIENT)
        .header("signature", &sig)
        .body(BODY)
        .unwrap();
    assert_eq!(
        verifier().verify_request(&req),
        Err(VerifyError::MissingHeader("request-time"))
    );
}

#[test]
fn both_documented_time_forms_are_read_and_signed_as_received() {
    let t = SignedTime::parse("1685599933871").unwrap();
    assert_eq!(t.epoch_millis(), 1_685_599_933_871);
    let iso = SignedTime::parse("2019-04-04T12:08:56.253+05:30").unwrap();
    assert_eq!(iso.epoch_millis(), 1_554_359_936_253);
    assert_eq!(iso.as_str(), "2019-04-04T12:08:56.253+05:30");
    assert_eq!(
        SignedTime::parse("2019-05-28T12:12:14+08:00")
            .unwrap()
            .epoch_millis(),
        1_559_016_734_000
    );
    assert_eq!(SignedTime::parse(""), Err(TimeError::Empty));
    assert!(matches!(
        SignedTime::parse("yesterday"),
        Err(TimeError::Malformed(_))
    ));
    assert!(matches!(
        SignedTime::parse("99999999999999999999999"),
        Err(TimeError::Malformed(_))
    ));

    // An ISO time verifies over its exact text (without the window: it is old).
    let time = "2019-04-04T12:08:56.253+05:30";
    let sig = sign_as_alipay(PATH, time, BODY);
    assert!(verifier()
        .without_window()
        .verify(&signed(time, &sig, BODY))
        .is_ok());
    assert!(matches!(
        verifier().verify(&signed("not a time", &sig, BODY)),
        Err(VerifyError::Time(TimeError::Malformed(_)))
    ));
}

#[test]
fn keys_are_read_in_every_form_merchants_are_handed() {
    let k = alipay();
    let spki = private(k).public_key().der().to_vec();
    let p1_pub = pkcs1_public(&spki);
    let p1_priv = pkcs1_private(&k.pkcs8);
    let time = now_ms().to_string();
    let sig = sign_as_alipay(PATH, &time, BODY);

    let publics = [
        pem("PUBLIC KEY", &spki).into_bytes(),
        B64.encode(&spki).into_bytes(),
        pem("RSA PUBLIC KEY", &p1_pub).into_bytes(),
        B64.encode(&p1_pub).into_bytes(),
        spki.clone(),
        // The console's base64 wrapped over lines, with CRLF.
        B64.encode(&spki)
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("\r\n")
            .into_bytes(),
    ];
    for (i, p) in publics.iter().enumerate() {
        let key = PublicKey::parse(p).unwrap_or_else(|e| panic!("public form {i}: {e}"));
        assert_eq!(key.modulus_len(), 256);
        assert!(
            Verifier::new(key).verify(&signed(&time, &sig, BODY)).is_ok(),
            "public form {i}"
        );
    }
    let privates = [
        pem("PRIVATE KEY", &k.pkcs8).into_bytes(),
        B64.encode(&k.pkcs8).into_bytes(),
        pem("RSA PRIVATE KEY", &p1_priv).into_bytes(),
        B64.encode(&p1_priv).into_bytes(),
        // PKCS#8 inside PKCS#1 markers, as Alipay's Python SDK wraps a console key.
        pem("RSA PRIVATE KEY", &k.pkcs8).into_bytes(),
        p1_priv.clone(),
    ];
    for (i, p) in privates.iter().enumerate() {
        let key = PrivateKey::parse(p).unwrap_or_else(|e| panic!("private form {i}: {e}"));
        let sig = Signer::new(CLIENT, key)
            .signature("POST", PATH, &SignedTime::parse(&time).unwrap(), BODY)
            .unwrap();
        assert!(
            verifier().verify(&signed(&time, &sig, BODY)).is_ok(),
            "private form {i}"
        );
    }

    // The wrong kind of key is a clear error.
    assert_eq!(
        PublicKey::parse(pem("PRIVATE KEY", &k.pkcs8).as_bytes()).unwrap_err(),
        KeyError::PrivateKeyGivenAsPublic
    );
    assert_eq!(
        PublicKey::parse(B64.encode(&k.pkcs8).as_bytes()).unwrap_err(),
        KeyError::PrivateKeyGivenAsPublic
    );
    assert_eq!(
        PrivateKey::parse(pem("PUBLIC KEY", &spki).as_bytes()).unwrap_err(),
        KeyError::PublicKeyGivenAsPrivate
    );
    assert_eq!(
        PrivateKey::parse(B64.encode(&spki).as_bytes()).unwrap_err(),
        KeyError::PublicKeyGivenAsPrivate
    );
    assert_eq!(
        PrivateKey::parse(pem("ENCRYPTED PRIVATE KEY", &k.pkcs8).as_bytes()).unwrap_err(),
        KeyError::Encrypted
    );
    assert_eq!(
        PublicKey::parse(pem("CERTIFICATE", &spki).as_bytes()).unwrap_err(),
        KeyError::UnsupportedPem("CERTIFICATE".into())
    );
    for garbage in [&b""[..], b"hello world", b"\xff\xfe", b"-----BEGIN PUBLIC KEY-----"] {
        assert_eq!(PublicKey::parse(garbage).unwrap_err(), KeyError::NotAKey);
        assert_eq!(PrivateKey::parse(garbage).unwrap_err(), KeyError::NotAKey);
    }
    assert!(matches!(
        PublicKey::parse(B64.encode(b"0 not a key").as_bytes()),
        Err(KeyError::Rejected(_))
    ));
}

fn notification_request(time: &str, signature: &str, body: &'static [u8]) -> http::Request<Bytes> {
    http::Request::builder()
        .method("POST")
        .uri(PATH)
        .header("client-id", CLIENT)
        .header("request-time", time)
        .header("signature", signature)
        .body(Bytes::from_static(body))
        .unwrap()
}

const RESEND: &[u8] =
    br#"{"result":{"resultCode":"UNKNOWN_EXCEPTION","resultStatus":"U","resultMessage":"UNKNOWN_EXCEPTION"}}"#;
const ACK: &[u8] = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;

#[test]
fn intake_answers_every_case() {
    let time = now_ms().to_string();
    let v = verifier();

    // Genuine and valid: the notification and the acknowledgement.
    let sig = sign_as_alipay(PATH, &time, BODY);
    let intake = v.intake::<Notification>(&notification_request(&time, &sig, BODY));
    assert_eq!(intake.status, StatusCode::OK);
    assert_eq!(&intake.body[..], ACK);
    let n = intake.notification().expect("accepted");
    assert_eq!(n.notify_type(), "PAYMENT_RESULT");
    let response = intake.response();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "application/json; charset=UTF-8"
    );

    // Forged: signed by another key.
    let forged = Signer::new(CLIENT, private(other()))
        .signature("POST", PATH, &SignedTime::parse(&time).unwrap(), BODY)
        .unwrap();
    let intake = v.intake::<Notification>(&notification_request(&time, &forged, BODY));
    assert_eq!(intake.status, StatusCode::UNAUTHORIZED);
    assert_eq!(&intake.body[..], RESEND);
    assert!(matches!(
        intake.outcome,
        Err(Rejection::Signature(VerifyError::Mismatch))
    ));

    // Malformed header.
    let intake = v.intake::<Notification>(&notification_request(&time, "algorithm=RSA256", BODY));
    assert_eq!(intake.status, StatusCode::BAD_REQUEST);
    assert_eq!(&intake.body[..], RESEND);

    // Genuine, but the body is not JSON: no notification, still an answer.
    const GARBAGE: &[u8] = b"{not json";
    let sig = sign_as_alipay(PATH, &time, GARBAGE);
    let intake = v.intake::<Notification>(&notification_request(&time, &sig, GARBAGE));
    assert_eq!(intake.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(&intake.body[..], RESEND);
    assert!(matches!(intake.outcome, Err(Rejection::Body { .. })));

    // Genuine, of a notifyType nobody knows.
    const UNKNOWN: &[u8] = br#"{"notifyType":"SOMETHING_NEW"}"#;
    let sig = sign_as_alipay(PATH, &time, UNKNOWN);
    let intake = v.intake::<Notification>(&notification_request(&time, &sig, UNKNOWN));
    assert_eq!(intake.status, StatusCode::UNPROCESSABLE_ENTITY);
    match intake.outcome {
        Err(Rejection::UnknownNotifyType { notify_type, .. }) => {
            assert_eq!(notify_type, "SOMETHING_NEW")
        }
        other => panic!("{other:?}"),
    }

    // Genuine, parsed, but breaking a rule: delivered with its violations and
    // acknowledged (Alipay would only resend the same bytes).
    const TOO_LONG: &[u8] = include_bytes!(
        "../../tests/payloads/notifyPayment.request/invalid/paymentAmount-value-integer-string-12a.json"
    );
    let sig = sign_as_alipay(PATH, &time, TOO_LONG);
    let intake = v.intake::<Notification>(&notification_request(&time, &sig, TOO_LONG));
    assert_eq!(intake.status, StatusCode::OK);
    assert_eq!(&intake.body[..], ACK);
    assert!(intake.notification().is_some());
    assert_eq!(intake.violations.len(), 1, "{:?}", intake.violations);
    assert_eq!(intake.violations[0].path, "/paymentAmount/value");
    // A valid one has none.
    let sig = sign_as_alipay(PATH, &time, BODY);
    assert!(v.intake::<Notification>(&notification_request(&time, &sig, BODY)).violations.is_empty());

    // The resend answer needs no notification.
    assert_eq!(&signature::please_resend_body::<Notification>()[..], RESEND);
    let r = signature::please_resend::<Notification>(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(&r.body()[..], RESEND);
}

#[test]
fn a_signed_request_verifies_with_the_same_code_and_keeps_its_bytes() {
    let merchant = Signer::new("SANDBOX_MERCHANT", private(other()));
    let body = br#"{"captureRequestId":"c-1","paymentId":"p-1","captureAmount":{"currency":"USD","value":"1000"}}"#;
    let req = merchant
        .post(
            "https://open-sea-global.alipay.com/v2/payments/capture",
            body.to_vec(),
        )
        .unwrap();
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(&req.body()[..], body);
    assert_eq!(req.headers()["client-id"], "SANDBOX_MERCHANT");
    assert_eq!(
        req.headers()["content-type"],
        "application/json; charset=UTF-8"
    );
    let time = req.headers()["request-time"].to_str().unwrap();
    assert!(time.bytes().all(|b| b.is_ascii_digit()), "epoch ms: {time}");
    let sig = req.headers()["signature"].to_str().unwrap();
    assert!(sig.starts_with("algorithm=RSA256,keyVersion=1,signature="));
    // Alipay checks it with the merchant's public key, over the path alone.
    let alipay_side = Verifier::new(merchant.public_key());
    let v = alipay_side.verify_request(&req).unwrap();
    assert_eq!(v.client_id, "SANDBOX_MERCHANT");
    // The capture path is what was signed, not the URL.
    let s = Signed {
        method: "POST",
        path: "/v2/payments/capture",
        client_id: "SANDBOX_MERCHANT",
        time,
        signature: sig,
        body,
    };
    assert!(alipay_side.verify(&s).is_ok());

    // Alipay's signed response, with an ISO 8601 Response-Time.
    let response_body = br#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;
    let response_time = chrono::DateTime::from_timestamp_millis(now_ms())
        .unwrap()
        .to_rfc3339();
    let response_sig = Signer::new(CLIENT, private(alipay()))
        .signature(
            "POST",
            "/v2/payments/capture",
            &SignedTime::parse(&response_time).unwrap(),
            response_body,
        )
        .unwrap();
    let response = http::Response::builder()
        .header("Client-Id", CLIENT)
        .header("Response-Time", &response_time)
        .header("Signature", &response_sig)
        .body(Bytes::from_static(response_body))
        .unwrap();
    assert!(verifier()
        .verify_response(&http::Method::POST, "/v2/payments/capture", &response)
        .is_ok());
    assert_eq!(
        verifier().verify_response(&http::Method::POST, "/v2/payments/other", &response),
        Err(VerifyError::Mismatch)
    );
    // A request-time header is not a response-time header.
    let wrong = http::Response::builder()
        .header("Client-Id", CLIENT)
        .header("Request-Time", &response_time)
        .header("Signature", &response_sig)
        .body(Bytes::from_static(response_body))
        .unwrap();
    assert_eq!(
        verifier().verify_response(&http::Method::POST, "/v2/payments/capture", &wrong),
        Err(VerifyError::MissingHeader("response-time"))
    );
}

#[test]
fn the_header_this_crate_writes_is_what_the_sdks_write() {
    let header = SignatureHeader {
        algorithm: signature::Algorithm::Rsa256,
        key_version: Some("1".into()),
        signature: vec![0xfb, 0xff, 0xfe, 0x00],
    };
    // base64 "+//+AA==": every special character escaped, uppercase hex (Python's quote_plus).
    assert_eq!(
        header.to_string(),
        "algorithm=RSA256,keyVersion=1,signature=%2B%2F%2F%2BAA%3D%3D"
    );
    assert_eq!(SignatureHeader::parse(&header.to_string()).unwrap(), header);
}
