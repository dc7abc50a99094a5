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
///
/// The target was 90 %, but the July 2021 docs cannot reach it: 33 CSDL enums are named nowhere
/// in them and 31 lack members the docs never write (`benignPositive`, and `unknownFutureValue`
/// on 22). 258 of 322 (80.1 %) is everything the docs hold; the test below proves that each
/// remaining missing member is absent from the pages that define its enum.
const ENUMS_FLOOR: f64 = 80.0;

/// `$DOCGEN_CORPUS`, else `<workspace>/../shared/corpus` (without `..` when it exists).
fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("DOCGEN_CORPUS") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    std::fs::canonicalize(&dir).unwrap_or(dir)
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
        .map(|(what, fig, floor)| {
            format!(
                "{what}: {:.2} % ({} of {}), below the floor of {floor} %",
                fig.percent, fig.count, fig.total
            )
        })
        .collect()
}

/// The lines from the heading above 1-based `line` to the next heading.
fn section_at(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = line.saturating_sub(1).min(lines.len());
    let start = lines[..at]
        .iter()
        .rposition(|l| l.starts_with('#'))
        .unwrap_or(0);
    let end = lines[at..]
        .iter()
        .position(|l| l.starts_with('#'))
        .map_or(lines.len(), |i| at + i);
    lines[start..end].join("\n")
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

    let (tree, api) = docgen::Config::new()
        .docs_root(&docs)
        .load()
        .unwrap_or_else(|e| panic!("{e}"));
    let comparison = compare(&csdl, &api);
    println!("{comparison}");

    // Every member the model misses is a gap in the docs, not a parser miss: it appears in none
    // of the sections (heading to heading) that define the enum.
    let mut parser_misses = Vec::new();
    for diff in &comparison.enum_differences {
        let Some(def) = api
            .enums
            .iter()
            .find(|e| e.name.to_string().eq_ignore_ascii_case(&diff.name))
        else {
            continue;
        };
        for member in &diff.missing {
            for src in &def.sources {
                let text = tree
                    .pages
                    .iter()
                    .find(|(p, _)| *p == src.file)
                    .map(|(_, t)| t.as_str())
                    .unwrap_or_default();
                if section_at(text, src.at.line as usize).contains(member.as_str()) {
                    parser_misses
                        .push(format!("{}.{member} is written in {}", diff.name, src.file));
                }
            }
        }
    }
    assert!(
        parser_misses.is_empty(),
        "enum members present in the docs but missing from the model:\n  {}",
        parser_misses.join("\n  ")
    );

    let failures = floor_failures(&comparison);
    assert!(
        failures.is_empty(),
        "coverage below the floors:\n  {}",
        failures.join("\n  ")
    );
}
