//! Generated docs trees of one large dimension each, for the linearity test
//! (`tests/linearity.rs`) and the pipeline benchmark (`generator/benches/pipeline.rs`, which
//! includes this file by path). Each tree is a list of (docs-relative path, text) pages, shaped
//! like the reference (front matter, namespace line, property tables, JSON representation,
//! annotated examples) and written here, not copied from any docs set.
//!
//! Every generator takes a size `n` and grows one dimension only, so the time at `10 * n` against
//! the time at `n` shows whether the pipeline is linear in that dimension.

use std::fmt::Write as _;

/// A generated tree: (docs-relative path, page text).
pub type Tree = Vec<(String, String)>;

/// One dimension the pipeline must be linear in: a name, what its size counts, and the tree of
/// size `n`.
pub struct Dimension {
    /// Short name, as the bench and the test print it.
    pub name: &'static str,
    /// What `n` counts ("rows", "members", "bytes"…).
    pub unit: &'static str,
    /// The tree of size `n`.
    pub tree: fn(usize) -> Tree,
    /// The two sizes measured, ten times apart.
    pub sizes: (usize, usize),
}

/// Every dimension the linearity test and the bench measure.
pub fn dimensions() -> Vec<Dimension> {
    vec![
        Dimension {
            name: "property table",
            unit: "rows",
            tree: property_table,
            sizes: (10_000, 100_000),
        },
        Dimension {
            name: "inherited type",
            unit: "properties",
            tree: inherited_type,
            sizes: (4_000, 40_000),
        },
        Dimension {
            name: "api page",
            unit: "routes and examples",
            tree: api_page,
            sizes: (200, 2_000),
        },
        Dimension {
            name: "enum",
            unit: "members",
            tree: enum_members,
            sizes: (10_000, 100_000),
        },
        Dimension {
            name: "mixed page",
            unit: "bytes",
            tree: mixed_page,
            sizes: (1 << 20, 10 << 20),
        },
        Dimension {
            name: "example keys",
            unit: "keys",
            tree: example_keys,
            sizes: (1_000, 10_000),
        },
        Dimension {
            name: "pages",
            unit: "pages",
            tree: many_pages,
            sizes: (300, 3_000),
        },
    ]
}

fn front(title: &str, doc_type: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndescription: \"Generated for a scale test.\"\nms.localizationpriority: medium\ndoc_type: {doc_type}\n---\n\n# {title}\n\nNamespace: microsoft.graph\n\nGenerated for a scale test.\n\n"
    )
}

/// The Type cell and the JSON representation's value of the `i`th generated property: a mix of
/// primitives, a collection, an enum and a complex type, as real tables have.
fn kind(i: usize) -> (&'static str, &'static str) {
    match i % 6 {
        0 => ("String", "\"String\""),
        1 => ("Int32", "1024"),
        2 => ("Boolean", "true"),
        3 => ("DateTimeOffset", "\"String (timestamp)\""),
        4 => ("String collection", "[\"String\"]"),
        _ => (
            "[scaleSetting](scalesetting.md)",
            "{\"@odata.type\": \"microsoft.graph.scaleSetting\"}",
        ),
    }
}

/// A resource page of type `name` with the given properties (`p{i}` for `i` in `range`), its
/// table and its JSON representation; `base` names a base type.
fn resource_page(name: &str, range: std::ops::Range<usize>, base: Option<&str>) -> String {
    let mut s = front(&format!("{name} resource type"), "resourcePageType");
    s.push_str("## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n");
    for i in range.clone() {
        let (ty, _) = kind(i);
        let _ = writeln!(
            s,
            "| {name}P{i} | {ty} | The value {i} of a [{name}]({name}.md). Read-only. |"
        );
    }
    s.push_str("\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n");
    if let Some(b) = base {
        let _ = writeln!(s, "  \"baseType\": \"microsoft.graph.{b}\",");
    }
    let _ = write!(
        s,
        "  \"@odata.type\": \"microsoft.graph.{name}\"\n}}-->\n\n```json\n{{\n"
    );
    for i in range.clone() {
        let (_, value) = kind(i);
        let comma = if i + 1 == range.end { "" } else { "," };
        let _ = writeln!(s, "  \"{name}P{i}\": {value}{comma}");
    }
    s.push_str("}\n```\n");
    s
}

