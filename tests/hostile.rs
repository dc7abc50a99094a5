//! Hostile docs: pages whose names and text try to inject code into the generated crate, break
//! its doc comments or read outside the docs tree.
//!
//! `tests/hostile/` is generated into a crate of its own under the target folder, which must pass
//! `cargo clippy -- -D warnings`, run no doctest under `cargo test --doc`, and hold no item the
//! model does not account for. Then `[!INCLUDE]`s, symlinks and output paths are pointed out of
//! their folders, with real symlinks in temporary folders.

use docgen::Config;
use docgen::codegen::naming::RustPlan;
use docgen::codegen::{self, Files};
use docgen::docs::DocsTree;
use docgen::model::Api;
use docgen::parse::{Includes, read_page};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn hostile_docs() -> PathBuf {
    docgen_tests::workspace().join("tests").join("hostile")
}

// ---------------------------------------------------------------------------------------------
// Items of the generated code.

/// What the generated code declares: (kind, name) for every item, field, variant, impl member,
/// implemented trait, `use` and attribute path.
fn declared(files: &Files) -> BTreeSet<(&'static str, String)> {
    let mut out = BTreeSet::new();
    for (path, text) in files {
        if !path.ends_with(".rs") {
            continue;
        }
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        attrs(&file.attrs, &mut out);
        for item in &file.items {
            walk(item, &mut out);
        }
    }
    out
}

