//! Lint is the gate, tried on random spec trees: whatever `lint` accepts must
//! generate code that compiles without a warning (`cargo check` with
//! `-D warnings` on scratch crates), and whatever it refuses must come with
//! located diagnostics (a file and a line).
//!
//! The trees are built from a seed (`splitmix64`), close to valid so that most
//! pass lint, with awkward names (Rust keywords, prelude and runtime names,
//! unicode, near-collisions such as `resultCode` beside `result_code`), every
//! field kind, nesting, enums, result codes, conditions and notifications,
//! and descriptions holding code fences, bidi controls, CR and comment
//! terminators.
//!
//! Each accepted tree is compiled twice: as the `alipay-models` crate layout
//! with its optional features on (`schemars`, `signature`), and as the single
//! file a build script `include!`s with them off. Trees are batched into one
//! cargo workspace per run to keep it fast.
//!
//! - Default (`cargo test`): `RANDOM_SPECS` = 24 trees from a fixed base seed,
//!   plus every tree saved under `tests/random-specs/<name>/`.
//! - Longer: `RANDOM_SPECS=400 RANDOM_SPECS_SEED=$RANDOM cargo test -p
//!   alipay-codegen --test random_specs -- --nocapture`.
//! - One seed: `RANDOM_SPECS_ONLY=0x1234 ...`; `RANDOM_SPECS_KEEP=1` keeps the
//!   spec trees under `target/random-specs/` to look at.
//!
//! A failing tree is written to `target/random-specs/specs/<seed>/`; copy it
//! to `tests/random-specs/<name>/` (and say what it found in
//! `tests/random-specs/README.md`), so it runs in every CI job from then on,
//! whatever later changes to the generator above do to the seeds.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use alipay_codegen::emit;
use alipay_codegen::spec::{self, SpecFiles};

// ---------------------------------------------------------------- randomness

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------- names

