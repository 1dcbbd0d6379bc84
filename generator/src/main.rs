//! The `alipay-codegen` command line.

// Generation allocates heavily (token trees, syn's AST, strings): mimalloc
// takes about a quarter off the CPU time of `generate` on 1,000 APIs. Only the
// binary uses it; the library leaves the allocator to its caller (build.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alipay_codegen::spec::LoadError;
use alipay_codegen::{emit, spec_schema, write};
use clap::{Parser, Subcommand};

/// Exit codes: 0 ok, 1 findings (bad specs, stale output), 2 usage or I/O errors.
const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "alipay-codegen",
    version,
    about = "Generate Rust models, validators, JSON Schema, OpenAPI and docs from YAML specs of Alipay's APIs",
    after_help = "Exit codes: 0 ok, 1 findings (spec diagnostics, stale files), 2 usage or I/O errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the specs and print every problem as file:line:column.
    #[command(
        after_help = "Example:\n  alipay-codegen lint --spec spec\n\nExit codes: 0 clean, 1 diagnostics, 2 usage or I/O errors."
    )]
    Lint {
        /// The spec directory.
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
    },
    /// Write every generated file (only those whose bytes change).
    #[command(
        after_help = "Example:\n  alipay-codegen generate --spec spec --out generated\n\nWhen the output's manifest names the same inputs (this generator build, the\nspecs' hash) and every file still has the bytes it was written with,\nnothing is generated; --full generates and compares anyway.\n\nExit codes: 0 written, 1 spec diagnostics (nothing written), 2 usage or I/O errors."
    )]
    Generate {
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// The output directory (the alipay-models crate) [default: generated, which must exist;
        /// a directory given here is created].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Generate even when the manifest shows the output is fresh.
        #[arg(long)]
        full: bool,
    },
    /// Fail when generated files or the spec format's schema are out of date.
    #[command(
        after_help = "Example:\n  alipay-codegen check\n\nThe specs are always linted. When the output's manifest names the same inputs\n(this generator build, the specs' hash) and every file still has the bytes it\nwas written with, the output is fresh without generating it; otherwise (or with\n--full) everything is generated in memory and compared byte for byte.\n\nExit codes: 0 fresh, 1 stale files (each named) or spec diagnostics, 2 usage or I/O errors."
    )]
    Check {
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
        /// The output directory to compare with.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Generate and compare every file even when the manifest shows the output is fresh.
        #[arg(long)]
        full: bool,
    },
    /// Write the spec format's JSON Schema (spec.schema.json, spec.draft-07.schema.json) into the spec directory.
    #[command(after_help = "Example:\n  alipay-codegen spec-schema --spec spec")]
    SpecSchema {
        #[arg(long, default_value = "spec")]
        spec: PathBuf,
    },
    /// Compare two versions of the specs and classify every change (breaking or compatible), proposing a semver bump.
    #[command(
        after_help = "OLD and NEW are spec directories, or git revisions whose spec/ is read with git\n(`.` is the working tree's spec/).\n\nExamples:\n  alipay-codegen diff HEAD~1 .\n  alipay-codegen diff old/spec spec --format json\n\nExit codes: 0 nothing breaking, 1 breaking changes, 2 usage or I/O errors (incl. specs that do not load)."
    )]
    Diff {
        /// The old version: a spec directory or a git revision.
        old: String,
        /// The new version: a spec directory or a git revision.
        new: String,
        /// `text` for people (colored on a terminal unless NO_COLOR is set), `json` for programs.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// Where the specs are inside a revision or a checkout directory.
        #[arg(long, default_value = "spec")]
        spec_path: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Lint { spec } | Command::SpecSchema { spec } if !spec.is_dir() => {
            missing_spec(&spec)
        }
        Command::Generate { spec, .. } | Command::Check { spec, .. } if !spec.is_dir() => {
            missing_spec(&spec)
        }
        Command::Generate { out: None, .. } if !Path::new(DEFAULT_OUT).is_dir() => missing_dir(
            "output directory",
            Path::new(DEFAULT_OUT),
            "--out <dir> (a directory given with --out is created)",
        ),
        Command::Check { out, .. } if !out.is_dir() => {
            missing_dir("output directory", &out, "--out <dir>")
        }
        Command::Lint { spec } => match alipay_codegen::load_dir(&spec) {
            Ok(model) => {
                eprintln!(
                    "{}: {} APIs, {} types, {} shared codes: no problems",
                    spec.display(),
                    model.apis.len(),
                    model.types.len(),
                    model.shared_codes.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => load_failed(&spec, e),
        },
        Command::Generate { spec, out, full } => {
            let out = out.unwrap_or_else(|| PathBuf::from(DEFAULT_OUT));
            let model = match alipay_codegen::load_dir(&spec) {
                Ok(m) => m,
                Err(e) => return load_failed(&spec, e),
            };
            let options = emit::Options::default();
            let inputs = emit::inputs_key(&model, &options);
            if !full && write::fresh_by_manifest(&out, &inputs) {
                let report = write::WriteReport {
                    unchanged: write::manifest_paths(&out),
                    ..Default::default()
                };
                eprintln!(
                    "{report} (in {}; the manifest shows the same inputs, nothing generated)",
                    out.display()
                );
                return ExitCode::SUCCESS;
            }
            let files = emit::generate(&model, &options);
            match write::write_all(&out, &files, Some(&inputs)) {
                Ok(report) => {
                    eprintln!("{report} (in {})", out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: writing {}: {e}", out.display());
                    ExitCode::from(EXIT_USAGE)
                }
            }
        }
        Command::Check { spec, out, full } => {
            let model = match alipay_codegen::load_dir(&spec) {
                Ok(m) => m,
                Err(e) => return load_failed(&spec, e),
            };
            let options = emit::Options::default();
            let mut stale: Vec<String> =
                if !full && write::fresh_by_manifest(&out, &emit::inputs_key(&model, &options)) {
                    Vec::new()
                } else {
                    let files = emit::generate(&model, &options);
                    write::check_all(&out, &files)
                        .iter()
                        .map(|s| format!("{}/{s}", out.display()))
                        .collect()
                };
            stale.extend(schema_stale(&spec));
            if stale.is_empty() {
                eprintln!("{} and {} are fresh", out.display(), spec.display());
                ExitCode::SUCCESS
            } else {
                for s in &stale {
                    eprintln!("stale: {s}");
                }
                eprintln!(
                    "{} stale file(s); run `alipay-codegen generate` (and `alipay-codegen spec-schema`), review and commit",
                    stale.len()
                );
                ExitCode::from(EXIT_FINDINGS)
            }
        }
        Command::SpecSchema { spec } => {
            for (name, text) in spec_schema::files() {
                if let Err(e) = write::write_if_changed(&spec.join(name), text.as_bytes()) {
                    eprintln!("error: writing {}: {e}", spec.join(name).display());
                    return ExitCode::from(EXIT_USAGE);
                }
            }
            ExitCode::SUCCESS
        }
        Command::Diff {
            old,
            new,
            format,
            spec_path,
        } => {
            let format = if format == "json" {
                alipay_codegen::diff::Format::Json
            } else {
                alipay_codegen::diff::Format::Text
            };
            ExitCode::from(alipay_codegen::diff::run(&old, &new, format, &spec_path))
        }
    }
}

fn schema_stale(spec: &Path) -> Vec<String> {
    spec_schema::files()
        .into_iter()
        .filter(|(name, text)| {
            std::fs::read(spec.join(name)).ok().as_deref() != Some(text.as_bytes())
        })
        .map(|(name, _)| format!("{}: out of date", spec.join(name).display()))
        .collect()
}

/// Where `generate` writes when not given `--out`.
const DEFAULT_OUT: &str = "generated";

/// A directory that is not there: where it was looked for, and what to do.
fn missing_dir(what: &str, path: &Path, flag: &str) -> ExitCode {
    let cwd = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|_| "(unknown)".into());
    let kind = if path.exists() {
        "is not a directory"
    } else {
        "not found"
    };
    eprintln!(
        "error: {what} `{}` {kind} (relative paths are taken from the current directory, {cwd})",
        path.display()
    );
    eprintln!(
        "help: run from the repository root (where spec/ and generated/ are), or pass {flag}"
    );
    ExitCode::from(EXIT_USAGE)
}

fn missing_spec(spec: &Path) -> ExitCode {
    missing_dir(
        "spec directory",
        spec,
        "--spec <dir> (the folder holding sources.yaml, apis/, types/ and codes/)",
    )
}

fn load_failed(spec: &Path, e: LoadError) -> ExitCode {
    match e {
        LoadError::Io { path, error } => {
            eprintln!("error: {}: {error}", path.display());
            ExitCode::from(EXIT_USAGE)
        }
        LoadError::Invalid(d) => {
            eprint!("{}", d.render(spec));
            eprintln!("{} problem(s) in {}", d.len(), spec.display());
            ExitCode::from(EXIT_FINDINGS)
        }
    }
}
