//! Property-based and mutation tests of the parse stage. Arbitrary markdown, and real pages
//! mutated (lines shuffled, truncated at every offset, bytes replaced, table cells added or
//! removed, fences unclosed, lines deleted, duplicated or inserted), go through the page parser
//! and with it the table, route, type-cell and annotation readers; the grammars are also driven
//! one by one. Every input must give a page model whose every position lies inside the page (or
//! a located error), the model and code generation must accept it, and nothing may panic.
//!
//! Time must grow linearly with the input. There are no clock budgets here: each shape of page is
//! parsed at two sizes sixteen times apart and the ratio of the times is checked, which is
//! independent of how fast the machine is (linear work gives about 16, quadratic about 256).
//!
//! `PROPTEST_CASES=N` runs more cases per property, for a longer run by hand.

use docgen::codegen::naming;
use docgen::codegen::{self, docs::sanitize};
use docgen::docs::DocsTree;
use docgen::model::{self, links};
use docgen::parse::annotation::{self, Read};
use docgen::parse::blocks::{self, Block};
use docgen::parse::page::Page;
use docgen::parse::route::{self, PathPart};
use docgen::parse::typeexpr::{self, TypeExpr};
use docgen::parse::{NoIncludes, example, frontmatter, markers, read_page};
use docgen::span::Span;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::ops::Range;
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

/// The timing tests take this exclusively, every other test shares it: the tests of this file run
/// in parallel, and a ratio of two times is only meaningful when nothing else competes for the
/// cores between them.
static CORES: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    CORES.read().unwrap_or_else(|e| e.into_inner())
}

fn exclusive() -> RwLockWriteGuard<'static, ()> {
    CORES.write().unwrap_or_else(|e| e.into_inner())
}

/// `cases` cases (or `PROPTEST_CASES`), no regression files written into the tree: a failure
/// prints its minimal input, which then becomes a named regression test below.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// What every page model must satisfy.

/// The page's lines as [`docgen::span::LineIndex`] counts them (split on `\n` only).
fn line_widths(text: &str) -> Vec<u32> {
    text.split('\n').map(|l| l.chars().count() as u32).collect()
}

/// Asserts `at` names a real line and a column at most one past that line's end.
fn in_page(widths: &[u32], what: &str, at: Span) {
    assert!(
        at.line >= 1 && at.line as usize <= widths.len(),
        "{what} at {at}: the page has {} lines",
        widths.len()
    );
    let width = widths[at.line as usize - 1];
    assert!(
        at.col >= 1 && at.col <= width + 1,
        "{what} at {at}: line {} has {width} characters",
        at.line
    );
}

/// Parses `text` as page `path` and checks the model: every position inside the page, every
/// diagnostic naming the page, the model serializable, and the model and codegen stages
/// accepting it.
fn check_page(path: &str, text: &str) -> Page {
    let page = read_page(path, text, &NoIncludes);
    check_positions(&page, text);
    serde_json::to_string(&page).expect("the page model serializes as JSON");
    serde_yaml::to_string(&page).expect("the page model serializes as YAML");
    let api = model::build(std::slice::from_ref(&page));
    if let Err(e) = codegen::generate(&api, &codegen::Options::default()) {
        panic!("code generation failed on a page the parser accepted: {e}");
    }
    page
}

fn check_positions(page: &Page, text: &str) {
    let w = line_widths(text);
    let w = w.as_slice();
    for (what, t) in [
        ("title", &page.title),
        ("namespace", &page.namespace),
        ("summary", &page.summary),
    ] {
        if let Some(t) = t {
            in_page(w, what, t.at);
        }
    }
    for h in &page.headings {
        in_page(w, "heading", h.at);
    }
    if let Some(p) = &page.permissions {
        in_page(w, "permissions", p.at);
        for r in &p.rows {
            in_page(w, "permission row", r.at);
        }
    }
    for r in &page.routes {
        in_page(w, "route", r.at);
    }
    for h in &page.request_headers {
        in_page(w, "request header", h.at);
    }
    for l in page
        .request_body_type
        .iter()
        .chain(&page.inherits_from)
        .chain(&page.links)
    {
        in_page(w, "link", l.at);
    }
    for t in &page.tables {
        in_page(w, "table", t.at);
        for r in &t.rows {
            in_page(w, "row name", r.at);
            in_page(w, "row type", r.type_at);
            in_page(w, "row description", r.description_at);
        }
    }
    for t in &page.enum_tables {
        in_page(w, "enum table", t.at);
        for m in &t.members {
            in_page(w, "enum member", m.at);
        }
    }
    if let Some(r) = &page.response {
        if let Some(at) = r.status_at {
            in_page(w, "response status", at);
        }
        if let Some(t) = &r.returns {
            in_page(w, "returned type", t.at);
        }
    }
    for e in &page.examples {
        in_page(w, "example", e.at);
        if let Some((_, _, at)) = &e.request_line {
            in_page(w, "request line", *at);
        }
        if let Some((_, _, at)) = &e.status_line {
            in_page(w, "status line", *at);
        }
        if let Some(at) = e.body_at {
            in_page(w, "example body", at);
        }
    }
    if let Some(j) = &page.json_representation {
        in_page(w, "JSON representation", j.at);
        for r in &j.properties {
            in_page(w, "JSON property", r.at);
        }
    }
    for i in &page.includes {
        in_page(w, "include", i.at);
    }
    for d in &page.diagnostics {
        assert_eq!(d.location.file, page.path, "{d}");
        assert!(!d.message().is_empty(), "{d:?}");
        in_page(w, &format!("diagnostic `{}`", d.detail), d.location.at);
    }
}