/// Field names: plain camelCase most of the time, awkward ones often.
const AWKWARD_FIELDS: &[&str] = &[
    "type",
    "match",
    "self",
    "Self",
    "super",
    "crate",
    "async",
    "await",
    "dyn",
    "fn",
    "impl",
    "loop",
    "move",
    "ref",
    "static",
    "struct",
    "trait",
    "true",
    "union",
    "unsafe",
    "use",
    "where",
    "yield",
    "try",
    "gen",
    "abstract",
    "macro",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Result",
    "result",
    "resultCode",
    "result_code",
    "ResultCode",
    "resultcode",
    "naïve",
    "größe",
    "名前",
    "value",
    "values",
    "validate",
    "from_json",
    "to_json",
    "json",
    "runtime",
    "serde",
    "core",
    "std",
    "alloc",
    "unknown",
    "Unknown",
    "notifyType",
    "x",
    "_",
    "a1",
    "A",
    "deserialize",
    "default",
    "clone",
    "new",
];
const PLAIN: &[&str] = &[
    "order", "payment", "amount", "capture", "refund", "merchant", "user", "time", "code", "id",
    "status", "note", "memo", "count", "limit", "quote", "rate", "detail", "info",
];
/// Enum values and result codes.
const AWKWARD_VALUES: &[&str] = &[
    "UNKNOWN",
    "UNKNOWN_VALUE",
    "Unknown",
    "unknown",
    "SUCCESS",
    "S",
    "F",
    "U",
    "self",
    "Self",
    "type",
    "None",
    "Some",
    "1ST",
    "a-b",
    "A B",
    "ÜBER",
    "x",
    "OK",
    "ok",
    "Ok",
    "_",
    "__",
    "PROCESS_FAIL",
    "PROCESS-FAIL",
    "processFail",
    "ProcessFail",
    "TRUE",
    "true",
];
/// Result codes (UPPER_SNAKE_CASE, as lint requires, but colliding in Rust).
const AWKWARD_CODES: &[&str] = &[
    "UNKNOWN",
    "UNKNOWN_VALUE",
    "SUCCESS",
    "PROCESS_FAIL",
    "SELF",
    "TYPE",
    "NONE",
    "SOME",
    "OK",
    "ERR",
    "RESULT",
    "STRING",
    "A",
    "A1",
    "A_1",
    "A__1",
    "PARAM_ILLEGAL",
    "PARAM__ILLEGAL",
    "STATUS",
    "DEFAULT",
    "CLONE",
    "NEW",
    "FROM_JSON",
    "S",
    "F",
    "U",
];
/// Shared type names.
const AWKWARD_TYPES: &[&str] = &[
    "String",
    "Option",
    "Vec",
    "Box",
    "Result",
    "ResultStatus",
    "Violation",
    "FromJsonError",
    "Rule",
    "Status",
    "FurtherAction",
    "Notification",
    "Acknowledgement",
    "Unknown",
    "Self",
    "Amount",
    "Quote",
    "Value",
    "Map",
    "Lenient",
    "WireText",
    "Money",
    "Thing",
    "ThingX",
    "Thing_X",
    "Über",
    "Serialize",
    "Deserialize",
    "Default",
    "Clone",
    "Debug",
];
/// API names.
const AWKWARD_APIS: &[&str] = &[
    "main",
    "lib",
    "mod",
    "capture",
    "notifyCapture",
    "unknown",
    "Unknown",
    "notification",
    "codes",
    "types",
    "runtime",
    "catalog",
    "self",
    "type",
    "std",
    "core",
    "serde",
    "notify",
    "notify_thing",
    "notifyThing",
    "NotifyThing",
    "pay",
    "inquiryPayment",
    "cancel",
    "refund",
    "notifyRefund",
    "notifyÜber",
    "test",
    "tests",
    "build",
    "r#type",
];
/// Descriptions: text only ever becomes text.
const TEXTS: &[&str] = &[
    "A plain description.",
    "```\nfn main() { panic!(\"spec text ran\") }\n```",
    "```rust\nassert!(false);\n```\nand after",
    "```\nunclosed fence, the rest is code?",
    "    indented four: let x = 1;",
    "bidi \u{202E}evil\u{202C} text",
    "carriage\rreturn and\r\nCRLF",
    "*/ closes a comment /* opens one",
    "\"quotes\" and \\backslashes\\ and `ticks`",
    "# not a heading\n## nor this",
    "<script>alert(1)</script> & <b>html</b>",
    "| a | table | row |",
    "中文描述，带标点。",
    "tab\there, nul-free, emoji 🎉",
    "[link](javascript:alert(1)) {{ tera }} {% raw %}",
    "#[doc = \"attr\"] #![deny(warnings)]",
    "trailing backslash \\",
];

fn camel(rng: &mut Rng) -> String {
    let mut s = rng.pick(PLAIN).to_string();
    for _ in 0..rng.below(3) {
        let w = rng.pick(PLAIN);
        s.push_str(&w[..1].to_uppercase());
        s.push_str(&w[1..]);
    }
    s
}

fn field_name(rng: &mut Rng, awkward: u64) -> String {
    if rng.chance(awkward) {
        rng.pick(AWKWARD_FIELDS).to_string()
    } else {
        camel(rng)
    }
}

fn text(rng: &mut Rng, awkward: u64) -> String {
    if !rng.chance(awkward) {
        "A description.".into()
    } else {
        rng.pick(TEXTS).to_string()
    }
}

/// A YAML scalar that is exactly `s` (JSON strings are YAML double-quoted scalars).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

// ---------------------------------------------------------------- spec trees

struct Tree {
    files: Vec<(String, String)>,
}

struct Gen<'a> {
    rng: &'a mut Rng,
    /// Shared types defined so far (a field may only refer to earlier ones,
    /// so most trees have no cycle; lint refuses the ones that do).
    types: Vec<String>,
    codes: Vec<String>,
    /// Percentages of awkward names and texts, drawn per tree: some trees
    /// are plain (and must pass), some full of traps.
    awkward_names: u64,
    awkward_text: u64,
}

