//! A typed client for every request API (cargo feature `client`): build,
//! check, sign, post, verify the signed response, parse.
//!
//! ```text
//! request ──to_json (every rule)──▶ bytes ──Signer──▶ http::Request ──reqwest──▶ Alipay
//! R::Response ◀──from_json── verified bytes ◀──Verifier::verify_response── http::Response
//! ```
//!
//! Nothing about an API is written here: the method and path come from the
//! spec, through the generated [`Call`] impl of each `<Api>Request`; the
//! gateway (scheme, host, and the product's prefix, such as `/ams/api` for
//! the AMS APIs the official SDKs call under `/ams/api/v1/...`) comes from the
//! merchant's configuration, never from this library.
//!
//! The HTTP client is reqwest without default features (HTTP/1.1, no TLS, no
//! proxy discovery): enable `client-rustls` for `https://` gateways (rustls on
//! the aws-lc-rs the signatures already use, Mozilla's roots). A merchant with
//! an HTTP client of their own uses [`Client::prepare`] (the signed
//! `http::Request`) and [`Client::read`] (verify and parse the
//! `http::Response`), and never needs reqwest's runtime.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};

use crate::call::Call;
use crate::json::FromJsonError;
use crate::message::Message;
use crate::report::Violation;
use crate::signature::{SignRequestError, SignedTime, Signer, Verifier, VerifyError};

