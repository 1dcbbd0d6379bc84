//! The signature header parser and everything else that reads what a stranger
//! sends to a notification endpoint: the `Signature` header, the time header,
//! keys, and a whole verification. No input may panic; a header that parses
//! prints back to a header that parses to the same value.
#![no_main]

use alipay_models::signature::{
    PrivateKey, PublicKey, SignatureHeader, Signed, SignedTime, Verifier,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match selector % 4 {
        0 | 1 => {
            if let Ok(h) = SignatureHeader::parse(&text) {
                let printed = h.to_string();
                let again = SignatureHeader::parse(&printed).expect("a printed header parses");
                assert_eq!(again, h, "round trip of {printed}");
            }
        }
        2 => {
            if let Ok(t) = SignedTime::parse(&text) {
                assert_eq!(t.as_str(), text.trim());
            }
        }
        _ => {
            let _ = PublicKey::parse(rest);
            let _ = PrivateKey::parse(rest);
        }
    }
    // A whole verification with the input as every header.
    if let Some(key) = key() {
        let signed = Signed {
            method: "POST",
            path: "/notify",
            client_id: &text,
            time: &text,
            signature: &text,
            body: rest,
        };
        let _ = key.verify(&signed);
    }
});

/// A fixed verifier: a public key generated once per run.
fn key() -> Option<&'static Verifier> {
    static K: std::sync::OnceLock<Option<Verifier>> = std::sync::OnceLock::new();
    K.get_or_init(|| {
        let private = PrivateKey::parse(&generate()).ok()?;
        Some(Verifier::new(private.public_key()).without_window())
    })
    .as_ref()
}

fn generate() -> Vec<u8> {
    use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("keygen");
    AsDer::<Pkcs8V1Der>::as_der(&kp)
        .expect("pkcs8")
        .as_ref()
        .to_vec()
}