impl Gen<'_> {
    fn values(&mut self, out: &mut String, indent: &str) -> Vec<String> {
        let n = 1 + self.rng.below(4);
        let mut vals: Vec<String> = Vec::new();
        for i in 0..n {
            let v = if self.rng.chance(self.awkward_names) {
                self.rng.pick(AWKWARD_VALUES).to_string()
            } else {
                format!("VALUE_{i}")
            };
            if !vals.contains(&v) {
                vals.push(v);
            }
        }
        let _ = writeln!(out, "{indent}values:");
        for v in &vals {
            let _ = writeln!(
                out,
                "{indent}  - value: {}\n{indent}    description: {}\n{indent}    sources: [DOC-A]",
                q(v),
                q(&text(self.rng, self.awkward_text))
            );
        }
        vals
    }

    /// One field; returns (name, enum values when it is an enum).
    fn field(
        &mut self,
        out: &mut String,
        indent: &str,
        depth: usize,
        taken: &[String],
    ) -> (String, Vec<String>) {
        let mut name = field_name(self.rng, self.awkward_names);
        // A duplicate now and then (lint must refuse it); mostly unique.
        while taken.contains(&name) && self.rng.chance(90) {
            name = format!("{name}{}", self.rng.below(10));
        }
        let _ = writeln!(out, "{indent}- name: {}", q(&name));
        let ind = format!("{indent}  ");
        let kinds: &[&str] = if self.types.is_empty() || depth > 3 {
            &[
                "string", "integer", "decimal", "boolean", "datetime", "enum", "array",
            ]
        } else {
            &[
                "string", "integer", "decimal", "boolean", "datetime", "enum", "object", "object",
                "array",
            ]
        };
        let kind = self.rng.pick(kinds);
        let _ = writeln!(out, "{ind}type: {kind}");
        let mut vals = Vec::new();
        match kind {
            "string" => {
                let max = 3 + self.rng.below(300);
                let _ = writeln!(out, "{ind}max_length: {max}");
                if self.rng.chance(20) && max >= 3 {
                    let _ = writeln!(out, "{ind}format: currency\n{ind}example: \"USD\"");
                } else if self.rng.chance(50) {
                    let _ = writeln!(out, "{ind}example: \"abc\"");
                }
            }
            "integer" => {
                if self.rng.chance(50) {
                    let _ = writeln!(out, "{ind}minimum: {}", self.rng.below(5));
                }
                if self.rng.chance(30) {
                    let _ = writeln!(out, "{ind}wire: native");
                    let _ = writeln!(out, "{ind}example: \"7\"");
                } else if self.rng.chance(50) {
                    let _ = writeln!(out, "{ind}example: \"42\"");
                }
            }
            "decimal" => {
                if self.rng.chance(50) {
                    let _ = writeln!(out, "{ind}example: \"1.25\"");
                }
            }
            "boolean" => {
                if self.rng.chance(30) {
                    let _ = writeln!(out, "{ind}wire: native");
                }
                if self.rng.chance(50) {
                    let _ = writeln!(out, "{ind}example: \"true\"");
                }
            }
            "datetime" => {
                if self.rng.chance(50) {
                    let _ = writeln!(out, "{ind}example: \"2024-01-02T03:04:05+08:00\"");
                }
            }
            "enum" => vals = self.values(out, &ind),
            "object" => {
                let t = self.types[self.rng.below(self.types.len())].clone();
                let _ = writeln!(out, "{ind}ref: {}", q(&t));
            }
            "array" => {
                let _ = writeln!(out, "{ind}items:");
                let item_kinds: &[&str] = if self.types.is_empty() {
                    &["string", "enum", "integer"]
                } else {
                    &["string", "enum", "integer", "object"]
                };
                match self.rng.pick(item_kinds) {
                    "string" => {
                        let _ = writeln!(out, "{ind}  type: string\n{ind}  max_length: 32");
                    }
                    "integer" => {
                        let _ = writeln!(out, "{ind}  type: integer");
                    }
                    "enum" => {
                        let _ = writeln!(out, "{ind}  type: enum");
                        let vind = format!("{ind}  ");
                        self.values(out, &vind);
                    }
                    _ => {
                        let t = self.types[self.rng.below(self.types.len())].clone();
                        let _ = writeln!(out, "{ind}  type: object\n{ind}  ref: {}", q(&t));
                    }
                }
            }
            _ => unreachable!(),
        }
        if self.rng.chance(40) {
            let _ = writeln!(out, "{ind}required: true");
        }
        let _ = writeln!(
            out,
            "{ind}description: {}",
            q(&text(self.rng, self.awkward_text))
        );
        if self.rng.chance(20) {
            let _ = writeln!(
                out,
                "{ind}description_zh: {}",
                q(&text(self.rng, self.awkward_text))
            );
        }
        let _ = writeln!(out, "{ind}sources: [DOC-A]");
        (name, vals)
    }

    /// Fields of a message or type; some conditions on an earlier enum field.
    fn fields(&mut self, out: &mut String, indent: &str, n: usize) {
        let mut enums: Vec<(String, Vec<String>)> = Vec::new();
        let mut taken = vec!["result".to_owned(), "notifyType".to_owned()];
        for _ in 0..n {
            let mut f = String::new();
            let (name, vals) = self.field(&mut f, indent, 0, &taken);
            taken.push(name.clone());
            if !enums.is_empty() && self.rng.chance(25) && !f.contains("required: true") {
                let (on, values) = enums[self.rng.below(enums.len())].clone();
                let _ = writeln!(
                    f,
                    "{indent}  present_only_when:\n{indent}    field: {}\n{indent}    in: [{}]\n{indent}    sources: [DOC-A]",
                    q(&on),
                    q(&values[0])
                );
            }
            out.push_str(&f);
            if !vals.is_empty() {
                enums.push((name, vals));
            }
        }
    }

    fn shared_type(&mut self) -> (String, String) {
        let name = if self.rng.chance(3 * self.awkward_names) {
            self.rng.pick(AWKWARD_TYPES).to_string()
        } else {
            let c = camel(self.rng);
            format!("{}{}", c[..1].to_uppercase(), &c[1..])
        };
        let mut y = format!(
            "name: {}\ndescription: {}\nsources: [DOC-A]\nfields:\n",
            q(&name),
            q(&text(self.rng, self.awkward_text))
        );
        let n = 1 + self.rng.below(5);
        self.fields(&mut y, "  ", n);
        (name, y)
    }

    fn codes_yaml(&mut self, out: &mut String, indent: &str) {
        let n = self.rng.below(4);
        for _ in 0..n {
            let code = if self.rng.chance(2 * self.awkward_names) {
                self.rng.pick(AWKWARD_CODES).to_string()
            } else {
                format!("CODE_{}", self.rng.below(1000))
            };
            if self.codes.contains(&code) {
                continue;
            }
            self.codes.push(code.clone());
            let status = self.rng.pick(&["S", "F", "U"]);
            let kind = self.rng.pick(&[
                "none",
                "retry",
                "new_request_id",
                "wait_or_inquire",
                "do_not_retry",
                "fix_request",
            ]);
            let _ = writeln!(
                out,
                "{indent}- code: {}\n{indent}  status: {status}\n{indent}  message: {}\n{indent}  action:\n{indent}    kind: {kind}\n{indent}  sources: [DOC-A]",
                q(&code),
                q(&text(self.rng, self.awkward_text))
            );
        }
    }

    fn api(&mut self, name: &str, notify_type: &str) -> String {
        let notification = !notify_type.is_empty();
        let mut y = format!(
            "name: {}\ntitle: {}\ndescription: {}\n",
            q(name),
            q(name),
            q(&text(self.rng, self.awkward_text))
        );
        if notification {
            y.push_str("direction: notification\nhttp:\n  method: POST\n");
        } else {
            let _ = writeln!(
                y,
                "direction: request\nhttp:\n  method: POST\n  path: {}",
                q(&format!("/v2/{}", name.to_lowercase()))
            );
        }
        y.push_str("sources: [DOC-A]\n\nrequest:\n  fields:\n");
        if notification {
            let _ = writeln!(
                y,
                "    - name: notifyType\n      type: string\n      required: true\n      fixed: {}\n      description: \"The notification type.\"\n      sources: [DOC-A]",
                q(notify_type)
            );
        }
        let n = 1 + self.rng.below(6);
        let mut body = String::new();
        self.fields(&mut body, "    ", n);
        // The result object, as every message of these APIs has it.
        body.push_str("    - name: result\n      type: object\n      ref: Result\n      required: true\n      description: \"The result.\"\n      sources: [DOC-A]\n");
        if notification {
            y.push_str(&body);
            y.push_str("\nresponse:\n  fields:\n    - name: result\n      type: object\n      ref: Result\n      required: true\n      description: \"The acknowledgement.\"\n      sources: [DOC-A]\n      constraints:\n        - field: resultCode\n          fixed: SUCCESS\n          sources: [DOC-A]\n        - field: resultStatus\n          fixed: S\n          sources: [DOC-A]\n");
        } else {
            // The request has no result; the response does.
            let request: String = body
                .split("    - name: result\n")
                .next()
                .unwrap_or_default()
                .to_owned();
            y.push_str(&request);
            y.push_str("\nresponse:\n  fields:\n");
            let n = 1 + self.rng.below(4);
            let mut resp = String::new();
            self.fields(&mut resp, "    ", n);
            y.push_str(&resp);
            y.push_str("    - name: result\n      type: object\n      ref: Result\n      required: true\n      description: \"The result.\"\n      sources: [DOC-A]\n");
        }
        y.push_str("\nresult_codes:\n  - ref: SUCCESS\n    sources: [DOC-A]\n");
        self.codes_yaml(&mut y, "  ");
        if notification {
            y.push_str("\nretry:\n  ack: \"SUCCESS\"\n  max_sends: 3\n  intervals: [0s, 2m, 1h]\n  window: 2h\n  description: \"Resent until SUCCESS.\"\n  sources: [DOC-A]\n");
        }
        y
    }
}

