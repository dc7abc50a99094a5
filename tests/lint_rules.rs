//! `docgen lint` rule by rule. `tests/lint/docs` holds, for every rule, a page that fires it
//! (`api/<rule>.md` or `resources/<rule>.md`) and one that does not (`…/<rule>-clean.md`); its
//! findings are snapshot in the human, JSON, SARIF and GitHub formats, and the SARIF is validated
//! against the SARIF 2.1.0 schema. Then the seed pages' known gaps, and the whole corpus.

use docgen::diag::Severity;
use docgen::docs::DocsTree;
use docgen::lint::render::{self, Summary};
use docgen::lint::{self, Baseline, Finding, LintConfig, RULES};
use docgen_tests::{corpus, docs_input, workspace};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

fn fixture_root() -> PathBuf {
    workspace().join("tests").join("lint").join("docs")
}

fn lint_tree(root: &std::path::Path, config: &LintConfig) -> (DocsTree, Vec<Finding>) {
    let tree = DocsTree::load(root).expect("docs tree loads");
    let pages = tree.parse();
    let api = docgen::model::build(&pages);
    let findings = lint::lint(&tree, &pages, &api, config);
    (tree, findings)
}

fn fixtures() -> (DocsTree, Vec<Finding>) {
    lint_tree(&fixture_root(), &LintConfig::default())
}

/// The fixture page of a rule, docs-relative, if it exists (`suffix` is `""` or `"-clean"`).
fn fixture_page(rule: &str, suffix: &str) -> Option<String> {
    ["api", "resources"]
        .iter()
        .map(|folder| format!("{folder}/{rule}{suffix}.md"))
        .find(|p| fixture_root().join(p).is_file())
}

#[test]
fn every_rule_fires_on_its_page_and_not_on_its_clean_page() {
    let (_, findings) = fixtures();
    // `metadata-drift` needs a metadata document: `metadata_drift_names_both_sides`.
    for rule in RULES.iter().filter(|r| r.id.as_str() != "metadata-drift") {
        let fires = fixture_page(rule.id.as_str(), "")
            .unwrap_or_else(|| panic!("no fixture page fires `{}`", rule.id));
        let clean = fixture_page(rule.id.as_str(), "-clean")
            .unwrap_or_else(|| panic!("no clean fixture page for `{}`", rule.id));
        assert!(
            findings
                .iter()
                .any(|f| f.rule == rule.id && f.file == fires),
            "`{}` does not fire on {fires}",
            rule.id
        );
        let on_clean: Vec<String> = findings
            .iter()
            .filter(|f| f.file == clean)
            .map(|f| format!("{}:{}:{} [{}] {}", f.file, f.line, f.col, f.rule, f.message))
            .collect();
        assert!(
            on_clean.is_empty(),
            "clean page has findings: {on_clean:#?}"
        );
    }
    // Only fixture pages of rules are linted; none fires an unlisted rule.
    let ids: BTreeSet<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
    assert!(findings.iter().all(|f| ids.contains(f.rule.as_str())));
}

/// Permissions named in a list instead of a table: the page says them, in another layout; a note,
/// not a missing table.
#[test]
fn permissions_listed_in_prose_are_a_note() {
    let (_, findings) = fixtures();
    let on: Vec<(&str, Severity, u32)> = findings
        .iter()
        .filter(|f| f.file == "api/permissions-list.md")
        .map(|f| (f.rule.as_str(), f.severity, f.line))
        .collect();
    assert_eq!(on, [("permissions-missing", Severity::Note, 20)]);
}

/// Drift names the side that disagrees: where a page's JSON representation and its examples
/// agree on a single value against a table that says collection, the one finding is on the table
/// row, not on each example; where the representation sides with the table, the example is what
/// disagrees, and it is reported.
#[test]
fn drift_is_reported_on_the_side_that_disagrees() {
    let (_, findings) = fixtures();
    let on: Vec<(&str, &str, u32, &str)> = findings
        .iter()
        .filter(|f| f.file.contains("beacon"))
        .map(|f| (f.rule.as_str(), f.file.as_str(), f.line, f.subject.as_str()))
        .collect();
    assert_eq!(
        on,
        [
            (
                "example-type-mismatch",
                "api/beacon-get.md",
                103,
                "example #4/channels"
            ),
            (
                "table-json-mismatch",
                "resources/beacon.md",
                22,
                "availability/collection"
            ),
        ]
    );
}