/// A byte offset inside `s` moved back to a character boundary.
fn floor(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Asserts `range` is a slice of `s` that starts and ends on character boundaries.
fn slice_ok(s: &str, range: &Range<usize>, what: &str) {
    assert!(
        s.get(range.clone()).is_some(),
        "{what}: {range:?} is not a slice of a {}-byte text",
        s.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Generators.

/// Characters that have broken text handling before: case changes that change length (`İ`),
/// combining marks, zero-width and direction marks, a BOM, line separators, controls.
const ODD: &[&str] = &[
    "İ", "ǅ", "ß", "é", "\u{301}", "中", "🎉", "\u{200b}", "\u{202e}", "\u{feff}", "\u{2028}",
    "\u{a0}", "\r", "\t", "\0", "\\", "|", "`", "*", "<", ">", "[", "]", "(", ")", "{", "}", "'",
    "\"", "#", "!", "&", ";", ":", "?", "=", "/", "~", "-", "_", " ",
];

fn odd() -> impl Strategy<Value = String> {
    prop::sample::select(ODD).prop_map(str::to_owned)
}

/// A short run of words, punctuation and odd characters.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => "[a-zA-Z]{1,8}",
            2 => odd(),
            1 => "\\PC{0,6}",
            1 => prop::sample::select(&[
                "microsoft.graph.x", "Collection(x)", "String", "Int32", "values", "TODO",
                "Required.", "Read-only.", "Possible values are: `a`, `b`.", "201 Created",
                "../resources/user.md", "#tab/http",
            ][..]).prop_map(str::to_owned),
        ],
        0..6,
    )
    .prop_map(|w| w.concat())
}

/// A type cell: the forms the grammar knows, nested, and noise.
fn type_cell() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(
            &[
                "String",
                "Edm.Int32",
                "`DateTimeOffset`",
                "**user**",
                "Boolean",
                "Json",
                "microsoft.graph.identityGovernance.task",
                "Enumeration",
                "number",
                "(Optional) String",
                "String (timestamp)",
                "String (url)",
                "[x][]",
                "[x][] resource",
                "[x](../resources/x.md)",
            ][..]
        )
        .prop_map(str::to_owned),
        words(),
    ];
    leaf.prop_recursive(4, 16, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("Collection({t})")),
            inner.clone().prop_map(|t| format!("{t} collection")),
            inner.clone().prop_map(|t| format!("Collection of {t}")),
            inner
                .clone()
                .prop_map(|t| format!("[{t}](../resources/{t}.md)")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} or {b}")),
        ]
    })
}

/// One table row with `n` cells, pipes sometimes missing.
fn table_row() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop_oneof![words(), type_cell()], 0..5),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(cells, lead, trail)| {
            let mut s = String::new();
            if lead {
                s.push('|');
            }
            s.push_str(&cells.join("|"));
            if trail {
                s.push('|');
            }
            s
        })
}

fn route_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9]{1,6}",
        2 => prop::sample::select(&[
            "/", "{id}", "{", "}", "<x>", "<", "(", ")", "'", "?", "&", "=", " ", ":", "$value",
            "('{p}')", "root:/{path}:", "%20", "\\", "é", "HTTP/1.1", "https://graph.microsoft.com/v1.0",
            "/beta", "eq '{v}'", "$filter=",
        ][..]).prop_map(str::to_owned),
        1 => odd(),
    ];
    (
        prop::sample::select(&["GET", "post", "PATCH", "DELETE", "FETCH", "", "Get a"][..]),
        " {0,2}",
        prop::collection::vec(piece, 0..14),
    )
        .prop_map(|(m, sp, p)| format!("{m}{sp}{}", p.concat()))
}

