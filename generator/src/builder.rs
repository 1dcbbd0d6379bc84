//! A builder for `build.rs`, in the manner of `prost_build::Config`.
//!
//! ```no_run
//! // build.rs, the body of `fn main()`:
//! alipay_codegen::Builder::new()
//!     .apis(["notifyPayment", "notifyCapture"])
//!     .compile()
//!     .unwrap_or_else(|e| e.exit());
//! ```
//! and at the root of the crate (lib.rs or main.rs):
//! `include!(concat!(env!("OUT_DIR"), "/alipay_models.rs"));`
//!
//! The three stages are separate, so a build script can inspect the model:
//! [`Builder::load`] -> [`Builder::generate`] -> [`Builder::write`].
//! `load` prints `cargo::rerun-if-changed` for exactly the spec files it read
//! (never for outputs), so an unchanged spec causes no rebuild; problems in the
//! specs become `cargo::error=` lines with the same `file:line:column`
//! diagnostics as `alipay-codegen lint`.

use std::fmt;
use std::path::PathBuf;

use crate::emit;
use crate::model::Model;
use crate::spec::{self, Diagnostics, LoadError, SpecFiles};
use crate::write::{self, OutputFile, WriteReport};

/// Where the specs come from.
#[derive(Debug, Clone)]
enum Specs {
    /// The specs shipped inside the alipay-codegen package.
    Bundled,
    /// A spec directory of the user's.
    Dir(PathBuf),
}

