//! Parse- and model-stage diagnostics as findings: each [`DiagKind`] maps to one rule, so those
//! problems are reported under stable ids without being looked for twice.

use super::Ctx;
use crate::diag::{DiagKind, Diagnostic, Severity};
use crate::lint::finding::{Finding, quote};
use crate::lint::fix::{self, Fix, Source, Text};
use crate::lint::rules::{self, Rule};
use crate::span::Span;
use rayon::prelude::*;

/// The rule a diagnostic kind is reported under. Exhaustive on purpose: a new kind must be given
/// a rule before the crate compiles.
pub fn rule_for(kind: DiagKind) -> &'static Rule {
    match kind {
        DiagKind::FrontMatter => &rules::INVALID_FRONT_MATTER,
        DiagKind::InvalidAnnotation => &rules::INVALID_ANNOTATION,
        DiagKind::InvalidJson => &rules::INVALID_JSON,
        DiagKind::InvalidRoute => &rules::INVALID_ROUTE,
        DiagKind::TableShape => &rules::TABLE_SHAPE,
        DiagKind::UnclosedFence => &rules::UNCLOSED_FENCE,
        DiagKind::InvalidExample => &rules::INVALID_EXAMPLE,
        DiagKind::Include => &rules::BROKEN_INCLUDE,
        DiagKind::UnresolvedType => &rules::UNRESOLVED_TYPE,
        DiagKind::Conflict => &rules::CONFLICT,
        DiagKind::NameCollision => &rules::NAME_COLLISION,
        DiagKind::NamespaceMismatch => &rules::NAMESPACE_MISMATCH,
        // The representation check adds case hints; at the same place it wins (`check::run`).
        DiagKind::JsonOnlyProperty => &rules::TABLE_JSON_MISMATCH,
        DiagKind::DuplicateRoute => &rules::DUPLICATE_ROUTE,
        // A page with no section the model can use is missing its sections.
        DiagKind::UnusedPage => &rules::MISSING_SECTION,
        DiagKind::MetadataDrift => &rules::METADATA_DRIFT,
    }
}

/// Every diagnostic of the model (page diagnostics included) and of its naming as a finding.
pub fn findings(cx: &Ctx) -> Vec<Finding> {
    // One text per run of diagnostics of the same file: a fix indexes its page's lines once,
    // not once per diagnostic.
    let runs: Vec<&[Diagnostic]> = cx
        .api
        .diagnostics
        .chunk_by(|a, b| a.location.file == b.location.file)
        .chain(
            cx.naming
                .chunk_by(|a, b| a.location.file == b.location.file),
        )
        .collect();
    runs.par_iter()
        .flat_map_iter(|run| findings_of(cx, *run, cx.text(&run[0].location.file)))
        .collect()
}

/// The findings of a set of diagnostics (one page's, or the model's about one page), filtered
/// as [`findings`] filters the model's.
pub fn findings_of<'d>(
    cx: &Ctx,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    text: Option<&str>,
) -> Vec<Finding> {
    let text = Text::new(text);
    diags
        .into_iter()
        .filter(|d| keep(cx, d))
        .map(|d| finding(cx, d, &text))
        .collect()
}

fn keep(cx: &Ctx, d: &Diagnostic) -> bool {
    !d.location.file.is_empty()
        && (d.kind != DiagKind::NameCollision || docs_collision(d))
        && (d.kind != DiagKind::DuplicateRoute || pages_disagree(cx, d))
        && (d.kind != DiagKind::JsonOnlyProperty
            || !(open_page(cx, &d.location.file) || inherited(cx, &d.message)))
}

/// Whether a name collision is the docs' doing: two different wire names (`partNumber` and
/// `PartNumber`). A name taking one docgen reserves (`Other`, reported as a note) and one name
/// used twice (a route reusing `{id}`) are the generator's business.
fn docs_collision(d: &Diagnostic) -> bool {
    let mut quoted = d.message.split('`').skip(1).step_by(2);
    d.severity != Severity::Note && quoted.next() != quoted.next()
}