#[test]
fn findings_are_sorted_and_deterministic() {
    let (_, a) = fixtures();
    let (_, b) = fixtures();
    assert_eq!(a, b);
    let keys: Vec<_> = a.iter().map(Finding::sort_key).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn human_output() {
    let (tree, findings) = fixtures();
    insta::assert_snapshot!("lint_human", render::human(&findings, &[], &tree, false));
}

#[test]
fn json_output() {
    let (_, findings) = fixtures();
    let text = render::json(&findings, &[]);
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        v["findings"].as_array().map(Vec::len),
        Some(findings.len()),
        "every finding"
    );
    insta::assert_snapshot!("lint_json", text);
}

#[test]
fn sarif_output() {
    let (_, findings) = fixtures();
    insta::assert_snapshot!("lint_sarif", render::sarif(&findings, "tests/lint/docs/"));
}

#[test]
fn github_output() {
    let (_, findings) = fixtures();
    let text = render::github(&findings, "tests/lint/docs/");
    assert_eq!(text.lines().count(), findings.len());
    assert!(!text.contains('\u{1b}'), "no colour");
    insta::assert_snapshot!("lint_github", text);
}

/// The schema is the official OASIS SARIF 2.1.0 JSON schema, as the `serde-sarif` crate ships it
/// (`src/schema.json` of serde-sarif 0.8.0), copied to `tests/lint/`.
#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let schema_text =
        std::fs::read_to_string(workspace().join("tests/lint/sarif-schema-2.1.0.json"))
            .expect("schema file");
    let mut schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    // The published schema's `language` patterns have a stray `]`, which is not a valid
    // ECMA-262 regex, so the meta-schema check refuses the whole schema. docgen never writes
    // `language`; the pattern is replaced by the one it was meant to be.
    let fixed = fix_pattern(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert!(fixed > 0, "the erratum is where it was");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let (_, findings) = fixtures();
    for (what, log) in [
        ("fixtures", render::sarif(&findings, "tests/lint/docs/")),
        ("no findings", render::sarif(&[], "")),
    ] {
        let instance: serde_json::Value = serde_json::from_str(&log).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
    }
    // The validator does reject a broken log.
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(
        !validator.is_valid(&broken),
        "a run without a tool is invalid"
    );
}

/// Replaces every `pattern` equal to `bad` in a schema; returns how many.
fn fix_pattern(v: &mut serde_json::Value, bad: &str, good: &str) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let mut n = 0;
            for (k, child) in map.iter_mut() {
                if k == "pattern" && child.as_str() == Some(bad) {
                    *child = serde_json::Value::from(good);
                    n += 1;
                } else {
                    n += fix_pattern(child, bad, good);
                }
            }
            n
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().map(|i| fix_pattern(i, bad, good)).sum()
        }
        _ => 0,
    }
}

