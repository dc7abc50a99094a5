//! Examples as traffic: every request and response example of the docs whose body is strict
//! JSON, whose type is known and whose values are not placeholders goes through the generated
//! `from_json` and back, and must come back equal (ignoring key order, `@odata.*` control keys
//! and nulls). Failures are classified by cause; those the model explains are the docs', the
//! rest the generator's.
//!
//! On the public v1.0 reference this generates the whole corpus into a crate of its own, builds
//! a small harness against it once, and asserts the floors.

use docgen::Config;
use docgen::docs::DocsTree;
use docgen::model::{Api, build};
use docgen::roundtrip::{self, Cause, Collected, Outcome, Sample, Verdict};
use docgen_tests::{corpus, docs_input, workspace};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The share of eligible examples that must deserialize, in per mille.
const DESERIALIZED_FLOOR: usize = 970;
/// The share of eligible examples that must come back equal, in per mille.
const LOSSLESS_FLOOR: usize = 900;

/// What the run found, for printing and asserting.
#[derive(Default)]
struct Report {
    eligible: usize,
    deserialized: usize,
    lossless: usize,
    /// Lossless and every value in a typed field.
    typed: usize,
    /// Failures by cause: (examples, up to three `page:line pointer: detail`).
    failures: BTreeMap<Cause, (usize, Vec<String>)>,
    /// Passing examples with values outside the typed fields, by cause.
    untyped: BTreeMap<Cause, (usize, Vec<String>)>,
}

impl Report {
    fn add(&mut self, s: &Sample, v: &Verdict) {
        self.eligible += 1;
        self.deserialized += usize::from(v.deserialized);
        self.lossless += usize::from(v.lossless && v.cause.is_none());
        self.typed += usize::from(v.lossless && v.cause.is_none() && v.untyped.is_empty());
        let place = |detail: &str| {
            format!(
                "{}:{} {} ({}): {detail}",
                s.page, s.at.line, s.name, s.type_name
            )
        };
        if let Some(cause) = v.cause {
            let e = self.failures.entry(cause).or_default();
            e.0 += 1;
            if e.1.len() < 3 {
                e.1.push(place(v.detail.as_deref().unwrap_or_default()));
            }
        } else {
            for cause in &v.untyped {
                let e = self.untyped.entry(*cause).or_default();
                e.0 += 1;
                if e.1.len() < 3 {
                    e.1.push(place(""));
                }
            }
        }
    }

    fn per_mille(&self, n: usize) -> usize {
        (n * 1000).checked_div(self.eligible).unwrap_or(0)
    }

    fn print(&self, collected: &Collected) {
        let pct = |n: usize| n as f64 * 100.0 / self.eligible.max(1) as f64;
        println!(
            "examples with a body: {}; eligible: {}",
            collected.examples, self.eligible
        );
        for (skip, n) in &collected.skipped {
            println!("  not eligible, {skip}: {n}");
        }
        println!(
            "deserialized: {} ({:.1} %); round-tripped losslessly: {} ({:.1} %); of those, every value typed: {} ({:.1} %)",
            self.deserialized,
            pct(self.deserialized),
            self.lossless,
            pct(self.lossless),
            self.typed,
            pct(self.typed)
        );
        println!("failures by cause:");
        println!("| cause | examples | lint rule |");
        println!("| --- | ---: | --- |");
        for cause in Cause::ALL {
            let n = self.failures.get(&cause).map_or(0, |e| e.0);
            let rule = cause.lint_rule().unwrap_or("(fix the generator)");
            println!("| {cause} | {n} | {rule} |");
        }
        for (cause, (_, examples)) in &self.failures {
            println!("  {cause}:");
            for e in examples {
                println!("    {e}");
            }
        }
        println!("lossless examples with values outside the typed fields, by cause:");
        for (cause, (n, examples)) in &self.untyped {
            println!("  {cause}: {n}");
            for e in examples {
                println!("    {e}");
            }
        }
    }
}

/// Judges every sample against the outcome the generated code gave for it.
fn judge_all(api: &Api, samples: &[Sample], outcomes: Vec<Outcome>) -> Report {
    let mut report = Report::default();
    for (s, outcome) in samples.iter().zip(outcomes) {
        let findings = roundtrip::check(api, &s.target, &s.value);
        let outcome = match outcome {
            Outcome::Back(v) => Outcome::Back(s.rewrap(v)),
            rejected => rejected,
        };
        report.add(s, &roundtrip::judge(&s.value, &findings, &outcome));
    }
    report
}

