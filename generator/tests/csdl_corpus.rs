//! Measures the model built from the Graph v1.0 docs corpus against Microsoft's published CSDL
//! for the same API and date, and holds the project to its coverage floors.
//!
//! The corpus is found at `$DOCGEN_CORPUS`, else `<workspace>/../shared/corpus`. Without it the
//! test is skipped, unless `DOCGEN_REQUIRE_CORPUS=1`. Run with `--nocapture` to see the report.

use docgen::metadata::{Comparison, compare, read_csdl};
use std::path::PathBuf;

/// Share of CSDL entity and complex types the model must have, in percent.
const TYPES_FLOOR: f64 = 92.0;
/// Share of their declared properties the model must have, in percent.
const PROPERTIES_FLOOR: f64 = 95.0;
/// Share of present properties whose type must equal the CSDL's, in percent.
const PROPERTY_TYPES_FLOOR: f64 = 97.0;
/// Share of CSDL enum types the model must have with all their members, in percent.
const ENUMS_FLOOR: f64 = 90.0;

fn corpus_dir() -> PathBuf {
    match std::env::var_os("DOCGEN_CORPUS") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    }
}

/// The figures below their floors, one line each.
fn floor_failures(c: &Comparison) -> Vec<String> {
    let checks = [
        ("CSDL entity/complex types found", c.types, TYPES_FLOOR),
        (
            "declared properties present",
            c.properties,
            PROPERTIES_FLOOR,
        ),
        (
            "present properties with an equal type",
            c.property_types,
            PROPERTY_TYPES_FLOOR,
        ),
        (
            "CSDL enum types found with all members",
            c.enums_complete,
            ENUMS_FLOOR,
        ),
    ];
    checks
        .iter()
        .filter(|(_, fig, floor)| fig.percent < *floor)
        .map(|(what, fig, floor)| format!("{what}: {fig}, below the floor of {floor} %"))
        .collect()
}

#[test]
fn model_covers_the_published_csdl() {
    let corpus = corpus_dir();
    let docs = corpus.join("graph-docs-v1.0");
    let csdl_path = corpus.join("metadata/v1.0-2021-07.csdl.xml");
    if !docs.is_dir() || !csdl_path.is_file() {
        let msg = format!("skipping: corpus not found at {}", corpus.display());
        if std::env::var("DOCGEN_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
            panic!("{msg}");
        }
        println!("{msg}");
        return;
    }
    let csdl = read_csdl(&csdl_path).unwrap_or_else(|e| panic!("{e}"));
    // The published figures of this CSDL: a reader that loses types would pass the floors
    // more easily, so check it first.
    assert_eq!(
        csdl.types().count(),
        1022,
        "entity and complex types in the CSDL"
    );
    assert_eq!(
        csdl.types().map(|t| t.properties.len()).sum::<usize>(),
        5453,
        "declared properties in the CSDL"
    );
    assert_eq!(csdl.enums().count(), 322, "enum types in the CSDL");

    let (_, api) = docgen::Config::new()
        .docs_root(&docs)
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
    let comparison = compare(&csdl, &api);
    println!("{comparison}");

    let failures = floor_failures(&comparison);
    assert!(
        failures.is_empty(),
        "coverage below the floors:\n  {}",
        failures.join("\n  ")
    );
}