/// The complex type the generated properties refer to, and the enum page.
fn support_pages() -> Tree {
    vec![
        (
            "resources/scalesetting.md".into(),
            resource_page("scaleSetting", 0..3, None),
        ),
        (
            "resources/scalekind.md".into(),
            front("scaleKind enum type", "enumPageType")
                + "## Members\n\n| Member | Value | Description |\n|:--|:--|:--|\n| small | 0 | Small. |\n| large | 1 | Large. |\n| unknownFutureValue | 2 | Sentinel. |\n",
        ),
    ]
}

/// An example of a POST to `route` whose body sets properties `p{i}` of `name` for `i` in
/// `range`, and its response.
fn post_example(s: &mut String, tag: &str, route: &str, name: &str, range: std::ops::Range<usize>) {
    let _ = write!(
        s,
        "### Request\n\n<!-- {{\n  \"blockType\": \"request\",\n  \"name\": \"create_{tag}\"\n}}-->\n```http\nPOST https://graph.microsoft.com/v1.0{route}\nContent-type: application/json\n\n{{\n  \"@odata.type\": \"#microsoft.graph.{name}\""
    );
    for i in range.clone() {
        let (_, value) = kind(i);
        let _ = write!(s, ",\n  \"{name}P{i}\": {}", example_value(i, value));
    }
    let _ = write!(
        s,
        "\n}}\n```\n\n### Response\n\n<!-- {{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.{name}\"\n}} -->\n```http\nHTTP/1.1 201 Created\nContent-type: application/json\n\n{{\n  \"@odata.type\": \"#microsoft.graph.{name}\""
    );
    for i in range {
        let (_, value) = kind(i);
        let _ = write!(s, ",\n  \"{name}P{i}\": {}", example_value(i, value));
    }
    s.push_str("\n}\n```\n\n");
}

/// An example's value for a property whose representation is `value`: concrete where the
/// representation gives a placeholder.
fn example_value(i: usize, value: &str) -> String {
    match i % 6 {
        0 => format!("\"value {i}\""),
        3 => "\"2024-01-02T03:04:05Z\"".into(),
        4 => format!("[\"a{i}\", \"b{i}\"]"),
        5 => "{\"@odata.type\": \"#microsoft.graph.scaleSetting\"}".into(),
        _ => value.into(),
    }
}

/// An API page creating `name` at `route`, with one example covering `range`.
fn create_page(name: &str, route: &str, range: std::ops::Range<usize>) -> String {
    let mut s = front(&format!("Create {name}"), "apiPageType");
    let _ = write!(
        s,
        "## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nPOST {route}\n```\n\n## Request body\n\nIn the request body, supply a JSON representation of a [{name}](../resources/{name}.md) object.\n\n## Response\n\nIf successful, this method returns a `201 Created` response code and a [{name}](../resources/{name}.md) object in the response body.\n\n## Examples\n\n"
    );
    post_example(&mut s, name, route, name, range);
    s
}

/// One resource page whose property table has `n` rows, and its JSON representation `n` keys.
pub fn property_table(n: usize) -> Tree {
    let mut t = support_pages();
    t.push((
        "resources/wide.md".into(),
        resource_page("wide", 0..n, None),
    ));
    t
}

/// A type of `n` properties, half declared by its base type, whose page also lists a tenth of
/// the base's rows again ("Inherited from"): inherited properties looked up per property.
pub fn inherited_type(n: usize) -> Tree {
    let mut t = support_pages();
    let half = n / 2;
    t.push((
        "resources/basething.md".into(),
        resource_page("baseThing", 0..half, None),
    ));
    let mut derived = resource_page("derivedThing", half..n, Some("baseThing"));
    let mut repeated = String::new();
    for i in (0..half).step_by(10) {
        let (ty, _) = kind(i);
        let _ = writeln!(
            repeated,
            "| baseThingP{i} | {ty} | Inherited from [baseThing](basething.md). |"
        );
    }
    let at = derived
        .find("\n\n## JSON representation")
        .unwrap_or(derived.len());
    derived.insert_str(at + 1, &repeated);
    t.push(("resources/derivedthing.md".into(), derived));
    t
}

