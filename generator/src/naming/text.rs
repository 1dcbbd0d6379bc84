//! Spec text on its way into generated files: it only ever becomes text.
//!
//! Descriptions, messages and notes are prose written by people (or pasted
//! from Alipay's pages). In generated output they must never become code or
//! markup that does something:
//! - in rustdoc, a fenced or indented block is a doctest that `cargo test`
//!   runs: [`rustdoc_lines`] turns every fence into a ```` ```text ```` block,
//!   closes a fence left open, and takes indented lines out of code-block
//!   position;
//! - control characters and the bidirectional overrides of "Trojan Source"
//!   (U+202E, ...) are refused by lint when written literally in a spec file
//!   ([`forbidden`]), and shown as `\u{...}` text wherever a YAML escape still
//!   brings one in ([`escape_forbidden`]); a bare CR in a doc comment is a
//!   rustc error;
//! - in every artifact that a Markdown renderer shows (rustdoc, the Markdown
//!   docs, and the `description`s of the JSON Schemas and the OpenAPI
//!   document, which Redoc and Swagger UI render as CommonMark), spec text is
//!   escaped, never refused: raw HTML (`<`), entities (`&`), links, images,
//!   reference definitions and intra-doc links (`[`) come out as the
//!   characters written, and so do fences and indented blocks that would
//!   open code (a doctest in rustdoc). Escaping keeps a document pasted from
//!   Alipay's pages transcribable (`amount < 100`, `[S, F]` stay as they are
//!   when rendered) where a refusal would make its author rewrite it, and it
//!   does not depend on recognising every form of HTML or URL. [`inline`] is
//!   the escape of a piece of text, [`code_span`] of a value shown as code,
//!   [`rustdoc_text`] of a description in a doc comment (its fences become
//!   `text` blocks closed at its own end), [`markdown`] of a value in the
//!   Markdown docs and of a schema description.

/// Characters spec text may not carry into generated files: C0 controls other
/// than tab and line feed (a CR is allowed only as part of CRLF, which the
/// loader sees as a line end), DEL, C1 controls, and the bidirectional
/// formatting characters rustc refuses in comments and literals
/// (`text_direction_codepoint_in_comment`), plus the other invisible
/// direction marks.
pub fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A name for a forbidden character, for diagnostics.
pub fn describe(c: char) -> String {
    let name = match c {
        '\r' => "a carriage return (CR) not followed by a line feed",
        '\u{0}' => "a NUL byte",
        '\u{7f}' => "DEL",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{2066}'..='\u{2069}' => "a directional isolate",
        '\u{200e}' | '\u{200f}' | '\u{61c}' => "an invisible direction mark",
        '\u{2028}' | '\u{2029}' => "a Unicode line or paragraph separator",
        '\u{feff}' => "a byte order mark inside the text",
        c if c.is_control() => "a control character",
        _ => "an invisible formatting character",
    };
    format!("{name} (U+{:04X})", c as u32)
}

