//! Signing what the merchant sends.

use std::fmt;

use bytes::Bytes;
use http::Method;

use super::{
    path_of, signed_content, Algorithm, PrivateKey, PublicKey, SignError, SignatureHeader,
    SignedTime, CLIENT_ID, REQUEST_TIME, SIGNATURE,
};

// ------------------------------------------------------------------ sign

/// Signs what the merchant sends, as its client id, with its private key.
#[derive(Debug)]
pub struct Signer {
    client_id: String,
    key: PrivateKey,
    key_version: Option<String>,
}

/// Why a request could not be signed or built.
#[derive(Debug)]
pub enum SignRequestError {
    /// Signing failed.
    Sign(SignError),
    /// The client id, path or a header is not valid in an HTTP request.
    Http(http::Error),
}

impl fmt::Display for SignRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignRequestError::Sign(e) => e.fmt(f),
            SignRequestError::Http(e) => write!(f, "cannot build the request: {e}"),
        }
    }
}

impl std::error::Error for SignRequestError {}

/// The three signature headers of a request the merchant sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `Client-Id`.
    pub client_id: String,
    /// `Request-Time`.
    pub request_time: String,
    /// `Signature`.
    pub signature: String,
}

impl Signer {
    /// A signer for `client_id` with `key`, writing `keyVersion=1`.
    pub fn new(client_id: impl Into<String>, key: PrivateKey) -> Signer {
        Signer {
            client_id: client_id.into(),
            key,
            key_version: Some("1".to_string()),
        }
    }

    /// The `keyVersion` to write (`None`: leave it out, Alipay takes its latest key).
    pub fn key_version(mut self, version: Option<String>) -> Signer {
        self.key_version = version;
        self
    }

    /// The `Signature` header value for this content.
    pub fn signature(
        &self,
        method: &str,
        path: &str,
        time: &SignedTime,
        body: &[u8],
    ) -> Result<String, SignError> {
        let content = signed_content(method, path, &self.client_id, time.as_str(), body);
        let header = SignatureHeader {
            algorithm: Algorithm::Rsa256,
            key_version: self.key_version.clone(),
            signature: self.key.sign(&content)?,
        };
        Ok(header.to_string())
    }

    /// The three headers for a request at `time`.
    pub fn headers(
        &self,
        method: &str,
        path: &str,
        time: &SignedTime,
        body: &[u8],
    ) -> Result<SignedHeaders, SignError> {
        Ok(SignedHeaders {
            client_id: self.client_id.clone(),
            request_time: time.as_str().to_string(),
            signature: self.signature(method, path, time, body)?,
        })
    }

    /// A ready `POST` request to `url` (`https://open-sea-global.alipay.com/v2/payments/capture`,
    /// or a path alone) with the body (as bytes: exactly what is signed is sent),
    /// `Content-Type`, `Client-Id`, `Request-Time` (now, epoch milliseconds) and `Signature`.
    pub fn post(
        &self,
        url: &str,
        body: impl Into<Bytes>,
    ) -> Result<http::Request<Bytes>, SignRequestError> {
        self.request_at(Method::POST, url, body.into(), &SignedTime::now())
    }

    /// [`Signer::post`] with any method and a given time.
    pub fn request_at(
        &self,
        method: Method,
        url: &str,
        body: Bytes,
        time: &SignedTime,
    ) -> Result<http::Request<Bytes>, SignRequestError> {
        let uri: http::Uri = url
            .parse()
            .map_err(|e: http::uri::InvalidUri| SignRequestError::Http(http::Error::from(e)))?;
        let path = path_of(&uri).to_string();
        let headers = self
            .headers(method.as_str(), &path, time, &body)
            .map_err(SignRequestError::Sign)?;
        http::Request::builder()
            .method(method)
            .uri(uri)
            .header(
                http::header::CONTENT_TYPE,
                "application/json; charset=UTF-8",
            )
            .header(CLIENT_ID, headers.client_id)
            .header(REQUEST_TIME, headers.request_time)
            .header(SIGNATURE, headers.signature)
            .body(body)
            .map_err(SignRequestError::Http)
    }

    /// The public key matching this signer's private key.
    pub fn public_key(&self) -> PublicKey {
        self.key.public_key()
    }
}
