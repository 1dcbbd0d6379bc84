//! Alipay's request signatures: verifying what Alipay sends, signing what the
//! merchant sends, and the one-call intake of a notification (cargo feature
//! `signature`).

//!
//! # The scheme
//!
//! Both directions sign the same content,
//!
//! ```text
//! <METHOD> <path>\n<client-id>.<time>.<body>
//! ```
//!
//! with RSA PKCS#1 v1.5 over SHA-256 ("RSA256"), and carry the base64 of the
//! signature, percent-encoded, in the header
//! `Signature: algorithm=RSA256, keyVersion=1, signature=<...>`, beside
//! `Client-Id` and `Request-Time` (requests, notifications) or
//! `Response-Time` (responses). The body is verified as the bytes received,
//! never re-serialized: re-encoding JSON changes bytes (key order, spaces,
//! escapes) and so the signature.
//!
//! # Headers as real senders write them
//!
//! [`SignatureHeader::parse`] accepts spaces after commas or none, the keys in
//! any order, keys in any case, upper- or lowercase percent escapes, and a
//! base64 signature that was not percent-encoded at all. It refuses what is
//! ambiguous: a key given twice, an algorithm other than `RSA256`, a missing
//! `algorithm` or `signature`, a part without `=`. `keyVersion` is optional
//! (Alipay documents its default as the latest key). Header names are
//! case-insensitive, as HTTP says ([`http::HeaderMap`] does that).
//!
//! # Replays
//!
//! [`Verifier`] refuses a message whose `Request-Time` / `Response-Time` is
//! more than [`Verifier::DEFAULT_WINDOW`] (5 minutes) away from the clock,
//! after the signature verified; [`Verifier::window`] changes it and
//! [`Verifier::without_window`] switches it off (for checking stored
//! messages). A replay inside the window passes verification: endpoints must
//! be idempotent anyway, since Alipay itself sends a notification up to 8
//! times.
//!
//! # Crypto
//!
//! aws-lc-rs (AWS-LC): constant-time RSA private-key operations with
//! blinding, no system OpenSSL. Keys are read as merchants are handed them:
//! PEM or bare base64 (or DER); public keys as X.509 SubjectPublicKeyInfo or
//! PKCS#1; private keys as PKCS#8 (what Alipay's console gives) or PKCS#1.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::signature::{self as sig, KeyPair as _};
use base64::Engine as _;
use http::{HeaderMap, Method};

mod intake;
mod sign;

/// The `bytes` and `http` crates this module's API is made of, so a caller
/// needs no dependency of its own on the same versions.
pub use bytes;
pub use http;

pub use intake::{please_resend, please_resend_body, Intake, Rejection};
pub use sign::{SignRequestError, SignedHeaders, Signer};

/// `Signature` header name.
pub const SIGNATURE: &str = "signature";
/// `Client-Id` header name.
pub const CLIENT_ID: &str = "client-id";
/// `Request-Time` header name (requests and notifications).
pub const REQUEST_TIME: &str = "request-time";
/// `Response-Time` header name (responses).
pub const RESPONSE_TIME: &str = "response-time";

// ------------------------------------------------------------------ header

/// A signature algorithm of the `Signature` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `RSA256`: RSA PKCS#1 v1.5 with SHA-256.
    Rsa256,
}

impl Algorithm {
    /// The name as written in the header.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Rsa256 => "RSA256",
        }
    }
}

/// A parsed `Signature` header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    /// `algorithm=`.
    pub algorithm: Algorithm,
    /// `keyVersion=`, when given (Alipay's default is the latest key of the client id).
    pub key_version: Option<String>,
    /// `signature=`: the signature bytes (percent- and base64-decoded).
    pub signature: Vec<u8>,
}