fn last_segment(p: &syn::Path) -> String {
    p.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

fn attrs(list: &[syn::Attribute], out: &mut BTreeSet<(&'static str, String)>) {
    for a in list {
        let path = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::");
        out.insert(("attribute", path));
    }
}

fn fields(f: &syn::Fields, out: &mut BTreeSet<(&'static str, String)>) {
    for field in f.iter() {
        attrs(&field.attrs, out);
        if let Some(i) = &field.ident {
            out.insert(("field", i.to_string()));
        }
    }
}

fn walk(item: &syn::Item, out: &mut BTreeSet<(&'static str, String)>) {
    use quote::ToTokens;
    use syn::Item;
    match item {
        Item::Struct(s) => {
            attrs(&s.attrs, out);
            out.insert(("type", s.ident.to_string()));
            fields(&s.fields, out);
        }
        Item::Enum(e) => {
            attrs(&e.attrs, out);
            out.insert(("type", e.ident.to_string()));
            for v in &e.variants {
                attrs(&v.attrs, out);
                out.insert(("variant", v.ident.to_string()));
                fields(&v.fields, out);
            }
        }
        Item::Impl(i) => {
            attrs(&i.attrs, out);
            let self_ty = match &*i.self_ty {
                syn::Type::Path(p) => last_segment(&p.path),
                other => other.to_token_stream().to_string(),
            };
            out.insert(("impl", self_ty));
            if let Some((t, _)) = &i.trait_ {
                out.insert(("trait impl", last_segment(t)));
            }
            for m in &i.items {
                let (kind, name) = match m {
                    syn::ImplItem::Fn(f) => ("method", f.sig.ident.to_string()),
                    syn::ImplItem::Const(c) => ("associated const", c.ident.to_string()),
                    syn::ImplItem::Type(t) => ("associated type", t.ident.to_string()),
                    other => ("impl item", other.to_token_stream().to_string()),
                };
                out.insert((kind, name));
            }
        }
        Item::Mod(m) => {
            attrs(&m.attrs, out);
            out.insert(("mod", m.ident.to_string()));
            for i in m.content.iter().flat_map(|(_, items)| items) {
                walk(i, out);
            }
        }
        Item::Fn(f) => {
            attrs(&f.attrs, out);
            out.insert(("fn", f.sig.ident.to_string()));
        }
        Item::Const(c) => {
            out.insert(("const", c.ident.to_string()));
        }
        Item::Static(s) => {
            out.insert(("static", s.ident.to_string()));
        }
        Item::Trait(t) => {
            out.insert(("trait", t.ident.to_string()));
            for i in &t.items {
                out.insert(("trait item", i.to_token_stream().to_string()));
            }
        }
        Item::Use(u) => {
            out.insert(("use", u.tree.to_token_stream().to_string()));
        }
        Item::Macro(m) => {
            out.insert(("macro", m.to_token_stream().to_string()));
        }
        other => {
            out.insert(("other item", other.to_token_stream().to_string()));
        }
    }
}

/// Every Rust name codegen's naming pass gives the model, as written in code (`r#type`).
fn model_names(api: &Api) -> BTreeSet<String> {
    let plan = RustPlan::new(api);
    let mut names = BTreeSet::new();
    for n in &plan.modules {
        names.insert(n.rust.to_string());
    }
    for t in &plan.types {
        names.insert(t.rust.to_string());
        if let Some(u) = &t.union {
            names.insert(u.rust.to_string());
            names.extend(u.variants.iter().map(|v| v.rust.to_string()));
        }
        names.extend(t.fields.iter().map(|f| f.rust.to_string()));
    }
    for e in &plan.enums {
        names.insert(e.rust.to_string());
        names.extend(e.members.iter().map(|m| m.rust.to_string()));
    }
    for r in &plan.routes {
        names.insert(r.stub.to_string());
        names.extend(r.params.iter().map(|p| p.rust.to_string()));
        if let Some(body) = &r.body {
            names.insert(body.rust.to_string());
            names.extend(body.fields.iter().map(|f| f.rust.to_string()));
        }
    }
    names
}

/// The generator's own vocabulary: what it declares for a model that names nothing (the
/// runtime), and what it declares for the seed docs besides the seed model's names (method
/// names, trait impls, attributes, the `Other` variant…).
fn template_vocabulary() -> BTreeSet<(&'static str, String)> {
    let empty = codegen::generate(&Api::default(), &codegen::Options::default())
        .expect("an empty model generates");
    let mut vocab = declared(&empty);
    let (_, seed) = Config::new()
        .docs_root(docgen_tests::docs_input())
        .load()
        .expect("docs-input loads");
    let seed_names = model_names(&seed);
    let seed_files =
        codegen::generate(&seed, &codegen::Options::default()).expect("seed generates");
    vocab.extend(
        declared(&seed_files)
            .into_iter()
            .filter(|(_, name)| !seed_names.contains(name)),
    );
    vocab
}

// ---------------------------------------------------------------------------------------------
// The hostile crate.

fn cargo(krate: &Path, target: &Path, args: &[&str]) -> (bool, String, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .output()
        .expect("runs cargo");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Generates `docs` into `<target tmp>/<name>`, a crate of its own (it lives under this
/// workspace's target folder) with the workspace's lock file so dependency artifacts are shared.
/// Returns the crate folder, the target folder and the model.
fn generate_crate(docs: &Path, name: &str) -> (PathBuf, PathBuf, Api) {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().map(PathBuf::from).expect("target dir");
    let krate = tmp.join(name);
    let _ = fs::remove_dir_all(&krate);
    let mut cfg = Config::new();
    cfg.docs_root(docs)
        .source_label("tests/hostile */ fn evil() {}\n#![evil]")
        .out_dir(&krate);
    cfg.generate().expect("hostile docs generate");
    let (_, api) = cfg.load().expect("hostile docs load");
    let manifest = fs::read_to_string(krate.join("Cargo.toml")).expect("docgen wrote Cargo.toml");
    fs::write(krate.join("Cargo.toml"), manifest + "\n[workspace]\n").expect("writes Cargo.toml");
    fs::copy(
        docgen_tests::workspace().join("Cargo.lock"),
        krate.join("Cargo.lock"),
    )
    .expect("copies Cargo.lock");
    (krate, target, api)
}

/// `cargo doc` with rustdoc's lints denied: no intra-doc link, HTML tag or code block came from
/// the docs (a bare URL is only text, so that lint stays a warning).
fn assert_docs_clean(krate: &Path, target: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let doc = Command::new(cargo)
        .args(["doc", "--no-deps", "--quiet", "--message-format=short"])
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings -A rustdoc::bare_urls")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("runs cargo doc");
    let stderr = String::from_utf8_lossy(&doc.stderr);
    assert!(doc.status.success(), "cargo doc failed:\n{stderr}");
}

#[test]
fn hostile_docs_generate_a_clean_crate_with_only_model_items() {
    let (krate, target, api) = generate_crate(&hostile_docs(), "hostile-crate");

    // The generated items: every one a model name or the generator's own vocabulary.
    let mut files = Files::new();
    for entry in walk_files(&krate.join("src")) {
        let rel = entry
            .strip_prefix(&krate)
            .expect("inside the crate")
            .to_string_lossy()
            .into_owned();
        files.insert(
            rel,
            fs::read_to_string(&entry).expect("reads generated file"),
        );
    }
    let names = model_names(&api);
    let vocab = template_vocabulary();
    let unaccounted: Vec<_> = declared(&files)
        .into_iter()
        .filter(|(kind, name)| !names.contains(name) && !vocab.contains(&(*kind, name.clone())))
        .collect();
    assert!(
        unaccounted.is_empty(),
        "items the model does not account for: {unaccounted:#?}"
    );
    // The hostile names did reach the model, as identifiers.
    for name in [
        "r#type",
        "self_",
        "x_0day",
        "unicode",
        "a_b",
        "foo_bar_3",
        "SayHi",
    ] {
        assert!(names.contains(name), "{name} not in {names:?}");
    }
    // Words from the docs' injection attempts appear only inside doc comments and string
    // literals, never as tokens of code.
    let idents = files.values().flat_map(|text| {
        let tokens: proc_macro2::TokenStream = text.parse().expect("generated code lexes");
        idents_in(tokens)
    });
    let injected: BTreeSet<String> = idents
        .filter(|i| {
            [
                "evil", "main", "forbid", "exit", "abort", "alert", "process",
            ]
            .contains(&i.as_str())
        })
        .collect();
    assert!(injected.is_empty(), "doc text became code: {injected:?}");

    let (ok, _, stderr) = cargo(
        &krate,
        &target,
        &[
            "clippy",
            "--quiet",
            "--message-format=short",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(ok, "cargo clippy failed on the hostile crate:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "cargo clippy warned:\n{stderr}"
    );

    let (ok, stdout, stderr) = cargo(&krate, &target, &["test", "--doc", "--quiet"]);
    assert!(ok, "cargo test --doc failed:\n{stdout}\n{stderr}");
    let ran: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("running "))
        .collect();
    assert!(!ran.is_empty(), "no doctest run was reported:\n{stdout}");
    assert!(
        ran.iter().all(|l| *l == "running 0 tests"),
        "doc comments became doctests: {ran:?}\n{stdout}"
    );
    assert_docs_clean(&krate, &target);
    println!(
        "hostile crate: {} files, {} model names, clippy clean, 0 doctests",
        files.len(),
        names.len()
    );
}

/// Every identifier token, at any depth (doc comments are attributes holding string literals, so
/// their words are not identifiers).
fn idents_in(tokens: proc_macro2::TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for t in tokens {
        match t {
            proc_macro2::TokenTree::Ident(i) => out.push(i.to_string()),
            proc_macro2::TokenTree::Group(g) => out.extend(idents_in(g.stream())),
            _ => {}
        }
    }
    out
}

/// A namespace line written with markup (`microsoft.graph.a`<x>`[b](c)`) reaches three doc
/// comments of the generated crate (the module's, its `lib.rs` declaration's and its routes
/// module's) without going through `codegen::docs::doc_attrs`, so rustdoc reads `<x>` as an HTML
/// tag. Enable once `codegen/mod.rs` builds those doc strings with `doc_attrs`.
#[test]
fn namespace_written_with_markup_stays_text_in_docs() {
    let docs = docgen_tests::workspace()
        .join("tests")
        .join("hostile-namespace");
    let (krate, target, api) = generate_crate(&docs, "hostile-namespace-crate");
    assert!(
        api.namespaces.iter().any(|n| n.name.contains('<')),
        "{:?}",
        api.namespaces
    );
    assert_docs_clean(&krate, &target);
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).expect("reads folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Paths: nothing outside the docs root is read, nothing outside the output folder written.

const SECRET: &str = "SECRET-OUTSIDE-THE-DOCS-ROOT";

/// A page whose permissions come from an include at `dest`.
fn include_page(dest: &str) -> String {
    format!(
        "# t\n\nNamespace: microsoft.graph\n\n## Permissions\n\n<!-- {{ \"blockType\": \"permissions\" }} -->\n[!INCLUDE [permissions]({dest})]\n"
    )
}

const PERMISSIONS_TABLE: &str = "|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n|Application|SECRET-OUTSIDE-THE-DOCS-ROOT.Read.All|\n";

/// `tmp/outside/` holds a permissions include with the secret; `tmp/docs/` is the docs root.
fn outside_and_docs(tmp: &Path) -> (PathBuf, PathBuf) {
    let outside = tmp.join("outside");
    let docs = tmp.join("docs");
    for d in [&outside, &docs.join("api"), &docs.join("includes")] {
        fs::create_dir_all(d).expect("mkdir");
    }
    fs::write(outside.join("secret.md"), PERMISSIONS_TABLE).expect("writes");
    (outside, docs)
}

#[test]
fn includes_never_read_outside_the_docs_root() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tempdir");
    let (outside, docs) = outside_and_docs(tmp.path());
    // An include inside the root that is fine, to show includes are read at all.
    fs::write(
        docs.join("includes/ok.md"),
        PERMISSIONS_TABLE.replace(SECRET, "Fine"),
    )
    .expect("writes");
    symlink(outside.join("secret.md"), docs.join("includes/leak.md")).expect("symlink");
    symlink(&outside, docs.join("includes/dir")).expect("symlink");
    let absolute = outside.join("secret.md").to_string_lossy().into_owned();
    let escapes = [
        "../../outside/secret.md",
        "../../../outside/secret.md",
        "../includes/../../outside/secret.md",
        "..\\..\\outside\\secret.md",
        &absolute,
        "../includes/leak.md",
        "../includes/dir/secret.md",
        "/etc/passwd",
        "file:///etc/passwd",
    ];
    let tree = DocsTree::from_pages(&docs, Vec::new());
    for dest in escapes {
        let page = read_page("api/t.md", &include_page(dest), &tree);
        let json = serde_json::to_string(&page).expect("serializes");
        assert!(!json.contains(SECRET), "{dest} was read: {json}");
        assert!(page.permissions.is_none(), "{dest}");
        let diag = page
            .diagnostics
            .iter()
            .find(|d| matches!(d.detail, docgen::diag::Detail::Include { .. }))
            .unwrap_or_else(|| panic!("{dest}: no diagnostic in {:?}", page.diagnostics));
        assert_eq!(
            (diag.location.at.line, diag.location.at.col),
            (8, 11),
            "{diag}"
        );
        assert!(Includes::read(&tree, "api/t.md", dest).is_err(), "{dest}");
    }
    let page = read_page("api/t.md", &include_page("../includes/ok.md"), &tree);
    let perms = page
        .permissions
        .expect("an include inside the root is read");
    assert_eq!(perms.rows[0].permissions, ["Fine.Read.All"]);
}

/// A FIFO would block a read forever; includes read regular files only.
#[test]
fn an_include_that_is_a_fifo_is_refused_not_waited_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (_, docs) = outside_and_docs(tmp.path());
    let fifo = docs.join("includes/fifo.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipping: mkfifo is not available here");
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let tree = DocsTree::from_pages(&docs, Vec::new());
    std::thread::spawn(move || {
        let page = read_page("api/t.md", &include_page("../includes/fifo.md"), &tree);
        let _ = tx.send(page.diagnostics);
    });
    // A guard against a hang, not a timing assertion: a refusal takes microseconds.
    let diags = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("reading an include that is a FIFO hung");
    assert!(
        diags
            .iter()
            .any(|d| matches!(&d.detail, docgen::diag::Detail::Include { error, .. } if error.contains("not a regular file"))),
        "{diags:?}"
    );
}

#[test]
fn symlinks_out_of_the_docs_root_are_not_followed() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tempdir");
    let (outside, docs) = outside_and_docs(tmp.path());
    fs::write(outside.join("page.md"), format!("# {SECRET}\n")).expect("writes");
    fs::create_dir_all(outside.join("more")).expect("mkdir");
    fs::write(outside.join("more/deep.md"), format!("# {SECRET}\n")).expect("writes");
    fs::create_dir_all(docs.join("resources")).expect("mkdir");
    fs::write(docs.join("resources/real.md"), "# real\n").expect("writes");
    symlink(outside.join("page.md"), docs.join("api/leak.md")).expect("symlink");
    symlink(outside.join("more"), docs.join("api/more")).expect("symlink");
    symlink(&outside, docs.join("up")).expect("symlink");
    symlink("../../outside/page.md", docs.join("api/relative.md")).expect("symlink");
    symlink("../resources/real.md", docs.join("api/alias.md")).expect("symlink");
    symlink("nowhere.md", docs.join("api/dangling.md")).expect("symlink");
    let tree = DocsTree::load(&docs).expect("loads");
    let paths: Vec<&str> = tree.pages.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["api/alias.md", "resources/real.md"]);
    assert!(tree.pages.iter().all(|(_, t)| !t.contains(SECRET)));

    // A docs root that is itself a symlink is fine: confinement is to where it points.
    symlink(&docs, tmp.path().join("docs-link")).expect("symlink");
    let via_link = DocsTree::load(&tmp.path().join("docs-link")).expect("loads via a symlink");
    assert_eq!(via_link.pages, tree.pages);
}

#[test]
fn output_is_written_only_inside_the_output_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).expect("mkdir");
    // Victims a planted manifest points at, outside the output folder.
    let victims = [
        tmp.path().join("victim.rs"),
        tmp.path().join("src-victim.rs"),
    ];
    for v in &victims {
        fs::write(v, "// not docgen's\n").expect("writes");
    }
    let manifest = format!(
        "# planted\n../victim.rs\n{}\nsrc/../../src-victim.rs\n",
        victims[0].display()
    );
    fs::write(out.join(docgen::output::MANIFEST), manifest).expect("writes manifest");
    let before: BTreeSet<PathBuf> = walk_files(tmp.path()).into_iter().collect();
    let mut cfg = Config::new();
    cfg.docs_root(hostile_docs()).out_dir(&out);
    cfg.generate().expect("generates");
    for v in &victims {
        assert_eq!(
            fs::read_to_string(v).expect("victim still there"),
            "// not docgen's\n"
        );
    }
    let after: BTreeSet<PathBuf> = walk_files(tmp.path()).into_iter().collect();
    let new_outside: Vec<_> = after
        .difference(&before)
        .filter(|p| !p.starts_with(&out))
        .collect();
    assert!(new_outside.is_empty(), "written outside: {new_outside:?}");
    let leftovers: Vec<_> = after
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".docgen-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    let generated = fs::read_to_string(out.join(docgen::output::MANIFEST)).expect("manifest");
    assert!(!generated.contains(".."), "{generated}");
}
