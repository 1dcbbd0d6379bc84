//! Rust source written as text, in the layout prettyplease gives it.
//!
//! Building tokens, parsing them with syn and printing them with prettyplease
//! cost most of the emitter's time; the per-API files are mostly items whose
//! layout does not depend on the width of the text (a struct's fields, a
//! block's statements, one per line), so [`Code`] writes them directly.
//! Where prettyplease's layout does depend on the width (a call or a struct
//! literal that does not fit the line is broken, one argument or field per
//! line), [`Expr`] reproduces its rule. A top-level item written in a line
//! longer than prettyplease's margin is left to prettyplease: [`Code::item`]
//! parses its text and prints it again, so a case the writer does not know
//! (a long method chain, a long type) still comes out as prettyplease prints it.
//! The tests check every file emitted from the specs and the fixtures is
//! printed back unchanged by prettyplease.
//!
//! Spec text only reaches the code through [`lit`] (a string literal, escaped
//! as proc-macro2 escapes it) and [`Code::doc`] (doc comments made safe by
//! [`crate::naming::text::rustdoc_lines`]).

/// prettyplease's margin, its indentation step and the least room it gives a
/// line however deep its indentation.
const MARGIN: usize = 89;
const INDENT: usize = 4;
const MIN_SPACE: usize = 60;
/// The widest struct literal prettyplease writes on one line, its closing
/// `}` aside.
const STRUCT_MAX_WIDTH: usize = 34;