#[test]
fn config_sets_severities_and_excludes() {
    let config = LintConfig::from_toml(
        "[lint]\nexclude = [\"resources/**\"]\n[lint.rules]\nplaceholder-value = \"error\"\nheading-case = \"off\"\n",
        std::path::Path::new("docgen.toml"),
    )
    .expect("valid config");
    let (_, findings) = lint_tree(&fixture_root(), &config);
    assert!(findings.iter().all(|f| !f.file.starts_with("resources/")));
    assert!(findings.iter().all(|f| f.rule.as_str() != "heading-case"));
    let pv: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.as_str() == "placeholder-value")
        .collect();
    assert!(!pv.is_empty() && pv.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn notes_are_hidden_by_default_and_counted() {
    let (tree, findings) = fixtures();
    let notes = findings
        .iter()
        .filter(|f| f.severity == Severity::Note)
        .count();
    assert!(notes > 0, "the fixtures have notes");
    let (shown, hidden) = LintConfig::default().shown(findings.clone());
    assert!(shown.iter().all(|f| f.severity >= Severity::Warning));
    assert_eq!((hidden.len(), shown.len() + notes), (notes, findings.len()));
    let text = render::human(&shown, &hidden, &tree, false);
    assert!(
        text.contains(&format!(
            "{notes} notes hidden (`--severity note` shows them)"
        )),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&render::json(&shown, &hidden)).expect("JSON");
    assert_eq!(json["summary"]["hidden_notes"], notes);
    // `severity = "note"` in the config shows them all.
    let all = LintConfig::from_toml(
        "[lint]\nseverity = \"note\"\n",
        std::path::Path::new("docgen.toml"),
    )
    .expect("valid config");
    let (shown, hidden) = all.shown(findings.clone());
    assert_eq!((shown, hidden.len()), (findings, 0));
}

#[test]
fn baseline_reports_only_new_findings() {
    let (_, findings) = fixtures();
    let baseline = Baseline::from_json(&Baseline::of(&findings).to_json()).expect("reads back");
    assert!(baseline.new_findings(findings.clone()).is_empty());
    // The same findings on other lines are not new; one more of a kind is.
    let mut moved: Vec<Finding> = findings
        .iter()
        .cloned()
        .map(|mut f| {
            f.line += 3;
            f
        })
        .collect();
    let extra = moved.first().cloned().expect("a finding");
    moved.push(extra.clone());
    let new = baseline.new_findings(moved);
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].fingerprint(), extra.fingerprint());
}

/// The five seed pages under `docs-input/api/`: every gap the issue lists, at its line.
#[test]
fn seed_pages_gaps() {
    let (_, findings) = lint_tree(&docs_input(), &LintConfig::default());
    let seeds = [
        "api/identitygovernance-taskprocessingresult-post-taskprocessingresults.md",
        "api/identitygovernance-workflowbase-post-userprocessingresults.md",
        "api/managedtenantoperationresult-post.md",
        "api/threatassessmentrequest-add-results.md",
        "api/threatassessmentrequest-post-results.md",
    ];
    let of = |rule: &str, subject: &dyn Fn(&str) -> bool| -> Vec<(String, u32)> {
        findings
            .iter()
            .filter(|f| {
                f.rule.as_str() == rule && seeds.contains(&f.file.as_str()) && subject(&f.subject)
            })
            .map(|f| {
                (
                    f.file.rsplit('/').next().unwrap_or_default().to_owned(),
                    f.line,
                )
            })
            .collect()
    };
    let lines = |v: &[(String, u32)], file: &str| -> Vec<u32> {
        v.iter()
            .filter(|(f, _)| f.starts_with(file))
            .map(|(_, l)| *l)
            .collect()
    };

    // `**TODO: Add Description**` in request-body tables: 9 + 12 + 4.
    let descriptions = of("todo-placeholder", &|s| s.ends_with("/description"));
    assert_eq!(descriptions.len(), 25, "{descriptions:?}");
    assert_eq!(
        lines(&descriptions, "identitygovernance-workflowbase"),
        (49..=57).collect::<Vec<_>>()
    );
    assert_eq!(
        lines(&descriptions, "managedtenantoperationresult"),
        (49..=60).collect::<Vec<_>>()
    );
    assert_eq!(
        lines(&descriptions, "threatassessmentrequest-post-results"),
        (48..=51).collect::<Vec<_>>()
    );

    // Placeholder permission cells: 3 + 3 + 2 + 3.
    let permissions = of("todo-placeholder", &|s| s.starts_with("permissions/"));
    assert_eq!(permissions.len(), 11, "{permissions:?}");
    assert_eq!(
        lines(&permissions, "threatassessmentrequest-add-results"),
        [19, 21]
    );
    assert_eq!(
        lines(&permissions, "managedtenantoperationresult"),
        [22, 23, 24]
    );
    // The placeholder rows are the defect: `todo-placeholder` reports them, and
    // `permissions-missing` does not report the same rows again.
    let pages = of("permissions-missing", &|_| true);
    assert_eq!(pages, [], "one defect, one finding");

    // TODO `author` and `ms.prod` (lines 4 and 6) on three seeds; empty ones on the fourth.
    let front = of("todo-placeholder", &|s| s.starts_with("front-matter/"));
    assert_eq!(front.len(), 6, "{front:?}");
    assert!(front.iter().all(|(_, l)| *l == 4 || *l == 6), "{front:?}");
    let empty = of("front-matter-field", &|_| true);
    assert_eq!(
        empty,
        [
            ("threatassessmentrequest-add-results.md".to_owned(), 4),
            ("threatassessmentrequest-add-results.md".to_owned(), 6)
        ]
    );

    // The example URL with a backslash (`docs\api`), at the backslash.
    let url: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.as_str() == "example-route-mismatch")
        .collect();
    assert_eq!(url.len(), 1, "{url:?}");
    assert_eq!(
        (url[0].file.as_str(), url[0].line, url[0].col),
        ("api/threatassessmentrequest-add-results.md", 65, 38)
    );

    // `Namespace: microsoft.graph` against `microsoft.management.services.api…`, at the
    // `@odata.type` of the request and of the response.
    let ns = of("namespace-mismatch", &|_| true);
    assert_eq!(
        lines(&ns, "managedtenantoperationresult"),
        [82, 111],
        "{ns:?}"
    );

    // Example values that are type names: counted by hand from the pages' examples.
    let values = of("placeholder-value", &|_| true);
    let per_page: BTreeMap<&str, usize> = seeds
        .iter()
        .map(|s| {
            let name = s.rsplit('/').next().unwrap_or_default();
            (name, values.iter().filter(|(f, _)| f == name).count())
        })
        .collect();
    assert_eq!(
        per_page.values().copied().collect::<Vec<_>>(),
        [9, 18, 20, 2, 5],
        "{per_page:?}"
    );

    // Empty description cells and the `HTTP Request` heading on the add-results seed.
    let empty_cells = of("empty-description", &|_| true);
    assert_eq!(
        lines(&empty_cells, "threatassessmentrequest-add-results"),
        [46, 48]
    );
    assert_eq!(
        lines(
            &of("heading-case", &|_| true),
            "threatassessmentrequest-add-results"
        ),
        [23]
    );
}