/// Configuration for generating from a build script.
#[derive(Debug, Clone)]
pub struct Builder {
    specs: Specs,
    apis: Option<Vec<String>>,
    out_dir: Option<PathBuf>,
    file_name: String,
    json_schema: bool,
    docs: bool,
    schemars: bool,
    signature: bool,
    cargo_directives: bool,
    force: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

/// What went wrong in a build-script run.
#[derive(Debug)]
pub enum Error {
    /// The specs have problems (each with file:line:column).
    Spec {
        root: PathBuf,
        diagnostics: Diagnostics,
    },
    /// Reading specs or writing output failed.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The configuration is wrong (an unknown API name, no OUT_DIR).
    Config(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec { root, diagnostics } => write!(f, "{}", diagnostics.render(root)),
            Error::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Error::Config(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The error as `cargo::error=` lines, one per diagnostic.
    pub fn cargo_lines(&self) -> Vec<String> {
        match self {
            Error::Spec { root, diagnostics } => {
                diagnostics.iter().map(|d| d.render_cargo(root)).collect()
            }
            other => vec![format!(
                "cargo::error={}",
                other.to_string().replace('\n', " ")
            )],
        }
    }

    /// For build scripts: print the error as `cargo::error=` lines and exit 1.
    pub fn exit(self) -> ! {
        for l in self.cargo_lines() {
            println!("{l}");
        }
        std::process::exit(1)
    }
}

impl Builder {
    /// Bundled specs, every API, output to `$OUT_DIR/alipay_models.rs`, Rust only.
    pub fn new() -> Self {
        Builder {
            specs: Specs::Bundled,
            apis: None,
            out_dir: None,
            file_name: "alipay_models.rs".into(),
            json_schema: false,
            docs: false,
            schemars: false,
            signature: false,
            cargo_directives: true,
            force: false,
        }
    }

    /// Generate from a spec directory instead of the bundled specs.
    pub fn spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.specs = Specs::Dir(dir.into());
        self
    }

    /// Generate from the specs bundled in this package (the default).
    pub fn bundled_specs(mut self) -> Self {
        self.specs = Specs::Bundled;
        self
    }

    /// Generate only these APIs (the documents' names, e.g. `notifyPayment`).
    /// The shared types and codes they use come along.
    pub fn apis<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.apis = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Where to write; defaults to `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The Rust file to `include!`; defaults to `alipay_models.rs`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Also write `schema/*.schema.json` and `openapi.yaml`.
    pub fn json_schema(mut self, on: bool) -> Self {
        self.json_schema = on;
        self
    }

    /// Also write `docs/*.md`. Needs this crate's cargo feature `docs` (on by
    /// default; a build script that turns default features off and wants docs
    /// enables it); without it [`Builder::generate`] returns an error.
    pub fn docs(mut self, on: bool) -> Self {
        self.docs = on;
        self
    }

    /// Derive `schemars::JsonSchema` (schemars 1) on the generated types; the
    /// including crate must then depend on `schemars = "1"`. Off by default.
    pub fn schemars(mut self, on: bool) -> Self {
        self.schemars = on;
        self
    }

    /// Include the `signature` module: verifying Alipay's signatures, signing
    /// requests, and the one-call intake of notifications. The including crate
    /// must then depend on `aws-lc-rs = "1.19"`, `base64 = "0.23"`, `bytes = "1"`
    /// and `http = "1"`. Off by default.
    pub fn signature(mut self, on: bool) -> Self {
        self.signature = on;
        self
    }

    /// Write into a directory of [`Builder::out_dir`] that holds files but no
    /// manifest, and over files the generator did not write (off by default;
    /// `/` and the home directory are refused regardless). See
    /// [`write::check_output_dir`].
    pub fn force(mut self, on: bool) -> Self {
        self.force = on;
        self
    }

    /// Print `cargo::` directives (on by default; turn off outside build scripts).
    pub fn cargo_directives(mut self, on: bool) -> Self {
        self.cargo_directives = on;
        self
    }

    fn spec_root(&self) -> PathBuf {
        match &self.specs {
            Specs::Bundled => PathBuf::from("<bundled specs>"),
            Specs::Dir(d) => d.clone(),
        }
    }

    /// Reads and checks the specs. For a spec directory, prints
    /// `cargo::rerun-if-changed` for each file read and for the folders read
    /// (so that an added file is seen); the bundled specs never change.
    pub fn load(&self) -> Result<Model, Error> {
        if self.cargo_directives {
            // Without any rerun-if-changed, cargo would rerun the build script on
            // every change to the package; with these, only when an input changes.
            if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
                let build_rs = PathBuf::from(dir).join("build.rs");
                if build_rs.is_file() {
                    println!("cargo::rerun-if-changed={}", build_rs.display());
                }
            }
        }
        let files = match &self.specs {
            Specs::Bundled => crate::bundled::spec_files(),
            Specs::Dir(dir) => {
                let files = SpecFiles::read_dir(dir).map_err(|e| match e {
                    LoadError::Io { path, error } => Error::Io { path, error },
                    LoadError::Invalid(diagnostics) => Error::Spec {
                        root: dir.clone(),
                        diagnostics,
                    },
                })?;
                if self.cargo_directives {
                    for sub in ["", "codes", "types", "apis"] {
                        let d = dir.join(sub);
                        if d.is_dir() {
                            println!("cargo::rerun-if-changed={}", d.display());
                        }
                    }
                    for p in files.paths_under(dir) {
                        println!("cargo::rerun-if-changed={}", p.display());
                    }
                }
                files
            }
        };
        let model = spec::check::check(&files).map_err(|diagnostics| Error::Spec {
            root: self.spec_root(),
            diagnostics,
        })?;
        self.select(model)
    }

    fn select(&self, mut model: Model) -> Result<Model, Error> {
        let Some(wanted) = &self.apis else {
            return Ok(model);
        };
        for w in wanted {
            if model.api(w).is_none() {
                let known: Vec<&str> = model.apis.iter().map(|a| a.name.as_str()).collect();
                return Err(Error::Config(format!(
                    "unknown API `{w}` in Builder::apis; the specs define: {}",
                    known.join(", ")
                )));
            }
        }
        model.apis.retain(|a| wanted.contains(&a.name));
        Ok(model)
    }

    /// Generates every configured artifact in memory: the Rust file to include,
    /// and the schemas and docs when asked for.
    pub fn generate(&self, model: &Model) -> Result<Vec<OutputFile>, Error> {
        write::check_relative(std::path::Path::new(&self.file_name))
            .map_err(|e| Error::Config(e.to_string()))?;
        if self.docs && !cfg!(feature = "docs") {
            return Err(Error::Config(
                "Builder::docs(true) needs the cargo feature `docs` of alipay-codegen: \
                 add `features = [\"docs\"]` to its build-dependency line"
                    .into(),
            ));
        }
        let options = emit::Options {
            rust: false,
            schema: self.json_schema,
            docs: self.docs,
        };
        let mut files = emit::generate(model, &options);
        files.push(OutputFile::new(
            &self.file_name,
            emit::rust::single_file(model, self.schemars, self.signature),
        ));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Writes the files (only those whose bytes changed) into the output
    /// directory, with the guarantees of [`write::write_all`]: never through a
    /// link, old-or-new per file, removing only files it wrote unchanged, and
    /// overwriting only files it wrote (unless [`Builder::force`]). The
    /// directory rules of [`write::check_output_dir`] apply to a directory
    /// given with [`Builder::out_dir`]; `$OUT_DIR` is cargo's directory for
    /// this build, so files the build script wrote beside ours are fine there.
    pub fn write(&self, files: &[OutputFile]) -> Result<WriteReport, Error> {
        let out = self.resolve_out_dir()?;
        let ownership = match (self.force, &self.out_dir) {
            (true, _) => write::Ownership::Forced,
            (false, Some(_)) => write::Ownership::Checked,
            (false, None) => write::Ownership::BuildDir,
        };
        let report = write::write_all_with(&out, files, None, ownership)
            .map_err(|error| Error::Io { path: out, error })?;
        if self.cargo_directives {
            // A file the previous manifest names that was not removed (edited,
            // or a line that cannot be trusted) is worth a look, not a failure.
            for k in &report.kept {
                println!(
                    "cargo::warning=alipay-codegen kept {}: {}",
                    k.path.replace(['\n', '\r'], " "),
                    k.reason
                );
            }
        }
        Ok(report)
    }

    fn resolve_out_dir(&self) -> Result<PathBuf, Error> {
        match &self.out_dir {
            Some(d) => Ok(d.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Config(
                        "OUT_DIR is not set: call Builder::out_dir, or run from a build script"
                            .into(),
                    )
                }),
        }
    }

    /// load -> generate -> write.
    pub fn compile(&self) -> Result<WriteReport, Error> {
        let model = self.load()?;
        let files = self.generate(&model)?;
        self.write(&files)
    }
}
