//! The pipeline over the v1.0 corpus, stage by stage, against the floor: reading every page and
//! iterating pulldown-cmark's events with tables enabled, nothing else. Run with
//! `cargo bench -p docgen --bench pipeline` (the corpus is `$DOCGEN_CORPUS` or
//! `../shared/corpus` beside the checkout).
//!
//! Each stage runs several times and its median is reported as time, as a ratio to the floor's
//! median in the same run (the machine is small and noisy: ratios hold, absolute times drift),
//! and as pages per second. `docgen lint` and `docgen generate` are also timed as whole
//! processes (the built binary, as a user runs it; `generate` into a crate it wrote before, so
//! that it writes nothing). Peak memory is measured per command after the timings: the
//! benchmark runs itself once per command in a fresh process (`--peak-of lint|generate`), which
//! does what `docgen lint` or `docgen generate` does in memory and reports its high-water mark.
//!
//! Then generated trees large in one dimension each (`tests/src/large.rs`, which
//! `tests/linearity.rs` holds to a bound) show how each stage grows: the time at the large size
//! and its ratio to the time at a tenth of it, in CPU time on one thread. `--large-only` prints
//! that part alone.

use docgen::codegen::{self, Layout, Options};
use docgen::docs::DocsTree;
use docgen::model;
use pulldown_cmark::{Options as MdOptions, Parser};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "../../tests/src/large.rs"]
mod large;

const RUNS: usize = 7;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// Runs `f` `RUNS` times (after one warm-up) and returns the median time and the last result.
fn time<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let next = f();
        times.push(t.elapsed());
        // The previous result is dropped outside the timed region: a command frees its
        // results at exit, not while it works.
        out = next;
    }
    (median(times), out)
}

/// The process's peak resident memory (Linux `VmHWM`), in bytes.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("DOCGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let docs = dir.join("graph-docs-v1.0");
    docs.is_dir().then_some(docs)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs it as a smoke test with fewer
    // pages' worth of patience: both run the same stages.
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--large-only") {
        return large_pages();
    }
    let Some(root) = corpus() else {
        eprintln!("skipping: corpus not found (set DOCGEN_CORPUS)");
        return;
    };
    if let Some(i) = args.iter().position(|a| a == "--peak-of") {
        let command = args.get(i + 1).map_or("lint", String::as_str);
        return measure_peak(&root, command);
    }
    let (floor, (pages, bytes, events)) = time(|| {
        let tree = DocsTree::load(&root).expect("corpus loads");
        let bytes: usize = tree.pages.iter().map(|(_, t)| t.len()).sum();
        let events: usize = tree
            .pages
            .par_iter()
            .map(|(_, t)| Parser::new_ext(t, MdOptions::ENABLE_TABLES).count())
            .sum();
        (tree.pages.len(), bytes, events)
    });
    let (load, tree) = time(|| DocsTree::load(&root).expect("corpus loads"));
    let (parse, parsed) = time(|| tree.parse());
    let (build, api) = time(|| model::build(&parsed));
    let lint_config = docgen::lint::config::LintConfig::default();
    let (lint, findings) = time(|| docgen::lint::lint(&tree, &parsed, &api, &lint_config));
    let opts = Options {
        source_label: "graph-docs-v1.0".into(),
        layout: Layout::Crate,
        features: true,
        ..Options::default()
    };
    let (generate, files) = time(|| codegen::generate(&api, &opts).expect("generates"));
    // Every item of both sides is matched and compared, with nothing to report: the diff's own
    // cost beside loading two trees.
    let (changelog, log) = time(|| docgen::diff::diff(&api, &api));
    assert!(log.changes.is_empty(), "a model differs from itself");
    let generated: usize = files.values().map(String::len).sum();

    let row = |name: &str, d: Duration| {
        let ratio = d.as_secs_f64() / floor.as_secs_f64();
        let pps = pages as f64 / d.as_secs_f64();
        println!(
            "{name:<34} {:>9.1} ms {ratio:>7.2}x {pps:>11.0} pages/s",
            d.as_secs_f64() * 1e3
        );
    };
    println!(
        "corpus: {pages} pages, {:.1} MB, {events} markdown events; {} threads; median of {RUNS} runs",
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    println!(
        "{:<34} {:>12} {:>8} {:>17}",
        "stage", "time", "floor", "throughput"
    );
    row("floor: read + pulldown-cmark", floor);
    row("read pages", load);
    row("parse (page models)", parse);
    row("model (resolve, name)", build);
    row("lint (rules over pages + model)", lint);
    row("codegen (quote + prettyplease)", generate);
    row("diff (the model against itself)", changelog);
    row(
        "read+parse+model+lint, in process",
        load + parse + build + lint,
    );
    row(
        "read+parse+model+codegen, in process",
        load + parse + build + generate,
    );
    match whole_process(&root) {
        Some((lint, generate)) => {
            row("`docgen lint` (whole process)", lint);
            row("`docgen generate` (whole, unchanged)", generate);
        }
        None => println!("whole processes: the docgen binary did not run"),
    }
    println!(
        "lint: {} findings; generated: {} files, {:.1} MB of Rust",
        findings.len(),
        files.len(),
        generated as f64 / 1e6
    );
    drop((tree, parsed, api, findings, files));
    metadata_rows(&root);
    lsp_per_change(&root);
    for command in ["lint", "generate"] {
        match peak_of(command) {
            Some(peak) => println!(
                "peak memory, docgen {command}: {:.0} MB ({:.1}x the corpus)",
                peak as f64 / 1e6,
                peak as f64 / bytes as f64
            ),
            None => println!("peak memory, docgen {command}: not measured"),
        }
    }
    large_pages();
}