/// Why a `Signature` header value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// The header is empty or blank.
    Empty,
    /// A comma-separated part has no `=` (the part, truncated to 64 characters).
    NoEquals(String),
    /// The same key twice (ambiguous: which one was signed?).
    DuplicateKey(String),
    /// A required key is missing: `algorithm` or `signature`.
    MissingKey(&'static str),
    /// A key is present with an empty value.
    EmptyValue(&'static str),
    /// An algorithm other than `RSA256` (the value, truncated to 64 characters).
    UnknownAlgorithm(String),
    /// A `%` not followed by two hex digits, or escapes that decode to bytes that are not UTF-8.
    BadPercentEscape,
    /// The decoded signature is not base64.
    BadBase64,
    /// The header value is not visible ASCII (HTTP allows other bytes, Alipay never sends them).
    NotAscii,
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderError::Empty => f.write_str("the Signature header is empty"),
            HeaderError::NoEquals(p) => write!(f, "Signature header part `{p}` has no `=`"),
            HeaderError::DuplicateKey(k) => write!(f, "Signature header key `{k}` appears twice"),
            HeaderError::MissingKey(k) => write!(f, "Signature header has no `{k}=`"),
            HeaderError::EmptyValue(k) => write!(f, "Signature header `{k}=` is empty"),
            HeaderError::UnknownAlgorithm(a) => {
                write!(
                    f,
                    "Signature algorithm `{a}` is not supported (only RSA256)"
                )
            }
            HeaderError::BadPercentEscape => {
                f.write_str("Signature header `signature=` has a malformed percent escape")
            }
            HeaderError::BadBase64 => f.write_str("Signature header `signature=` is not base64"),
            HeaderError::NotAscii => f.write_str("the Signature header is not ASCII"),
        }
    }
}

impl std::error::Error for HeaderError {}

fn truncated(s: &str) -> String {
    s.chars().take(64).collect()
}

/// Decodes `%XX` escapes (either case); other bytes, `+` included, stay as they are.
pub fn percent_decode(s: &str) -> Result<Vec<u8>, HeaderError> {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = bytes.next().and_then(hex);
            let lo = bytes.next().and_then(hex);
            match (hi, lo) {
                (Some(h), Some(l)) => out.push(h << 4 | l),
                _ => return Err(HeaderError::BadPercentEscape),
            }
        } else {
            out.push(b);
        }
    }
    Ok(out)
}

/// Percent-encodes base64 text as Alipay's SDKs do (`+`, `/`, `=` escaped, uppercase hex).
pub fn percent_encode_base64(b64: &str) -> String {
    let mut out = String::with_capacity(b64.len() + 8);
    for c in b64.chars() {
        match c {
            '+' => out.push_str("%2B"),
            '/' => out.push_str("%2F"),
            '=' => out.push_str("%3D"),
            c => out.push(c),
        }
    }
    out
}

impl SignatureHeader {
    /// Parses a `Signature` header value; see the module docs for what is accepted.
    pub fn parse(value: &str) -> Result<SignatureHeader, HeaderError> {
        if !value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        {
            return Err(HeaderError::NotAscii);
        }
        if value.trim().is_empty() {
            return Err(HeaderError::Empty);
        }
        let mut algorithm: Option<&str> = None;
        let mut key_version: Option<&str> = None;
        let mut signature: Option<&str> = None;
        for part in value.split(',') {
            let part = part.trim_matches(|c| c == ' ' || c == '\t');
            if part.is_empty() {
                continue;
            }
            let Some((key, val)) = part.split_once('=') else {
                return Err(HeaderError::NoEquals(truncated(part)));
            };
            let key = key.trim_matches(|c| c == ' ' || c == '\t');
            let val = val.trim_matches(|c| c == ' ' || c == '\t');
            let slot = if key.eq_ignore_ascii_case("algorithm") {
                &mut algorithm
            } else if key.eq_ignore_ascii_case("keyVersion") {
                &mut key_version
            } else if key.eq_ignore_ascii_case("signature") {
                &mut signature
            } else {
                // An extension Alipay may add: not signed over, not ambiguous.
                continue;
            };
            if slot.is_some() {
                return Err(HeaderError::DuplicateKey(truncated(key)));
            }
            *slot = Some(val);
        }
        let algorithm = match algorithm {
            None => return Err(HeaderError::MissingKey("algorithm")),
            Some("") => return Err(HeaderError::EmptyValue("algorithm")),
            Some(a) if a.eq_ignore_ascii_case("RSA256") => Algorithm::Rsa256,
            Some(a) => return Err(HeaderError::UnknownAlgorithm(truncated(a))),
        };
        let key_version = match key_version {
            Some("") => return Err(HeaderError::EmptyValue("keyVersion")),
            other => other.map(String::from),
        };
        let signature = match signature {
            None => return Err(HeaderError::MissingKey("signature")),
            Some("") => return Err(HeaderError::EmptyValue("signature")),
            Some(s) => s,
        };
        let decoded = percent_decode(signature)?;
        let signature = base64::engine::general_purpose::STANDARD
            .decode(&decoded)
            .map_err(|_| HeaderError::BadBase64)?;
        if signature.is_empty() {
            return Err(HeaderError::BadBase64);
        }
        Ok(SignatureHeader {
            algorithm,
            key_version,
            signature,
        })
    }
}