/// The public Graph v1.0 reference: lint completes quickly, and no rule fires on an implausible
/// share of pages. Bounds come from reading samples of every rule's findings (see the note in
/// `docs/lint-rules.md`).
#[test]
fn corpus_lints_with_plausible_counts() {
    let Some(corpus) = corpus() else { return };
    let root = corpus.join("graph-docs-v1.0");
    let started = Instant::now();
    let (tree, findings) = lint_tree(&root, &LintConfig::default());
    let elapsed = started.elapsed();
    let pages = tree.pages.len();
    let summary = Summary::of(&findings);
    println!("linted {pages} pages in {elapsed:?}\n{}", summary.text());
    // Most pages are clean of most rules; the bounds leave room for edits to the corpus's
    // conventions but catch a rule that starts firing everywhere.
    let bounds: &[(&str, usize)] = &[
        ("todo-placeholder", 250),
        ("placeholder-value", 500),
        // About 110 Intune pages wrap a single entity in `{"value": {...}}`, which clients
        // read as the entity's type with an unknown `value`: one finding per page.
        ("example-unknown-property", 200),
        ("example-route-mismatch", 120),
        ("status-mismatch", 60),
        ("table-json-mismatch", 70),
        ("enum-value-unknown", 50),
        ("example-type-mismatch", 20),
        ("example-value-format", 20),
        ("broken-link", 160),
        ("missing-section", 250),
        ("permissions-missing", 30),
        ("empty-description", 30),
        ("front-matter-field", 200),
        // Intune pages write `HTTP Request`, older resource pages `JSON Representation`.
        ("heading-case", 1300),
    ];
    for (rule, max) in bounds {
        let id = docgen::lint::rules::RuleId::from_id(rule).expect("a rule");
        let on = summary.by_rule.get(&id).map_or(0, |c| c.pages);
        assert!(
            on <= *max,
            "`{rule}` fires on {on} pages (at most {max} expected)"
        );
    }
    for rule in [
        "todo-placeholder",
        "placeholder-value",
        "example-unknown-property",
    ] {
        let id = docgen::lint::rules::RuleId::from_id(rule).expect("a rule");
        assert!(
            summary.by_rule.get(&id).is_some_and(|c| c.findings > 0),
            "`{rule}` finds the gaps the corpus is known to have"
        );
    }
    // `Not yet documented` (515 in v1.0) and `**TODO …**` cells all count.
    assert!(
        summary
            .by_rule
            .get(&docgen::lint::rules::RuleId::TodoPlaceholder)
            .is_some_and(|c| c.findings >= 515)
    );
    assert!(findings.iter().all(|f| f.line >= 1 && f.col >= 1));
}

