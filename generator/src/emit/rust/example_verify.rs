//! Verifies an Alipay signature, for debugging signatures by hand or in scripts.
//!
//! ```text
//! cargo run -p alipay-models --example verify -- \
//!     --public-key FILE --method POST --path /notify --client-id ID --time TIME \
//!     --signature 'HEADER VALUE' [--ignore-time] BODY_FILE
//! ```
//!
//! The key is Alipay's public key: PEM or bare base64, SubjectPublicKeyInfo or
//! PKCS#1. `--time` is the `Request-Time` (or `Response-Time`) header as
//! received; `--signature` the whole `Signature` header value; BODY_FILE the
//! body, byte for byte. `--ignore-time` switches the replay window off (for
//! stored messages). Exit status: 0 verified; 1 rejected (the signature does
//! not match, or the time is outside the window); 2 unusable input (a
//! malformed header or time, an unreadable key or file, usage).

use std::process::ExitCode;

use alipay_models::signature::{PublicKey, Signed, Verifier};

const USAGE: &str = "usage: verify --public-key FILE --method METHOD --path PATH --client-id ID --time TIME --signature 'HEADER VALUE' [--ignore-time] BODY_FILE

Exit status: 0 verified, 1 rejected (mismatch or outside the time window), 2 unusable input.";

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let (mut key, mut method, mut path, mut client_id, mut time, mut signature, mut body) =
        (None, None, None, None, None, None, None);
    let mut ignore_time = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--public-key" => key = args.next(),
            "--method" => method = args.next(),
            "--path" => path = args.next(),
            "--client-id" => client_id = args.next(),
            "--time" => time = args.next(),
            "--signature" => signature = args.next(),
            "--ignore-time" => ignore_time = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if body.is_none() && !a.starts_with("--") => body = Some(a),
            _ => return fail(&format!("unexpected argument `{a}`\n\n{USAGE}")),
        }
    }
    let (
        Some(key),
        Some(method),
        Some(path),
        Some(client_id),
        Some(time),
        Some(signature),
        Some(body),
    ) = (key, method, path, client_id, time, signature, body)
    else {
        return fail(USAGE);
    };
    let key = match std::fs::read(&key) {
        Ok(bytes) => match PublicKey::parse(&bytes) {
            Ok(k) => k,
            Err(e) => return fail(&format!("{key}: {e}")),
        },
        Err(e) => return fail(&format!("{key}: {e}")),
    };
    let bytes = match std::fs::read(&body) {
        Ok(b) => b,
        Err(e) => return fail(&format!("{body}: {e}")),
    };
    let verifier = if ignore_time {
        Verifier::new(key).without_window()
    } else {
        Verifier::new(key)
    };
    let signed = Signed {
        method: &method,
        path: &path,
        client_id: &client_id,
        time: &time,
        signature: &signature,
        body: &bytes,
    };
    match verifier.verify(&signed) {
        Ok(_) => {
            println!("verified");
            ExitCode::SUCCESS
        }
        Err(e) if e.is_malformed() => fail(&e.to_string()),
        Err(e) => {
            println!("rejected: {e}");
            ExitCode::from(1)
        }
    }
}
