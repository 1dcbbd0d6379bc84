//! Signs a request as the merchant, for debugging signatures by hand or in scripts.
//!
//! ```text
//! cargo run -p alipay-models --example sign -- \
//!     --private-key FILE --method POST --path PATH --client-id ID [--time TIME] BODY_FILE
//! ```
//!
//! Prints the two headers it signed, one per line, as they are sent:
//!
//! ```text
//! Request-Time: 1685599933871
//! Signature: algorithm=RSA256,keyVersion=1,signature=...
//! ```
//!
//! (send them with `Client-Id: ID` and the body file unchanged). The key is the merchant's
//! private key: PEM or bare base64, PKCS#8 or PKCS#1. `--time` is the
//! `Request-Time` to sign (epoch milliseconds or ISO 8601; default now, in
//! epoch milliseconds). Exit status: 0, or 2 on unusable input (an unreadable
//! key or file, a malformed time, usage).

use std::process::ExitCode;

use alipay_models::signature::{PrivateKey, SignedTime, Signer};

const USAGE: &str = "usage: sign --private-key FILE --method METHOD --path PATH --client-id ID [--time TIME] BODY_FILE

Prints `Request-Time: TIME` and `Signature: VALUE`, one per line. Exit status: 0, or 2 on unusable input.";

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let (mut key, mut method, mut path, mut client_id, mut time, mut body) =
        (None, None, None, None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--private-key" => key = args.next(),
            "--method" => method = args.next(),
            "--path" => path = args.next(),
            "--client-id" => client_id = args.next(),
            "--time" => time = args.next(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if body.is_none() && !a.starts_with("--") => body = Some(a),
            _ => return fail(&format!("unexpected argument `{a}`\n\n{USAGE}")),
        }
    }
    let (Some(key), Some(method), Some(path), Some(client_id), Some(body)) =
        (key, method, path, client_id, body)
    else {
        return fail(USAGE);
    };
    let key = match std::fs::read(&key) {
        Ok(bytes) => match PrivateKey::parse(&bytes) {
            Ok(k) => k,
            Err(e) => return fail(&format!("{key}: {e}")),
        },
        Err(e) => return fail(&format!("{key}: {e}")),
    };
    let time = match time {
        None => SignedTime::now(),
        Some(t) => match SignedTime::parse(&t) {
            Ok(t) => t,
            Err(e) => return fail(&e.to_string()),
        },
    };
    let bytes = match std::fs::read(&body) {
        Ok(b) => b,
        Err(e) => return fail(&format!("{body}: {e}")),
    };
    match Signer::new(client_id, key).signature(&method, &path, &time, &bytes) {
        Ok(header) => {
            // The time as signed: the header must carry these exact characters.
            println!("Request-Time: {}", time.as_str());
            println!("Signature: {header}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}
