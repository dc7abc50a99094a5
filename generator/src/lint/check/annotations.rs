//! `missing-annotation`: an example request or response whose code block has no
//! `<!-- { "blockType": … } -->` annotation before it. The docs' own test tooling reads only
//! annotated examples, and the annotation is where a response's type is named.
//!
//! The fix inserts the annotation on the line before the block's fence, indented as the fence
//! is: a request gets a `name` made from the page's file name, unique on the page.

use super::Ctx;
use crate::lint::finding::Finding;
use crate::lint::fix::{Fix, Safety, Text};
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::page::{ExampleKind, PageKind};
use std::collections::HashSet;

/// Runs the rule on one page.
pub fn check(_cx: &Ctx, page: &Page, text: &Text, out: &mut Vec<Finding>) {
    if page.kind != PageKind::Api {
        return;
    }
    let stem = page
        .path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".md")
        .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        .to_lowercase();
    let mut names: HashSet<String> = page
        .examples
        .iter()
        .filter_map(|e| Some(e.annotation.as_ref()?.str("name")?.to_owned()))
        .collect();
    for (i, e) in page.examples.iter().enumerate() {
        let readable = match e.kind {
            ExampleKind::Request => e.request_line.is_some(),
            ExampleKind::Response => e.status_line.is_some(),
        };
        if e.annotation.is_some() || !readable {
            continue;
        }
        let (kind, annotation) = match e.kind {
            ExampleKind::Request => {
                let name = (1..)
                    .map(|n| {
                        if n == 1 {
                            stem.clone()
                        } else {
                            format!("{stem}_{n}")
                        }
                    })
                    .find(|n| !names.contains(n))
                    .unwrap_or_default();
                names.insert(name.clone());
                (
                    "request",
                    format!(r#"<!-- {{ "blockType": "request", "name": "{name}" }} -->"#),
                )
            }
            ExampleKind::Response => (
                "response",
                r#"<!-- { "blockType": "response" } -->"#.to_owned(),
            ),
        };
        let fix = text.source().and_then(|src| {
            let line = src.line(e.at.line);
            let fence = &src.text[line.clone()];
            let body = fence.trim_start();
            if !(body.starts_with("```") || body.starts_with("~~~")) {
                return None;
            }
            let indent = &fence[..fence.len() - body.len()];
            Some(Fix::replace(
                format!("add `{annotation}`"),
                Safety::Safe,
                line.start..line.start,
                format!("{indent}{annotation}\n"),
            ))
        });
        out.push(
            Finding::new(
                &rules::MISSING_ANNOTATION,
                &page.path,
                e.at,
                format!("example #{}/annotation", i + 1),
                format!(
                    "example {kind} has no `<!-- {{ \"blockType\": \"{kind}\" }} -->` annotation, so tools that test the docs skip it"
                ),
            )
            .len(3)
            .fix(fix),
        );
    }
}