const RESULT_TYPE: &str = r#"name: Result
description: "The result of a request."
sources: [DOC-A]
fields:
  - name: resultCode
    type: string
    required: true
    max_length: 64
    description: "Result code."
    sources: [DOC-A]
  - name: resultStatus
    type: enum
    required: true
    description: "Result status."
    values:
      - value: S
        description: "Success."
        sources: [DOC-A]
      - value: F
        description: "Failure."
        sources: [DOC-A]
      - value: U
        description: "Unknown."
        sources: [DOC-A]
    sources: [DOC-A]
  - name: resultMessage
    type: string
    max_length: 256
    description: "Result message."
    sources: [DOC-A]
"#;

fn tree(seed: u64) -> Tree {
    let mut rng = Rng(seed);
    let mut g = Gen {
        rng: &mut rng,
        types: vec!["Result".into()],
        codes: vec!["SUCCESS".into()],
        awkward_names: 0,
        awkward_text: 0,
    };
    g.awkward_names = [0, 5, 15][g.rng.below(3)];
    g.awkward_text = [0, 3, 30][g.rng.below(3)];
    let mut files = vec![
        (
            "sources.yaml".to_owned(),
            "sources:\n  - id: DOC-A\n    title: \"A document\"\n    language: en\n".to_owned(),
        ),
        ("types/Result.yaml".to_owned(), RESULT_TYPE.to_owned()),
    ];
    let mut codes = String::from(
        "codes:\n  - code: SUCCESS\n    status: S\n    message: \"Success\"\n    action:\n      kind: none\n    sources: [DOC-A]\n",
    );
    g.codes_yaml(&mut codes, "  ");
    files.push(("codes/common.yaml".to_owned(), codes));
    for _ in 0..g.rng.below(4) {
        let (name, y) = g.shared_type();
        if g.types.contains(&name) {
            continue;
        }
        files.push((format!("types/{name}.yaml"), y));
        g.types.push(name);
    }
    let mut names: Vec<String> = Vec::new();
    for i in 0..1 + g.rng.below(3) {
        let name = if g.rng.chance(g.awkward_names) {
            g.rng.pick(AWKWARD_APIS).to_string()
        } else {
            format!("{}{i}", camel(g.rng))
        };
        if names.contains(&name) {
            continue;
        }
        let notify = if g.rng.chance(60) {
            format!("TYPE_{i}_RESULT")
        } else {
            String::new()
        };
        // API-local codes are unique within the API only.
        g.codes = vec!["SUCCESS".into()];
        let y = g.api(&name, &notify);
        files.push((format!("apis/{name}.yaml"), y));
        names.push(name);
    }
    files.sort();
    Tree { files }
}