/// One markdown line from the Graph docs vocabulary, or noise.
fn markdown_line() -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::sample::select(&[
            "---", "doc_type: apiPageType", "doc_type: resourcePageType", "doc_type: enumPageType",
            "title: a: b", "# Title", "## Properties", "## Relationships", "## HTTP request",
            "## Request headers", "## Request body", "## Response", "## Examples", "### Request",
            "### Response", "## JSON representation", "## Members", "## Permissions",
            "## Methods", "### İİİİİİİİ values", "### ß values", "# [HTTP](#tab/http)",
            "Namespace: microsoft.graph", "Namespace: `x<y>`",
            "| Property | Type | Description |", "| Member | Value | Description |",
            "| Parameter | Type | Description |", "| Name | Description |",
            "| Method | Return type | Description |",
            "|Permission type|Permissions (from least to most privileged)|",
            "|:---|:---|:---|", "|---|---|", "|--", "```", "```http", "```json", "````", "~~~",
            "<!-- { \"blockType\": \"request\", \"name\": \"x\" } -->",
            "<!-- {\"blockType\": \"response\", } -->", "<!-- { \"blockType\": \"resource\",",
            "\"@odata.type\": \"microsoft.graph.x\" }-->", "<!-- {\"blockType\": \"permissions\"} -->",
            "<!-- {", "-->", "<!--", "{", "}", "[", "]", "\"id\": \"String\",",
            "\"when\": \"String (timestamp)\",", "\"x\": {\"@odata.type\": \"microsoft.graph.y\"},",
            "HTTP/1.1 201 Created", "Content-Type: application/json",
            "Inherits from [entity](entity.md).", "[!INCLUDE [x](../../includes/x.md)]",
            "> [!NOTE]", "Returns a `200 OK` response code and a [user](../resources/user.md) collection.",
            "Possible values are: `a`, `b`, `unknownFutureValue`.", "continued |", "<br>", "",
        ][..]).prop_map(str::to_owned),
        3 => table_row(),
        2 => route_line(),
        2 => words(),
        1 => "\\PC{0,40}",
        1 => any::<String>(),
    ]
    .boxed()
}

/// A page of generated lines, joined with `\n` or `\r\n`.
fn markdown_page() -> impl Strategy<Value = String> {
    (prop::collection::vec(markdown_line(), 0..60), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

/// Real pages: every page of `docs-input/`, and every 60th page of the corpus when it is here.
fn pool() -> &'static [(String, String)] {
    static POOL: OnceLock<Vec<(String, String)>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut pages = DocsTree::load(&docgen_tests::docs_input())
            .expect("docs-input loads")
            .pages;
        if let Some(corpus) = docgen_tests::corpus() {
            let root = corpus.join("graph-docs-v1.0");
            for folder in ["api", "resources"] {
                let mut names: Vec<_> = std::fs::read_dir(root.join(folder))
                    .expect("corpus folder")
                    .filter_map(|e| e.ok().map(|e| e.file_name()))
                    .collect();
                names.sort();
                for name in names.iter().step_by(60) {
                    let rel = format!("{folder}/{}", name.to_string_lossy());
                    let text = std::fs::read_to_string(root.join(&rel)).expect("corpus page");
                    pages.push((rel, text));
                }
            }
        }
        pages
    })
}

fn lines_of(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_owned).collect()
}

/// Adds or removes the cell after the `k`-th pipe of a table line; other lines are kept.
fn edit_cells(text: &str, edits: &[(usize, bool, usize)]) -> String {
    let mut lines = lines_of(text);
    let tables: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].trim_start().starts_with('|'))
        .collect();
    if tables.is_empty() {
        return text.to_owned();
    }
    for &(pick, add, k) in edits {
        let line = &mut lines[tables[pick % tables.len()]];
        let pipes: Vec<usize> = line.match_indices('|').map(|(i, _)| i).collect();
        let at = pipes[k % pipes.len()];
        if add {
            line.insert_str(at, "| extra cell ");
        } else if let Some(&next) = pipes.get(k % pipes.len() + 1) {
            line.replace_range(at..next, "");
        }
    }
    lines.concat()
}

/// Drops the `k`-th fence line, which leaves a fence open (or turns one inside out).
fn unclose_fence(text: &str, k: usize) -> String {
    let mut lines = lines_of(text);
    let fences: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let t = lines[i].trim_start();
            t.starts_with("```") || t.starts_with("~~~")
        })
        .collect();
    if let Some(&i) = fences.get(k % fences.len().max(1)) {
        lines.remove(i);
    }
    lines.concat()
}