impl fmt::Display for SignatureHeader {
    /// As Alipay's SDKs write it: `algorithm=RSA256,keyVersion=1,signature=<percent-encoded base64>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b64 = base64::engine::general_purpose::STANDARD.encode(&self.signature);
        write!(f, "algorithm={}", self.algorithm.as_str())?;
        if let Some(v) = &self.key_version {
            write!(f, ",keyVersion={v}")?;
        }
        write!(f, ",signature={}", percent_encode_base64(&b64))
    }
}

// ------------------------------------------------------------------ time

/// A `Request-Time` or `Response-Time` value: the text as received (it is what
/// was signed) and the instant it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTime {
    text: String,
    millis: i64,
}

/// Why a time header was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Empty.
    Empty,
    /// Neither epoch milliseconds nor ISO 8601 with an offset (the value, truncated to 64 characters).
    Malformed(String),
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Empty => f.write_str("the time header is empty"),
            TimeError::Malformed(t) => write!(
                f,
                "time `{t}` is neither epoch milliseconds (1685599933871) nor ISO 8601 with an offset (2019-04-04T12:08:56.253+05:30)"
            ),
        }
    }
}

impl std::error::Error for TimeError {}

impl SignedTime {
    /// Parses epoch milliseconds (`1685599933871`) or ISO 8601 / RFC 3339 with
    /// an offset (`2019-04-04T12:08:56.253+05:30`, `2019-05-28T12:12:14Z`).
    pub fn parse(text: &str) -> Result<SignedTime, TimeError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(TimeError::Empty);
        }
        let millis = if t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse::<i64>()
                .map_err(|_| TimeError::Malformed(truncated(t)))?
        } else {
            chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|_| TimeError::Malformed(truncated(t)))?
                .timestamp_millis()
        };
        Ok(SignedTime {
            text: t.to_string(),
            millis,
        })
    }

    /// Now, as epoch milliseconds (the form Alipay's current documents use).
    pub fn now() -> SignedTime {
        SignedTime::from_system_time(SystemTime::now())
    }

    /// An instant as epoch milliseconds.
    pub fn from_system_time(t: SystemTime) -> SignedTime {
        let millis = millis_of(t);
        SignedTime {
            text: millis.to_string(),
            millis,
        }
    }

    /// The text, as signed.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Milliseconds since the Unix epoch.
    pub fn epoch_millis(&self) -> i64 {
        self.millis
    }
}

fn millis_of(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_millis()).map_or(i64::MIN, |m| -m),
    }
}

// ------------------------------------------------------------------ keys

/// Why a key was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Neither PEM, nor base64, nor DER.
    NotAKey,
    /// PEM with a label this crate does not read (the label).
    UnsupportedPem(String),
    /// An encrypted private key: decrypt it first (`openssl pkcs8 -in key.pem -nocrypt ...`).
    Encrypted,
    /// A private key where a public key belongs.
    PrivateKeyGivenAsPublic,
    /// A public key where a private key belongs.
    PublicKeyGivenAsPrivate,
    /// A well-formed key that is not RSA, or an RSA key AWS-LC refuses (smaller than 2048 bits, ...).
    Rejected(String),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotAKey => f.write_str("not a key: expected PEM, bare base64 or DER"),
            KeyError::UnsupportedPem(l) => write!(f, "PEM label `{l}` is not an RSA key"),
            KeyError::Encrypted => f.write_str("the private key is encrypted: decrypt it first"),
            KeyError::PrivateKeyGivenAsPublic => {
                f.write_str("this is a private key; verification needs Alipay's public key")
            }
            KeyError::PublicKeyGivenAsPrivate => {
                f.write_str("this is a public key; signing needs the merchant's private key")
            }
            KeyError::Rejected(why) => write!(f, "RSA key refused: {why}"),
        }
    }
}