/// A type of `n` properties (half inherited) and one example object setting every one of them:
/// each key of the object looked up among the type's properties.
pub fn example_keys(n: usize) -> Tree {
    let mut t = inherited_type(n);
    let half = n / 2;
    let mut api = front("Create derivedThing", "apiPageType");
    api.push_str("## HTTP request\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /derivedThings\n```\n\n## Examples\n\n");
    post_example(
        &mut api,
        "derived",
        "/derivedThings",
        "derivedThing",
        half..n,
    );
    let mut base = String::new();
    post_example(&mut base, "base", "/derivedThings", "baseThing", 0..half);
    // Keys of the base type under the derived type's `@odata.type`: inherited lookups.
    api.push_str(&base.replace(
        "#microsoft.graph.baseThing",
        "#microsoft.graph.derivedThing",
    ));
    t.push(("api/derivedthing-post.md".into(), api));
    t
}

/// The parameters of the generated API page.
const PARAMS: usize = 6;

/// An API page with `n` routes in its HTTP request block and `n` request/response examples
/// (every route has its own operation holding the page's parameters: those stay few).
pub fn api_page(n: usize) -> Tree {
    let mut t = support_pages();
    t.push((
        "resources/item.md".into(),
        resource_page("item", 0..6, None),
    ));
    let mut s = front("item: refresh", "apiPageType");
    s.push_str("## HTTP request\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\n");
    for i in 0..n {
        let _ = writeln!(s, "POST /groups{i}/{{group{i}Id}}/items/{{itemId}}/refresh");
    }
    s.push_str("```\n\n## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n");
    for i in 0..PARAMS {
        let (ty, _) = kind(i);
        let _ = writeln!(s, "| arg{i} | {ty} | Argument {i}. Optional. |");
    }
    s.push_str("\n## Response\n\nIf successful, this action returns a `200 OK` response code and an [item](../resources/item.md) object in the response body.\n\n## Examples\n\n");
    for i in 0..n {
        let (_, value) = kind(i % PARAMS);
        let arg = i % PARAMS;
        let _ = write!(
            s,
            "### Request {i}\n\n<!-- {{\n  \"blockType\": \"request\",\n  \"name\": \"item_refresh_{i}\"\n}}-->\n```http\nPOST https://graph.microsoft.com/v1.0/groups{i}/g{i}/items/x{i}/refresh\nContent-type: application/json\n\n{{\n  \"arg{arg}\": {}\n}}\n```\n\n### Response {i}\n\n<!-- {{\n  \"blockType\": \"response\",\n  \"@odata.type\": \"microsoft.graph.item\"\n}} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\n  \"itemP0\": \"value {i}\",\n  \"itemP1\": {i}\n}}\n```\n\n",
            example_value(arg, value)
        );
    }
    t.push(("api/item-refresh.md".into(), s));
    t
}

/// An enum page of `n` members, a type with a property of that enum, and an example using
/// members of it.
pub fn enum_members(n: usize) -> Tree {
    let mut t = support_pages();
    let mut e = front("wideKind enum type", "enumPageType");
    e.push_str("## Members\n\n| Member | Value | Description |\n|:--|:--|:--|\n");
    for i in 0..n {
        let _ = writeln!(e, "| member{i} | {i} | Member {i}. |");
    }
    let _ = writeln!(e, "| unknownFutureValue | {n} | Sentinel. |");
    t.push(("resources/widekind.md".into(), e));
    let mut r = front("kindHolder resource type", "resourcePageType");
    r.push_str("## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| kind | [wideKind](widekind.md) | The kind. |\n| kinds | [wideKind](widekind.md) collection | The kinds. |\n\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.kindHolder\"\n}-->\n\n```json\n{\n  \"kind\": \"String\",\n  \"kinds\": [\"String\"]\n}\n```\n");
    t.push(("resources/kindholder.md".into(), r));
    let mut api = front("Create kindHolder", "apiPageType");
    api.push_str("## HTTP request\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /kindHolders\n```\n\n## Examples\n\n### Request\n\n<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"create_kindholder\"\n}-->\n```http\nPOST https://graph.microsoft.com/v1.0/kindHolders\nContent-type: application/json\n\n{\n  \"kind\": \"member0\",\n  \"kinds\": [");
    for i in 0..n {
        let comma = if i + 1 == n { "" } else { ", " };
        let _ = write!(api, "\"member{i}\"{comma}");
    }
    api.push_str("]\n}\n```\n");
    t.push(("api/kindholder-post.md".into(), api));
    t
}