/// A string literal as proc-macro2 (and so prettyplease) writes it.
pub(super) fn lit(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// `Some("..")` or `None`.
pub(super) fn opt_lit(v: Option<&str>) -> String {
    match v {
        Some(s) => format!("Some({})", lit(s)),
        None => "None".to_string(),
    }
}

/// `Some(n)` or `None`, `n` unsuffixed.
pub(super) fn opt_num(v: Option<u32>) -> String {
    match v {
        Some(n) => format!("Some({n})"),
        None => "None".to_string(),
    }
}

/// `&["a", "b"]`.
pub(super) fn lit_slice(v: &[String]) -> String {
    Expr::prefixed("&", lit_array(v)).text()
}

/// `["a", "b"]`.
pub(super) fn lit_array<S: AsRef<str>>(v: &[S]) -> Expr {
    Expr::Array(v.iter().map(|s| Expr::Flat(lit(s.as_ref()))).collect())
}

/// An expression, as prettyplease lays it out: on one line when it fits,
/// else broken at its outermost call or struct literal (each argument or
/// field on its own line, with a trailing comma), and so on inwards. A
/// struct literal wider than [`STRUCT_MAX_WIDTH`] is always broken, and so is
/// everything around it; a call whose one argument is a struct literal
/// keeps it on its own line (`Some(View {`).
#[derive(Debug, Clone)]
pub(super) enum Expr {
    /// Text never broken here (a short method chain, a path): when too
    /// long, [`Code::item`] leaves the item to prettyplease.
    Flat(String),
    /// Text prettyplease never breaks (a literal, `name: "literal"`): it
    /// stays as it is on a line of its own however long.
    Atom(String),
    /// `head(args, ...)`: a path call, or a method call on a receiver of at
    /// most four characters (`r.expect(..)`), which prettyplease does not
    /// break before the `.` (on a longer receiver it is an [`Expr::Chain`]).
    Call(String, Vec<Expr>),
    /// `head { fields, ... }`: each field a `name: value` ([`Expr::Prefixed`]) or a name.
    Struct(String, Vec<Expr>),
    /// `[elements, ...]`.
    Array(Vec<Expr>),
    /// `head<args, ...>` (a type).
    Generic(String, Vec<Expr>),
    /// `root.seg.seg()...`: broken before each `.`, one a line (each
    /// segment a `.field` or a `.method(args)` call).
    Chain(Box<Expr>, Vec<Expr>),
    /// `left && right`: broken before the `&&`.
    And(Box<Expr>, Box<Expr>),
    /// `prefix(inner)` that keeps its parentheses on the lines of `inner` (`!(...)`).
    Paren(String, Box<Expr>),
    /// `|params| body`: a body too long for the line goes into a block.
    Closure(String, Box<Expr>),
    /// Text written before an expression, on its first line (`&`, `name: `).
    Prefixed(String, Box<Expr>),
}

impl Expr {
    pub(super) fn flat(s: impl Into<String>) -> Self {
        Expr::Flat(s.into())
    }

    pub(super) fn call(head: impl Into<String>, args: Vec<Expr>) -> Self {
        Expr::Call(head.into(), args)
    }

    pub(super) fn generic(head: impl Into<String>, args: Vec<Expr>) -> Self {
        Expr::Generic(head.into(), args)
    }

    pub(super) fn prefixed(prefix: impl Into<String>, e: Expr) -> Self {
        Expr::Prefixed(prefix.into(), Box::new(e))
    }

    /// Whether prettyplease breaks the expression wherever it stands: it
    /// holds a struct literal too wide for one line.
    fn forced_break(&self) -> bool {
        match self {
            Expr::Flat(_) | Expr::Atom(_) => false,
            Expr::Call(_, args) | Expr::Array(args) | Expr::Generic(_, args) => {
                args.iter().any(Expr::forced_break)
            }
            Expr::Chain(root, segs) => root.forced_break() || segs.iter().any(Expr::forced_break),
            Expr::And(l, r) => l.forced_break() || r.forced_break(),
            Expr::Paren(_, e) | Expr::Closure(_, e) => e.forced_break(),
            Expr::Struct(_, fields) => {
                self.text().len() - 1 > STRUCT_MAX_WIDTH || fields.iter().any(Expr::forced_break)
            }
            Expr::Prefixed(_, e) => e.forced_break(),
        }
    }

    /// The expression on one line.
    pub(super) fn text(&self) -> String {
        let mut s = String::new();
        self.write_flat(&mut s);
        s
    }

    fn write_flat(&self, out: &mut String) {
        // `head`, `open`, the items separated by `, `, `close`.
        let list = |out: &mut String, head: &str, open: &str, items: &[Expr], close: &str| {
            out.push_str(head);
            out.push_str(open);
            for (i, e) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                e.write_flat(out);
            }
            out.push_str(close);
        };
        match self {
            Expr::Flat(s) | Expr::Atom(s) => out.push_str(s),
            Expr::Paren(p, e) => {
                out.push_str(p);
                out.push('(');
                e.write_flat(out);
                out.push(')');
            }
            Expr::Closure(head, e) => {
                out.push_str(head);
                out.push(' ');
                e.write_flat(out);
            }
            Expr::Call(head, args) => list(out, head, "(", args, ")"),
            Expr::Struct(head, fields) if fields.is_empty() => {
                out.push_str(head);
                out.push_str(" {}");
            }
            Expr::Array(elems) => list(out, "", "[", elems, "]"),
            Expr::Generic(head, args) => list(out, head, "<", args, ">"),
            Expr::Chain(root, segs) => {
                root.write_flat(out);
                for s in segs {
                    s.write_flat(out);
                }
            }
            Expr::And(l, r) => {
                l.write_flat(out);
                out.push_str(" && ");
                r.write_flat(out);
            }
            Expr::Struct(head, fields) => list(out, head, " { ", fields, " }"),
            Expr::Prefixed(p, e) => {
                out.push_str(p);
                e.write_flat(out);
            }
        }
    }
}

/// A statement of a function's body.
#[derive(Debug, Clone)]
pub(super) enum Stmt {
    /// The expression and `;` (`let` statements are written in it).
    Semi(Expr),
    /// `head`, the expression, `tail`, then ` {`, the body, and `} else {` and
    /// `otherwise` when it is not empty: `if`, `if let`, `for`.
    Block {
        head: String,
        expr: Expr,
        tail: String,
        body: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
}

impl Stmt {
    pub(super) fn semi(e: Expr) -> Self {
        Stmt::Semi(e)
    }

    /// `head` + `expr` + ` {`, `body`, `}`.
    pub(super) fn block(head: &str, expr: Expr, body: Vec<Stmt>) -> Self {
        Stmt::Block {
            head: head.to_string(),
            expr,
            tail: String::new(),
            body,
            otherwise: Vec::new(),
        }
    }
}

/// Rust source being written, line by line, at an indentation.
#[derive(Default)]
pub(super) struct Code {
    out: String,
    indent: usize,
    /// Where lines start that are longer than the margin as prettyplease
    /// prints them too ([`Expr::Atom`]).
    long_ok: Vec<usize>,
}

impl Code {
    pub(super) fn new() -> Self {
        Self::default()
    }

    pub(super) fn finish(self) -> String {
        self.out
    }