fn spec_files(t: &Tree) -> SpecFiles {
    SpecFiles {
        files: t
            .files
            .iter()
            .map(|(p, y)| (PathBuf::from(p), y.clone().into_bytes()))
            .collect(),
        unread: Vec::new(),
    }
}

fn write_tree(t: &Tree, dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    for (p, y) in &t.files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, y).unwrap();
    }
}

// ---------------------------------------------------------------- the run

/// Which generated Rust file does not parse, and where (for a panic message
/// that only says "does not parse").
fn unparsable(model: &alipay_codegen::model::Model) -> String {
    let options = emit::Options {
        rust: true,
        schema: false,
        docs: false,
    };
    let Ok(files) = std::panic::catch_unwind(|| emit::generate(model, &options)) else {
        return String::new();
    };
    let mut found = String::new();
    for f in files {
        let text = String::from_utf8_lossy(&f.contents);
        if f.path.extension().is_some_and(|e| e == "rs")
            && let Err(e) = syn::parse_file(&text)
        {
            let _ = write!(found, "; {} does not parse: {e}", f.path.display());
        }
    }
    found
}

/// Where a generated file of Rust code (after its header comment) is not
/// what prettyplease prints for it; `None` for other files, and the
/// `verify`/`sign` examples (copied verbatim).
fn unlike_prettyplease(f: &alipay_codegen::write::OutputFile) -> Option<String> {
    let verbatim = ["examples/verify.rs", "examples/sign.rs"];
    if f.path.extension().is_none_or(|e| e != "rs")
        || verbatim.iter().any(|v| f.path == Path::new(v))
    {
        return None;
    }
    let text = String::from_utf8_lossy(&f.contents);
    let Some((_, code)) = text.split_once("\n\n") else {
        return Some("no header".into());
    };
    let printed = match syn::parse_file(code) {
        Ok(file) => prettyplease::unparse(&file),
        Err(e) => return Some(format!("does not parse: {e}")),
    };
    let line = printed
        .lines()
        .zip(code.lines())
        .position(|(a, b)| a != b)?;
    Some(format!(
        "line {}: {:?}, prettyplease prints {:?}",
        line + 3,
        code.lines().nth(line).unwrap_or_default(),
        printed.lines().nth(line).unwrap_or_default()
    ))
}