impl std::error::Error for KeyError {}

/// The DER of a key given as PEM, bare base64 or DER, and its PEM label if any.
fn key_der(input: &[u8]) -> Result<(Vec<u8>, Option<String>), KeyError> {
    let text = std::str::from_utf8(input).ok().map(str::trim);
    let b64 = |s: &str| -> Option<Vec<u8>> {
        let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(clean)
            .ok()
            .filter(|d| !d.is_empty())
    };
    match text {
        Some(t) if t.starts_with("-----BEGIN ") => {
            let rest = t.strip_prefix("-----BEGIN ").unwrap_or(t);
            let Some((label, body)) = rest.split_once("-----") else {
                return Err(KeyError::NotAKey);
            };
            let end = format!("-----END {label}-----");
            let Some((body, _)) = body.split_once(end.as_str()) else {
                return Err(KeyError::NotAKey);
            };
            // Headers such as `Proc-Type:` mark legacy encrypted PEM.
            if body.contains(':') {
                return Err(KeyError::Encrypted);
            }
            let der = b64(body).ok_or(KeyError::NotAKey)?;
            Ok((der, Some(label.to_string())))
        }
        Some(t)
            if !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()) =>
        {
            Ok((b64(t).ok_or(KeyError::NotAKey)?, None))
        }
        _ if input.first() == Some(&0x30) => Ok((input.to_vec(), None)),
        _ => Err(KeyError::NotAKey),
    }
}

fn check_label(label: &Option<String>) -> Result<(), KeyError> {
    match label.as_deref() {
        None | Some("PUBLIC KEY" | "RSA PUBLIC KEY" | "PRIVATE KEY" | "RSA PRIVATE KEY") => Ok(()),
        Some("ENCRYPTED PRIVATE KEY") => Err(KeyError::Encrypted),
        Some(l) => Err(KeyError::UnsupportedPem(l.to_string())),
    }
}

fn private_from_der(der: &[u8]) -> Result<aws_lc_rs::rsa::KeyPair, KeyError> {
    match aws_lc_rs::rsa::KeyPair::from_pkcs8(der) {
        Ok(k) => Ok(k),
        Err(e8) => {
            aws_lc_rs::rsa::KeyPair::from_der(der).map_err(|_| KeyError::Rejected(e8.to_string()))
        }
    }
}

/// The key as SubjectPublicKeyInfo DER and its modulus length in bytes.
fn public_from_der(der: &[u8]) -> Result<(Vec<u8>, usize), KeyError> {
    // Parsed once here, so that a wrong key fails when loaded, not at the
    // first verification.
    match aws_lc_rs::rsa::PublicEncryptingKey::from_der(der) {
        Ok(k) => Ok((der.to_vec(), k.key_size_bytes())),
        Err(_) => {
            // PKCS#1 RSAPublicKey: wrap it the SubjectPublicKeyInfo way.
            let spki = spki_of_pkcs1(der);
            match aws_lc_rs::rsa::PublicEncryptingKey::from_der(&spki) {
                Ok(k) => Ok((spki, k.key_size_bytes())),
                Err(e) => Err(KeyError::Rejected(e.to_string())),
            }
        }
    }
}