/// `docgen lint` and `docgen generate` as a user runs them, median wall time: the lint with JSON
/// output, the generation into a crate it wrote on a first run (so it compares and writes
/// nothing), each lint included.
fn whole_process(root: &std::path::Path) -> Option<(Duration, Duration)> {
    let exe = env!("CARGO_BIN_EXE_docgen");
    let out = tempfile::tempdir().ok()?;
    let crate_dir = out.path().join("crate");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(exe)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()
            .and_then(|s| s.code())
    };
    let docs = root.as_os_str();
    let lint = [
        "lint".as_ref(),
        "--docs".as_ref(),
        docs,
        "--format".as_ref(),
        "json".as_ref(),
    ];
    let generate = [
        "generate".as_ref(),
        "--docs".as_ref(),
        docs,
        "--out".as_ref(),
        crate_dir.as_os_str(),
    ];
    // Lint finds something in the corpus (exit 1); 2 is an error.
    if run(&lint)? == 2 || run(&generate)? != 0 {
        return None;
    }
    let (lint_time, _) = time(|| run(&lint));
    let (generate_time, _) = time(|| run(&generate));
    Some((lint_time, generate_time))
}

/// The 2026 `$metadata` document (beside the docs in the corpus) read into a model, against
/// parsing its XML alone.
fn metadata_rows(root: &std::path::Path) {
    let Some(path) = root
        .parent()
        .map(|c| c.join("metadata/v1.0-2026-08.clean.csdl.xml"))
        .filter(|p| p.is_file())
    else {
        println!("metadata: v1.0-2026-08.clean.csdl.xml not found");
        return;
    };
    let text = std::fs::read_to_string(&path).expect("reads the metadata");
    let (xml, nodes) = time(|| {
        roxmltree::Document::parse(&text)
            .expect("well-formed")
            .descendants()
            .count()
    });
    let name = path.display().to_string();
    let (read, csdl) = time(|| docgen::metadata::parse_csdl(&name, &text).expect("CSDL"));
    let (build, api) = time(|| docgen::metadata::api_from_csdl(&csdl));
    let row = |what: &str, d: Duration| {
        println!(
            "{what:<34} {:>9.1} ms {:>7.2}x",
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() / xml.as_secs_f64()
        );
    };
    println!(
        "metadata: {:.1} MB, {nodes} XML nodes; {} types, {} enums, {} routes; ratio to the XML parse",
        text.len() as f64 / 1e6,
        api.types.len(),
        api.enums.len(),
        api.operations.len()
    );
    row("floor: roxmltree parse", xml);
    row("read CSDL (parse + items)", read);
    row("CSDL -> model (routes, names)", build);
    row("metadata -> model", read + build);
}

