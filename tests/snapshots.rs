//! Snapshots of every page in `docs-input/`: its page model, its share of the API model, and every
//! generated file (the same files the `generated` crate compiles); and the page model and model
//! share of every page in `tests/reader/`, pages written to show one construct class of the
//! reference each (front matter, linked names, reference links, notes in type cells…). The Rust
//! names codegen gives each tree (`docgen model --rust`) are one snapshot per tree.

use docgen::codegen::naming::RustPlan;
use docgen::model::{Api, build};
use docgen::parse::Page;
use docgen::{Config, docs::DocsTree};
use docgen_tests::docs_input;

fn load() -> (Vec<Page>, Api) {
    load_from(&docs_input())
}

fn load_from(root: &std::path::Path) -> (Vec<Page>, Api) {
    let tree = DocsTree::load(root).expect("docs tree loads");
    let pages = tree.parse();
    let api = build(&pages);
    (pages, api)
}

/// The part of the model that `page` defines or contributes to.
fn share(api: &Api, page: &str) -> Api {
    let from = |file: &str| file == page;
    let types: Vec<_> = api
        .types
        .iter()
        .filter(|t| {
            t.sources.iter().any(|l| from(&l.file))
                || t.properties.iter().any(|p| from(&p.source.file))
        })
        .cloned()
        .collect();
    let enums: Vec<_> = api
        .enums
        .iter()
        .filter(|e| e.sources.iter().any(|l| from(&l.file)))
        .cloned()
        .collect();
    let operations: Vec<_> = api
        .operations
        .iter()
        .filter(|o| from(&o.page))
        .cloned()
        .collect();
    let used: Vec<&String> = types
        .iter()
        .map(|t| &t.name.namespace)
        .chain(enums.iter().map(|e| &e.name.namespace))
        .chain(operations.iter().map(|o| &o.namespace))
        .collect();
    Api {
        namespaces: api
            .namespaces
            .iter()
            .filter(|n| used.contains(&&n.name))
            .cloned()
            .collect(),
        diagnostics: api
            .diagnostics
            .iter()
            .filter(|d| from(&d.location.file))
            .cloned()
            .collect(),
        types,
        enums,
        operations,
    }
}

fn snapshot_name(path: &str) -> String {
    path.trim_end_matches(".md").replace('/', "__")
}

#[test]
fn page_models() {
    let (pages, _) = load();
    assert!(
        pages.len() >= 5,
        "docs-input has the five seed pages and more"
    );
    for page in &pages {
        insta::assert_yaml_snapshot!(format!("page__{}", snapshot_name(&page.path)), page);
    }
}

#[test]
fn model_shares() {
    let (pages, api) = load();
    for page in &pages {
        let s = share(&api, &page.path);
        insta::assert_yaml_snapshot!(format!("model__{}", snapshot_name(&page.path)), s);
    }
    insta::assert_yaml_snapshot!("rust_plan", RustPlan::new(&api));
}

#[test]
fn generated_files() {
    let mut cfg = Config::new();
    cfg.docs_root(docs_input()).source_label("docs-input");
    let (_, api) = cfg.load().expect("loads");
    let files = cfg.render(&api).expect("generates");
    for (rel, contents) in &files {
        insta::assert_snapshot!(format!("code__{}", rel.replace('/', "__")), contents);
    }
}

/// `tests/reader/`: every page's page model and its share of the model built from all of them.
#[test]
fn reader_fixtures() {
    let (pages, api) = load_from(&docgen_tests::workspace().join("tests/reader"));
    assert!(pages.len() >= 6, "the reader fixtures load");
    for page in &pages {
        let name = snapshot_name(&page.path);
        insta::assert_yaml_snapshot!(format!("reader__page__{name}"), page);
        insta::assert_yaml_snapshot!(format!("reader__model__{name}"), share(&api, &page.path));
    }
    insta::assert_yaml_snapshot!("reader__rust_plan", RustPlan::new(&api));
}
