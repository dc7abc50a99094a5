//! `broken-link`: relative links to pages that are not in the docs set, that match one only when
//! case is ignored, or that name a heading the target page does not have.
//!
//! Only links into folders that hold pages are checked: a docs set that is a part of a larger
//! site links to folders it does not contain, and those links cannot be judged here.

use super::Ctx;
use crate::lint::finding::{Finding, quote};
use crate::lint::fix::{Fix, Safety, Text};
use crate::lint::rules;
use crate::model::links::join;
use crate::parse::Page;
use crate::parse::link::Target;
use crate::parse::reader::anchor;

/// Runs the rule on one page.
pub fn check(cx: &Ctx, page: &Page, text: &Text, out: &mut Vec<Finding>) {
    for link in &page.links {
        let dest = link.dest.trim();
        let lower = dest.to_ascii_lowercase();
        if dest.is_empty()
            || dest.starts_with('#')
            || lower.contains("://")
            || lower.starts_with("mailto:")
            || lower.contains("includes/")
        {
            continue;
        }
        let Some(joined) = join(&page.path, dest) else {
            continue;
        };
        let path = joined.split('#').next().unwrap_or_default();
        let Some((folder, _)) = path.split_once('/') else {
            continue;
        };
        if !cx.folders.contains(folder) {
            continue;
        }
        let len = (link.text.chars().count() + dest.chars().count() + 4) as u32;
        let subject = format!("link/{dest}");
        let redirect = |to: String, safety: Safety| {
            let range = dest_range(text, link)?;
            Some(Fix::replace(format!("write `{to}`"), safety, range, to))
        };
        if dest.contains('\\') {
            let slashed = dest.replace('\\', "/");
            out.push(
                Finding::new(
                    &rules::BROKEN_LINK,
                    &page.path,
                    link.at,
                    subject.clone(),
                    format!(
                        "link target `{}` separates folders with `\\`; the docs site needs `/`",
                        quote(dest, 100)
                    ),
                )
                .len(len)
                .help(format!("write `{slashed}`"))
                .fix(redirect(slashed.clone(), Safety::Safe)),
            );
        }
        if !lower.split('#').next().unwrap_or_default().ends_with(".md") {
            // Images and other files beside the pages: they only need to exist.
            if !cx.tree.root.join(path).exists() {
                out.push(
                    Finding::new(
                        &rules::BROKEN_LINK,
                        &page.path,
                        link.at,
                        subject,
                        format!("link target `{}` does not exist", quote(dest, 100)),
                    )
                    .len(len),
                );
            }
            continue;
        }
        let Some(target) = cx.index.resolve(&page.path, dest, &cx.paths) else {
            let mut f = Finding::new(
                &rules::BROKEN_LINK,
                &page.path,
                link.at,
                subject,
                format!(
                    "link target `{}` is not a page of the docs set",
                    quote(dest, 100)
                ),
            )
            .len(len);
            if let Some(near) = nearest(cx, path) {
                let to = relative_to(&page.path, near) + &anchor_of(dest);
                f = f
                    .help(format!("did you mean `{to}`?"))
                    .fix(redirect(to, Safety::Unsafe));
            }
            out.push(f);
            continue;
        };
        let target_path = cx.paths.get(target.page).copied().unwrap_or_default();
        if target.case_differs {
            out.push(
                Finding::new(
                    &rules::BROKEN_LINK,
                    &page.path,
                    link.at,
                    subject.clone(),
                    format!(
                        "link target `{}` matches `{target_path}` only when case is ignored",
                        quote(dest, 100)
                    ),
                )
                .len(len)
                .help(format!("write `{}`", relative_to(&page.path, target_path)))
                .fix(redirect(
                    relative_to(&page.path, target_path) + &anchor_of(dest),
                    Safety::Safe,
                ))
                // The published site resolves links whatever their case.
                .note(),
            );
        }
        if let Some(a) = target.anchor.as_deref().filter(|a| !a.is_empty()) {
            let Some(t) = cx.pages.get(target.page) else {
                continue;
            };
            let known = anchors(t).iter().any(|h| h.eq_ignore_ascii_case(a));
            if !known {
                out.push(
                    Finding::new(
                        &rules::BROKEN_LINK,
                        &page.path,
                        link.at,
                        subject,
                        format!("`{target_path}` has no heading for the anchor `#{a}`"),
                    )
                    .len(len),
                );
            }
        }
    }
}

/// `#anchor` of a link's destination, or nothing.
fn anchor_of(dest: &str) -> String {
    dest.find('#')
        .map_or(String::new(), |i| dest[i..].to_owned())
}

/// The byte range of an inline link's destination in the page's text, when it is written as
/// the page model has it.
fn dest_range(text: &Text, link: &crate::parse::page::Link) -> Option<std::ops::Range<usize>> {
    let src = text.source()?;
    let found = crate::parse::link::link_at(src.text, src.offset(link.at))?;
    let Target::Inline { dest } = found.target else {
        return None;
    };
    (src.text.get(dest.clone())? == link.dest.trim()).then_some(dest)
}

/// The anchors the docs site gives a page's headings: a repeated heading gets `-1`, `-2`… after
/// the first (`#request`, `#request-1`).
fn anchors(page: &Page) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for h in &page.headings {
        let base = anchor(&h.text);
        let n = seen.entry(base.clone()).or_insert(0);
        out.push(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    out.extend(page.enum_tables.iter().map(|e| e.anchor.clone()));
    out
}

/// The page of the same folder whose file name is closest to `path`'s, if one is close.
fn nearest<'a>(cx: &Ctx<'a>, path: &str) -> Option<&'a str> {
    let (folder, file) = path.rsplit_once('/')?;
    let file = file.to_lowercase();
    cx.paths
        .iter()
        .filter_map(|p| {
            let (f, name) = p.rsplit_once('/')?;
            (f == folder).then(|| (strsim::jaro_winkler(&file, &name.to_lowercase()), *p))
        })
        .filter(|(score, _)| *score >= 0.93)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, p)| p)
}

/// `to` (docs-relative) as a link written in page `from`.
fn relative_to(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(
            relative_to("api/a.md", "resources/b.md"),
            "../resources/b.md"
        );
        assert_eq!(relative_to("resources/a.md", "resources/b.md"), "b.md");
        assert_eq!(relative_to("a.md", "resources/b.md"), "resources/b.md");
    }
}
