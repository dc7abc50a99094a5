//! Examples as traffic: every request and response example of the docs whose body is strict
//! JSON, whose type is known and whose values are not placeholders goes through the generated
//! `from_json` and back, and must come back equal (ignoring key order, `@odata.*` control keys
//! and nulls). Failures are classified by cause; those the model explains are the docs', the
//! rest the generator's.
//!
//! On the public v1.0 reference this generates the whole corpus into one binary crate (the
//! single-file layout as `mod graph`, and a small harness), builds it once, runs every example
//! through it, prints the figures, the cause table and how many of the docs defects
//! `docgen lint` reports at their line, and asserts the floors (see `--nocapture`).

use docgen::Config;
use docgen::docs::DocsTree;
use docgen::model::{Api, build};
use docgen::roundtrip::{self, Cause, Collected, Finding, Outcome, Sample, Verdict};
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
            let rule = cause
                .lint_rule()
                .map_or("(fix the generator)", |r| r.as_str());
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

/// Judges every sample (by the findings of its one walk) against the outcome the generated code
/// gave for it: the report, and each sample's findings and verdict.
fn judge_all(samples: &[Sample], outcomes: Vec<Outcome>) -> (Report, Vec<(Vec<Finding>, Verdict)>) {
    let mut report = Report::default();
    let mut verdicts = Vec::new();
    for (s, outcome) in samples.iter().zip(outcomes) {
        let findings = s.findings.clone();
        let outcome = match outcome {
            Outcome::Back(v) => Outcome::Back(s.rewrap(v)),
            rejected => rejected,
        };
        let verdict = roundtrip::judge(&s.value, &findings, &outcome);
        report.add(s, &verdict);
        verdicts.push((findings, verdict));
    }
    (report, verdicts)
}