/// Replaces every [`forbidden`] character (and a CR that does not end a
/// line) by its `\u{...}` spelling, so that it shows as text.
pub fn escape_forbidden(s: &str) -> String {
    if !has_forbidden(s) {
        return s.to_string();
    }
    let text = s.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if forbidden(c) || c == '\r' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The opening or closing fence of a Markdown code block: three or more
/// backticks or tildes after at most three spaces.
fn fence(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = rest.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// Escapes one line of spec text for CommonMark so that it renders as the
/// same characters and never as markup that does something: `<` (raw HTML,
/// autolinks), `&` (entities) and `[` (links, images, reference definitions,
/// footnotes, rustdoc's intra-doc links) are backslash-escaped, and so is a
/// backslash before one of them (or before a backslash, a backtick or a
/// tilde), which would otherwise undo the escape. The first character of a
/// run of three or more backticks or tildes is escaped, so that no code fence
/// opens, not even inside a list item or a quote. Code spans are kept (their
/// content is escaped too: a `<` inside shows as `\<`, the price of never
/// having to tell, as a renderer would, where a span really starts).
fn escape_line(line: &str, out: &mut String) {
    // Every character escaped is ASCII: the line is scanned as bytes and
    // copied in slices between them.
    let bytes = line.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if BYTES[usize::from(b)] & ESCAPED == 0 {
            i += 1;
            continue;
        }
        if b == b'`' || b == b'~' {
            let run = bytes[i..].iter().take_while(|x| **x == b).count();
            if run >= 3 {
                out.push_str(&line[copied..i]);
                out.push('\\');
                copied = i;
            }
            i += run;
            continue;
        }
        let escape = match b {
            b'<' | b'&' | b'[' => true,
            // Only before a character escaped here (or another backslash):
            // a `\|` the table-cell escape wrote keeps its meaning.
            b'\\' => bytes
                .get(i + 1)
                .is_some_and(|n| matches!(n, b'<' | b'&' | b'[' | b'\\' | b'`' | b'~')),
            _ => false,
        };
        if escape {
            out.push_str(&line[copied..i]);
            out.push('\\');
            copied = i;
        }
        i += 1;
    }
    out.push_str(&line[copied..]);
}

/// Spaces in a line outside code blocks, collapsed where they could make
/// code: a tab becomes spaces, and a run of four or more spaces (after a list
/// marker or a `>` it would start an indented code block, a doctest in
/// rustdoc) becomes one. A renderer shows a run of spaces as one anyway.
fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // Spaces not yet written (a tab counts four), and where the text after
    // the last of them starts.
    let mut run = 0;
    let mut copied = 0;
    for (i, b) in line.bytes().enumerate() {
        if b == b' ' || b == b'\t' {
            if run == 0 {
                out.push_str(&line[copied..i]);
            }
            run += if b == b'\t' { 4 } else { 1 };
        } else if run > 0 {
            let n = if run >= 4 { 1 } else { run };
            out.extend(std::iter::repeat_n(' ', n));
            run = 0;
            copied = i;
        }
    }
    if run == 0 {
        out.push_str(&line[copied..]);
    } else {
        out.extend(std::iter::repeat_n(' ', run.min(3)));
    }
    out
}

/// Spec text as a piece of one Markdown line (a list item, a sentence the
/// generator writes around it): line breaks become spaces, and the text is
/// escaped as by `escape_line`; [`forbidden`] characters show as `\u{...}`.
pub fn inline(text: &str) -> String {
    let text = escape_forbidden(text);
    let joined: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::with_capacity(text.len() + 8);
    escape_line(&collapse_spaces(&joined.join(" ")), &mut out);
    out
}

