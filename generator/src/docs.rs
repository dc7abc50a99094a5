//! Reading a docs tree: every `.md` page under the root (except `includes/`), in sorted order,
//! parsed in parallel. Nothing outside the root is ever read.

use crate::error::{Error, Result};
use crate::parse::{self, Includes, Page};
use rayon::prelude::*;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// A docs tree read from disk: page paths relative to the root and their text.
#[derive(Debug, Clone)]
pub struct DocsTree {
    /// The root as given.
    pub root: PathBuf,
    /// The canonical root, for confinement checks.
    canonical: PathBuf,
    /// (docs-relative `/`-separated path, text), sorted by path.
    pub pages: Vec<(String, String)>,
}

/// Folders under the root that hold fragments, not pages.
const NOT_PAGES: &[&str] = &["includes"];

impl DocsTree {
    /// Reads every page under `root`.
    pub fn load(root: &Path) -> Result<Self> {
        let meta = fs::metadata(root).map_err(|e| Error::DocsRoot {
            path: root.to_owned(),
            reason: format!("cannot read docs folder: {e}"),
        })?;
        if !meta.is_dir() {
            return Err(Error::DocsRoot {
                path: root.to_owned(),
                reason: "docs root is not a folder".into(),
            });
        }
        let canonical = fs::canonicalize(root).map_err(|source| Error::Io {
            path: root.to_owned(),
            source,
        })?;
        let mut files = Vec::new();
        walk(&canonical, &canonical, &mut files)?;
        files.sort();
        let pages = files
            .par_iter()
            .map(|rel| {
                let path = canonical.join(rel);
                read_text(&path).map(|t| (rel.clone(), t))
            })
            .collect::<Result<Vec<_>>>()?;
        if pages.is_empty() {
            return Err(Error::DocsRoot {
                path: root.to_owned(),
                reason: "no markdown pages (*.md) found".into(),
            });
        }
        Ok(DocsTree {
            root: root.to_owned(),
            canonical,
            pages,
        })
    }

    /// A tree of pages held in memory, e.g. for tests or pages that do not come from disk:
    /// `pages` are (docs-relative `/`-separated path, text). They are sorted, by path and then
    /// text, so the order given never changes the result. Includes are read from under `root`.
    pub fn from_pages(root: impl Into<PathBuf>, mut pages: Vec<(String, String)>) -> Self {
        let root = root.into();
        pages.sort();
        DocsTree {
            canonical: fs::canonicalize(&root).unwrap_or_else(|_| root.clone()),
            root,
            pages,
        }
    }

    /// Every file read: pages (includes are read on demand and not listed).
    pub fn page_paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.pages.iter().map(|(p, _)| self.root.join(p))
    }

    /// Parses every page, in parallel; the result is in path order whatever the thread count.
    pub fn parse(&self) -> Vec<Page> {
        self.pages
            .par_iter()
            .map(|(path, text)| parse::read_page(path, text, self))
            .collect()
    }
}

impl Includes for DocsTree {
    fn read(&self, page: &str, dest: &str) -> Result<(String, String), String> {
        let rel = crate::model::links::join(page, dest)
            .ok_or_else(|| "the path leaves the docs root or is not relative".to_owned())?;
        let rel = rel.split('#').next().unwrap_or_default().to_owned();
        let path = self.canonical.join(&rel);
        let real = fs::canonicalize(&path).map_err(|e| e.to_string())?;
        if !real.starts_with(&self.canonical) {
            return Err("the path leaves the docs root".into());
        }
        // Reading a FIFO or device would block or never end; only regular files are includes.
        if !real.is_file() {
            return Err("not a regular file".into());
        }
        let text = read_text(&real).map_err(|e| e.to_string())?;
        Ok((rel, text))
    }
}

/// The docs root that holds `start` (a page or a folder): the nearest folder at or above it that
/// holds a `docgen.toml`, or both an `api/` and a `resources/` folder, as a reference tree does.
/// `None` when no folder above qualifies.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let start = fs::canonicalize(start).ok()?;
    let dir = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    dir.ancestors()
        .find(|d| {
            d.join(crate::lint::config::FILE_NAME).is_file()
                || (d.join("api").is_dir() && d.join("resources").is_dir())
        })
        .map(Path::to_path_buf)
}

/// Reads a file as UTF-8 (a leading byte-order mark is dropped).
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            Err(Error::NotUtf8 {
                path: path.to_owned(),
                line,
                col,
            })
        }
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let io = |source| Error::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let path = entry.path();
        let ft = entry.file_type().map_err(io)?;
        let rel = match path.strip_prefix(root) {
            Ok(r) => r.to_owned(),
            Err(_) => continue,
        };
        if rel.components().any(|c| matches!(c, Component::ParentDir)) {
            continue;
        }
        // Symlinks are followed only when they stay inside the root.
        let (is_dir, is_file) = if ft.is_symlink() {
            match fs::canonicalize(&path) {
                Ok(real) if real.starts_with(root) => (real.is_dir(), real.is_file()),
                _ => continue,
            }
        } else {
            (ft.is_dir(), ft.is_file())
        };
        let rel_s = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if is_dir {
            if dir == root && NOT_PAGES.contains(&rel_s.as_str()) {
                continue;
            }
            if !ft.is_symlink() {
                walk(root, &path, out)?;
            }
        } else if is_file && rel_s.ends_with(".md") {
            out.push(rel_s);
        }
    }
    Ok(())
}