    /// One line at the current indentation.
    pub(super) fn line(&mut self, s: &str) {
        for _ in 0..self.indent {
            self.out.push(' ');
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// Lines already written at this indentation (by [`Code::at`]).
    pub(super) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A writer starting at the indentation `levels` deep, for code
    /// that goes inside a block through [`Code::raw`].
    pub(super) fn at(levels: usize) -> Self {
        Code {
            indent: levels * INDENT,
            ..Code::default()
        }
    }

    /// A line opening a block (ending in `{`, `(`, ...): what follows is indented.
    pub(super) fn open(&mut self, s: &str) {
        self.line(s);
        self.indent += INDENT;
    }

    /// A line closing a block.
    pub(super) fn close(&mut self, s: &str) {
        self.indent -= INDENT;
        self.line(s);
    }

    /// A function's signature and the `{` of its body, on one line when it
    /// fits, else one parameter a line; what follows is the body.
    pub(super) fn fn_open(&mut self, head: &str, params: &[&str], ret: &str) {
        let one = format!("{head}({}){ret} {{", params.join(", "));
        if fits_at(self.indent, &one) {
            self.open(&one);
            return;
        }
        self.open(&format!("{head}("));
        for p in params {
            self.line(&format!("{p},"));
        }
        self.close(&format!("){ret} {{"));
        self.indent += INDENT;
    }

    /// `/// line` per line of `text`, as prettyplease prints `#[doc = "..."]`
    /// (trailing spaces dropped).
    pub(super) fn doc(&mut self, text: &str) {
        self.doc_lines("///", &crate::naming::text::rustdoc_lines(text));
    }

    /// `//! line` per line, the docs of the module.
    pub(super) fn inner_doc(&mut self, text: &str) {
        self.doc_lines("//!", &crate::naming::text::rustdoc_lines(text));
    }

    fn doc_lines(&mut self, marker: &str, lines: &[String]) {
        for l in lines {
            self.line(&format!("{marker}{}", l.trim_end_matches(' ')));
        }
    }

    /// `lead`, the expression and `tail` (`;`, `,`, ` {`), broken as prettyplease breaks it
    /// when it does not fit.
    pub(super) fn expr(&mut self, lead: &str, e: &Expr, tail: &str) {
        let flat = e.text();
        if !e.forced_break() && fits_at(self.indent, &format!("{lead}{flat}{tail}")) {
            self.line(&format!("{lead}{flat}{tail}"));
            return;
        }
        match e {
            // Too long: `item` leaves the whole item to prettyplease.
            Expr::Flat(_) => self.line(&format!("{lead}{flat}{tail}")),
            Expr::Atom(_) => {
                self.long_ok.push(self.out.len());
                self.line(&format!("{lead}{flat}{tail}"));
            }
            Expr::Paren(p, inner) => {
                self.expr(&format!("{lead}{p}("), inner, &format!("){tail}"));
            }
            Expr::Prefixed(p, inner) => self.expr(&format!("{lead}{p}"), inner, tail),
            Expr::Call(head, args) if matches!(args.as_slice(), [Expr::Struct(..)]) => {
                self.expr(&format!("{lead}{head}("), &args[0], &format!("){tail}"));
            }
            Expr::Call(head, args) => {
                self.list(&format!("{lead}{head}("), args, &format!("){tail}"))
            }
            Expr::Generic(head, args) => {
                self.list(&format!("{lead}{head}<"), args, &format!(">{tail}"))
            }
            Expr::And(l, r) => {
                self.expr(lead, l, "");
                self.indent += INDENT;
                self.expr("&& ", r, tail);
                self.indent -= INDENT;
            }
            Expr::Closure(head, body) => {
                self.open(&format!("{lead}{head} {{"));
                self.expr("", body, "");
                self.close(&format!("}}{tail}"));
            }
            Expr::Chain(root, segs) => {
                let first = format!("{lead}{}", root.text());
                if !root.forced_break() && fits_at(self.indent, &first) {
                    self.line(&first);
                } else {
                    // A root broken itself is indented as the segments are, its
                    // first line aside.
                    let start = self.out.len();
                    self.indent += INDENT;
                    self.expr(lead, root, "");
                    self.indent -= INDENT;
                    self.out.drain(start..start + INDENT);
                }
                self.indent += INDENT;
                for (i, s) in segs.iter().enumerate() {
                    self.expr("", s, if i + 1 == segs.len() { tail } else { "" });
                }
                self.indent -= INDENT;
            }
            Expr::Array(elems) => self.list(&format!("{lead}["), elems, &format!("]{tail}")),
            Expr::Struct(head, fields) => {
                self.list(&format!("{lead}{head} {{"), fields, &format!("}}{tail}"))
            }
        }
    }

    /// A broken list: `open`, each item on its own line with a comma, `close`.
    /// The last comma is prettyplease's trailing one, written only because
    /// the list is broken: it does not count when the item is fitted.
    fn list(&mut self, open: &str, items: &[Expr], close: &str) {
        self.open(open);
        for (i, e) in items.iter().enumerate() {
            if i + 1 < items.len() {
                self.expr("", e, ",");
            } else {
                self.expr("", e, "");
                self.out.insert(self.out.len() - 1, ',');
            }
        }
        self.close(close);
    }

    /// `lead` (`if `, `match `, ...), the expression, `tail` and ` {`; what
    /// follows is indented. An expression broken at a `.` or `&&` puts the
    /// `{` on a line of its own.
    pub(super) fn block_open(&mut self, lead: &str, e: &Expr, tail: &str) {
        let one = format!("{lead}{}{tail} {{", e.text());
        if !e.forced_break() && fits_at(self.indent, &one) {
            self.open(&one);
        } else if matches!(e, Expr::Chain(..) | Expr::And(..)) {
            self.expr(lead, e, tail);
            self.open("{");
        } else {
            self.expr(lead, e, &format!("{tail} {{"));
            self.indent += INDENT;
        }
    }

    /// `head{a, b, c};` (`pub use module::`), or the names on lines of their
    /// own when that does not fit.
    pub(super) fn use_line(&mut self, head: &str, names: &[String]) {
        let one = format!("{head}{{{}}};", names.join(", "));
        if fits_at(self.indent, &one) {
            self.line(&one);
        } else {
            self.open(&format!("{head}{{"));
            self.line(&format!("{},", names.join(", ")));
            self.close("};");
        }
    }

    /// A match arm: `pat => body,`, or the body in a block when the arm
    /// (its comma aside) does not fit the line.
    pub(super) fn arm(&mut self, pat: &str, body: &Expr) {
        let one = format!("{pat} => {}", body.text());
        if !body.forced_break() && fits_at(self.indent, &one) {
            self.line(&format!("{one},"));
        } else {
            self.open(&format!("{pat} => {{"));
            self.expr("", body, "");
            self.close("}");
        }
    }

    /// Statements, one after the other.
    pub(super) fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            match s {
                Stmt::Semi(e) => self.expr("", e, ";"),
                Stmt::Block {
                    head,
                    expr,
                    tail,
                    body,
                    otherwise,
                } => {
                    self.block_open(head, expr, tail);
                    self.stmts(body);
                    if otherwise.is_empty() {
                        self.close("}");
                    } else {
                        self.close("} else {");
                        self.indent += INDENT;
                        self.stmts(otherwise);
                        self.close("}");
                    }
                }
            }
        }
    }