/// Classes of failure already filed (issue 13) and being fixed on another
/// branch: a problem that matches one is printed as KNOWN instead of failing
/// the test. Each entry must go once its fix is merged; the generator keeps
/// producing these inputs, so the test then guards the fix.
/// (pattern in the problem's text, pattern in the spec tree, class)
const KNOWN: &[(&str, &str, &str)] = &[];

struct Problem {
    seed: String,
    text: String,
    known: Option<&'static str>,
}

impl Problem {
    fn new(seed: &str, tree: &Tree, text: String) -> Problem {
        let spec: String = tree.files.iter().map(|(_, y)| y.as_str()).collect();
        let known = KNOWN
            .iter()
            .find(|(in_text, in_spec, _)| {
                text.contains(in_text) && (in_spec.is_empty() || spec.contains(in_spec))
            })
            .map(|(_, _, class)| *class);
        Problem {
            seed: seed.to_owned(),
            text,
            known,
        }
    }
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).ok(),
        None => v.parse().ok(),
    }
}

/// The spec trees kept under `tests/random-specs/<name>/` (trees that once
/// failed, saved as files so that a change to the generator above cannot
/// change what they test).
fn saved_trees() -> Vec<(String, Tree)> {
    let dir = workspace().join("tests/random-specs");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .map(|case| {
            let mut files = Vec::new();
            let mut stack = vec![case.clone()];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else {
                        let rel = p
                            .strip_prefix(&case)
                            .unwrap()
                            .to_string_lossy()
                            .replace('\\', "/");
                        files.push((rel, std::fs::read_to_string(&p).unwrap()));
                    }
                }
            }
            files.sort();
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            (name, Tree { files })
        })
        .collect()
}

const PACKAGE: &str = r#"[package]
name = "NAME"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
path = "LIB"
"#;

/// The scratch crate's manifest: its package, then the generated code's dependencies
/// (checked against generated/Cargo.toml's).
fn manifest() -> String {
    support::check_models_dependencies(
        &std::fs::read_to_string(workspace().join("generated/Cargo.toml")).unwrap(),
    );
    format!("{PACKAGE}\n{}", support::models_dependencies())
}