/// Whether a repeated route is a problem of the docs: two pages that say it returns unrelated
/// types. A page repeating its own route (function overloads, `(period=…)` and `(date=…)`), and
/// pages that repeat a route on purpose (one page per derived type, whose returns share a base;
/// an event page per parent) agree, and so do pages that name no return type.
fn pages_disagree(cx: &Ctx, d: &Diagnostic) -> bool {
    // "`GET /x` is already documented at api/a.md:12:1; this one is not generated"
    let Some(first) = d
        .message
        .split_once("documented at ")
        .and_then(|(_, rest)| rest.split(';').next())
    else {
        return false;
    };
    let mut parts = first.rsplitn(3, ':');
    let (col, line, file) = (parts.next(), parts.next(), parts.next());
    let (Some(file), Some(Ok(line)), Some(Ok(col))) =
        (file, line.map(str::parse), col.map(str::parse))
    else {
        return false;
    };
    if file == d.location.file {
        return false;
    }
    let page = |file: &str| {
        let i = cx.paths.binary_search(&file).ok()?;
        cx.pages.get(i)
    };
    let (Some(pa), Some(pb)) = (page(file), page(&d.location.file)) else {
        return false;
    };
    // Other query options (`?$expand=extensions`, `?includeHiddenFolders=true`) make another
    // request of the same path.
    let query = |p: &crate::parse::Page, at: crate::span::Span| {
        p.routes.iter().find(|r| r.at == at).map(|r| {
            let mut names: Vec<String> = r
                .route
                .query
                .iter()
                .map(|q| q.name.to_lowercase())
                .collect();
            names.sort_unstable();
            names
        })
    };
    if query(pa, crate::span::Span::new(line, col)) != query(pb, d.location.at) {
        return false;
    }
    // What the model made of each page's response (every route of a page shares it); a page
    // whose routes are all repeats has no operation, so its response prose's link says.
    let returns = |p: &crate::parse::Page| {
        if let Some(op) = cx.typer.operations(&p.path).first() {
            return match &op.response.as_ref()?.body.as_ref()?.ty {
                crate::model::TypeRef::Type(q) => cx.api.type_def(q),
                _ => None,
            };
        }
        let ret = p.response.as_ref()?.returns.as_ref()?;
        let target = cx.index.resolve(&p.path, &ret.dest, &cx.paths)?;
        let rep = cx.pages.get(target.page)?.json_representation.as_ref()?;
        let t = rep.annotation.as_ref()?.str("@odata.type")?;
        cx.find_type(t, crate::model::build::DEFAULT_NAMESPACE)
    };
    let (Some(a), Some(b)) = (returns(pa), returns(pb)) else {
        return false;
    };
    let lineage = |t| {
        let mut l = vec![t];
        l.extend(cx.api.bases(t));
        l
    };
    let (la, lb) = (lineage(a), lineage(b));
    // Related when one derives from the other or both from a base more specific than `entity`.
    let related = la.iter().any(|x| {
        lb.iter().any(|y| y.name == x.name)
            && (x.name == a.name || x.name == b.name || x.name.name != "entity")
    });
    !related
}

/// Whether a `json-only-property` message (`` `x` of `ns.type` is only… ``) names a property a
/// base type declares: the representation shows inherited properties, the table need not.
fn inherited(cx: &Ctx, message: &str) -> bool {
    let mut quoted = message.split('`').skip(1).step_by(2);
    let (Some(prop), Some(ty)) = (quoted.next(), quoted.next()) else {
        return false;
    };
    let q = crate::model::QName::parse(ty, crate::model::build::DEFAULT_NAMESPACE);
    cx.api.type_def(&q).is_some_and(|t| {
        cx.api
            .bases(t)
            .iter()
            .any(|b| b.properties.iter().any(|p| p.name == prop))
    })
}

/// Whether the page's JSON representation is of an open type, whose keys no table can list.
fn open_page(cx: &Ctx, file: &str) -> bool {
    page_at(cx, file)
        .and_then(|p| {
            p.json_representation
                .as_ref()?
                .annotation
                .as_ref()?
                .str("@odata.type")
        })
        .is_some_and(|t| {
            cx.find_type(t, crate::model::build::DEFAULT_NAMESPACE)
                .is_some_and(|t| cx.api.is_open(t))
        })
}

/// The page at `path` (the pages are sorted by path): a lookup per diagnostic, not a search.
fn page_at<'a>(cx: &Ctx<'a>, path: &str) -> Option<&'a crate::parse::Page> {
    let i = cx
        .pages
        .binary_search_by(|p| p.path.as_str().cmp(path))
        .ok()?;
    cx.pages.get(i)
}

fn finding(cx: &Ctx, d: &Diagnostic, text: &Text) -> Finding {
    let rule = rule_for(d.kind);
    let mut f = Finding::new(
        rule,
        &d.location.file,
        d.location.at,
        subject(&d.message),
        d.message.clone(),
    );
    // The model marks the harmless variants of a kind as notes; they stay notes.
    if d.severity == Severity::Note || lenient_annotation(d) || group_row(d) {
        f.severity = Severity::Note;
    }
    match d.kind {
        DiagKind::InvalidJson => {
            let fix = text.source().and_then(|s| fix_json_block(s, d.location.at));
            f.fix(fix)
        }
        DiagKind::InvalidAnnotation => {
            let fix = text.source().and_then(|s| fix_annotation(s, d.location.at));
            f.fix(fix)
        }
        DiagKind::NamespaceMismatch => point_at_odata_type(cx, d, f),
        DiagKind::UnresolvedType => suggest_type(cx, &d.message, f),
        _ => f,
    }
}

