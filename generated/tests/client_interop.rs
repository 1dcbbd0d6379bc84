//! Every request API through `runtime::client::Client`, against
//! tools/mock_alipay.py: a loopback gateway that verifies each request's
//! signature with Alipay's official Python SDK and answers with a valid
//! response of the corpus, signed with the SDK.
//!
//! Ignored by default (it needs the SDK): tools/ci-interop.sh runs it with
//! `ALIPAY_INTEROP_PYTHON` set to the Python of its virtualenv,
//! `cargo test -p alipay-models --features client --test client_interop -- --ignored`.
//!
//! The APIs come from `catalog::for_each_call` and are checked against the
//! catalog's outbound requests; the payloads from `tests/payloads/`. Keys are
//! generated in the run.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use alipay_models::runtime::client::{CallError, Client};
use alipay_models::runtime::{Call, CallVisitor};
use alipay_models::signature::{PrivateKey, Signer, Verifier, VerifyError};
use alipay_models::{catalog, Message};
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use base64::Engine as _;

const CLIENT_ID: &str = "SANDBOX_5X00000000000000";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh RSA key as PKCS#8 DER.
fn generate() -> Vec<u8> {
    let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
    AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref().to_vec()
}

fn b64(der: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(der)
}

/// The `valid` files of a corpus folder, sorted by name.
fn valid_files(folder: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/payloads").join(folder).join("valid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// The mock, killed when dropped.
struct Mock {
    child: Child,
    base: String,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_mock(python: &str, dir: &Path, merchant_public: &[u8], alipay_private: &[u8]) -> Mock {
    let merchant_file = dir.join("merchant_public.txt");
    let alipay_file = dir.join("alipay_private.txt");
    std::fs::write(&merchant_file, b64(merchant_public)).unwrap();
    std::fs::write(&alipay_file, b64(alipay_private)).unwrap();
    let root = root();
    let mut child = Command::new(python)
        .arg(root.join("tools/mock_alipay.py"))
        .arg("--spec")
        .arg(root.join("spec"))
        .arg("--payloads")
        .arg(root.join("tests/payloads"))
        .arg("--merchant-public")
        .arg(&merchant_file)
        .arg("--alipay-private")
        .arg(&alipay_file)
        .args(["--client-id", CLIENT_ID])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening ")
        .unwrap_or_else(|| panic!("mock_alipay.py printed `{line}`"))
        .to_string();
    Mock { child, base }
}

/// Calls one API with every valid request of the corpus (cycling, as many
/// calls as there are valid requests or valid responses, whichever is more).
struct CallEach<'a> {
    rt: &'a tokio::runtime::Runtime,
    client: &'a Client,
    /// Answers signed for the sent bytes, then changed by the mock.
    tampered: &'a Client,
    /// Signs with a key the mock does not know.
    stranger: &'a Client,
    apis: BTreeSet<&'static str>,
    calls: usize,
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

impl CallVisitor for CallEach<'_> {
    fn visit<R: Call + 'static>(&mut self) {
        let api = R::API;
        assert!(self.apis.insert(api), "{api} visited twice");
        let requests = valid_files(&format!("{api}.request"));
        let responses = valid_files(&format!("{api}.response"));
        assert!(
            !requests.is_empty() && !responses.is_empty(),
            "{api}: no valid payloads"
        );
        for i in 0..requests.len().max(responses.len()) {
            let file = &requests[i % requests.len()];
            let request = R::from_json(&std::fs::read(file).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let parsed = self
                .rt
                .block_on(self.client.call(&request))
                .unwrap_or_else(|e| panic!("{api} with {}: {e}", file.display()));
            // The mock answers the k-th call of an API with its k-th valid response.
            let expected = &responses[i % responses.len()];
            let sent_back = parsed.to_json().unwrap();
            assert_eq!(
                json(&sent_back),
                json(&std::fs::read(expected).unwrap()),
                "{api}: the parsed response of {} is not {}",
                file.display(),
                expected.display()
            );
            self.calls += 1;
        }
        let request = R::from_json(&std::fs::read(&requests[0]).unwrap()).unwrap();
        // Changed after it was signed: refused, and the bytes received kept.
        match self.rt.block_on(self.tampered.call(&request)) {
            Err(e @ CallError::BadSignature { error: VerifyError::Mismatch, .. }) => {
                assert!(e.body().is_some_and(|b| b.ends_with(b" ")));
            }
            other => panic!("{api}: a tampered response was not refused: {other:?}"),
        }
        // The mock's SDK refuses a request signed with another key (so it checks).
        match self.rt.block_on(self.stranger.call(&request)) {
            Err(CallError::Status { status, .. }) => assert_eq!(status.as_u16(), 401),
            other => panic!("{api}: the mock accepted a request signed by a stranger: {other:?}"),
        }
    }
}

#[test]
#[ignore = "needs Alipay's Python SDK: run by tools/ci-interop.sh"]
fn every_request_api_through_the_client_against_the_sdk() {
    let python = std::env::var("ALIPAY_INTEROP_PYTHON")
        .expect("ALIPAY_INTEROP_PYTHON: the Python with global-open-sdk-python (tools/ci-interop.sh)");
    let dir = std::env::temp_dir().join(format!("alipay-client-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let merchant = generate();
    let alipay = generate();
    let merchant_signer = || Signer::new(CLIENT_ID, PrivateKey::parse(&merchant).unwrap());
    let alipay_public = PrivateKey::parse(&alipay).unwrap().public_key();
    let mock = start_mock(
        &python,
        &dir,
        merchant_signer().public_key().der(),
        &alipay,
    );

    // The gateway and its product prefix are configuration; the paths are the spec's.
    let client = Client::new(
        &format!("{}/ams/api", mock.base),
        merchant_signer(),
        Verifier::new(alipay_public.clone()),
    )
    .unwrap();
    let tampered = Client::new(
        &format!("{}/tampered/ams/api", mock.base),
        merchant_signer(),
        Verifier::new(alipay_public.clone()),
    )
    .unwrap();
    let stranger = Client::new(
        &format!("{}/ams/api", mock.base),
        Signer::new(CLIENT_ID, PrivateKey::parse(&generate()).unwrap()),
        Verifier::new(alipay_public),
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut each = CallEach {
        rt: &rt,
        client: &client,
        tampered: &tampered,
        stranger: &stranger,
        apis: BTreeSet::new(),
        calls: 0,
    };
    catalog::for_each_call(&mut each);

    // Every request the merchant sends, as the catalog lists them, was called.
    let outbound: BTreeSet<&str> = catalog::MESSAGES
        .iter()
        .filter(|e| e.message == "request" && !e.inbound)
        .map(|e| e.api)
        .collect();
    assert_eq!(each.apis, outbound);
    println!(
        "{} request APIs, {} calls verified by the SDK and answered with SDK-signed responses, \
         each parsed; {} tampered responses refused",
        each.apis.len(),
        each.calls,
        each.apis.len()
    );
    drop(mock);
    let _ = std::fs::remove_dir_all(&dir);
}