/// Values as a list of code spans, `` `A`, `B` `` (each as [`code_span`]).
pub fn code_spans(values: &[String]) -> String {
    values
        .iter()
        .map(|v| code_span(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A spec value shown as code (`` `value` ``): on one line, escaped as by
/// [`inline`], between backtick runs longer than any run inside it (with a
/// space inside when it starts or ends with a backtick).
pub fn code_span(value: &str) -> String {
    let text = inline(value);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// Spec text (a description, a message) as a part of a doc comment, to be
/// joined with the generator's own lines: fenced blocks become `text` blocks
/// (closed at the end of this text when it leaves one open, so that it never
/// swallows the lines after it), everything else is escaped line by line
/// (`escape_line`) with its indentation removed and long runs of spaces
/// collapsed (no indented code block), and [`forbidden`] characters show as
/// `\u{...}`. Pass the result through [`rustdoc_lines`] (as the emitter's
/// `doc` does) with the rest of the comment.
pub fn rustdoc_text(text: &str) -> String {
    let text = escape_forbidden(text);
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for line in text.trim_end().lines() {
        let line = line.replace('\t', "    ");
        match open {
            Some((oc, on)) => {
                if matches!(fence(&line), Some((c, n)) if c == oc && n >= on && line.trim().chars().all(|x| x == c))
                {
                    open = None;
                    out.push(oc.to_string().repeat(on));
                } else {
                    out.push(line);
                }
            }
            None => {
                let trimmed = line.trim_start();
                if let Some((c, n)) = fence(trimmed) {
                    open = Some((c, n));
                    out.push(format!("{}text", c.to_string().repeat(n)));
                } else {
                    let mut escaped = String::with_capacity(trimmed.len() + 8);
                    escape_line(&collapse_spaces(trimmed), &mut escaped);
                    out.push(escaped);
                }
            }
        }
    }
    if let Some((c, n)) = open {
        out.push(c.to_string().repeat(n));
    }
    out.join("\n")
}

/// Spec text as the lines of a doc comment that rustdoc renders as text and
/// never runs: each fenced block becomes a `text` block (closed at the end
/// if the text leaves it open), indentation that would make an indented code
/// block is removed, tabs become spaces, and [`forbidden`] characters are
/// escaped. Each line is returned with the leading space of `/// line`.
pub fn rustdoc_lines(text: &str) -> Vec<String> {
    let text = escape_forbidden(text);
    let mut out = Vec::new();
    let mut open: Option<(char, usize)> = None;
    for line in text.trim_end().lines() {
        let line = line.replace('\t', "    ");
        // Outside a block, indentation is removed below, so a fence is looked
        // for after it (`    ```` would otherwise open one once unindented).
        let candidate = if open.is_some() {
            fence(&line)
        } else {
            fence(line.trim_start())
        };
        match (open, candidate) {
            (None, Some((c, n))) => {
                // An info string (`rust`, `ignore`, ...) is dropped: the block is text.
                open = Some((c, n));
                out.push(format!(" {}text", c.to_string().repeat(n)));
            }
            (Some((oc, on)), Some((c, n)))
                if c == oc && n >= on && line.trim().chars().all(|x| x == c) =>
            {
                open = None;
                out.push(format!(" {}", c.to_string().repeat(n)));
            }
            (Some(_), _) => out.push(format!(" {line}")),
            (None, None) => {
                // Four spaces would start an indented (Rust) code block.
                let trimmed = line.trim_start();
                out.push(if trimmed.is_empty() {
                    String::new()
                } else {
                    format!(" {trimmed}")
                });
            }
        }
    }
    if let Some((c, n)) = open {
        out.push(format!(" {}", c.to_string().repeat(n)));
    }
    out
}

/// Spec text for a Markdown page or a schema description: each line escaped
/// as by `escape_line` (no HTML, entity, link or code fence; a fence line
/// shows as its characters, so an unclosed one swallows nothing), runs of
/// four or more spaces collapsed (no indented code block, which would take
/// in the generator's `Source:` sentence after the text), line breaks kept,
/// and [`forbidden`] characters shown as `\u{...}`.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_markdown(&mut out, text);
    out
}

/// [`markdown`] of `text`, appended to `out`.
pub fn push_markdown(out: &mut String, text: &str) {
    let found = scan(text);
    let forbidden = found & SUSPECT != 0 && has_forbidden(text);
    // Most values need no escape at all: copied as they are.
    if found & (ESCAPED | SPACES) == 0 && !forbidden {
        out.push_str(text);
        return;
    }
    let text: std::borrow::Cow<'_, str> = if forbidden {
        escape_forbidden(text).into()
    } else {
        text.into()
    };
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if found & SPACES != 0 && has_spaces_to_collapse(line) {
            escape_line(&collapse_spaces(line), out);
        } else {
            // `collapse_spaces` would give the line back unchanged.
            escape_line(line, out);
        }
    }
}

/// Whether `text` has a [`forbidden`] character or a CR: a byte scan, which
/// decodes a character only where one may start (every forbidden character
/// is a C0 control, DEL, or starts with the byte 0xC2, 0xD8, 0xE2 or 0xEF,
/// each the first byte of a character).
fn has_forbidden(text: &str) -> bool {
    text.bytes().enumerate().any(|(i, b)| {
        BYTES[usize::from(b)] & SUSPECT != 0
            && text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| forbidden(c) || c == '\r')
    })
}

/// A tab, or a run of four spaces: what [`collapse_spaces`] changes.
fn has_spaces_to_collapse(line: &str) -> bool {
    let mut run = 0;
    for b in line.bytes() {
        match b {
            b'\t' => return true,
            b' ' if run == 3 => return true,
            b' ' => run += 1,
            _ => run = 0,
        }
    }
    false
}

/// What a byte may ask of [`markdown`]: an escape by `escape_line`,
const ESCAPED: u8 = 1;
/// spaces collapsed (a tab; two spaces are noticed by [`scan`]),
const SPACES: u8 = 2;
/// or a look for [`forbidden`] characters: a control character or CR, DEL,
/// or the first byte of a forbidden character beyond ASCII.
const SUSPECT: u8 = 4;

/// [`ESCAPED`], [`SPACES`] or [`SUSPECT`] for each byte.
const BYTES: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 0x20 {
        if b != b'\n' as usize {
            t[b] = SUSPECT;
        }
        b += 1;
    }
    t[b'\t' as usize] = SPACES;
    let escaped = [b'\\', b'<', b'&', b'[', b'`', b'~'];
    let mut i = 0;
    while i < escaped.len() {
        t[escaped[i] as usize] = ESCAPED;
        i += 1;
    }
    let suspect = [0x7f, 0xc2, 0xd8, 0xe2, 0xef];
    let mut i = 0;
    while i < suspect.len() {
        t[suspect[i] as usize] = SUSPECT;
        i += 1;
    }
    t
};

