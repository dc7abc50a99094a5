//! The whole public Graph v1.0 reference (July 2021) through every stage, asserting figures.

use docgen::Config;
use docgen::diag::Severity;
use docgen::docs::DocsTree;
use docgen::model::{build, stats::Stats};
use docgen::parse::page::PageKind;
use docgen_tests::corpus;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

#[test]
fn every_page_goes_through() {
    let Some(corpus) = corpus() else { return };
    let tree = DocsTree::load(&corpus.join("graph-docs-v1.0")).expect("corpus loads");
    let pages = tree.parse();
    assert_eq!(
        pages.len(),
        3341,
        "2,102 API pages and 1,239 resource pages"
    );
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for p in &pages {
        *kinds.entry(format!("{:?}", p.kind)).or_default() += 1;
    }
    println!("pages by kind: {kinds:?}");
    // Every API page yields at least one route, except the few whose block holds none.
    let api_pages = pages.iter().filter(|p| p.kind == PageKind::Api).count();
    let without_routes: Vec<&str> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Api && p.routes.is_empty())
        .map(|p| p.path.as_str())
        .collect();
    println!(
        "API pages without a route: {} of {api_pages}: {without_routes:?}",
        without_routes.len()
    );
    assert!(
        without_routes.len() * 100 < api_pages,
        "more than 1% of API pages lost their routes"
    );
    let api = build(&pages);
    let stats = Stats::of(&tree, &pages, &api);
    println!("{}", serde_yaml::to_string(&stats).unwrap_or_default());
    let errors: Vec<String> = api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "no page may lose content: {errors:#?}");
    assert!(
        stats.types > 950 && stats.enums > 300 && stats.operations > 2500,
        "{stats:?}"
    );
}

/// Generates the whole corpus into a crate of its own under the shared target folder and checks
/// it with cargo: no errors, no warnings.
#[test]
fn full_corpus_crate_checks_clean() {
    let Some(corpus) = corpus() else { return };
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    let krate = tmp.join("graph-v1-crate");
    let started = Instant::now();
    let mut cfg = Config::new();
    cfg.docs_root(corpus.join("graph-docs-v1.0"))
        .source_label("graph-docs-v1.0")
        .out_dir(&krate);
    let report = cfg.generate().expect("corpus generates");
    let generation = started.elapsed();
    std::fs::write(krate.join("Cargo.toml"), include_str!("corpus-crate.toml"))
        .expect("writes Cargo.toml");
    // Same versions as the workspace, so the dependencies' artifacts are shared.
    std::fs::copy(
        docgen_tests::workspace().join("Cargo.lock"),
        krate.join("Cargo.lock"),
    )
    .expect("copies Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let out = Command::new(cargo)
        .args(["check", "--quiet", "--message-format=short"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("runs cargo check");
    let check = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!(
        "generated {} files in {generation:?}; cargo check took {check:?}",
        report.written.len() + report.unchanged.len()
    );
    assert!(out.status.success(), "cargo check failed:\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(
        warnings.is_empty(),
        "cargo check warned:\n{}",
        warnings.join("\n")
    );
}
