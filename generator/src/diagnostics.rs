//! Diagnostics: what is wrong with a spec, where, and how to fix it (the
//! loader, the checker and the naming rules all report them).

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, relative to the spec directory (`apis/notifyCapture.yaml`).
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based; 0 when the problem concerns the whole file.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<PathBuf>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column: error: message` followed by `  help: ...`, with the
    /// file shown under `root` (the spec directory as the user named it).
    pub fn render(&self, root: &Path) -> String {
        let path = root.join(&self.file);
        let mut s = if self.line == 0 {
            format!("{}: error: {}", path.display(), self.message)
        } else {
            format!(
                "{}:{}:{}: error: {}",
                path.display(),
                self.line,
                self.column.max(1),
                self.message
            )
        };
        if let Some(h) = &self.help {
            s.push_str("\n  help: ");
            s.push_str(h);
        }
        s
    }

    /// The `cargo::error=` form for build scripts (one line).
    pub fn render_cargo(&self, root: &Path) -> String {
        let text = self.render(root).replace('\n', " ");
        format!("cargo::error={text}")
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Path::new("")))
    }
}

/// Every problem found in one run, sorted by file and position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    /// Sorts and removes exact duplicates, so output is deterministic.
    pub fn finish(&mut self) {
        self.0.sort();
        self.0.dedup();
    }
    /// All diagnostics, one block each, files shown under `root`.
    pub fn render(&self, root: &Path) -> String {
        let mut s = String::new();
        for d in &self.0 {
            s.push_str(&d.render(root));
            s.push('\n');
        }
        s
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Path::new("")))
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&word.to_lowercase(), &c.to_lowercase());
        if d <= (c.chars().count().max(3) / 3).max(1) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_nearest_key() {
        let keys = ["name", "max_length", "required", "description"];
        assert_eq!(did_you_mean("max_lenght", keys), Some("max_length"));
        assert_eq!(did_you_mean("requird", keys), Some("required"));
        assert_eq!(did_you_mean("zzzzzz", keys), None);
    }
}