/// What `docgen lsp` does on each edit: re-parse and re-lint the edited page against the tree
/// modelled once. Every page is edited once (its own text sent back); prints the median, the
/// 95th percentile and the slowest, and what a save costs (modelling the tree again).
fn lsp_per_change(root: &std::path::Path) {
    use docgen::lsp::analysis::{Analysis, Workspace};
    let open = std::collections::HashMap::new();
    let (reload, ws) = time(|| Workspace::load(root, &open).expect("corpus loads"));
    let (lookups, _) = time(|| Analysis::new(&ws).cx.paths.len());
    let analysis = Analysis::new(&ws);
    let mut each: Vec<(Duration, &str, usize)> = ws
        .tree
        .pages
        .iter()
        .map(|(path, text)| {
            let start = Instant::now();
            let (page, findings) = analysis.lint(path, text);
            let d = start.elapsed();
            drop((page, findings));
            (d, path.as_str(), text.len())
        })
        .collect();
    each.sort();
    let at = |q: f64| each[((each.len() - 1) as f64 * q) as usize].0;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (slowest, path, len) = each[each.len() - 1];
    println!(
        "lsp, one page re-linted per change: median {:.2} ms, p95 {:.2} ms, slowest {:.1} ms ({path}, {:.0} KB); a save (read + parse + model the tree) {:.0} ms + lookups {:.0} ms",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(slowest),
        len as f64 / 1e3,
        ms(reload),
        ms(lookups),
    );
}

/// Runs this benchmark again as `--peak-of COMMAND` and reads the peak it reports.
fn peak_of(command: &str) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .args(["--peak-of", command])
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// What one command holds from reading the pages to its result, in a fresh process: prints the
/// process's peak resident memory in bytes.
fn measure_peak(root: &std::path::Path, command: &str) {
    let tree = DocsTree::load(root).expect("corpus loads");
    let parsed = tree.parse();
    let api = model::build(&parsed);
    if command == "lint" {
        let config = docgen::lint::config::LintConfig::default();
        std::hint::black_box(docgen::lint::lint(&tree, &parsed, &api, &config));
    } else {
        // As `docgen generate` does: the page models go once the model is built.
        drop(parsed);
        let opts = Options {
            source_label: "graph-docs-v1.0".into(),
            layout: Layout::Crate,
            features: true,
            ..Options::default()
        };
        std::hint::black_box(codegen::generate(&api, &opts).expect("generates"));
    }
    if let Some(peak) = peak_memory() {
        println!("{peak}");
    }
}

/// Generated trees large in one dimension each, at two sizes ten times apart: each stage's
/// time at the large size, and as a ratio to the small one (linear: about 10). CPU time (other
/// processes do not count), on one thread, the least of a few runs.
fn large_pages() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    pool.install(large_rows);
}

fn large_rows() {
    println!(
        "generated pages, one dimension each at two sizes 10x apart: CPU time on one thread at the large size (ratio to the small)"
    );
    println!(
        "{:<16} {:>22} {:>6} {:>17} {:>17} {:>17} {:>17}",
        "dimension", "large size", "MB", "parse", "model", "lint", "codegen"
    );
    for d in large::dimensions() {
        let (small, big) = d.sizes;
        let div: usize = std::env::var("LARGE_DIV")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let (small, big) = (small / div, big / div);
        let small_tree = (d.tree)(small);
        let big_tree = (d.tree)(big);
        let s = large::stages(&small_tree, 3);
        let l = large::stages(&big_tree, 3);
        let cell = |i: usize| {
            format!(
                "{:>8.0} ms {:>5.1}x",
                l[i].as_secs_f64() * 1e3,
                l[i].as_secs_f64() / s[i].as_secs_f64()
            )
        };
        println!(
            "{:<16} {:>22} {:>6.1} {} {} {} {}",
            d.name,
            format!("{big} {}", d.unit),
            large::bytes(&big_tree) as f64 / 1e6,
            cell(0),
            cell(1),
            cell(2),
            cell(3)
        );
    }
}