/// One page of about `n` bytes mixing what a page holds: property tables under headings, prose
/// with links and code, notes, enum value tables and examples; its type is declared once.
pub fn mixed_page(n: usize) -> Tree {
    let mut t = support_pages();
    let mut s = front("mixed resource type", "resourcePageType");
    s.push_str("## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n");
    let mut i = 0;
    let mut section = String::new();
    while s.len() < n {
        let (ty, _) = kind(i);
        let _ = writeln!(
            s,
            "| mixedP{i} | {ty} | The value {i}, see [the **guide**](/graph/guide-{i}) and `code {i}`. Possible values are: `a{i}`, `b{i}`. Not nullable. |"
        );
        if i % 50 == 49 {
            section.clear();
            let _ = write!(
                section,
                "\n> [!NOTE]\n> Section {i} is *generated*; see [mixed](mixed.md#section-{i}).\n\n### mixedP{i} values\n\n| Value | Description |\n|:--|:--|\n| a{i} | The first value. |\n| b{i} | The second value. |\n\n```json\n{{\"mixedP{i}\": \"a{i}\", \"other\": [1, 2, {{\"k\": null}}]}}\n```\n\n| Property | Type | Description |\n|:--|:--|:--|\n"
            );
            s.push_str(&section);
        }
        i += 1;
    }
    s.push_str("\n## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"@odata.type\": \"microsoft.graph.mixed\"\n}-->\n\n```json\n{\n  \"mixedP0\": \"String\"\n}\n```\n");
    t.push(("resources/mixed.md".into(), s));
    t
}

/// `n` small resource pages, each with a create page: the number of pages.
pub fn many_pages(n: usize) -> Tree {
    let mut t = support_pages();
    for p in 0..n {
        let name = format!("thing{p}");
        t.push((
            format!("resources/{name}.md"),
            resource_page(&name, 0..8, (p > 0).then_some("thing0")),
        ));
        t.push((
            format!("api/{name}-post.md"),
            create_page(&name, &format!("/things{p}"), 0..8),
        ));
    }
    t
}

/// The total size of a tree's pages, in bytes.
pub fn bytes(tree: &Tree) -> usize {
    tree.iter().map(|(_, text)| text.len()).sum()
}

/// The CPU time this process has used so far, all threads together, or `None` where the
/// system does not tell.
pub fn cpu_time() -> Option<std::time::Duration> {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Some(std::time::Duration::new(
            u64::try_from(t.tv_sec).ok()?,
            u32::try_from(t.tv_nsec).ok()?,
        ))
    }
    #[cfg(not(unix))]
    None
}

/// The least time `f` takes over `runs` runs, and its last result. The time is CPU time where
/// the system tells it, so that other processes on a shared machine do not count; else wall
/// time. Each result is dropped outside the timed part.
pub fn least<T>(runs: usize, mut f: impl FnMut() -> T) -> (std::time::Duration, T) {
    let mut best = std::time::Duration::MAX;
    let mut out = None;
    for _ in 0..runs.max(1) {
        let (cpu, wall) = (cpu_time(), std::time::Instant::now());
        let r = f();
        let took = match (cpu, cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => wall.elapsed(),
        };
        best = best.min(took);
        out = Some(r);
    }
    (best, out.expect("runs at least once"))
}

/// Each stage's time over `tree` (the least of `runs`): parse, model, lint, codegen.
pub fn stages(tree: &Tree, runs: usize) -> [std::time::Duration; 4] {
    use docgen::codegen::{self, Layout, Options};
    let tree = docgen::docs::DocsTree::from_pages("/nonexistent-root", tree.clone());
    let (parse, pages) = least(runs, || tree.parse());
    let (build, api) = least(runs, || docgen::model::build(&pages));
    let config = docgen::lint::config::LintConfig::default();
    let (lint, _) = least(runs, || docgen::lint::lint(&tree, &pages, &api, &config));
    let opts = Options {
        source_label: "large".into(),
        layout: Layout::Crate,
        features: true,
        ..Options::default()
    };
    let (generate, _) = least(runs, || codegen::generate(&api, &opts).expect("generates"));
    [parse, build, lint, generate]
}