/// DER length octets.
fn der_len(n: usize, out: &mut Vec<u8>) {
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or(&[]);
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

/// SubjectPublicKeyInfo around a PKCS#1 RSAPublicKey.
fn spki_of_pkcs1(pkcs1: &[u8]) -> Vec<u8> {
    const ALG: &[u8] = &[
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let mut bit_string = vec![0x03];
    der_len(pkcs1.len() + 1, &mut bit_string);
    bit_string.push(0);
    bit_string.extend_from_slice(pkcs1);
    let mut out = vec![0x30];
    der_len(ALG.len() + bit_string.len(), &mut out);
    out.extend_from_slice(ALG);
    out.extend_from_slice(&bit_string);
    out
}

/// An RSA public key (Alipay's, to verify what it sends).
#[derive(Clone)]
pub struct PublicKey {
    /// SubjectPublicKeyInfo.
    der: Vec<u8>,
    modulus_len: usize,
    /// Parsed once, not on every verification (`None` only if AWS-LC refused
    /// a key it generated itself; verification then parses `der` each time).
    parsed: Option<sig::ParsedPublicKey>,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({} DER bytes)", self.der.len())
    }
}

impl PublicKey {
    /// Reads PEM (`PUBLIC KEY`, `RSA PUBLIC KEY`), bare base64 (what Alipay's
    /// console shows) or DER; X.509 SubjectPublicKeyInfo or PKCS#1.
    pub fn parse(input: &[u8]) -> Result<PublicKey, KeyError> {
        let (der, label) = key_der(input)?;
        check_label(&label)?;
        if matches!(label.as_deref(), Some("PRIVATE KEY" | "RSA PRIVATE KEY")) {
            return Err(KeyError::PrivateKeyGivenAsPublic);
        }
        match public_from_der(&der) {
            Ok((der, modulus_len)) => PublicKey::from_spki(der, modulus_len),
            Err(e) => {
                if private_from_der(&der).is_ok() {
                    Err(KeyError::PrivateKeyGivenAsPublic)
                } else {
                    Err(e)
                }
            }
        }
    }

    fn from_spki(der: Vec<u8>, modulus_len: usize) -> Result<PublicKey, KeyError> {
        let parsed = sig::ParsedPublicKey::new(&sig::RSA_PKCS1_2048_8192_SHA256, &der)
            .map_err(|e| KeyError::Rejected(e.to_string()))?;
        Ok(PublicKey {
            der,
            modulus_len,
            parsed: Some(parsed),
        })
    }

    /// The key as SubjectPublicKeyInfo DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Verifies an RSA256 signature of `content`; `false` for any mismatch.
    pub fn verify(&self, content: &[u8], signature: &[u8]) -> bool {
        match &self.parsed {
            Some(key) => key.verify_sig(content, signature).is_ok(),
            None => sig::UnparsedPublicKey::new(&sig::RSA_PKCS1_2048_8192_SHA256, &self.der)
                .verify(content, signature)
                .is_ok(),
        }
    }

    /// The modulus length in bytes: the length of every signature of this key.
    pub fn modulus_len(&self) -> usize {
        self.modulus_len
    }
}

/// An RSA private key (the merchant's, to sign what it sends).
pub struct PrivateKey {
    key: aws_lc_rs::rsa::KeyPair,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({} bits)", self.key.public_modulus_len() * 8)
    }
}

/// Signing failed inside AWS-LC (it does not for a key that loaded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignError;

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RSA signing failed")
    }
}

impl std::error::Error for SignError {}