/// One mutation of a page's text.
fn mutate(text: String) -> BoxedStrategy<String> {
    let lines = lines_of(&text);
    let n = lines.len().max(1);
    let len = text.len().max(1);
    let (t1, t2, t3, t4, t5, t6, t7) = (
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text,
    );
    prop_oneof![
        Just(lines).prop_shuffle().prop_map(|l| l.concat()),
        (0..=len).prop_map(move |cut| t1[..floor(&t1, cut)].to_owned()),
        prop::collection::vec((0..len, any::<u8>()), 1..16).prop_map(move |edits| {
            let mut bytes = t2.clone().into_bytes();
            for (at, b) in edits {
                if let Some(slot) = bytes.get_mut(at) {
                    *slot = b;
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }),
        prop::collection::vec((0..64usize, any::<bool>(), 0..8usize), 1..8)
            .prop_map(move |edits| edit_cells(&t3, &edits)),
        (0..64usize).prop_map(move |k| unclose_fence(&t4, k)),
        (0..n, 0..8usize, any::<bool>()).prop_map(move |(at, count, dup)| {
            let mut l = lines_of(&t5);
            let end = (at + count).min(l.len());
            let at = at.min(end);
            if dup {
                let copy: Vec<String> = l[at..end].to_vec();
                l.splice(end..end, copy);
            } else {
                l.drain(at..end);
            }
            l.concat()
        }),
        (0..=n, markdown_line()).prop_map(move |(at, line)| {
            let mut l = lines_of(&t6);
            l.insert(at.min(l.len()), format!("{line}\n"));
            l.concat()
        }),
        (0..len, odd()).prop_map(move |(at, s)| {
            let mut t = t7.clone();
            t.insert_str(floor(&t, at), &s);
            t
        }),
    ]
    .boxed()
}

/// A real page with one or two mutations.
fn mutated_page() -> impl Strategy<Value = (String, String)> {
    (0..pool().len(), any::<bool>()).prop_flat_map(|(i, twice)| {
        let (path, text) = pool()[i].clone();
        let once = mutate(text);
        let s = if twice {
            once.prop_flat_map(mutate).boxed()
        } else {
            once
        };
        s.prop_map(move |t| (path.clone(), t))
    })
}

/// Page paths as the model sees them: the folder decides the kind when front matter does not.
fn page_path() -> impl Strategy<Value = String> {
    prop::sample::select(&["api/x.md", "resources/x.md", "other/x.md"][..]).prop_map(str::to_owned)
}

// ---------------------------------------------------------------------------------------------
// Whole pages.

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_markdown_gives_a_located_page_model(path in page_path(), text in markdown_page()) {
        let _cores = shared();
        check_page(&path, &text);
    }

    #[test]
    fn mutated_real_pages_give_a_located_page_model((path, text) in mutated_page()) {
        let _cores = shared();
        check_page(&path, &text);
    }

    #[test]
    fn arbitrary_bytes_give_a_located_page_model(
        path in page_path(),
        bytes in prop::collection::vec(any::<u8>(), 0..3000),
    ) {
        let _cores = shared();
        check_page(&path, &String::from_utf8_lossy(&bytes));
    }
}

/// Every page of `docs-input/` cut at every character boundary: the parser never sees the end
/// of a construct it expects, at every possible place.
#[test]
fn real_pages_truncated_at_every_offset() {
    let _cores = shared();
    use rayon::prelude::*;
    let pages = DocsTree::load(&docgen_tests::docs_input())
        .expect("docs-input loads")
        .pages;
    let cuts: Vec<(&str, &str)> = pages
        .iter()
        .flat_map(|(path, text)| {
            text.char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .map(move |i| (path.as_str(), &text[..i]))
        })
        .collect();
    // The page parser alone here: these are tens of thousands of pages.
    cuts.par_iter().for_each(|(path, text)| {
        let page = read_page(path, text, &NoIncludes);
        check_positions(&page, text);
    });
    assert!(cuts.len() > 30_000, "{} cuts", cuts.len());
}

// ---------------------------------------------------------------------------------------------
// The grammars one by one.

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn route_lines_parse_or_fail_with_a_range_in_the_line(
        line in prop_oneof![route_line(), "\\PC{0,60}", any::<String>()],
        other in route_line(),
    ) {
        let _cores = shared();
        match route::parse_route_line(&line) {
            Ok(r) => {
                slice_ok(&line, &r.method_range, "method");
                slice_ok(&line, &r.path_range, "path");
                if let Some(q) = &r.query_range {
                    slice_ok(&line, q, "query");
                }
                prop_assert_eq!(
                    docgen::kinds::Method::from_name(&line[r.method_range.clone()]),
                    Some(r.method)
                );
                prop_assert!(r.template().starts_with('/'), "{}", r.template());
                for p in &r.path {
                    if let PathPart::Param { range, name, .. } = p {
                        slice_ok(&line, range, "parameter");
                        prop_assert!(!name.is_empty());
                    }
                }
                let _ = r.segments();
                if let Ok(o) = route::parse_route_line(&other) {
                    let _ = route::matches(&r, &o);
                    let _ = route::matches(&o, &r);
                }
            }
            Err(e) => {
                slice_ok(&line, &e.range, "error");
                prop_assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn type_cells_always_give_a_type_expression(cell in prop_oneof![type_cell(), any::<String>()]) {
        let _cores = shared();
        fn depth(t: &TypeExpr) -> usize {
            match t {
                TypeExpr::Collection(inner) => 1 + depth(inner),
                _ => 0,
            }
        }
        let t = typeexpr::parse_type_cell(&cell);
        prop_assert!(depth(&t) <= 8, "{t:?}");
        if let TypeExpr::Unknown(raw) = &t {
            prop_assert_eq!(raw.as_str(), cell.trim());
        }
    }

    #[test]
    fn description_cells_give_ranges_inside_the_cell(cell in prop_oneof![words(), any::<String>(), "[\\[\\]()!*`a-z <>|\\\\]{0,80}"]) {
        let _cores = shared();
        let d = markers::parse_description(&cell);
        for l in &d.links {
            slice_ok(&cell, &l.range, "link");
        }
        for p in &d.placeholders {
            slice_ok(&cell, &p.range, "placeholder");
        }
        if let Some(v) = &d.possible_values {
            slice_ok(&cell, &v.range, "possible values");
        }
    }

    #[test]
    fn annotations_read_or_fail_at_an_offset_inside_the_comment(
        body in prop_oneof![
            "\\PC{0,60}",
            prop::collection::vec(prop::sample::select(&[
                "{", "}", "\"blockType\"", ":", "\"request\"", ",", "//", "/*", "*/", "[", "]",
                " ", "\n", "true", "1e999", "\"\\u00", "é",
            ][..]), 0..20).prop_map(|p| p.concat()),
        ],
    ) {
        let _cores = shared();
        let html = format!("<!-- {body} -->");
        match annotation::read(&html) {
            Read::Annotation(a) => {
                if let Some((off, msg)) = &a.strict_error {
                    prop_assert!(*off <= html.len(), "{off} in {html:?}");
                    prop_assert!(!msg.is_empty());
                }
            }
            Read::Invalid(off, msg, _) => {
                prop_assert!(off <= html.len(), "{off} in {html:?}");
                prop_assert!(!msg.is_empty());
            }
            Read::NotAnnotation => {}
        }
    }

    #[test]
    fn blocks_and_cells_are_slices_of_the_page(text in prop_oneof![markdown_page(), any::<String>()]) {
        let _cores = shared();
        for b in blocks::blocks(&text) {
            match b {
                Block::Table { header, rows, range, .. } => {
                    slice_ok(&text, &range, "table");
                    for c in header.iter().chain(rows.iter().flatten()) {
                        slice_ok(&text, &c.range, "cell");
                    }
                }
                Block::Code { content_start, range, .. } => {
                    slice_ok(&text, &range, "code");
                    prop_assert!(content_start <= text.len());
                }
                Block::Heading { range, links, .. } | Block::Paragraph { range, links, .. } => {
                    slice_ok(&text, &range, "block");
                    for l in links {
                        slice_ok(&text, &l.range, "link");
                    }
                }
                Block::Html { range, .. } => slice_ok(&text, &range, "html"),
                Block::FrontMatter { content_start, .. } => prop_assert!(content_start <= text.len()),
            }
        }
    }

    #[test]
    fn examples_and_front_matter_never_panic(text in prop_oneof![markdown_page(), any::<String>()]) {
        let _cores = shared();
        let msg = example::split(&text);
        if let Some((_, _, r)) = &msg.request_line {
            slice_ok(&text, r, "request line");
        }
        if let Some((_, _, r)) = &msg.status_line {
            slice_ok(&text, r, "status line");
        }
        if let Some((_, start)) = &msg.body {
            prop_assert!(*start <= text.len());
        }
        if let example::Body::Invalid { offset, .. } = example::body(&text) {
            prop_assert!(offset <= text.len());
        }
        let _ = frontmatter::read(&text);
    }

    /// A link or include never resolves to a path above the docs root.
    #[test]
    fn joined_links_stay_inside_the_docs_root(
        from in "(api|resources|a/b/c)/[a-z]{1,4}\\.md",
        dest in prop::collection::vec(
            prop::sample::select(&["..", ".", "", "x", "x.md", "\\", "/", "#a", "?q", " ", "..\\..", "C:", "~"][..]),
            0..10,
        ).prop_map(|p| p.join("/")),
    ) {
        let _cores = shared();
        if let Some(joined) = links::join(&from, &dest) {
            let path = joined.split('#').next().unwrap_or_default();
            prop_assert!(!path.starts_with('/'), "{dest} → {joined}");
            prop_assert!(path.split('/').all(|s| s != ".."), "{dest} → {joined}");
        }
    }

    #[test]
    fn every_wire_name_becomes_a_valid_identifier(wire in prop_oneof![any::<String>(), words()]) {
        let _cores = shared();
        use naming::NameKind::*;
        for kind in [Type, Variant, Field, Module, Function, Const] {
            let name = naming::rust_name(&wire, kind);
            let text = name.to_string();
            prop_assert!(syn::parse_str::<syn::Ident>(&text).is_ok(), "{wire:?} as {kind:?}: {text}");
            prop_assert!(name.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Doc comments.

/// Text meant to turn a doc comment into code, HTML or links.
fn doc_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(&[
                "```", "```rust", "~~~", "~~~rust", "    fn evil() {}", "\t", "-", "- ", "+", "1.",
                "2)", "     ", "  ", "\n", "\r\n", "<script>", "</p>", "<!--", "[x]", "[x](y)",
                "![i](j)", "[x]: y", "<http://a.b>", "#![allow(x)]", "*/", "/*", "\\", "`", "``",
                "> ", "#", "*", "_", "&lt;", "&#96;", "|", "fn main() {}",
            ][..]).prop_map(str::to_owned),
            1 => "\\PC{0,12}",
            1 => odd(),
        ],
        0..24,
    )
    .prop_map(|p| p.concat())
}

/// The markdown rustdoc reads from the doc attributes made of `text`.
fn rendered_doc(text: &str) -> String {
    sanitize(text).iter().map(|l| format!(" {l}\n")).collect()
}

/// What rustdoc would make a code block (and so a doctest), HTML or a link, in `doc`.
fn markup_in(doc: &str) -> Option<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    Parser::new_ext(doc, opts).find_map(|e| match e {
        Event::Start(Tag::CodeBlock(k)) => Some(format!("a code block ({k:?})")),
        Event::Html(h) | Event::InlineHtml(h) => Some(format!("HTML `{h}`")),
        Event::Start(Tag::Link { dest_url, .. }) => Some(format!("a link to `{dest_url}`")),
        Event::Start(Tag::Image { dest_url, .. }) => Some(format!("an image `{dest_url}`")),
        Event::FootnoteReference(f) => Some(format!("a footnote `{f}`")),
        _ => None,
    })
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn doc_text_never_becomes_a_doctest_html_or_a_link(text in doc_text()) {
        let _cores = shared();
        let lines = sanitize(&text);
        for l in &lines {
            prop_assert!(!l.starts_with(char::is_whitespace), "{l:?}");
            prop_assert!(!l.contains('\n') && !l.contains('\r'), "{l:?}");
        }
        let doc = rendered_doc(&text);
        prop_assert!(markup_in(&doc).is_none(), "{:?} in {doc:?}", markup_in(&doc));
    }
}

#[test]
fn tilde_fences_and_indented_list_items_do_not_become_doctests() {
    let _cores = shared();
    for text in [
        "Example:\n~~~\nfn evil() {}\n~~~",
        "~~~~rust\nstd::process::exit(1);\n~~~~",
        "-     std::process::exit(1);",
        "1.      std::process::exit(1);",
        "Steps:<br>+     fn evil() {}",
    ] {
        let doc = rendered_doc(text);
        assert_eq!(markup_in(&doc), None, "{text:?} became {doc:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions found by the properties above.

/// `### İİİİİİİİ values`: lower-casing the heading made it longer than the original and the
/// enum name's cut overflowed.
#[test]
fn enum_heading_whose_lowercase_is_longer() {
    let _cores = shared();
    let text = "# e\n\n### İİİİİİİİ values\n\n| Member |\n|:--|\n| a |\n";
    let page = check_page("resources/e.md", text);
    assert_eq!(page.enum_tables.len(), 1);
    assert_eq!(page.enum_tables[0].name, "İİİİİİİİ");
    let text = "# e\n\n### İ İnherits values\n\n| Member |\n|:--|\n| a |\n";
    assert_eq!(
        check_page("resources/e.md", text).enum_tables[0].name,
        "İnherits"
    );
}

/// `docgen page` prints the model as YAML by default; serde_yaml cannot write a tagged variant
/// inside another, and every collection type (`Collection(Primitive(String))`) was one.
#[test]
fn collection_types_print_as_yaml() {
    let _cores = shared();
    let text = "# t\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| a | String collection | x |\n| b | Collection(Collection(x)) | y |\n";
    let page = check_page("resources/t.md", text);
    let yaml = serde_yaml::to_string(&page).expect("prints");
    assert!(yaml.contains("Collection:\n"), "{yaml}");
    let json = serde_json::to_value(&page.tables[0].rows[0].ty).expect("prints");
    assert_eq!(
        json,
        serde_json::json!({"Collection": {"Primitive": "String"}})
    );
}

/// Front matter whose keys are not text (an anchor where a key should be) could not be printed
/// as JSON; it is now read line by line, like other broken front matter, and reported.
#[test]
fn front_matter_keys_that_are_not_text() {
    let _cores = shared();
    let text = "---\n&itle: \"Get plannerBucket\"\ndoc_type: apiPageType\n---\n# t\n";
    let page = check_page("api/t.md", text);
    assert_eq!(page.front("doc_type").as_deref(), Some("apiPageType"));
    assert!(
        page.diagnostics
            .iter()
            .any(|d| matches!(&d.detail, docgen::diag::Detail::FrontMatter { error } if error.contains("not text"))
                && d.location.at.line == 2),
        "{:?}",
        page.diagnostics
    );
}

/// JSON representation keys are located where they are at the top level, not at the first
/// occurrence of the quoted name (which can be a nested key or inside a string).
#[test]
fn json_representation_keys_are_located_at_the_top_level() {
    let _cores = shared();
    let text = "# t\n\n## JSON representation\n\n```json\n{\n  \"outer\": {\"id\": \"String\"},\n  \"note\": \"the \\\"id\\\" key\",\n  \"id\": \"String\"\n}\n```\n";
    let page = check_page("resources/t.md", text);
    let props = &page.json_representation.as_ref().expect("read").properties;
    let at: Vec<(&str, Span)> = props.iter().map(|p| (p.name.as_str(), p.at)).collect();
    assert_eq!(
        at,
        [
            ("outer", Span::new(7, 3)),
            ("note", Span::new(8, 3)),
            ("id", Span::new(9, 3)),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Linear time.

/// The fastest of `runs` parses of `text`.
fn parse_time(text: &str, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let page = read_page("resources/x.md", text, &NoIncludes);
            let took = started.elapsed();
            drop(page);
            took
        })
        .min()
        .unwrap_or_default()
}

const HEAD: &str = "---\ndoc_type: resourcePageType\n---\n# thing resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n";

/// A page made of `n` repetitions of one construct.
type Shape = fn(usize) -> String;

/// Pages made of `n` repetitions of one construct, each a way to be quadratic.
fn shapes() -> Vec<(&'static str, Shape)> {
    fn rows(n: usize) -> String {
        let mut s = HEAD.to_owned();
        for i in 0..n {
            s.push_str(&format!(
                "| p{i} | [t{i}](t.md) collection | Row {i}. Read-only. |\n"
            ));
        }
        s
    }
    fn one_line_links(n: usize) -> String {
        let mut s = String::from("# t\n\nSee ");
        for i in 0..n {
            s.push_str(&format!("[ä{i}](b{i}.md) and "));
        }
        s
    }
    fn one_cell_links(n: usize) -> String {
        let mut s = HEAD.to_owned() + "| p | String | ";
        for i in 0..n {
            s.push_str(&format!("[ä{i}](b{i}.md) `v{i}`, "));
        }
        s + "|\n"
    }
    fn brackets(n: usize) -> String {
        HEAD.to_owned() + "| p | " + &"[(".repeat(n * 4) + " | " + &"[".repeat(n * 4) + "|\n"
    }
    fn continuations(n: usize) -> String {
        HEAD.to_owned() + "| p | String | start\n" + &"continued line |\n".repeat(n)
    }
    fn json_keys(n: usize) -> String {
        let mut s = String::from("# t\n\n## JSON representation\n\n```json\n{");
        for i in 0..n {
            s.push_str(&format!("\"k{i}\": {{\"@odata.type\": \"x\"}},\n"));
        }
        s + "\"z\": 1}\n```\n"
    }
    fn routes(n: usize) -> String {
        let mut s = String::from("# t\n\n## HTTP request\n\n```http\n");
        for i in 0..n {
            s.push_str(&format!(
                "GET /a{i}/{{p{i}}}/f(x='{{y}}')?$filter=a eq '{{v}}'\n"
            ));
        }
        s + "```\n"
    }
    fn examples(n: usize) -> String {
        let mut s = String::from("# t\n\n## Examples\n\n");
        for i in 0..n {
            s.push_str(&format!("<!-- {{ \"blockType\": \"request\", \"name\": \"r{i}\", }} -->\n```http\nPOST /a/{i}\n\n{{\"a\": [1, {{\"b\": {i}}}], }}\n```\n"));
        }
        s
    }
    fn example_body_under_a_long_key(n: usize) -> String {
        let key = "k".repeat(n * 4);
        let items = "1,".repeat(n * 4);
        format!(
            "# t\n\n## Examples\n\n### Request\n\n```http\nPOST /a\n\n{{\"{key}\": [{items}1]}}\n```\n"
        )
    }
    fn unclosed_fences(n: usize) -> String {
        "# t\n\n".to_owned() + &"```http\nGET /a\n````\n".repeat(n)
    }
    fn emphasis(n: usize) -> String {
        "# t\n\n".to_owned() + &"*a **b `c ".repeat(n * 2) + "\n"
    }
    fn enum_sections(n: usize) -> String {
        let mut s = String::from("# e\n\n");
        for i in 0..n {
            s.push_str(&format!(
                "### İe{i} values\n\n| Member | Value |\n|--|--|\n| m | {i} |\n\n"
            ));
        }
        s
    }
    fn front_matter(n: usize) -> String {
        let mut s = String::from("---\n");
        for i in 0..n {
            s.push_str(&format!("k{i}: a: {i}\n"));
        }
        s + "---\n# t\n"
    }
    vec![
        ("table rows", rows),
        ("links on one line", one_line_links),
        ("links in one cell", one_cell_links),
        ("unbalanced brackets", brackets),
        ("continuation rows", continuations),
        ("JSON representation keys", json_keys),
        ("route lines", routes),
        ("annotated examples", examples),
        (
            "example body under a long key",
            example_body_under_a_long_key,
        ),
        ("unclosed fences", unclosed_fences),
        ("emphasis runs", emphasis),
        ("enum sections", enum_sections),
        ("broken front matter", front_matter),
    ]
}

/// Each shape parsed at about 64 KB and at sixteen times that: the time may grow at most four
/// times faster than the size (linear work: ×16; quadratic: ×256).
#[test]
fn parse_time_grows_linearly() {
    let _cores = exclusive();
    let mut slow = Vec::new();
    for (name, shape) in shapes() {
        // Repetitions for about 64 KB.
        let unit = shape(100).len() / 100;
        let n = (64 * 1024 / unit).max(1);
        let small = shape(n);
        let large = shape(16 * n);
        let t_small = parse_time(&small, 3).max(Duration::from_micros(200));
        let t_large = parse_time(&large, 2);
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
        println!(
            "{name}: {} KB in {t_small:?}, {} KB in {t_large:?}: ×{ratio:.1}",
            small.len() / 1024,
            large.len() / 1024
        );
        if ratio > 64.0 {
            slow.push(format!("{name} ×{ratio:.0}"));
        }
    }
    assert!(slow.is_empty(), "super-linear parse times: {slow:?}");
}

/// The sizes the issue names: a 10 MB page of every shape above, and a 100,000-row table.
#[test]
fn ten_megabyte_page_and_hundred_thousand_row_table() {
    let _cores = exclusive();
    let mut big = String::new();
    while big.len() < 10 * 1024 * 1024 {
        for (_, shape) in shapes() {
            big.push_str(&shape(300));
            big.push('\n');
        }
    }
    let started = Instant::now();
    let page = read_page("resources/big.md", &big, &NoIncludes);
    println!(
        "{} MB page parsed in {:?}",
        big.len() / (1024 * 1024),
        started.elapsed()
    );
    check_positions(&page, &big);
    assert!(page.tables.len() > 100, "{}", page.tables.len());

    let mut table = HEAD.to_owned();
    for i in 0..100_000 {
        table.push_str(&format!("| p{i} | String | Row {i}. |\n"));
    }
    let started = Instant::now();
    let page = read_page("resources/rows.md", &table, &NoIncludes);
    println!("100,000-row table parsed in {:?}", started.elapsed());
    assert_eq!(page.tables[0].rows.len(), 100_000);
    assert_eq!(page.tables[0].rows[99_999].at, Span::new(100_011, 3));
}
