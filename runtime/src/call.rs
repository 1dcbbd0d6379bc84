//! The trait of a request the merchant sends to an API of Alipay's.

use crate::message::Message;

/// A request the merchant sends, with the response it gets back: what the
/// generated `<Api>Request` of every API whose spec has `direction: request`
/// and an `http:` method and path implements, so that one client
/// (`client::Client`, cargo feature `client`) calls every API.
///
/// The API's name is [`Message::API`] (a supertrait: one name, no ambiguity
/// in generic code).
pub trait Call: Message + std::fmt::Debug {
    /// The response Alipay answers with (read leniently, as every inbound message).
    type Response: Message + std::fmt::Debug;
    /// The HTTP method the spec gives (`POST`).
    const METHOD: &'static str;
    /// The path the spec gives (`/v1/payments/capture`), appended to the
    /// gateway's base URL (which carries any product prefix, such as `/ams/api`).
    const PATH: &'static str;
}

/// Code generic over a request type, run for each API by the generated
/// `catalog::for_each_call` (a test that calls every API, a smoke check of a
/// gateway) without a list of APIs.
pub trait CallVisitor {
    /// Called once per request API.
    fn visit<R: Call + 'static>(&mut self);
}
