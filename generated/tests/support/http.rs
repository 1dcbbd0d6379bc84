//! What the loopback gateways of the client tests share (readme.rs,
//! lifecycle.rs): reading one HTTP/1.1 request off a socket buffer.

use bytes::Bytes;

/// The whole request once `buf` holds its head and `Content-Length` body
/// (hand-written: no HTTP server dependency for one request at a time).
pub fn parse(buf: &[u8]) -> Option<http::Request<Bytes>> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut line = lines.next()?.split(' ');
    let mut request = http::Request::builder()
        .method(line.next()?)
        .uri(line.next()?);
    let mut length = 0;
    for l in lines {
        let (name, value) = l.split_once(':')?;
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok()?;
        }
        request = request.header(name.trim(), value.trim());
    }
    let body = buf.get(end + 4..end + 4 + length)?;
    request.body(Bytes::copy_from_slice(body)).ok()
}