/// `tests/lint/drift`: a docs tree and two metadata documents, one that disagrees with it in
/// every way drift knows and one that agrees.
/// One hand-judged corpus finding of `tests/lint-judgements.json`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Judgement {
    sample: u32,
    rule: String,
    file: String,
    line: u32,
    subject_fnv: String,
    severity: Severity,
    verdict: bool,
    reason: String,
    pending: Option<String>,
}

/// FNV-1a, 64 bits, as hex: the judgements name a finding's subject without quoting the page.
fn fnv(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The judged samples of v1.0 findings hold: every finding judged a real defect is still
/// reported (at some severity), and none judged false is reported at warning or above, except
/// those another stage's fix will change (`pending`). Prints each sample's precision among the
/// judged findings shown by default.
#[test]
fn judged_corpus_findings_hold() {
    let Some(corpus) = corpus() else { return };
    let text = std::fs::read_to_string(workspace().join("tests/lint-judgements.json"))
        .expect("tests/lint-judgements.json");
    // The file's `about` says what the fields mean.
    #[derive(serde::Deserialize)]
    struct File {
        judgements: Vec<Judgement>,
    }
    let judged = serde_json::from_str::<File>(&text)
        .expect("judgements parse")
        .judgements;
    assert!(judged.len() >= 240, "the samples of every rule");
    let (_, findings) = lint_tree(&corpus.join("graph-docs-v1.0"), &LintConfig::default());
    let mut reported: BTreeMap<(&str, &str, String), Severity> = BTreeMap::new();
    for f in &findings {
        let s = reported
            .entry((f.rule.as_str(), f.file.as_str(), fnv(&f.subject)))
            .or_insert(f.severity);
        *s = (*s).max(f.severity);
    }
    let mut wrong = Vec::new();
    // sample → (shown at default settings, of which judged true)
    let mut precision: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for j in &judged {
        assert!(
            !j.reason.trim().is_empty(),
            "{}:{} has no reason",
            j.file,
            j.line
        );
        let now = reported
            .get(&(j.rule.as_str(), j.file.as_str(), j.subject_fnv.clone()))
            .copied();
        let shown = now.is_some_and(|s| s >= Severity::Warning);
        if shown {
            let p = precision.entry(j.sample).or_default();
            p.0 += 1;
            p.1 += usize::from(j.verdict);
        }
        let place = format!(
            "[{}] {}:{}, a {} when judged ({})",
            j.rule, j.file, j.line, j.severity, j.reason
        );
        // The other stage's fix changes these findings' place or wording: not asserted.
        if j.pending.is_some() {
            continue;
        }
        if j.verdict && now.is_none() {
            wrong.push(format!("judged true but no longer reported: {place}"));
        }
        if !j.verdict && shown {
            wrong.push(format!("judged false but reported at {:?}: {place}", now));
        }
    }
    for (sample, (shown, true_)) in &precision {
        println!(
            "sample {sample}: {true_} of {shown} judged findings shown by default are real defects"
        );
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

fn lint_drift(metadata: &str) -> Vec<Finding> {
    let dir = workspace().join("tests").join("lint").join("drift");
    let tree = DocsTree::load(&dir.join("docs")).expect("docs tree loads");
    let pages = tree.parse();
    let api = docgen::model::build(&pages);
    let csdl = docgen::metadata::read_csdl(&dir.join(metadata)).expect("metadata reads");
    let file = format!("../{metadata}");
    lint::lint_with_metadata(&tree, &pages, &api, &LintConfig::default(), &csdl, &file)
}

#[test]
fn metadata_drift_names_both_sides() {
    let findings = lint_drift("metadata.xml");
    let got: Vec<(&str, &str, u32, &str)> = findings
        .iter()
        .map(|f| (f.rule.as_str(), f.file.as_str(), f.line, f.subject.as_str()))
        .collect();
    let drift = "metadata-drift";
    assert_eq!(
        got,
        [
            // A type no page defines: at its line in the metadata document.
            (
                drift,
                "../metadata.xml",
                18,
                "type microsoft.graph.sprocket (metadata only)"
            ),
            // A property only the metadata has: at the type's page title.
            (
                drift,
                "resources/gadget.md",
                10,
                "property microsoft.graph.gadget.serialNumber (metadata only)"
            ),
            (
                drift,
                "resources/gadget.md",
                22,
                "type of microsoft.graph.gadget.weight (differs)"
            ),
            (
                drift,
                "resources/gadget.md",
                24,
                "property microsoft.graph.gadget.notes (docs only)"
            ),
            // A member only the metadata has: at the enum's table.
            (
                drift,
                "resources/gadgetfinish.md",
                18,
                "member microsoft.graph.gadgetFinish.satin (metadata only)"
            ),
        ]
    );
    let weight = &findings[2];
    assert!(
        weight
            .message
            .contains("`Edm.Int32` in the docs but `Edm.Double` in the metadata"),
        "{}",
        weight.message
    );
    assert_eq!(
        weight.help.as_deref(),
        Some("compare with the metadata at ../metadata.xml:14, and fix the side that is wrong")
    );
    // The same docs against metadata that agrees: nothing.
    assert_eq!(lint_drift("metadata-clean.xml"), []);
}

/// `docgen lint --metadata` on the v1.0 reference against the metadata published with it: one
/// finding per disagreement `docgen compare --drift` lists, each at a page of the tree or, for
/// types and enums no page has, at its line in the metadata document.
#[test]
fn corpus_drift_is_linted() {
    let Some(corpus) = corpus() else { return };
    let root = corpus.join("graph-docs-v1.0");
    let tree = DocsTree::load(&root).expect("docs tree loads");
    let pages = tree.parse();
    let api = docgen::model::build(&pages);
    let csdl = docgen::metadata::read_csdl(&corpus.join("metadata/v1.0-2021-07.csdl.xml"))
        .expect("metadata reads");
    let file = "../metadata/v1.0-2021-07.csdl.xml";
    let findings =
        lint::lint_with_metadata(&tree, &pages, &api, &LintConfig::default(), &csdl, file);
    let drift: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.as_str() == "metadata-drift")
        .collect();
    let items = docgen::metadata::drift::drift(&csdl, &api);
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    for f in &drift {
        let kind = f
            .subject
            .rsplit_once(" (")
            .map_or("?", |(_, k)| k.trim_end_matches(')'));
        let what = match f.subject.split(' ').next().unwrap_or_default() {
            "type" if f.subject.starts_with("type of ") => "property type",
            w => w,
        };
        *by_kind.entry(format!("{what} ({kind})")).or_default() += 1;
    }
    println!("metadata-drift: {} findings", drift.len());
    for (k, n) in &by_kind {
        println!("  {k}: {n}");
    }
    assert_eq!(drift.len(), items.len());
    assert!(drift.len() > 1000, "{} drift findings", drift.len());
    let pages_of_tree: BTreeSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let (in_metadata, in_docs): (Vec<&&Finding>, Vec<&&Finding>) =
        drift.iter().partition(|f| f.file == file);
    assert!(
        in_docs
            .iter()
            .all(|f| pages_of_tree.contains(f.file.as_str()) && f.line >= 1)
    );
    // Only types and enums that no page has are placed in the metadata document.
    assert!(in_metadata.iter().all(|f| f.line > 1
        && f.subject.ends_with("(metadata only)")
        && (f.subject.starts_with("type ") || f.subject.starts_with("enum "))));
    assert_eq!(
        in_metadata.len(),
        items.iter().filter(|d| d.location.is_none()).count()
    );
}

/// `docs/lint-rules.md` holds the rule table exactly as the code has it.
#[test]
fn rule_table_is_documented() {
    let doc = std::fs::read_to_string(workspace().join("docs/lint-rules.md")).unwrap_or_default();
    let table = docgen::lint::rules::markdown_table();
    assert!(
        doc.contains(&table),
        "docs/lint-rules.md is out of date; its table should read:\n{table}"
    );
}
