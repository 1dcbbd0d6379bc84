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
//! - in Markdown, [`markdown`] escapes HTML (`<`, `&`) and fences; the docs
//!   emitter applies it to every value a template shows.

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
    if !s.chars().any(|c| forbidden(c) || c == '\r') {
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
        match (open, fence(&line)) {
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

/// Spec text for a Markdown page: HTML is escaped (`&`, `<`), a line
/// that would open a code fence is escaped, and [`forbidden`] characters are
/// shown as `\u{...}`.
pub fn markdown(text: &str) -> String {
    let text = escape_forbidden(text);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = if fence(line).is_some() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            format!("{}\\{}", &line[..indent], &line[indent..])
        } else {
            line.to_string()
        };
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                c => out.push(c),
            }
        }
    }
    out
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
    fn markdown_escapes_html_and_fences() {
        assert_eq!(
            markdown("<script>a && b</script>"),
            "&lt;script>a &amp;&amp; b&lt;/script>"
        );
        assert_eq!(markdown("x\n```\ny"), "x\n\\```\ny");
        assert_eq!(markdown("&#x202E;"), "&amp;#x202E;");
    }
}