impl PrivateKey {
    /// Reads PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`), bare base64 (what
    /// Alipay's console gives) or DER; PKCS#8 or PKCS#1. The label is not
    /// trusted: PKCS#8 inside `RSA PRIVATE KEY` markers (as Alipay's Python
    /// SDK writes it) reads too.
    pub fn parse(input: &[u8]) -> Result<PrivateKey, KeyError> {
        let (der, label) = key_der(input)?;
        check_label(&label)?;
        if matches!(label.as_deref(), Some("PUBLIC KEY" | "RSA PUBLIC KEY")) {
            return Err(KeyError::PublicKeyGivenAsPrivate);
        }
        match private_from_der(&der) {
            Ok(key) => Ok(PrivateKey { key }),
            Err(e) => {
                if public_from_der(&der).is_ok() {
                    Err(KeyError::PublicKeyGivenAsPrivate)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// The public half, to hand to whoever verifies.
    pub fn public_key(&self) -> PublicKey {
        let der = spki_of_pkcs1(self.key.public_key().as_ref());
        let modulus_len = self.key.public_modulus_len();
        let parsed = sig::ParsedPublicKey::new(&sig::RSA_PKCS1_2048_8192_SHA256, &der).ok();
        PublicKey {
            der,
            modulus_len,
            parsed,
        }
    }

    /// Signs `content` with RSA PKCS#1 v1.5 over SHA-256.
    pub fn sign(&self, content: &[u8]) -> Result<Vec<u8>, SignError> {
        let mut out = vec![0; self.key.public_modulus_len()];
        self.key
            .sign(
                &sig::RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                content,
                &mut out,
            )
            .map_err(|_| SignError)?;
        Ok(out)
    }
}

// ------------------------------------------------------------------ content

/// The bytes that are signed: `<METHOD> <path>\n<client-id>.<time>.<body>`.
pub fn signed_content(
    method: &str,
    path: &str,
    client_id: &str,
    time: &str,
    body: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        method.len() + path.len() + client_id.len() + time.len() + body.len() + 4,
    );
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(path.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(client_id.as_bytes());
    out.push(b'.');
    out.extend_from_slice(time.as_bytes());
    out.push(b'.');
    out.extend_from_slice(body);
    out
}

// ------------------------------------------------------------------ verify

/// What a signature covers, as received.
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    /// The HTTP method (`POST`).
    pub method: &'a str,
    /// The path (and query) as received, without scheme and host (`/notify`).
    pub path: &'a str,
    /// `Client-Id`.
    pub client_id: &'a str,
    /// `Request-Time` (or `Response-Time`), as received.
    pub time: &'a str,
    /// `Signature`, as received.
    pub signature: &'a str,
    /// The body, byte for byte as received.
    pub body: &'a [u8],
}

/// Why verification failed. Each kind is its own variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// A header is missing (its name).
    MissingHeader(&'static str),
    /// A header value is not visible ASCII (its name).
    HeaderNotText(&'static str),
    /// A header given twice (its name): which value was meant is ambiguous.
    DuplicateHeader(&'static str),
    /// The `Signature` header is malformed or names another algorithm.
    Header(HeaderError),
    /// The time header is malformed.
    Time(TimeError),
    /// The signature does not have the key's length: truncated or padded.
    SignatureLength {
        /// The key's modulus length in bytes.
        expected: usize,
        /// The decoded signature's length.
        found: usize,
    },
    /// The signature does not match the content under this key: forged,
    /// tampered with (body, path, client id or time), or the wrong key.
    Mismatch,
    /// Genuine, but signed further from now than the window allows (a replay or a wrong clock).
    OutsideWindow {
        /// Signed time minus now, in milliseconds (negative: in the past).
        skew_ms: i64,
        /// The window, in milliseconds.
        window_ms: i64,
    },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingHeader(h) => write!(f, "header `{h}` is missing"),
            VerifyError::HeaderNotText(h) => write!(f, "header `{h}` is not visible ASCII"),
            VerifyError::DuplicateHeader(h) => write!(f, "header `{h}` is given twice"),
            VerifyError::Header(e) => e.fmt(f),
            VerifyError::Time(e) => e.fmt(f),
            VerifyError::SignatureLength { expected, found } => write!(
                f,
                "the signature is {found} bytes; this key's signatures are {expected} (truncated or garbled)"
            ),
            VerifyError::Mismatch => f.write_str(
                "the signature does not match: forged, altered (body, path, client id or time), or the wrong public key",
            ),
            VerifyError::OutsideWindow { skew_ms, window_ms } => {
                let side = if *skew_ms < 0 { "before" } else { "after" };
                let (skew, window) = (skew_ms.unsigned_abs() / 1000, window_ms / 1000);
                write!(
                    f,
                    "signed {skew}s {side} now, outside the {window}s window (replay or wrong clock)"
                )
            }
        }
    }
}

impl std::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VerifyError::Header(e) => Some(e),
            VerifyError::Time(e) => Some(e),
            _ => None,
        }
    }
}

impl VerifyError {
    /// Whether the request itself is unusable (missing or malformed headers)
    /// rather than checked and refused (mismatch, length, window).
    pub fn is_malformed(&self) -> bool {
        matches!(
            self,
            VerifyError::MissingHeader(_)
                | VerifyError::HeaderNotText(_)
                | VerifyError::DuplicateHeader(_)
                | VerifyError::Header(_)
                | VerifyError::Time(_)
        )
    }
}

/// What a successful verification establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// `Client-Id`.
    pub client_id: String,
    /// The signed time.
    pub time: SignedTime,
    /// `keyVersion`, when given.
    pub key_version: Option<String>,
}

/// Verifies Alipay's signatures with its public key, with a replay window.
#[derive(Debug, Clone)]
pub struct Verifier {
    key: PublicKey,
    window: Option<Duration>,
}

