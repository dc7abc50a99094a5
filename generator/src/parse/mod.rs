//! Parse stage: one markdown page → [`Page`], with source positions. Knows nothing of Rust.

pub mod addressing;
pub mod annotation;
pub mod blocks;
pub mod example;
pub mod frontmatter;
pub mod jsonpos;
pub mod link;
pub mod markers;
pub mod page;
pub mod reader;
pub mod route;
pub mod typeexpr;

pub use page::Page;
pub use reader::{Includes, NoIncludes, read_page};

/// Namespaces a page does not state but its docs set implies: an enum page without a
/// `Namespace:` line named `enums-<x>.md` holds the enums of the one namespace whose last
/// segment is `<x>` (`enums-managedtenants.md` → `microsoft.graph.managedTenants`), when the
/// pages that link to it are in that namespace too (or none of them says otherwise). Run once
/// over every page of a docs set, after reading them.
pub fn settle_namespaces(pages: &mut [Page]) {
    use std::collections::{BTreeSet, HashMap};
    let stated: BTreeSet<&str> = pages
        .iter()
        .filter_map(|p| p.namespace.as_ref().map(|n| n.text.as_str()))
        .collect();
    // (page index, its file name, the namespace its name gives)
    let mut candidates: Vec<(usize, &str, &str)> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if p.namespace.is_some() {
            continue;
        }
        let file = p.path.rsplit('/').next().unwrap_or_default();
        let Some(x) = file
            .strip_suffix(".md")
            .and_then(|s| s.strip_prefix("enums-"))
        else {
            continue;
        };
        let mut named = stated.iter().filter(|ns| {
            ns.rsplit('.')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(x))
        });
        if let (Some(ns), None) = (named.next(), named.next()) {
            candidates.push((i, file, ns));
        }
    }
    if candidates.is_empty() {
        return;
    }
    // The namespaces of the pages that link to each candidate, in one pass over every link.
    let mut users: HashMap<&str, Vec<&str>> = candidates
        .iter()
        .map(|(_, f, _)| (*f, Vec::new()))
        .collect();
    for u in pages.iter() {
        let Some(ns) = u.namespace.as_ref() else {
            continue;
        };
        for l in &u.links {
            let dest = l.dest.split('#').next().unwrap_or_default();
            if let Some(list) = dest.rsplit('/').next().and_then(|f| users.get_mut(f)) {
                list.push(ns.text.as_str());
            }
        }
    }
    let settled: Vec<(usize, String)> = candidates
        .iter()
        .filter(|(_, f, ns)| users.get(f).is_none_or(|u| u.is_empty() || u.contains(ns)))
        .map(|(i, _, ns)| (*i, (*ns).to_owned()))
        .collect();
    for (i, ns) in settled {
        pages[i].namespace = Some(page::Text {
            text: ns,
            at: crate::span::Span::new(1, 1),
        });
    }
}
