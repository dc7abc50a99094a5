//! Subsets: a selection keeps what it names and every type that needs, and compiles on its own.

use docgen::Config;
use docgen_tests::{docs_input, workspace};
use std::path::PathBuf;
use std::process::Command;

/// Generates `docs-input` narrowed by `include` into a fresh crate and `cargo check`s it.
fn generate_and_check(name: &str, include: &[&str]) -> (docgen::model::Api, String) {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    let krate = tmp.join(name);
    let _ = std::fs::remove_dir_all(&krate);
    let mut cfg = Config::new();
    cfg.docs_root(docs_input()).out_dir(&krate).features(true);
    for i in include {
        cfg.include(*i);
    }
    let (_, api) = cfg.load().expect("selection loads");
    cfg.generate().expect("generates");
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).expect("manifest written");
    std::fs::write(krate.join("Cargo.toml"), manifest + "\n[workspace]\n").expect("writes");
    std::fs::copy(workspace().join("Cargo.lock"), krate.join("Cargo.lock")).expect("copies lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("runs cargo clippy");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "subset {include:?} does not compile cleanly:\n{stderr}"
    );
    let lib = std::fs::read_to_string(krate.join("src/lib.rs")).expect("lib.rs");
    (api, lib)
}

fn names(api: &docgen::model::Api) -> Vec<String> {
    api.types
        .iter()
        .map(|t| t.name.to_string())
        .chain(api.enums.iter().map(|e| e.name.to_string()))
        .collect()
}

#[test]
fn one_namespace_compiles_alone() {
    let (api, lib) = generate_and_check(
        "subset-identity-governance",
        &["microsoft.graph.identityGovernance"],
    );
    assert_eq!(api.namespaces.len(), 1, "{:?}", api.namespaces);
    assert!(
        api.types
            .iter()
            .all(|t| t.name.namespace == "microsoft.graph.identityGovernance")
    );
    assert!(names(&api).contains(
        &"microsoft.graph.identityGovernance.lifecycleWorkflowProcessingStatus".to_owned()
    ));
    assert!(!lib.contains("pub mod microsoft_graph;"), "{lib}");
}

#[test]
fn a_route_prefix_pulls_in_the_types_it_needs() {
    let (api, _) = generate_and_check(
        "subset-get-request",
        &["GET /informationProtection/threatAssessmentRequests"],
    );
    assert!(
        api.operations
            .iter()
            .all(|o| o.method == docgen::kinds::Method::Get),
        "only GET routes"
    );
    let names = names(&api);
    // The response type, its base (flattened), its relationship's type and its enums.
    for needed in [
        "microsoft.graph.threatAssessmentRequest",
        "microsoft.graph.entity",
        "microsoft.graph.threatAssessmentResult",
        "microsoft.graph.threatCategory",
    ] {
        assert!(
            names.contains(&needed.to_owned()),
            "{needed} missing from {names:?}"
        );
    }
    // Nothing the selection does not need.
    assert!(
        !names.contains(&"microsoft.graph.task".to_owned()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"microsoft.graph.mailAssessmentRequest".to_owned()),
        "{names:?}"
    );
}

#[test]
fn a_pattern_that_matches_nothing_is_an_error() {
    let mut cfg = Config::new();
    cfg.docs_root(docs_input())
        .include("microsoft.graph.nothingHere");
    let e = cfg.load().expect_err("matches nothing");
    assert_eq!(
        e.to_string(),
        "include/exclude: --include `microsoft.graph.nothingHere` matches no namespace, type, enum or route"
    );
}
