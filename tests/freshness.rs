//! Like prost's bootstrap test: regenerate `docs-input/` in memory and compare with the
//! checked-in `generated/` crate, byte for byte.

use docgen::Config;
use docgen_tests::{docs_input, workspace};
use std::fs;

#[test]
fn generated_crate_is_fresh() {
    // The same configuration `cargo run -p docgen -- generate` uses.
    let mut cfg = Config::new();
    cfg.docs_root(docs_input())
        .source_label("docs-input")
        .features(true);
    let (_, api, names) = cfg.load_named().expect("docs-input loads");
    let files = cfg
        .render_named(&api, &names)
        .expect("docs-input generates");
    let out = workspace().join("generated");
    let cargo_toml = cfg.crate_manifest(&api, &names, &out).expect("Cargo.toml");
    let mut stale = Vec::new();
    for (rel, contents) in &files {
        match fs::read_to_string(out.join(rel)) {
            Ok(on_disk) if &on_disk == contents => {}
            Ok(_) => stale.push(format!("{rel} differs")),
            Err(e) => stale.push(format!("{rel} missing ({e})")),
        }
    }
    let manifest = fs::read_to_string(out.join(docgen::output::MANIFEST)).unwrap_or_default();
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    let produced: Vec<&str> = files.keys().map(String::as_str).collect();
    if listed != produced {
        stale.push(format!(
            "manifest lists {listed:?}, generation produces {produced:?}"
        ));
    }
    if fs::read_to_string(out.join("Cargo.toml")).ok().as_deref() != Some(cargo_toml.as_str()) {
        stale.push("Cargo.toml [features] differs".into());
    }
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo run -p docgen -- generate`:\n{}",
        stale.join("\n")
    );
}