impl Verifier {
    /// The default replay window: a signed time at most 5 minutes from the
    /// clock, either way (clock skew both ways).
    pub const DEFAULT_WINDOW: Duration = Duration::from_secs(5 * 60);

    /// A verifier with [`Verifier::DEFAULT_WINDOW`].
    pub fn new(key: PublicKey) -> Verifier {
        Verifier {
            key,
            window: Some(Verifier::DEFAULT_WINDOW),
        }
    }

    /// Sets the replay window.
    pub fn window(mut self, window: Duration) -> Verifier {
        self.window = Some(window);
        self
    }

    /// No replay window: for checking stored messages after the fact.
    pub fn without_window(mut self) -> Verifier {
        self.window = None;
        self
    }

    /// The public key.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    /// Verifies `signed` against the clock `now`.
    pub fn verify_at(&self, signed: &Signed<'_>, now: SystemTime) -> Result<Verified, VerifyError> {
        let header = SignatureHeader::parse(signed.signature).map_err(VerifyError::Header)?;
        let time = SignedTime::parse(signed.time).map_err(VerifyError::Time)?;
        let expected = self.key.modulus_len();
        if header.signature.len() != expected {
            return Err(VerifyError::SignatureLength {
                expected,
                found: header.signature.len(),
            });
        }
        let content = signed_content(
            signed.method,
            signed.path,
            signed.client_id,
            signed.time,
            signed.body,
        );
        if !self.key.verify(&content, &header.signature) {
            return Err(VerifyError::Mismatch);
        }
        if let Some(window) = self.window {
            let window_ms = i64::try_from(window.as_millis()).unwrap_or(i64::MAX);
            let skew_ms = time.epoch_millis().saturating_sub(millis_of(now));
            if skew_ms.unsigned_abs() > window_ms.unsigned_abs() {
                return Err(VerifyError::OutsideWindow { skew_ms, window_ms });
            }
        }
        Ok(Verified {
            client_id: signed.client_id.to_string(),
            time,
            key_version: header.key_version,
        })
    }

    /// Verifies `signed` against the system clock.
    pub fn verify(&self, signed: &Signed<'_>) -> Result<Verified, VerifyError> {
        self.verify_at(signed, SystemTime::now())
    }

    /// Verifies a request (a notification) Alipay sent: method, path and query
    /// from the request line, `Client-Id`, `Request-Time` and `Signature` from
    /// the headers (any case), the body as received.
    pub fn verify_request<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
    ) -> Result<Verified, VerifyError> {
        self.verify_parts(
            request.method(),
            path_of(request.uri()),
            request.headers(),
            REQUEST_TIME,
            request.body().as_ref(),
            SystemTime::now(),
        )
    }

    /// Verifies Alipay's response to a request the merchant sent with `method`
    /// to `path`: `Client-Id`, `Response-Time` and `Signature` from its headers.
    pub fn verify_response<B: AsRef<[u8]>>(
        &self,
        method: &Method,
        path: &str,
        response: &http::Response<B>,
    ) -> Result<Verified, VerifyError> {
        self.verify_parts(
            method,
            path,
            response.headers(),
            RESPONSE_TIME,
            response.body().as_ref(),
            SystemTime::now(),
        )
    }

    /// The general form: `time_header` is [`REQUEST_TIME`] or [`RESPONSE_TIME`].
    pub fn verify_parts(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
        time_header: &'static str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let client_id = header_text(headers, CLIENT_ID)?;
        let time = header_text(headers, time_header)?;
        let signature = header_text(headers, SIGNATURE)?;
        self.verify_at(
            &Signed {
                method: method.as_str(),
                path,
                client_id,
                time,
                signature,
                body,
            },
            now,
        )
    }
}

pub(crate) fn path_of(uri: &http::Uri) -> &str {
    uri.path_and_query().map_or("/", |p| p.as_str())
}

pub(crate) fn header_text<'h>(
    headers: &'h HeaderMap,
    name: &'static str,
) -> Result<&'h str, VerifyError> {
    let mut values = headers.get_all(name).iter();
    let Some(value) = values.next() else {
        return Err(VerifyError::MissingHeader(name));
    };
    if values.next().is_some() {
        return Err(VerifyError::DuplicateHeader(name));
    }
    value.to_str().map_err(|_| VerifyError::HeaderNotText(name))
}