/// The union of what the bytes of `text` may ask of [`markdown`]: none, and
/// it gives `text` back as it is. A run of four spaces has two spaces at an
/// even offset and the next; such a pair counts as [`SPACES`], and the lines
/// are then looked at one by one.
fn scan(text: &str) -> u8 {
    let bytes = text.as_bytes();
    let mut found = 0;
    let mut pairs = bytes.chunks_exact(2);
    for pair in &mut pairs {
        found |= BYTES[usize::from(pair[0])] | BYTES[usize::from(pair[1])];
        if pair == b"  " {
            found |= SPACES;
        }
    }
    for b in pairs.remainder() {
        found |= BYTES[usize::from(*b)];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> String {
        rustdoc_lines(text).join("\n")
    }

    #[test]
    fn fences_become_text_blocks() {
        assert_eq!(
            joined("Before.\n```rust\nstd::process::exit(1);\n```\nAfter."),
            " Before.\n ```text\n std::process::exit(1);\n ```\n After."
        );
        assert_eq!(joined("~~~~\nx\n~~~~"), " ~~~~text\n x\n ~~~~");
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(joined("a\n```\npanic!()"), " a\n ```text\n panic!()\n ```");
        // A shorter fence does not close a longer one.
        assert_eq!(joined("````\n```\nx"), " ````text\n ```\n x\n ````");
    }

    #[test]
    fn indented_lines_cannot_start_a_code_block() {
        assert_eq!(joined("a\n\n    panic!()"), " a\n\n panic!()");
        assert_eq!(joined("a\n\n\tpanic!()"), " a\n\n panic!()");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(joined("a\u{202e}b"), " a\\u{202e}b");
        assert_eq!(joined("a\rb"), " a\\u{d}b");
        assert_eq!(joined("a\r\nb"), " a\n b");
        assert!(forbidden('\u{202e}') && forbidden('\u{0}') && forbidden('\u{85}'));
        assert!(!forbidden('\n') && !forbidden('\t') && !forbidden('中'));
    }

    #[test]
    fn an_indented_fence_cannot_open_a_block_once_unindented() {
        assert_eq!(
            joined("a\n\n    ```\n    panic!()\n    ```"),
            " a\n\n ```text\n     panic!()\n     ```\n ```"
        );
    }

    #[test]
    fn markdown_escapes_html_links_and_fences() {
        assert_eq!(
            markdown("<script>a && b</script>"),
            "\\<script>a \\&\\& b\\</script>"
        );
        assert_eq!(markdown("x\n```\ny"), "x\n\\```\ny");
        assert_eq!(markdown("&#x202E;"), "\\&#x202E;");
        assert_eq!(
            markdown("[a](javascript:alert(1)) ![i](x) [r]: javascript:x"),
            "\\[a](javascript:alert(1)) !\\[i](x) \\[r]: javascript:x"
        );
        // A backslash cannot undo an escape; one before a letter is kept.
        assert_eq!(markdown("\\<b> \\u{202e}"), "\\\\\\<b> \\u{202e}");
        // A fence inside a list item or a quote does not open either.
        assert_eq!(markdown("- ~~~rust\n> ````"), "- \\~~~rust\n> \\````");
    }

    #[test]
    fn rustdoc_text_escapes_and_closes_its_own_fence() {
        assert_eq!(
            rustdoc_text("<img src=x onerror=alert(1)> [x](javascript:y)\n```rust\n<b>\n"),
            "\\<img src=x onerror=alert(1)> \\[x](javascript:y)\n```text\n<b>\n```"
        );
        // List-indented code and quoted fences: no code block, no doctest.
        assert_eq!(
            rustdoc_text("-     panic!()\n>\t```\n  ~~~"),
            "- panic!()\n> \\```\n~~~text\n~~~"
        );
    }

    #[test]
    fn inline_text_and_code_spans_stay_on_one_line() {
        assert_eq!(inline("a\n```\n<b>"), "a \\``` \\<b>");
        assert_eq!(code_span("S"), "`S`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span("<i>\n"), "`\\<i>`");
    }
}
