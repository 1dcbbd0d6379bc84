//! How values are written into a page: escaped as Markdown text
//! ([`crate::naming::text::markdown`], the templates' autoescape), folded
//! into one table cell ([`escape_cell`], the `cell` filter), with source ids
//! named by their documents' titles ([`Titles`], the `titles` filter).
//!
//! The lines a page repeats (table rows, list items) are written in Rust with
//! [`Md`], whose methods are the template expressions they stand for; the
//! templates lay out the page around them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::naming::text::push_markdown;

/// The documents' titles by source id, for naming the documents a text cites.
pub struct Titles {
    /// (id, title) by the id's first byte: most words of a text start with
    /// a letter no id starts with, and the others are told apart by length
    /// before a comparison.
    by_first: Vec<Vec<(String, String)>>,
    /// The bytes [`Titles::name_documents`] stops at: a backtick, and the
    /// first byte of an id.
    stops: [bool; 256],
}

/// The bytes of a token (an id is one): ASCII letters and digits, `_`, `-`.
const TOKEN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    t
};

impl Titles {
    pub fn new(by_id: BTreeMap<String, String>) -> Self {
        let mut by_first = vec![Vec::new(); 256];
        let mut stops = [false; 256];
        stops[usize::from(b'`')] = true;
        for (id, title) in by_id {
            if let Some(&b) = id.as_bytes().first() {
                by_first[usize::from(b)].push((id, title));
                // An id that is no token is never named.
                stops[usize::from(b)] = TOKEN[usize::from(b)];
            }
        }
        Titles { by_first, stops }
    }

    fn title(&self, token: &str) -> Option<&str> {
        let first = usize::from(*token.as_bytes().first()?);
        self.by_first
            .get(first)?
            .iter()
            .find(|(id, _)| id.len() == token.len() && id == token)
            .map(|(_, title)| title.as_str())
    }

    /// Spec prose with every source id (a whole token such as `S1` or
    /// `IDOCS-NC`, outside code spans) replaced by the document's title in
    /// italics, so a merchant reads "*notifyCapture (Cashier Payment),
    /// Chinese*", not "S1". The Sources list keeps the ids as keys for
    /// reading the spec files. One pass over the text; borrowed when no id
    /// is in it.
    pub fn name_documents<'t>(&self, text: &'t str) -> Cow<'t, str> {
        // A token is ASCII (letters, digits, `_`, `-`): the text is scanned
        // as bytes, and every other byte (of any character) separates tokens.
        // Only a backtick and a byte an id starts with are looked at.
        let is_token = |b: u8| TOKEN[usize::from(b)];
        let bytes = text.as_bytes();
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut in_code = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            if !self.stops[usize::from(b)] {
                continue;
            }
            if b == b'`' {
                in_code = !in_code;
                continue;
            }
            let start = i - 1;
            while i < bytes.len() && is_token(bytes[i]) {
                i += 1;
            }
            // Within a token (`XS1`), or in code, no id is named.
            if in_code || (start > 0 && is_token(bytes[start - 1])) {
                continue;
            }
            if let Some(title) = self.title(&text[start..i]) {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
                out.push_str(&text[copied..start]);
                out.push('*');
                out.push_str(title);
                out.push('*');
                copied = i;
            }
        }
        match out {
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
            None => Cow::Borrowed(text),
        }
    }
}

/// Escapes text for a Markdown table cell: `|` becomes `\|`, line breaks become spaces.
pub fn escape_cell(s: &str) -> String {
    fold_cell(s).into_owned()
}

/// [`escape_cell`], borrowed when the text is already one cell: each line
/// trimmed, the non-empty ones joined by a space, `|` escaped.
fn fold_cell(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| b == b'\n' || b == b'|') {
        return Cow::Borrowed(s.trim());
    }
    let mut out = String::with_capacity(s.len() + 8);
    // A CR before a line feed is trimmed with the line.
    for line in s.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut pieces = line.split('|');
        out.push_str(pieces.next().unwrap_or_default());
        for piece in pieces {
            out.push_str("\\|");
            out.push_str(piece);
        }
    }
    Cow::Owned(out)
}

/// A piece of a page written in Rust. Each method appends what the template
/// expression in its name writes: [`Md::raw`] the template's own text,
/// [`Md::text`] `{{ s }}`, [`Md::cell`] `{{ s | cell }}`, [`Md::titles`]
/// `{{ s | titles }}`, [`Md::titles_cell`] `{{ s | titles | cell }}`,
/// [`Md::cell_safe`] `{{ s | cell | safe }}` (the generator's own links).
pub struct Md<'a> {
    pub out: String,
    titles: &'a Titles,
}

impl<'a> Md<'a> {
    pub fn new(titles: &'a Titles) -> Self {
        Md {
            out: String::new(),
            titles,
        }
    }

    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    pub fn text(&mut self, s: &str) -> &mut Self {
        push_markdown(&mut self.out, s);
        self
    }

    pub fn cell(&mut self, s: &str) -> &mut Self {
        push_markdown(&mut self.out, &fold_cell(s));
        self
    }

    pub fn titles(&mut self, s: &str) -> &mut Self {
        push_markdown(&mut self.out, &self.titles.name_documents(s));
        self
    }

    pub fn titles_cell(&mut self, s: &str) -> &mut Self {
        push_markdown(&mut self.out, &fold_cell(&self.titles.name_documents(s)));
        self
    }

    pub fn cell_safe(&mut self, s: &str) -> &mut Self {
        self.out.push_str(&fold_cell(s));
        self
    }

    /// The text written so far, leaving the writer empty for the next piece.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_and_fold_lines() {
        assert_eq!(escape_cell("a | b\nc\r\n d"), "a \\| b c d");
        assert_eq!(escape_cell(" a|b "), "a\\|b");
        assert_eq!(escape_cell("\n \r\n"), "");
        assert_eq!(escape_cell(""), "");
    }

    #[test]
    fn names_documents_outside_code() {
        let titles = Titles::new(BTreeMap::from([
            ("S1".to_string(), "The Chinese page".to_string()),
            ("IDOCS-NC".to_string(), "The export".to_string()),
        ]));
        assert_eq!(
            titles.name_documents("Per S1/IDOCS-NC (S1's table), not `S1`, S10 or XS1."),
            "Per *The Chinese page*/*The export* (*The Chinese page*'s table), not `S1`, S10 or XS1."
        );
        assert_eq!(titles.name_documents("S1"), "*The Chinese page*");
        assert!(matches!(
            titles.name_documents("no id, 中文 S2"),
            Cow::Borrowed(_)
        ));
    }
}