/// The checked-in crate, generated from `docs-input/`, reads every eligible example of its own
/// pages: the registry knows every type, and each failure is one the model explains.
#[test]
fn docs_input_examples_go_through_the_checked_in_crate() {
    let tree = DocsTree::load(&docs_input()).expect("docs-input loads");
    let pages = tree.parse();
    let api = build(&pages);
    let collected = roundtrip::collect(&pages, &api);
    assert!(
        collected.samples.len() >= 5,
        "too few eligible examples: {:?}",
        collected.skipped
    );
    let outcomes: Vec<Outcome> = collected
        .samples
        .iter()
        .map(
            |s| match docgen_generated::from_json(&s.type_name, s.input().clone()) {
                Ok(v) => Outcome::Back(v.to_json().expect("serializes")),
                Err(e) => Outcome::Rejected(e.to_string()),
            },
        )
        .collect();
    let report = judge_all(&api, &collected.samples, outcomes);
    report.print(&collected);
    assert!(
        !report.failures.contains_key(&Cause::GeneratorBug),
        "the generated code did what the model does not explain: {:?}",
        report.failures.get(&Cause::GeneratorBug)
    );
    assert_eq!(report.deserialized, report.eligible);
}

#[test]
fn registry_reads_by_name_and_reports_unknown_names() {
    let v = docgen_generated::from_json(
        "Collection(microsoft.graph.threatAssessmentResult)",
        json!({"value": [{"resultType": "rescan", "x@odata.etag": "1"}], "@odata.nextLink": "n"}),
    )
    .expect("reads");
    assert!(v.is_collection());
    assert_eq!(v.type_name(), "microsoft.graph.threatAssessmentResult");
    let c = v
        .downcast_ref::<docgen_generated::Collection<docgen_generated::microsoft_graph::ThreatAssessmentResult>>()
        .expect("a collection of results");
    assert_eq!(c.next_link.as_deref(), Some("n"));
    assert_eq!(c.value[0].additional_data["x@odata.etag"], "1");
    let err =
        docgen_generated::from_json("microsoft.graph.nothing", json!({})).expect_err("unknown");
    assert!(err.to_string().contains("microsoft.graph.nothing"), "{err}");
    // A base type reads through its union: `@odata.type` picks the derived type.
    let v = docgen_generated::from_json(
        "#MICROSOFT.GRAPH.threatAssessmentRequest",
        json!({"@odata.type": "#microsoft.graph.mailAssessmentRequest", "recipientEmail": "a@b"}),
    )
    .expect("reads");
    assert!(matches!(
        v.downcast_ref::<docgen_generated::microsoft_graph::AnyThreatAssessmentRequest>(),
        Some(
            docgen_generated::microsoft_graph::AnyThreatAssessmentRequest::MailAssessmentRequest(_)
        )
    ));
    // OData number forms.
    let n = docgen_generated::from_json("Edm.Int64", json!("9007199254740993")).expect("reads");
    assert_eq!(
        n.to_json().expect("writes"),
        json!(9_007_199_254_740_993_i64)
    );
    let d = docgen_generated::from_json(
        "Collection(Edm.Double)",
        json!({"value": ["NaN", 1.5, "-INF"]}),
    )
    .expect("reads");
    assert_eq!(
        d.to_json().expect("writes")["value"],
        json!(["NaN", 1.5, "-INF"])
    );
}

/// The harness the corpus crate gets: every sample through `from_json` and back.
const HARNESS: &str = r#"//! Reads `[[type_name, value], ...]` from the file named first, writes `[{"back": value} or
//! {"error": message}, ...]` to the file named second.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: harness SAMPLES RESULTS");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(input).expect("reads the samples");
    let samples: Vec<(String, serde_json::Value)> =
        serde_json::from_str(&text).expect("samples are JSON");
    let results: Vec<serde_json::Value> = samples
        .into_iter()
        .map(|(type_name, value)| {
            let run = std::panic::catch_unwind(|| match CRATE::from_json(&type_name, value) {
                Ok(v) => match v.to_json() {
                    Ok(back) => serde_json::json!({ "back": back }),
                    Err(e) => serde_json::json!({ "error": format!("writing back: {e}"), "bug": true }),
                },
                Err(e) => serde_json::json!({ "error": e.to_string() }),
            });
            run.unwrap_or_else(|_| serde_json::json!({ "error": "panicked", "bug": true }))
        })
        .collect();
    std::fs::write(output, serde_json::to_string(&results).expect("results serialize"))
        .expect("writes the results");
}
"#;

