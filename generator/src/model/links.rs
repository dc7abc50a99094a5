//! Relative links between pages, resolved the way the docs site does: relative to the page,
//! case-insensitively, never outside the docs root.

use std::collections::HashMap;

/// Every page path, by lower-cased path, for case-insensitive resolution.
#[derive(Debug, Default)]
pub struct PageIndex {
    by_lower: HashMap<String, usize>,
}

/// A resolved link: the page index and the anchor, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Index of the page in the page list.
    pub page: usize,
    /// The `#anchor`, without `#`.
    pub anchor: Option<String>,
    /// The link only resolves when case is ignored.
    pub case_differs: bool,
}

impl PageIndex {
    /// Indexes page paths (docs-relative, `/`-separated).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_lower = HashMap::new();
        for (i, p) in paths.into_iter().enumerate() {
            by_lower.entry(p.to_lowercase()).or_insert(i);
        }
        PageIndex { by_lower }
    }

    /// Resolves `dest` as written in page `from`; `None` for external, absolute, or broken links.
    pub fn resolve(&self, from: &str, dest: &str, paths: &[&str]) -> Option<Target> {
        let joined = join(from, dest)?;
        let (path, anchor) = match joined.split_once('#') {
            Some((p, a)) => (p.to_owned(), Some(a.to_owned())),
            None => (joined, None),
        };
        let path = if path.is_empty() {
            from.to_owned()
        } else {
            path
        };
        let page = *self.by_lower.get(&path.to_lowercase())?;
        Some(Target {
            page,
            anchor,
            case_differs: paths.get(page).is_some_and(|p| *p != path),
        })
    }
}

/// Joins a relative link to the folder of `from`; `None` for URLs, site-absolute links and
/// links that climb out of the docs root.
pub fn join(from: &str, dest: &str) -> Option<String> {
    let dest = dest.trim();
    let dest = dest.split(['?', ' ']).next().unwrap_or("");
    if dest.is_empty()
        || dest.contains("://")
        || dest.starts_with('/')
        || dest.starts_with("mailto:")
    {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(format!("{from}#{anchor}"));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    for seg in path.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if let Some(a) = anchor {
        out.push('#');
        out.push_str(a);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_case_insensitive_and_anchors() {
        let paths = ["api/user-get.md", "resources/user.md", "resources/enums.md"];
        let idx = PageIndex::new(paths);
        let t = idx
            .resolve("api/user-get.md", "../resources/User.md", &paths)
            .expect("resolves");
        assert_eq!((t.page, t.case_differs), (1, true));
        let t = idx
            .resolve("resources/user.md", "enums.md#userType-values", &paths)
            .expect("anchor");
        assert_eq!((t.page, t.anchor.as_deref()), (2, Some("userType-values")));
        assert_eq!(
            idx.resolve("api/user-get.md", "../../../etc/passwd", &paths),
            None
        );
        assert_eq!(
            idx.resolve("api/user-get.md", "https://example.com/x.md", &paths),
            None
        );
        assert_eq!(
            idx.resolve("api/user-get.md", "/graph/overview", &paths),
            None
        );
    }
}
