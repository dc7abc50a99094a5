//! Parse- and model-stage diagnostics as findings: each [`DiagKind`] maps to one rule, so those
//! problems are reported under stable ids without being looked for twice.

use super::Ctx;
use crate::diag::{AnnotationFault, Detail, DiagKind, Diagnostic, RowProblem, Severity};
use crate::lint::finding::{Finding, quote};
use crate::lint::fix::{self, Fix, Source, Text};
use crate::lint::rules::{self, Rule};
use crate::span::{Location, Span};
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
    if d.location.file.is_empty() {
        return false;
    }
    match &d.detail {
        // Whether a name collision is the docs' doing: two different wire names (`partNumber`
        // and `PartNumber`). A name taking one docgen reserves (`Other`, reported as a note)
        // and one name used twice (a route reusing `{id}`) are the generator's business.
        Detail::NameCollision {
            first_wire,
            second_wire,
            ..
        } => d.severity != Severity::Note && first_wire != second_wire,
        Detail::DuplicateRoute { first, .. } => pages_disagree(cx, d, first),
        Detail::JsonOnlyProperty {
            property, owner, ..
        } => !(open_page(cx, &d.location.file) || inherited(cx, property, owner)),
        _ => true,
    }
}

/// Whether a repeated route is a problem of the docs: two pages that say it returns unrelated
/// types. A page repeating its own route (function overloads, `(period=…)` and `(date=…)`), and
/// pages that repeat a route on purpose (one page per derived type, whose returns share a base;
/// an event page per parent) agree, and so do pages that name no return type.
fn pages_disagree(cx: &Ctx, d: &Diagnostic, first: &Location) -> bool {
    let file = first.file.as_str();
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
    if query(pa, first.at) != query(pb, d.location.at) {
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

/// Whether a property the JSON representation alone shows is one a base type of its owner
/// declares: the representation shows inherited properties, the table need not.
fn inherited(cx: &Ctx, prop: &str, owner: &str) -> bool {
    let q = crate::model::QName::parse(owner, crate::model::build::DEFAULT_NAMESPACE);
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
    let rule = rule_for(d.kind());
    // The subject leaves out the positions the message names, so the baseline fingerprint
    // survives line moves elsewhere.
    let subject = quote(&d.detail.without_positions(), 200);
    let mut f = Finding::new(rule, &d.location.file, d.location.at, subject, d.message());
    // The model marks the harmless variants of a kind as notes; they stay notes.
    if d.severity == Severity::Note || harmless(&d.detail) {
        f.severity = Severity::Note;
    }
    match &d.detail {
        Detail::InvalidJson { .. } => {
            let fix = text.source().and_then(|s| fix_json_block(s, d.location.at));
            f.fix(fix)
        }
        Detail::InvalidAnnotation { .. } => {
            let fix = text.source().and_then(|s| fix_annotation(s, d.location.at));
            f.fix(fix)
        }
        Detail::NamespaceMismatch { .. } => point_at_odata_type(cx, d, f),
        Detail::UnresolvedType { name, .. } => suggest_type(cx, name, f),
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

/// Whether a problem is a harmless variant of its kind: an annotation the publishing pipeline
/// reads past (a trailing comma or a comment, which the parse stage read leniently, or a line
/// break inside a string, which the pipeline accepts), or a table row of one cell
/// (`|**Schema extensions**|`), a group heading inside a table, which renders as meant.
fn harmless(d: &Detail) -> bool {
    match d {
        Detail::InvalidAnnotation { fault, .. } => *fault != AnnotationFault::NotJson,
        Detail::TableShape {
            problem: RowProblem::Cells { cells, .. },
        } => *cells == 1,
        _ => false,
    }
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
fn suggest_type(cx: &Ctx, name: &str, f: Finding) -> Finding {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(rules::rule_of(r.id).is_some(), "{k:?}");
        }
    }
}