    /// A top-level item written by `write`. When one of its lines (doc
    /// comments aside) does not fit prettyplease's margin, it is parsed and
    /// printed by prettyplease instead, which knows how to break it.
    pub(super) fn item(&mut self, write: impl FnOnce(&mut Code)) {
        let start = self.out.len();
        write(self);
        let text = &self.out[start..];
        let mut at = start;
        let all_fit = text.split_inclusive('\n').all(|line| {
            let ok = fits(line.trim_end_matches('\n')) || self.long_ok.contains(&at);
            at += line.len();
            ok
        });
        self.long_ok.clear();
        if all_fit {
            return;
        }
        let formatted = match syn::parse_file(text) {
            Ok(f) => prettyplease::unparse(&f),
            Err(e) => panic!("alipay-codegen bug: generated Rust does not parse: {e}\n{text}"),
        };
        self.out.truncate(start);
        self.out.push_str(&formatted);
    }
}

/// Whether prettyplease would leave the line as it is: a comment, or code
/// within its margin at the line's indentation.
fn fits(line: &str) -> bool {
    let body = line.trim_start_matches(' ');
    body.starts_with("//") || fits_at(line.len() - body.len(), body)
}

/// Whether `text` fits prettyplease's margin at the indentation `indent`.
fn fits_at(indent: usize, text: &str) -> bool {
    text.len() <= MARGIN.saturating_sub(indent).max(MIN_SPACE)
}