/// Why a [`Client`] could not be configured.
#[derive(Debug)]
pub enum ConfigError {
    /// The gateway base URL is not `http(s)://host[:port][/prefix]` (the reason).
    BadBaseUrl(String),
    /// An `https://` gateway, but the cargo feature `client-rustls` is off.
    TlsNotEnabled,
    /// reqwest could not build its client.
    Http(reqwest::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::BadBaseUrl(why) => write!(f, "bad gateway base URL: {why}"),
            ConfigError::TlsNotEnabled => f.write_str(
                "an https:// gateway needs TLS: enable the cargo feature `client-rustls`",
            ),
            ConfigError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// Why a call failed. Each stage has its own variant; every variant that
/// received a body keeps it, byte for byte, for the merchant's logs.
#[derive(Debug)]
pub enum CallError {
    /// The request breaks rules of the spec: every violation. Nothing was sent.
    InvalidRequest(Vec<Violation>),
    /// The request could not be signed or built (nothing was sent).
    Sign(SignRequestError),
    /// Connecting, sending or receiving failed (timeouts included): whether
    /// Alipay acted on the request is unknown, so inquire before retrying with
    /// a new request id.
    Transport(reqwest::Error),
    /// The response was larger than [`Client::max_response_bytes`].
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Alipay answered with an HTTP status other than 2xx.
    Status {
        /// The status.
        status: StatusCode,
        /// The body, as received (not verified).
        body: Bytes,
    },
    /// The response's signature is missing, malformed, stale or does not
    /// verify with Alipay's public key: it is not read.
    BadSignature {
        /// Why.
        error: VerifyError,
        /// The body, as received.
        body: Bytes,
    },
    /// The response is genuine but not the API's response (not JSON, another
    /// shape, or a broken rule that refuses).
    UnparsableResponse {
        /// Why.
        error: FromJsonError,
        /// The body, as received.
        body: Bytes,
    },
}

impl CallError {
    /// The response body, when one was received.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            CallError::Status { body, .. }
            | CallError::BadSignature { body, .. }
            | CallError::UnparsableResponse { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the request certainly never reached Alipay (invalid or
    /// unsignable), so it can be fixed and sent again with the same request id.
    pub fn not_sent(&self) -> bool {
        matches!(self, CallError::InvalidRequest(_) | CallError::Sign(_))
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::InvalidRequest(v) => {
                write!(
                    f,
                    "invalid request, not sent: {}",
                    crate::report::violations_text(v)
                )
            }
            CallError::Sign(e) => write!(f, "request not sent: {e}"),
            CallError::Transport(e) => write!(f, "transport: {e}"),
            CallError::ResponseTooLarge { limit } => {
                write!(f, "the response is larger than {limit} bytes")
            }
            CallError::Status { status, body } => {
                write!(f, "HTTP status {status} ({} body bytes)", body.len())
            }
            CallError::BadSignature { error, .. } => {
                write!(f, "the response's signature is refused: {error}")
            }
            CallError::UnparsableResponse { error, .. } => {
                write!(f, "the response cannot be read: {error}")
            }
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Sign(e) => Some(e),
            CallError::Transport(e) => Some(e),
            CallError::BadSignature { error, .. } => Some(error),
            CallError::UnparsableResponse { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Calls Alipay's request APIs as one merchant (client id and private key),
/// at one gateway, verifying answers with Alipay's public key.
#[derive(Debug)]
pub struct Client {
    /// `scheme://authority` and the prefix, without a trailing `/`.
    base: String,
    /// The prefix alone (`/ams/api`, or empty): part of the signed path.
    prefix: String,
    signer: Signer,
    verifier: Verifier,
    http: reqwest::Client,
    max_response_bytes: usize,
}

impl Client {
    /// The default limit on a response body: 4 MiB (Alipay's answers are a few KiB).
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 << 20;
    /// The default timeout of a whole call (connect, send, receive).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// A client for the gateway at `base_url`: scheme, host, optional port and
    /// the product's path prefix, from the merchant's configuration
    /// (`https://open-sea-global.alipay.com/ams/api` for the AMS APIs as the
    /// official SDKs call them). The spec's path of each API is appended to it,
    /// and the whole path is what is signed.
    pub fn new(base_url: &str, signer: Signer, verifier: Verifier) -> Result<Client, ConfigError> {
        let (base, prefix, https) = parse_base(base_url)?;
        if https && !cfg!(feature = "client-rustls") {
            return Err(ConfigError::TlsNotEnabled);
        }
        #[cfg(feature = "client-rustls")]
        {
            // reqwest's rustls without a built-in provider takes the process
            // default: aws-lc-rs (already linked for the signatures). An error
            // means a default was installed already, which is then used.
            let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        }
        let http = reqwest::Client::builder()
            .timeout(Client::DEFAULT_TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(ConfigError::Http)?;
        Ok(Client {
            base,
            prefix,
            signer,
            verifier,
            http,
            max_response_bytes: Client::DEFAULT_MAX_RESPONSE_BYTES,
        })
    }

    /// Uses this reqwest client (its timeouts, proxy, TLS settings) to send.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Client {
        self.http = http;
        self
    }

    /// Sets the limit on a response body, in bytes.
    pub fn max_response_bytes(mut self, limit: usize) -> Client {
        self.max_response_bytes = limit;
        self
    }

    /// The URL `R` is posted to: the base URL and the spec's path.
    pub fn url<R: Call>(&self) -> String {
        format!("{}{}", self.base, R::PATH)
    }

    /// The path that is signed, both ways: the prefix and the spec's path.
    pub fn signed_path<R: Call>(&self) -> String {
        format!("{}{}", self.prefix, R::PATH)
    }

    /// Checks every rule, serializes, and signs now: the `http::Request` to
    /// send with any HTTP client (its body is exactly the signed bytes).
    pub fn prepare<R: Call>(&self, request: &R) -> Result<http::Request<Bytes>, CallError> {
        self.prepare_at(request, &SignedTime::now())
    }

    /// [`Client::prepare`] signed at `time`.
    pub fn prepare_at<R: Call>(
        &self,
        request: &R,
        time: &SignedTime,
    ) -> Result<http::Request<Bytes>, CallError> {
        let body = request.to_json().map_err(CallError::InvalidRequest)?;
        let method = Method::from_bytes(R::METHOD.as_bytes())
            .map_err(|e| CallError::Sign(SignRequestError::Http(e.into())))?;
        self.signer
            .request_at(method, &self.url::<R>(), Bytes::from(body), time)
            .map_err(CallError::Sign)
    }

    /// Reads Alipay's answer to `R`: a 2xx status, then the signature
    /// (`Response-Time`, `Signature`, `Client-Id`) on the body bytes as
    /// received, then the response parsed and checked.
    pub fn read<R: Call>(&self, response: http::Response<Bytes>) -> Result<R::Response, CallError> {
        let status = response.status();
        if !status.is_success() {
            return Err(CallError::Status {
                status,
                body: response.into_body(),
            });
        }
        let method = Method::from_bytes(R::METHOD.as_bytes())
            .map_err(|e| CallError::Sign(SignRequestError::Http(e.into())))?;
        if let Err(error) =
            self.verifier
                .verify_response(&method, &self.signed_path::<R>(), &response)
        {
            return Err(CallError::BadSignature {
                error,
                body: response.into_body(),
            });
        }
        let body = response.into_body();
        R::Response::from_json(&body).map_err(|error| CallError::UnparsableResponse { error, body })
    }

    /// Calls the API of `request`: [`Client::prepare`], POST, [`Client::read`].
    /// A request that breaks a rule never leaves ([`CallError::InvalidRequest`]
    /// lists every violation).
    pub async fn call<R: Call>(&self, request: &R) -> Result<R::Response, CallError> {
        let prepared = self.prepare(request)?;
        let response = self.send(prepared).await?;
        self.read::<R>(response)
    }

    /// Sends a prepared request with this client's reqwest client, reading at
    /// most [`Client::max_response_bytes`] of the answer.
    pub async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, CallError> {
        let request = reqwest::Request::try_from(request).map_err(CallError::Transport)?;
        let mut response = self
            .http
            .execute(request)
            .await
            .map_err(CallError::Transport)?;
        let limit = self.max_response_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(CallError::ResponseTooLarge { limit });
        }
        let mut builder = http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            *headers = std::mem::take(response.headers_mut());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(CallError::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(CallError::ResponseTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        builder
            .body(Bytes::from(body))
            .map_err(|e| CallError::Sign(SignRequestError::Http(e)))
    }
}

/// `(base without trailing '/', path prefix, is https)`.
fn parse_base(url: &str) -> Result<(String, String, bool), ConfigError> {
    let bad = |why: &str| ConfigError::BadBaseUrl(format!("`{url}`: {why}"));
    let uri: http::Uri = url.parse().map_err(|e| bad(&format!("{e}")))?;
    let https = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        Some(_) => return Err(bad("the scheme is neither http nor https")),
        None => return Err(bad("no scheme (https://...)")),
    };
    let Some(authority) = uri.authority() else {
        return Err(bad("no host"));
    };
    if authority.as_str().contains('@') {
        return Err(bad("credentials in the URL"));
    }
    if uri.query().is_some() {
        return Err(bad("a query"));
    }
    let prefix = uri.path().trim_end_matches('/').to_string();
    let scheme = if https { "https" } else { "http" };
    Ok((format!("{scheme}://{authority}{prefix}"), prefix, https))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Path, Report};
    use crate::rules::check_str;
    use crate::signature::{PrivateKey, CLIENT_ID, RESPONSE_TIME, SIGNATURE};
    use crate::Rule;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A request with two required strings of at most 8 characters.
    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Ping {
        id: String,
        note: String,
    }

    impl Message for Ping {
        const API: &'static str = "ping";
        const INBOUND: bool = false;
        fn validate_into(&self, path: &Path<'_>, r: &mut Report) {
            check_str(r, &path.field("id"), &self.id, Some(8), None, None, "T");
            check_str(r, &path.field("note"), &self.note, Some(8), None, None, "T");
        }
        fn to_json_unchecked(&self) -> Vec<u8> {
            crate::json::to_vec(self)
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Pong {
        id: Option<String>,
    }

    impl Message for Pong {
        const API: &'static str = "ping";
        const INBOUND: bool = true;
        fn validate_into(&self, path: &Path<'_>, r: &mut Report) {
            if self.id.is_none() {
                r.push(&path.field("id"), Rule::Required);
            }
        }
        fn to_json_unchecked(&self) -> Vec<u8> {
            Vec::new()
        }
    }

    impl Call for Ping {
        type Response = Pong;
        const METHOD: &'static str = "POST";
        const PATH: &'static str = "/v1/ping";
    }

    fn key_der() -> Vec<u8> {
        use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
        let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        AsDer::<Pkcs8V1Der>::as_der(&kp).unwrap().as_ref().to_vec()
    }

    /// The merchant's and Alipay's keys (PKCS#8 DER), generated in the test.
    struct Keys {
        merchant: Vec<u8>,
        alipay: Vec<u8>,
    }

    impl Keys {
        fn new() -> Keys {
            Keys {
                merchant: key_der(),
                alipay: key_der(),
            }
        }
        fn merchant(&self) -> Signer {
            Signer::new("CLIENT_1", PrivateKey::parse(&self.merchant).unwrap())
        }
        fn alipay(&self) -> Signer {
            Signer::new("CLIENT_1", PrivateKey::parse(&self.alipay).unwrap())
        }
        /// What the merchant configures: its signer, Alipay's public key.
        fn client(&self, base: &str) -> Client {
            Client::new(
                base,
                self.merchant(),
                Verifier::new(self.alipay().public_key()),
            )
            .unwrap()
        }
    }

    fn ping(id: &str) -> Ping {
        Ping {
            id: id.into(),
            note: "n".into(),
        }
    }

    #[test]
    fn base_urls_are_checked_and_the_prefix_is_signed() {
        let k = Keys::new();
        for bad in [
            "open-sea-global.alipay.com",
            "ftp://host",
            "http://host/x?y=1",
            "http://user:pw@host",
            "",
        ] {
            let c = Client::new(bad, k.merchant(), Verifier::new(k.alipay().public_key()));
            assert!(matches!(c, Err(ConfigError::BadBaseUrl(_))), "{bad}");
        }
        let c = k.client("http://127.0.0.1:9/ams/api/");
        assert_eq!(c.url::<Ping>(), "http://127.0.0.1:9/ams/api/v1/ping");
        assert_eq!(c.signed_path::<Ping>(), "/ams/api/v1/ping");
        let c = k.client("http://127.0.0.1:9");
        assert_eq!(c.url::<Ping>(), "http://127.0.0.1:9/v1/ping");
        assert_eq!(c.signed_path::<Ping>(), "/v1/ping");
        let https = Client::new(
            "https://open-sea-global.alipay.com",
            k.merchant(),
            Verifier::new(k.alipay().public_key()),
        );
        if cfg!(feature = "client-rustls") {
            assert!(https.is_ok());
        } else {
            assert!(matches!(https, Err(ConfigError::TlsNotEnabled)));
        }
    }

    #[test]
    fn prepare_refuses_every_violation_and_signs_what_it_sends() {
        let k = Keys::new();
        let c = k.client("http://127.0.0.1:9/ams/api");
        let bad = Ping {
            id: "123456789".into(),
            note: "123456789".into(),
        };
        let e = c.prepare(&bad).unwrap_err();
        assert!(e.not_sent());
        let CallError::InvalidRequest(v) = e else {
            panic!("{e:?}")
        };
        let paths: Vec<&str> = v.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["/id", "/note"]);

        let r = c.prepare(&ping("p-1")).unwrap();
        assert_eq!(r.method(), Method::POST);
        assert_eq!(r.uri().path(), "/ams/api/v1/ping");
        assert_eq!(&r.body()[..], br#"{"id":"p-1","note":"n"}"#);
        // Alipay's side: the signature covers the prefixed path.
        let alipay_side = Verifier::new(k.merchant().public_key());
        alipay_side.verify_request(&r).unwrap();

        // A call can be spawned on a multi-threaded runtime (axum handlers, tokio::spawn).
        fn assert_send<T: Send>(_: &T) {}
        let request = ping("p-2");
        let future = c.call(&request);
        assert_send(&future);
        drop(future);
    }

    /// A signed answer from "Alipay" for `path`, with `body`.
    fn answer(alipay: &Signer, path: &str, status: u16, body: &[u8]) -> http::Response<Bytes> {
        let time = SignedTime::now();
        let sig = alipay.signature("POST", path, &time, body).unwrap();
        http::Response::builder()
            .status(status)
            .header(CLIENT_ID, "CLIENT_1")
            .header(RESPONSE_TIME, time.as_str())
            .header(SIGNATURE, sig)
            .body(Bytes::copy_from_slice(body))
            .unwrap()
    }

    #[test]
    fn read_verifies_then_parses_and_keeps_the_bytes_of_every_refusal() {
        let k = Keys::new();
        let c = k.client("http://127.0.0.1:9/ams/api");
        let alipay = k.alipay();
        let path = "/ams/api/v1/ping";
        let ok = c.read::<Ping>(answer(&alipay, path, 200, br#"{"id":"x"}"#));
        assert_eq!(ok.unwrap().id.as_deref(), Some("x"));
        // Signed for another path (the unprefixed one): refused.
        let e = c
            .read::<Ping>(answer(&alipay, "/v1/ping", 200, br#"{"id":"x"}"#))
            .unwrap_err();
        assert!(matches!(
            e,
            CallError::BadSignature {
                error: VerifyError::Mismatch,
                ..
            }
        ));
        // Tampered after signing: refused, the received bytes kept.
        let mut tampered = answer(&alipay, path, 200, br#"{"id":"x"}"#);
        *tampered.body_mut() = Bytes::from_static(br#"{"id":"y"}"#);
        let e = c.read::<Ping>(tampered).unwrap_err();
        assert_eq!(e.body().map(|b| &b[..]), Some(&br#"{"id":"y"}"#[..]));
        assert!(matches!(
            e,
            CallError::BadSignature {
                error: VerifyError::Mismatch,
                ..
            }
        ));
        // Signed by someone else (the merchant's own key).
        let e = c
            .read::<Ping>(answer(&k.merchant(), path, 200, br#"{"id":"x"}"#))
            .unwrap_err();
        assert!(matches!(
            e,
            CallError::BadSignature {
                error: VerifyError::Mismatch,
                ..
            }
        ));
        // Unsigned.
        let unsigned = http::Response::builder()
            .body(Bytes::from_static(br#"{"id":"x"}"#))
            .unwrap();
        assert!(matches!(
            c.read::<Ping>(unsigned),
            Err(CallError::BadSignature {
                error: VerifyError::MissingHeader(_),
                ..
            })
        ));
        // Genuine but not the response: not JSON, and a missing required field.
        let e = c
            .read::<Ping>(answer(&alipay, path, 200, b"<html>"))
            .unwrap_err();
        assert!(matches!(
            e,
            CallError::UnparsableResponse {
                error: FromJsonError::NotJson(_),
                ..
            }
        ));
        assert_eq!(e.body().map(|b| &b[..]), Some(&b"<html>"[..]));
        let e = c
            .read::<Ping>(answer(&alipay, path, 200, b"{}"))
            .unwrap_err();
        assert!(matches!(
            e,
            CallError::UnparsableResponse {
                error: FromJsonError::Invalid(_),
                ..
            }
        ));
        // Not 2xx: the status and the body, not read further.
        let e = c
            .read::<Ping>(answer(&alipay, path, 502, b"bad gateway"))
            .unwrap_err();
        assert!(matches!(e, CallError::Status { status, .. } if status == StatusCode::BAD_GATEWAY));
        assert_eq!(e.body().map(|b| &b[..]), Some(&b"bad gateway"[..]));
    }

    /// A one-connection HTTP/1.1 server on loopback, standing in for Alipay:
    /// it verifies the request's signature with `merchant` and answers with
    /// `respond(path, body)` (raw bytes). The task yields the verdict.
    async fn serve_once(
        merchant: Verifier,
        respond: impl FnOnce(&str, &[u8]) -> Vec<u8> + Send + 'static,
    ) -> (String, tokio::task::JoinHandle<Option<String>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.ok()?;
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let (head_end, length) = loop {
                let n = sock.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = std::str::from_utf8(&buf[..i]).ok()?.to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    break (i + 4, length);
                }
            };
            while buf.len() < head_end + length {
                let n = sock.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let head = std::str::from_utf8(&buf[..head_end]).ok()?.to_string();
            let body = buf[head_end..head_end + length].to_vec();
            let mut lines = head.split("\r\n");
            let mut request_line = lines.next()?.split(' ');
            let (method, path) = (request_line.next()?, request_line.next()?.to_string());
            let mut request = http::Request::builder().method(method).uri(path.as_str());
            for l in lines.filter(|l| !l.is_empty()) {
                let (name, value) = l.split_once(':')?;
                request = request.header(name.trim(), value.trim());
            }
            let request = request.body(body.clone()).ok()?;
            let verdict = match merchant.verify_request(&request) {
                Ok(_) => "verified".to_string(),
                Err(e) => format!("refused: {e}"),
            };
            let reply = respond(&path, &body);
            sock.write_all(&reply).await.ok()?;
            sock.shutdown().await.ok()?;
            Some(verdict)
        });
        (format!("http://{addr}/ams/api"), handle)
    }

    /// The raw HTTP response of [`answer`]; `tamper` adds a byte after signing.
    fn raw_response(alipay: &Signer, path: &str, body: &[u8], tamper: bool) -> Vec<u8> {
        let r = answer(alipay, path, 200, body);
        let mut out = b"HTTP/1.1 200 OK\r\n".to_vec();
        for (name, value) in r.headers() {
            out.extend_from_slice(name.as_str().as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        let mut body = body.to_vec();
        if tamper {
            body.push(b' ');
        }
        out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
        out.extend_from_slice(&body);
        out
    }

    #[tokio::test(flavor = "current_thread")]
    async fn call_posts_the_signed_request_and_reads_the_verified_answer() {
        let k = std::sync::Arc::new(Keys::new());
        let merchant_public = Verifier::new(k.merchant().public_key());

        let k2 = k.clone();
        let (base, server) = serve_once(merchant_public.clone(), move |path, body| {
            assert_eq!(body, br#"{"id":"p-1","note":"n"}"#);
            raw_response(&k2.alipay(), path, br#"{"id":"p-1"}"#, false)
        })
        .await;
        let pong = k.client(&base).call(&ping("p-1")).await.unwrap();
        assert_eq!(pong.id.as_deref(), Some("p-1"));
        assert_eq!(server.await.unwrap().as_deref(), Some("verified"));

        // One byte added to the answer after it was signed: refused, bytes kept.
        let k2 = k.clone();
        let (base, server) = serve_once(merchant_public.clone(), move |path, _| {
            raw_response(&k2.alipay(), path, br#"{"id":"p-2"}"#, true)
        })
        .await;
        let e = k.client(&base).call(&ping("p-2")).await.unwrap_err();
        assert!(
            matches!(
                e,
                CallError::BadSignature {
                    error: VerifyError::Mismatch,
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(e.body().map(|b| &b[..]), Some(&br#"{"id":"p-2"} "#[..]));
        assert_eq!(server.await.unwrap().as_deref(), Some("verified"));

        // Over the limit: refused before it is read whole.
        let k2 = k.clone();
        let (base, _server) = serve_once(merchant_public, move |path, _| {
            raw_response(&k2.alipay(), path, &[b'x'; 2048], false)
        })
        .await;
        let c = k.client(&base).max_response_bytes(1024);
        assert!(matches!(
            c.call(&ping("p-3")).await,
            Err(CallError::ResponseTooLarge { limit: 1024 })
        ));

        // An invalid request never leaves: nothing connects to the listener.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let c = k.client(&format!("http://{}", listener.local_addr().unwrap()));
        let e = c.call(&ping("too-long-an-id")).await.unwrap_err();
        assert!(matches!(&e, CallError::InvalidRequest(v) if v.len() == 1));
        let nothing = listener.accept().map(|_| ()).unwrap_err();
        assert_eq!(nothing.kind(), std::io::ErrorKind::WouldBlock);

        // Nothing listening: a transport error.
        let dead = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let c = k.client(&dead);
        assert!(matches!(
            c.call(&ping("p-4")).await,
            Err(CallError::Transport(_))
        ));
    }
}
