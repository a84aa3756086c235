//! What an import or export would change, shown as a diff before anything is written, and
//! the writing itself: each file to a temporary file beside it, then renamed into place, so a
//! file is never left half written.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// A file to write: where (relative to the folder written into), what is there now, and
/// what will be.
#[derive(Debug)]
pub struct Change {
    pub path: PathBuf,
    pub old: Option<String>,
    pub new: String,
}

impl Change {
    /// A file that exists and would read differently.
    pub fn replaces(&self) -> bool {
        self.old.as_ref().is_some_and(|old| *old != self.new)
    }

    pub fn unchanged(&self) -> bool {
        self.old.as_deref() == Some(self.new.as_str())
    }
}

/// The lines that differ, as `-` and `+` lines with a few lines around them, headed by the
/// file's name (a unified diff without line numbers).
pub fn diff(change: &Change) -> String {
    let old: Vec<&str> = change.old.as_deref().unwrap_or("").lines().collect();
    let new: Vec<&str> = change.new.lines().collect();
    let name = crate::diag::display_path(&change.path);
    let mut out = match &change.old {
        Some(_) => format!("--- {name}\n+++ {name} (from PTV)\n"),
        None => format!("--- (no file)\n+++ {name} (from PTV)\n"),
    };
    let ops = lcs_ops(&old, &new);
    // Show changed lines with up to two unchanged lines either side.
    let near_change = |i: usize| {
        let lo = i.saturating_sub(2);
        let hi = (i + 2).min(ops.len().saturating_sub(1));
        (lo..=hi).any(|j| !matches!(ops[j], Op::Same(_)))
    };
    let mut skipped = false;
    for (i, op) in ops.iter().enumerate() {
        if !near_change(i) {
            skipped = true;
            continue;
        }
        if skipped {
            out.push_str("@@\n");
            skipped = false;
        }
        match op {
            Op::Same(l) => out.push_str(&format!(" {l}\n")),
            Op::Gone(l) => out.push_str(&format!("-{l}\n")),
            Op::Added(l) => out.push_str(&format!("+{l}\n")),
        }
    }
    out
}

enum Op<'a> {
    Same(&'a str),
    Gone(&'a str),
    Added(&'a str),
}

/// A line diff by the longest common subsequence; the files are small (a region file, a
/// page), so the table stays small too.
fn lcs_ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Op<'a>> {
    let (n, m) = (old.len(), new.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if old[i] == new[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::new();
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            ops.push(Op::Same(old[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
            ops.push(Op::Gone(old[i]));
            i += 1;
        } else {
            ops.push(Op::Added(new[j]));
            j += 1;
        }
    }
    ops
}

/// Writes each change under `root`: to `.name.esite-tmp` beside it, then renamed over it.
pub fn write(root: &Path, changes: &[Change]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut written = Vec::new();
    for c in changes.iter().filter(|c| !c.unchanged()) {
        let path = root.join(&c.path);
        let fail = |e: std::io::Error| {
            Diagnostic::error(
                &path,
                format!("cannot write this file: {}", crate::load::plain_io(&e)),
            )
            .hint("check that the folder exists and that you may write into it")
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.esite-tmp"));
        std::fs::write(&tmp, &c.new).map_err(fail)?;
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(e));
        }
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_shows_the_changed_line_in_its_context() {
        let change = Change {
            path: "content/regions/kainuu.yaml".into(),
            old: Some("a\nb\nc\nd\ne\nf\ng\n".into()),
            new: "a\nb\nc\nD\ne\nf\ng\n".into(),
        };
        let d = diff(&change);
        assert!(d.contains("-d\n+D\n"), "{d}");
        assert!(d.contains(" c\n") && d.contains(" e\n"), "{d}");
        assert!(
            !d.contains(" a\n"),
            "lines far from the change are left out: {d}"
        );
        assert!(change.replaces());
    }
}
