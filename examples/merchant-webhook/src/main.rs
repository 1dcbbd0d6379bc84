//! `ALIPAY_PUBLIC_KEY=alipay_public.pem cargo run -p merchant-webhook -- 127.0.0.1:8080`
//!
//! Serves `POST /alipay/notify` until Ctrl-C. The key is Alipay's public key
//! (PEM or the console's bare base64). Exit status 2 on unusable input.

use std::process::ExitCode;
use std::sync::Arc;

use merchant_webhook::signature::{PublicKey, Verifier};
use merchant_webhook::{App, MemoryStore, serve};

#[tokio::main]
async fn main() -> ExitCode {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let Some(key_file) = std::env::var_os("ALIPAY_PUBLIC_KEY") else {
        eprintln!("set ALIPAY_PUBLIC_KEY to the file with Alipay's public key");
        return ExitCode::from(2);
    };
    let key = match std::fs::read(&key_file)
        .map_err(|e| e.to_string())
        .and_then(|b| PublicKey::parse(&b).map_err(|e| e.to_string()))
    {
        Ok(k) => k,
        Err(e) => {
            eprintln!("{}: {e}", key_file.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{addr}: {e}");
            return ExitCode::from(2);
        }
    };
    eprintln!(
        "listening on http://{addr}{}",
        merchant_webhook::NOTIFY_PATH
    );
    let app = App {
        verifier: Verifier::new(key),
        store: Arc::new(MemoryStore::default()),
    };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match serve(listener, app, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