/// The fix of a code block's JSON that is not strict, from a position inside it: the JSON runs
/// from the block's first line that starts with `{` or `[` (after a request line and headers)
/// to its closing fence.
fn fix_json_block(src: &Source, at: Span) -> Option<Fix> {
    let text = src.text;
    let off = src.offset(at);
    let is_fence = |l: &str| {
        let t = l.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    };
    // The opening fence: the nearest fence line above.
    let mut start = None;
    let mut pos = off.min(text.len());
    while let Some(nl) = text[..pos].rfind('\n') {
        let line_start = text[..nl].rfind('\n').map_or(0, |i| i + 1);
        if is_fence(&text[line_start..nl]) {
            start = Some(nl + 1);
            break;
        }
        pos = line_start;
        if pos == 0 {
            break;
        }
    }
    let start = start?;
    let mut body = None;
    let mut end = text.len();
    let mut line_start = start;
    for line in text[start..].split_inclusive('\n') {
        if is_fence(line) {
            end = line_start;
            break;
        }
        if body.is_none() && line.trim_start().starts_with(['{', '[']) {
            body = Some(line_start);
        }
        line_start += line.len();
    }
    let body = body.filter(|b| *b <= off)?;
    fix::strict_json(&text[body..end], body)
}

/// The fix of an annotation that is not strict JSON, from a position inside it.
fn fix_annotation(src: &Source, at: Span) -> Option<Fix> {
    let text = src.text;
    let off = src.offset(at).min(text.len());
    let open = text[..off].rfind("<!--")? + 4;
    let close = off + text[off..].find("-->")?;
    let brace = open + text[open..close].find('{')?;
    fix::strict_json(text[brace..close].trim_end(), brace)
}

/// Whether an annotation problem is one the publishing pipeline reads past: a trailing comma or
/// a comment (the parse stage read the annotation leniently and says "not strict JSON"), or a
/// line break inside a string (serde_json's "control character"), which the pipeline accepts.
fn lenient_annotation(d: &Diagnostic) -> bool {
    d.kind == DiagKind::InvalidAnnotation
        && (d.message.contains("not strict JSON") || d.message.contains("control character"))
}

/// Whether a table-shape problem is a row of one cell (`|**Schema extensions**|`): a group
/// heading inside a table, which renders as meant.
fn group_row(d: &Diagnostic) -> bool {
    d.kind == DiagKind::TableShape && d.message.starts_with("row has 1 cells ")
}

/// The model reports a namespace mismatch at the example's code block; the `@odata.type` value
/// in its body is what to fix.
fn point_at_odata_type(cx: &Ctx, d: &Diagnostic, f: Finding) -> Finding {
    let Some(page) = page_at(cx, &d.location.file) else {
        return f;
    };
    let Some(example) = page.examples.iter().find(|e| e.at == d.location.at) else {
        return f;
    };
    match example.json_at.iter().find(|j| j.pointer == "/@odata.type") {
        Some(j) => Finding {
            line: j.value.0.line,
            col: j.value.0.col,
            ..f
        }
        .len(j.value.1),
        None => f,
    }
}

/// "did you mean" for a type name the model could not resolve: the closest type or enum name.
fn suggest_type(cx: &Ctx, message: &str, f: Finding) -> Finding {
    let Some(name) = message.split('`').nth(1) else {
        return f;
    };
    let simple = name.rsplit('.').next().unwrap_or(name).to_lowercase();
    if simple.len() < 4 {
        return f;
    }
    let best = cx
        .type_names
        .iter()
        .map(|(lower, q)| (strsim::jaro_winkler(&simple, lower), *q))
        .filter(|(score, _)| *score >= 0.92)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    match best {
        Some((_, q)) => f.help(format!("did you mean `{q}`?")),
        None => f,
    }
}

/// A diagnostic's message without the positions it may quote (`at x.md:12:3` → `at x.md`), so
/// the baseline fingerprint survives line moves elsewhere.
fn subject(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n = digits(after);
        if n > 0 && after[n..].starts_with(':') && digits(&after[n + 1..]) > 0 {
            let m = digits(&after[n + 1..]);
            rest = &after[n + 1 + m..];
        } else {
            out.push(':');
            rest = after;
        }
    }
    out.push_str(rest);
    quote(&out, 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_drop_positions() {
        assert_eq!(
            subject("type `x` here but `y` at resources/a.md:24:22; the first is kept"),
            "type `x` here but `y` at resources/a.md; the first is kept"
        );
        assert_eq!(subject("a: b:1 c:2:x"), "a: b:1 c:2:x");
    }

    #[test]
    fn every_kind_has_a_rule_in_the_table() {
        use DiagKind::*;
        for k in [
            FrontMatter,
            InvalidAnnotation,
            InvalidJson,
            InvalidRoute,
            TableShape,
            UnclosedFence,
            InvalidExample,
            Include,
            UnresolvedType,
            Conflict,
            NameCollision,
            NamespaceMismatch,
            JsonOnlyProperty,
            DuplicateRoute,
            UnusedPage,
            MetadataDrift,
        ] {
            let r = rule_for(k);
            assert!(rules::rule_by_id(r.id).is_some(), "{k:?}");
        }
    }
}