/// Generates the whole corpus into a crate with the harness; the crate folder.
fn corpus_crate(docs: &Path, tmp: &Path) -> PathBuf {
    let krate = tmp.join("graph-v1-roundtrip");
    // docgen owns `src/` and keeps it in step; the rest is rewritten here each run.
    let mut cfg = Config::new();
    cfg.docs_root(docs)
        .source_label("graph-docs-v1.0")
        .out_dir(&krate);
    cfg.generate().expect("corpus generates");
    let manifest =
        std::fs::read_to_string(krate.join("Cargo.toml")).expect("docgen wrote Cargo.toml");
    let manifest = match manifest.find("\n[[bin]]") {
        Some(i) => manifest[..i].to_owned(),
        None => manifest,
    };
    // Its own workspace with the workspace's lock file (the same dependency versions, no
    // network); no debug info and no incremental cache: the crate is built once and run once.
    let extra = "\n[[bin]]\nname = \"harness\"\npath = \"harness.rs\"\n\n[workspace]\n\n[profile.dev]\ndebug = false\nincremental = false\n";
    std::fs::write(krate.join("Cargo.toml"), manifest + extra).expect("writes Cargo.toml");
    std::fs::copy(workspace().join("Cargo.lock"), krate.join("Cargo.lock"))
        .expect("copies Cargo.lock");
    let name = "graph_v1_roundtrip";
    std::fs::write(krate.join("harness.rs"), HARNESS.replace("CRATE", name))
        .expect("writes the harness");
    krate
}

#[test]
fn corpus_examples_round_trip() {
    let Some(corpus) = corpus() else { return };
    let docs = corpus.join("graph-docs-v1.0");
    let tree = DocsTree::load(&docs).expect("corpus loads");
    let pages = tree.parse();
    let api = build(&pages);
    let collected = roundtrip::collect(&pages, &api);

    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    let started = Instant::now();
    let krate = corpus_crate(&docs, &tmp);
    let generation = started.elapsed();

    let samples: Vec<(&str, &Value)> = collected
        .samples
        .iter()
        .map(|s| (s.type_name.as_str(), s.input()))
        .collect();
    let input = krate.join("samples.json");
    let output = krate.join("results.json");
    std::fs::write(
        &input,
        serde_json::to_string(&samples).expect("samples serialize"),
    )
    .expect("writes samples");
    let _ = std::fs::remove_file(&output);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let run = Command::new(cargo)
        .args(["run", "--quiet", "--bin", "harness", "--"])
        .arg(&input)
        .arg(&output)
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("runs cargo run");
    let build_and_run = started.elapsed();
    assert!(
        run.status.success(),
        "the harness failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let results: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&output).expect("results written"))
            .expect("results are JSON");
    assert_eq!(results.len(), samples.len(), "one result per sample");
    let outcomes: Vec<Outcome> = results
        .into_iter()
        .map(|r| match (r.get("back"), r.get("error")) {
            (Some(back), _) => Outcome::Back(back.clone()),
            (None, Some(e)) if r.get("bug").is_some() => Outcome::Broken(e.to_string()),
            (None, e) => Outcome::Rejected(e.and_then(Value::as_str).unwrap_or("?").to_owned()),
        })
        .collect();
    let report = judge_all(&api, &collected.samples, outcomes);
    println!(
        "generated the corpus crate in {generation:?}; built the harness and ran {} examples in {build_and_run:?}",
        samples.len()
    );
    report.print(&collected);

    assert!(
        report.eligible > 1500,
        "eligible examples: {}",
        report.eligible
    );
    assert!(
        report.per_mille(report.deserialized) >= DESERIALIZED_FLOOR,
        "deserialized {} of {}: below {} ‰",
        report.deserialized,
        report.eligible,
        DESERIALIZED_FLOOR
    );
    assert!(
        report.per_mille(report.lossless) >= LOSSLESS_FLOOR,
        "lossless {} of {}: below {} ‰",
        report.lossless,
        report.eligible,
        LOSSLESS_FLOOR
    );
}
