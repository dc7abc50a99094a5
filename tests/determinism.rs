//! The same docs give byte-identical output (page models, the model, generated files) whatever the
//! thread count, the order the pages come in, and the order their files were created on disk.

use docgen::Config;
use docgen::codegen::{self, Files};
use docgen::docs::DocsTree;
use docgen::model;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Everything a run produces, as text.
#[derive(PartialEq, Eq)]
struct Output {
    pages: String,
    model: String,
    files: Files,
}

impl Output {
    /// Asserts `self == other`, naming the first part that differs rather than printing both.
    fn assert_same(&self, other: &Output, what: &str) {
        assert!(self.pages == other.pages, "{what}: the page models differ");
        assert!(self.model == other.model, "{what}: the models differ");
        let names = |f: &Files| f.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&self.files),
            names(&other.files),
            "{what}: file lists"
        );
        for (name, text) in &self.files {
            assert!(
                other.files.get(name) == Some(text),
                "{what}: {name} differs"
            );
        }
    }
}

fn render(tree: &DocsTree) -> Output {
    let pages = tree.parse();
    let api = model::build(&pages);
    Output {
        pages: serde_json::to_string(&pages).expect("pages serialize"),
        model: serde_json::to_string(&api).expect("model serializes"),
        files: codegen::generate(&api, &codegen::Options::default()).expect("generates"),
    }
}

/// Runs `f` on a rayon pool of `threads` threads.
fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
        .install(f)
}

/// The trees tried: `docs-input/`, the hostile fixtures, and every 15th corpus page when the
/// corpus is here.
fn trees() -> Vec<(&'static str, Vec<(String, String)>)> {
    let ws = docgen_tests::workspace();
    let mut out = vec![
        ("docs-input", load(&docgen_tests::docs_input())),
        ("hostile", load(&ws.join("tests").join("hostile"))),
    ];
    if let Some(corpus) = docgen_tests::corpus() {
        let all = load(&corpus.join("graph-docs-v1.0"));
        out.push(("corpus sample", all.into_iter().step_by(15).collect()));
    }
    out
}

fn load(root: &Path) -> Vec<(String, String)> {
    DocsTree::load(root).unwrap_or_else(|e| panic!("{e}")).pages
}

/// A fixed permutation (an LCG), so a failure reproduces.
fn shuffled(mut pages: Vec<(String, String)>, seed: u64) -> Vec<(String, String)> {
    let mut s = seed;
    for i in (1..pages.len()).rev() {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        pages.swap(i, (s >> 33) as usize % (i + 1));
    }
    pages
}

#[test]
fn thread_count_and_page_order_do_not_change_the_output() {
    let root = PathBuf::from("docs");
    for (name, pages) in trees() {
        let tree = DocsTree::from_pages(&root, pages.clone());
        let one = with_threads(1, || render(&tree));
        // A second single-threaded run: hash-map iteration order differs between runs.
        one.assert_same(
            &with_threads(1, || render(&tree)),
            &format!("{name}, run twice"),
        );
        one.assert_same(
            &with_threads(4, || render(&tree)),
            &format!("{name}, 1 vs 4 threads"),
        );
        for seed in [1, 2] {
            let tree = DocsTree::from_pages(&root, shuffled(pages.clone(), seed));
            let out = with_threads(3, || render(&tree));
            one.assert_same(&out, &format!("{name}, pages shuffled ({seed})"));
        }
        let reversed: Vec<_> = pages.iter().rev().cloned().collect();
        let out = with_threads(2, || render(&DocsTree::from_pages(&root, reversed)));
        one.assert_same(&out, &format!("{name}, pages reversed"));
        println!(
            "{name}: {} pages, {} files, identical",
            pages.len(),
            one.files.len()
        );
    }
}

/// Every file under `dir`, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).expect("reads folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&p).expect("reads file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The docs written to disk in opposite orders (directory listings follow creation order on
/// some file systems) and generated with different thread counts: the written crates match byte
/// for byte, manifest and `Cargo.toml` included.
#[test]
fn files_created_in_any_order_generate_the_same_crate() {
    let pages = load(&docgen_tests::docs_input());
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut crates = Vec::new();
    for (i, (order, threads)) in [(false, 1), (true, 4)].into_iter().enumerate() {
        let base = tmp.path().join(format!("run{i}"));
        let docs = base.join("docs");
        let list: Vec<_> = if order {
            pages.iter().rev().collect()
        } else {
            pages.iter().collect()
        };
        for (rel, text) in list {
            let path = docs.join(rel);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(&path, text).expect("writes page");
        }
        let out = base.join("out");
        with_threads(threads, || {
            Config::new()
                .docs_root(&docs)
                .source_label("docs")
                .out_dir(&out)
                .generate()
                .expect("generates")
        });
        crates.push(read_tree(&out));
    }
    assert!(crates[0].len() > 3, "{:?}", crates[0].keys());
    assert_eq!(
        crates[0].keys().collect::<Vec<_>>(),
        crates[1].keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &crates[0] {
        assert!(crates[1].get(name) == Some(bytes), "{name} differs");
    }
}