#[test]
fn whatever_lint_accepts_compiles_and_whatever_it_refuses_is_located() {
    let seeds: Vec<u64> = if let Some(one) = env_u64("RANDOM_SPECS_ONLY") {
        vec![one]
    } else {
        let n = env_u64("RANDOM_SPECS").unwrap_or(24);
        let base = env_u64("RANDOM_SPECS_SEED").unwrap_or(0x5EED_0000);
        (0..n).map(|i| base.wrapping_add(i)).collect()
    };
    let mut cases: Vec<(String, String, Tree)> = seeds
        .iter()
        .map(|s| (format!("{s:#x}"), format!("s{s:x}"), tree(*s)))
        .collect();
    if env_u64("RANDOM_SPECS_ONLY").is_none() {
        for (i, (name, t)) in saved_trees().into_iter().enumerate() {
            cases.push((format!("tests/random-specs/{name}"), format!("saved{i}"), t));
        }
    }
    let root = workspace().join("target/random-specs");
    let batch = root.join("batch");
    let _ = std::fs::remove_dir_all(&batch);
    std::fs::create_dir_all(&batch).unwrap();

    // Panics are caught and reported per tree, with their message; the
    // default hook would print each one with a backtrace as well.
    std::panic::set_hook(Box::new(|_| {}));
    let mut members = Vec::new();
    let mut refused = 0;
    let mut problems = Vec::new();
    for (seed, name, t) in &cases {
        let (seed, name) = (seed.as_str(), name.clone());
        let spec_dir = root.join(format!("specs/{name}"));
        if std::env::var_os("RANDOM_SPECS_KEEP").is_some() {
            write_tree(t, &spec_dir);
        }
        let files = spec_files(t);
        let checked = std::panic::catch_unwind(|| spec::check::check(&files));
        let model = match checked {
            Err(_) => {
                write_tree(t, &spec_dir);
                problems.push(Problem::new(
                    seed,
                    t,
                    format!("lint panicked (spec in {})", spec_dir.display()),
                ));
                continue;
            }
            Ok(Err(diags)) => {
                refused += 1;
                // Every refusal is located: a file of the tree and a line.
                for d in diags.iter() {
                    let file = d.file.to_string_lossy().replace('\\', "/");
                    let located = t.files.iter().any(|(p, _)| *p == file) && d.line > 0;
                    if !located {
                        write_tree(t, &spec_dir);
                        problems.push(Problem::new(
                            seed,
                            t,
                            format!(
                                "a diagnostic without a line of a spec file: {} (spec in {})",
                                d.render(Path::new("spec")).replace('\n', " "),
                                spec_dir.display()
                            ),
                        ));
                    }
                }
                if std::env::var_os("RANDOM_SPECS_VERBOSE").is_some() {
                    eprintln!("seed {seed} refused:\n{}", diags.render(Path::new("spec")));
                }
                continue;
            }
            Ok(Ok(model)) => model,
        };
        let generated = std::panic::catch_unwind(|| {
            (
                emit::generate(
                    &model,
                    &emit::Options {
                        rust: true,
                        schema: true,
                        docs: true,
                    },
                ),
                emit::rust::single_file(&model, false, false),
            )
        });
        let (crate_files, single) = match generated {
            Ok(g) => g,
            Err(payload) => {
                let mut msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                msg.push_str(&unparsable(&model));
                write_tree(t, &spec_dir);
                problems.push(Problem::new(
                    seed,
                    t,
                    format!(
                        "generate panicked on a spec lint accepted: {msg} (spec in {})",
                        spec_dir.display()
                    ),
                ));
                continue;
            }
        };
        // Two files at one path: `write_all` refuses them (exit 2) after lint
        // said the specs are fine.
        let mut paths: Vec<&Path> = crate_files.iter().map(|f| f.path.as_path()).collect();
        paths.sort();
        if let Some(w) = paths.windows(2).find(|w| w[0] == w[1]) {
            write_tree(t, &spec_dir);
            problems.push(Problem::new(
                seed,
                t,
                format!(
                    "lint accepted, generate produces `{}` twice (spec in {})",
                    w[0].display(),
                    spec_dir.display()
                ),
            ));
            continue;
        }
        // The Rust emitter writes most code as text in prettyplease's layout:
        // every printed file is as prettyplease prints it.
        for f in &crate_files {
            if let Some(unlike) = unlike_prettyplease(f) {
                write_tree(t, &spec_dir);
                problems.push(Problem::new(
                    seed,
                    t,
                    format!(
                        "{} is not as prettyplease prints it, {unlike} (spec in {})",
                        f.path.display(),
                        spec_dir.display()
                    ),
                ));
            }
        }
        // The crate layout, as `generate` writes generated/.
        let dir = batch.join(&name);
        for f in &crate_files {
            let p = dir.join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &f.contents).unwrap();
        }
        std::fs::write(
            dir.join("Cargo.toml"),
            manifest()
                .replace("NAME", &name)
                .replace("LIB", "src/lib.rs"),
        )
        .unwrap();
        // The single file a build script includes.
        let single_dir = batch.join(format!("{name}-single"));
        std::fs::create_dir_all(&single_dir).unwrap();
        std::fs::write(single_dir.join("models.rs"), single).unwrap();
        std::fs::write(
            single_dir.join("lib.rs"),
            "include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/models.rs\"));\n",
        )
        .unwrap();
        std::fs::write(
            single_dir.join("Cargo.toml"),
            manifest()
                .replace("NAME", &format!("{name}-single"))
                .replace("LIB", "lib.rs"),
        )
        .unwrap();
        members.push((seed.to_owned(), name, spec_dir, t));
    }
    // Back to the default hook, so the verdict below is printed.
    let _ = std::panic::take_hook();
    eprintln!(
        "{} random spec trees: {} accepted by lint, {refused} refused",
        cases.len(),
        members.len()
    );

    if !members.is_empty() {
        let list: Vec<String> = members
            .iter()
            .flat_map(|(_, n, _, _)| [format!("{n:?}"), format!("\"{n}-single\"")])
            .collect();
        std::fs::write(
            batch.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
                list.join(", ")
            ),
        )
        .unwrap();
        // The repository's lock file: the same dependency versions, offline.
        std::fs::copy(workspace().join("Cargo.lock"), batch.join("Cargo.lock")).unwrap();
        let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&batch)
            .args([
                "check",
                "--workspace",
                // Features on in the crate layout; the single file has them off.
                "--all-features",
                "--keep-going",
                "--offline",
                "--message-format=short",
            ])
            // The target directory of rust_snapshots' scratch crates: the
            // same registry crates, features and flags, built once for both.
            .env(
                "CARGO_TARGET_DIR",
                workspace().join("target/rust-fixtures/target"),
            )
            .env("RUSTFLAGS", "-D warnings")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .output()
            .expect("cargo runs");
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            for (seed, name, spec_dir, t) in &members {
                let errors: Vec<&str> = stderr
                    .lines()
                    .filter(|l| {
                        (l.starts_with(&format!("{name}/"))
                            || l.starts_with(&format!("{name}-single/")))
                            && (l.contains("error") || l.contains("warning"))
                    })
                    .take(5)
                    .collect();
                if !errors.is_empty() {
                    write_tree(t, spec_dir);
                    problems.push(Problem::new(
                        seed,
                        t,
                        format!(
                            "lint accepted, the output does not compile (spec in {}):\n    {}",
                            spec_dir.display(),
                            errors.join("\n    ")
                        ),
                    ));
                }
            }
            if problems.is_empty() {
                problems.push(Problem {
                    seed: "all".into(),
                    text: format!("cargo check failed:\n{stderr}"),
                    known: None,
                });
            }
        }
    }
    let (known, new): (Vec<Problem>, Vec<Problem>) =
        problems.into_iter().partition(|p| p.known.is_some());
    for p in &known {
        eprintln!(
            "KNOWN ({}): seed {}: {}",
            p.known.unwrap_or_default(),
            p.seed,
            p.text
        );
    }
    assert!(
        new.is_empty(),
        "{} problem(s):\n{}\n\nRerun one with RANDOM_SPECS_ONLY=<seed>.",
        new.len(),
        new.iter()
            .map(|p| format!("seed {}: {}", p.seed, p.text))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