/// Whether `docgen lint` reports each docs defect the round trip found at its line (or, for a
/// table row the rest of the docs outvote, at that row): for every failure, the finding that
/// explains it; for every value kept outside the typed fields, its finding. Per lint rule and whether the values are failures: (reported, found, up to three
/// unreported `page:line`).
fn lint_coverage(
    tree: &DocsTree,
    pages: &[docgen::parse::Page],
    api: &Api,
    samples: &[Sample],
    verdicts: &[(Vec<Finding>, Verdict)],
) -> BTreeMap<(&'static str, bool), (usize, usize, Vec<String>)> {
    let lint = docgen::lint::lint(tree, pages, api, &docgen::lint::LintConfig::default());
    let reported: std::collections::HashSet<(&str, &str, u32)> = lint
        .iter()
        .map(|f| (f.rule.as_str(), f.file.as_str(), f.line))
        .collect();
    let by_path: BTreeMap<&str, &docgen::parse::Page> =
        pages.iter().map(|p| (p.path.as_str(), p)).collect();
    let mut out: BTreeMap<(&'static str, bool), (usize, usize, Vec<String>)> = BTreeMap::new();
    for (s, (findings, v)) in samples.iter().zip(verdicts) {
        let Some(example) = by_path
            .get(s.page.as_str())
            .and_then(|p| p.examples.get(s.example))
        else {
            continue;
        };
        let failure = findings
            .iter()
            .find(|f| v.cause == Some(f.cause) && v.pointer.as_deref() == Some(f.pointer.as_str()));
        let kept = findings
            .iter()
            .filter(|f| v.cause.is_none() && f.effect == roundtrip::Effect::Untyped);
        let failures = failure.into_iter().map(|f| (f, true));
        for (f, failed) in failures.chain(kept.map(|f| (f, false))) {
            let Some(rule) = f.cause.lint_rule().map(|r| r.as_str()) else {
                continue;
            };
            let (at, _) = roundtrip::locate(example, f);
            let e = out.entry((rule, failed)).or_default();
            e.1 += 1;
            // Lint reports a placeholder standing in for a value under `placeholder-value`, and
            // a single value the table calls a collection, when the JSON representation shows a
            // single value too, once at the table row (`table-json-mismatch`).
            let at_line = |r| reported.contains(&(r, s.page.as_str(), at.line));
            let at_row = f.property.as_ref().is_some_and(|(_, row)| {
                reported.contains(&("table-json-mismatch", row.file.as_str(), row.at.line))
            });
            if at_line(rule) || at_line("placeholder-value") || at_row {
                e.0 += 1;
            } else if e.2.len() < 3 {
                e.2.push(format!("{}:{} {}", s.page, at.line, f.message));
            }
        }
    }
    out
}

/// A fixture page of examples for the `docs-input/` types: realistic traffic, and a few values
/// that contradict their tables.
const FIXTURE: &str = r##"---
title: "List threatAssessmentSummaries"
description: "Fixture: examples that go through the generated types."
author: "docgen-fixtures"
ms.localizationpriority: medium
ms.prod: "fixtures"
doc_type: apiPageType
---

# List threatAssessmentSummaries

Namespace: microsoft.graph

List the summaries of threat assessments.

## HTTP request

```http
GET /informationProtection/threatAssessmentSummaries
```

## Response

If successful, this method returns a `200 OK` response code and a collection of [threatAssessmentSummary](../resources/threatassessmentsummary.md) objects in the response body.

## Examples

### Request

<!-- { "blockType": "request", "name": "list_summaries" } -->
```http
GET https://graph.microsoft.com/v1.0/informationProtection/threatAssessmentSummaries
```

### Response typed by the route

<!-- { "blockType": "response", "name": "list_summaries" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#summaries",
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/informationProtection/threatAssessmentSummaries?$skiptoken=2",
  "value": [
    {
      "category": "phishing",
      "period": "2021-07-01/2021-07-08",
      "blockedCount": 3,
      "totalCount": 12,
      "previous": { "category": "phishing", "period": "2021-06-24/2021-07-01", "totalCount": 9 }
    }
  ]
}
```

### Requests of every kind, an unknown member and an unknown key

<!-- { "blockType": "response", "name": "requests", "@odata.type": "microsoft.graph.threatAssessmentRequest", "isCollection": true } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{
  "value": [
    {
      "@odata.type": "#microsoft.graph.mailAssessmentRequest",
      "@odata.etag": "W/\"1\"",
      "id": "49c5ef5b-1f65-444a-e6b9-08d772ea2059",
      "createdDateTime": "2017-01-01T00:00:46.1697867+03:00",
      "category": "spam",
      "scopes": "mailbox,archive",
      "recipientEmail": "avery@contoso.com",
      "results": [{ "id": "a1", "resultType": "checkPolicy", "createdDateTime": "2021-07-12T08:55:14Z" }]
    },
    { "@odata.type": "#microsoft.graph.urlAssessmentRequest", "url": "http://contoso.com/a", "category": "adware" },
    { "id": "b2", "priority": "high", "status": "pending" }
  ]
}
```

### A GUID in capitals

<!-- { "blockType": "response", "name": "operation", "@odata.type": "microsoft.graph.managedTenantOperationResult" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{ "partnerTenantId": "0118A350-71FC-4EC3-8F0C-6A1CB8867561", "isSuccess": true, "result": ["ok"] }
```

### A timestamp that is not one

<!-- { "blockType": "response", "name": "bad_timestamp", "@odata.type": "microsoft.graph.threatAssessmentResult" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{ "id": "r1", "createdDateTime": "yesterday", "resultType": "rescan" }
```

### A count written as a string

<!-- { "blockType": "response", "name": "string_count", "@odata.type": "microsoft.graph.threatAssessmentSummary" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{ "category": "malware", "blockedCount": "3" }
```

### A placeholder

<!-- { "blockType": "response", "name": "placeholder", "@odata.type": "microsoft.graph.threatAssessmentResult" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{ "id": "r2", "message": "String" }
```
"##;

/// The examples of `docs-input/` plus [`FIXTURE`] through the checked-in crate, in process: the
/// registry knows every type, each failure is one the model explains, and the verdicts are the
/// ones the fixture was written for.
#[test]
fn fixture_examples_go_through_the_checked_in_crate() {
    let tree = DocsTree::load(&docs_input()).expect("docs-input loads");
    let mut texts = tree.pages.clone();
    texts.push(("api/roundtrip-fixture.md".into(), FIXTURE.into()));
    let tree = DocsTree::from_pages(docs_input(), texts);
    let pages = tree.parse();
    let api = build(&pages);
    let collected = roundtrip::collect(&pages, &api);
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
    let verdicts: BTreeMap<String, (Verdict, &Sample)> = collected
        .samples
        .iter()
        .zip(&outcomes)
        .map(|(s, o)| {
            let findings = roundtrip::check(&api, &s.target, &s.value);
            let o = match o {
                Outcome::Back(v) => Outcome::Back(s.rewrap(v.clone())),
                other => other.clone(),
            };
            (
                format!("{}#{}", s.page, s.name),
                (roundtrip::judge(&s.value, &findings, &o), s),
            )
        })
        .collect();
    let (report, _) = judge_all(&collected.samples, outcomes);
    report.print(&collected);
    assert!(
        !report.failures.contains_key(&Cause::GeneratorBug),
        "the generated code did what the model does not explain: {:?}",
        report.failures.get(&Cause::GeneratorBug)
    );
    let fixture = |name: &str| {
        verdicts
            .get(&format!("api/roundtrip-fixture.md#{name}"))
            .unwrap_or_else(|| panic!("`{name}` is eligible: {:?}", collected.skipped))
    };
    let (v, s) = fixture("list_summaries");
    assert_eq!(s.source, roundtrip::TypeSource::Route);
    assert_eq!(
        s.type_name,
        "Collection(microsoft.graph.threatAssessmentSummary)"
    );
    assert!(v.lossless && v.untyped.is_empty(), "{v:?}");
    let (v, _) = fixture("requests");
    assert!(v.lossless, "{v:?}");
    assert_eq!(
        v.untyped,
        [Cause::UnknownProperty, Cause::EnumMemberMissing]
    );
    let (v, _) = fixture("operation");
    assert!(v.lossless && v.untyped.is_empty(), "{v:?}");
    let (v, _) = fixture("bad_timestamp");
    assert!(v.lossless, "{v:?}");
    assert_eq!(v.untyped, [Cause::DateNumberFormat]);
    let (v, _) = fixture("string_count");
    assert!(!v.deserialized, "{v:?}");
    assert_eq!(v.cause, Some(Cause::TypeMismatch));
    assert_eq!(v.pointer.as_deref(), Some("/blockedCount"));
    assert!(!verdicts.contains_key("api/roundtrip-fixture.md#placeholder"));
    assert!(
        collected
            .skipped
            .get(&roundtrip::Skip::Placeholder)
            .is_some_and(|n| *n >= 1)
    );
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
    // Text types keep what was sent and parse on demand, seconds optional.
    let t = docgen_generated::DateTimeOffset::new("2021-07-01T10:00+02:00");
    assert_eq!(
        t.to_utc().map(|u| u.to_rfc3339()),
        Some("2021-07-01T08:00:00+00:00".to_owned())
    );
    assert!(
        docgen_generated::DateTimeOffset::new("yesterday")
            .parse()
            .is_err()
    );
    let t = docgen_generated::TimeOfDay::new("08:00:00.0000000");
    assert_eq!(
        t.parse().map(|t| t.to_string()).ok().as_deref(),
        Some("08:00:00")
    );
    assert_eq!(
        serde_json::to_value(&t).expect("writes"),
        json!("08:00:00.0000000")
    );
    let g = docgen_generated::Guid::new("0118A350-71FC-4EC3-8F0C-6A1CB8867561");
    assert_eq!(
        g.parse()
            .map(|u| docgen_generated::Guid::from(u).to_string())
            .ok()
            .as_deref(),
        Some("0118a350-71fc-4ec3-8f0c-6a1cb8867561")
    );
    // OData number forms, and only those.
    assert!(docgen_generated::from_json("Edm.Double", json!("nan")).is_err());
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

/// The round trip predicts what the generated code does with a single value of a primitive
/// type; here the prediction meets the generated crate and the runtime behind it (chrono for
/// dates and times, uuid for GUIDs, the OData number forms) on every literal form the docs
/// write and on some they should not: braced and unbraced GUIDs, offsets, fractional seconds,
/// `Z`, dates, durations, numbers as strings.
#[test]
fn literal_predictions_match_the_runtime() {
    use docgen::roundtrip::Effect;
    let table: &[(&str, &[&str])] = &[
        (
            "Edm.Guid",
            &[
                "0118a350-71fc-4ec3-8f0c-6a1cb8867561",
                "0118A350-71FC-4EC3-8F0C-6A1CB8867561",
                "{0118a350-71fc-4ec3-8f0c-6a1cb8867561}",
                "0118a35071fc4ec38f0c6a1cb8867561",
                "urn:uuid:0118a350-71fc-4ec3-8f0c-6a1cb8867561",
                " 0118a350-71fc-4ec3-8f0c-6a1cb8867561 ",
                "0118a350-71fc-4ec3-8f0c",
                "g118a350-71fc-4ec3-8f0c-6a1cb8867561",
                "",
            ],
        ),
        (
            "Edm.DateTimeOffset",
            &[
                "2021-07-01T10:00:00Z",
                "2021-07-01t10:00:00z",
                "2017-01-01T00:00:46.1697867+03:00",
                "2021-07-01T10:00:00.123456789Z",
                "2021-07-01T10:00Z",
                "2021-07-01T10:00-08:00",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.9999999Z",
                "2021-07-01T10:00:00+0800",
                "2019-11-27T06:33:32",
                "2021-02-30T00:00:00Z",
                "2021-01-01 10:00:00Z",
                "2021-07-01T24:00:00Z",
                "2021-07-01",
                "yesterday",
            ],
        ),
        (
            "Edm.TimeOfDay",
            &[
                "08:00:00.0000000",
                "08:00:00",
                "08:00",
                "23:59:59.999",
                "8:00",
                "24:00:00",
                "08:00:00Z",
            ],
        ),
        (
            "Edm.Date",
            &[
                "2020-02-29",
                "2021-02-29",
                "2021-7-1",
                "20210701",
                "2021-07-01T00:00:00Z",
            ],
        ),
        ("Edm.Duration", &["PT1H", "P1DT2H", "-PT30M", "1 hour"]),
        (
            "Edm.Int64",
            &["12", " -12 ", "1.5", "9223372036854775808", "twelve"],
        ),
        (
            "Edm.Double",
            &[
                "NaN", "INF", "-INF", "1.5", " 1e3", "nan", "Infinity", "0x10",
            ],
        ),
        (
            "Edm.Decimal",
            &["1.50", " 2 ", "-0.001", "1e3", "n/a", "NaN", "1,5", ""],
        ),
    ];
    let api = Api::default();
    let names = docgen::model::resolve::Names::new(&api);
    for (edm, literals) in table {
        let target = names.type_use(edm, "microsoft.graph").expect("a primitive");
        for literal in *literals {
            let predicted: Vec<Effect> =
                roundtrip::check(&api, &target, &json!({ "value": literal }))
                    .iter()
                    .map(|f| f.effect)
                    .collect();
            let actual = match docgen_generated::from_json(edm, json!(literal)) {
                Err(_) => Some(Effect::Rejected),
                Ok(v) if v.to_json().expect("writes back") != json!(literal) => {
                    Some(Effect::Normalized)
                }
                // The text types keep any string; the program's `parse` says whether it is one.
                Ok(v) => {
                    let parses =
                        if let Some(t) = v.downcast_ref::<docgen_generated::DateTimeOffset>() {
                            t.parse().is_ok()
                        } else if let Some(t) = v.downcast_ref::<docgen_generated::TimeOfDay>() {
                            t.parse().is_ok()
                        } else if let Some(g) = v.downcast_ref::<docgen_generated::Guid>() {
                            g.parse().is_ok()
                        } else if let Some(d) = v.downcast_ref::<docgen_generated::Decimal>() {
                            d.to_number().is_some()
                        } else {
                            true
                        };
                    (!parses).then_some(Effect::Untyped)
                }
            };
            assert_eq!(
                predicted,
                Vec::from_iter(actual),
                "{edm} {literal:?}: the round trip predicts {predicted:?}, the generated code does {actual:?}"
            );
        }
    }
}

/// The harness crate's `main.rs`: the generated code included as `mod graph` (the single-file
/// layout a build script uses), and every sample through `graph::from_json` and back. A binary
/// of its own rather than a library and a binary: the whole corpus is compiled once, without
/// library metadata.
const HARNESS: &str = r#"//! Reads `[[type_name, value], ...]` from the file named first, writes `[{"back": value} or
//! {"error": message}, ...]` to the file named second.

// A private module of a binary: what the harness does not use is dead code here.
#[allow(dead_code, missing_docs, unused_imports)]
mod graph {
    include!("docgen.rs");
}

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
            let run = std::panic::catch_unwind(|| match graph::from_json(&type_name, value) {
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

/// Writes the harness crate for `api` into `dir`: the generated code in one file, the harness,
/// a manifest with the generated crate's dependencies, and the workspace's lock file.
fn harness_crate(api: &Api, dir: &Path) {
    let mut cfg = Config::new();
    cfg.source_label("graph-docs-v1.0")
        .single_file(true)
        .module_path("crate::graph");
    let files = cfg.render(api).expect("corpus generates");
    let code = files.get("docgen.rs").expect("one file");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("creates the crate folder");
    let write = |path: PathBuf, text: &str| {
        // Unchanged files keep their time, so a rerun without changes builds nothing.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
            std::fs::write(&path, text).expect("writes a crate file");
        }
    };
    write(src.join("docgen.rs"), code);
    write(src.join("main.rs"), HARNESS);
    // Anything else in `src/` (a `lib.rs` would become a target of its own) goes.
    for entry in std::fs::read_dir(&src).expect("lists src").flatten() {
        let name = entry.file_name();
        if name != "docgen.rs" && name != "main.rs" {
            let path = entry.path();
            let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
        }
    }
    // The dependencies a generated crate gets; its own workspace with the workspace's lock file
    // (the same versions, no network); no debug info and no incremental cache: the crate is
    // built once and run once.
    let manifest = docgen::cargo_toml::manifest(dir, None, None).expect("manifest");
    let profile = "\n[workspace]\n\n[profile.dev]\ndebug = false\nincremental = false\n";
    write(dir.join("Cargo.toml"), &(manifest + profile));
    let lock = std::fs::read_to_string(workspace().join("Cargo.lock")).expect("reads Cargo.lock");
    write(dir.join("Cargo.lock"), &lock);
}

#[test]
fn corpus_examples_round_trip() {
    let Some(corpus) = corpus() else { return };
    let tree = DocsTree::load(&corpus.join("graph-docs-v1.0")).expect("corpus loads");
    let pages = tree.parse();
    let api = build(&pages);
    let collected = roundtrip::collect(&pages, &api);

    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    let started = Instant::now();
    let krate = tmp.join("graph-v1-harness");
    harness_crate(&api, &krate);
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
        .args(["run", "--quiet", "--"])
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
    let (report, verdicts) = judge_all(&collected.samples, outcomes);
    println!(
        "generated the corpus crate in {generation:?}; built the harness and ran {} examples in {build_and_run:?}",
        samples.len()
    );
    report.print(&collected);
    let coverage = lint_coverage(&tree, &pages, &api, &collected.samples, &verdicts);
    println!(
        "docs defects the round trip found, and how many `docgen lint` reports at their line:"
    );
    for ((rule, failed), (reported, found, missing)) in &coverage {
        let what = if *failed { "failures" } else { "kept values" };
        println!("  {rule}, {what}: {reported} of {found}");
        for m in missing {
            println!("    not reported: {m}");
        }
    }
    assert!(
        !report.failures.contains_key(&Cause::GeneratorBug),
        "the generated code did what the model does not explain: {:?}",
        report.failures.get(&Cause::GeneratorBug)
    );
    // Every remaining failure is a docs defect that lint reports at its line, under the rule
    // its cause names.
    for ((rule, failed), (reported, found, missing)) in &coverage {
        assert!(
            docgen::lint::rules::rule_by_id(rule).is_some(),
            "no lint rule `{rule}`"
        );
        if *failed {
            assert_eq!(reported, found, "`{rule}` does not report: {missing:#?}");
        }
    }

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
