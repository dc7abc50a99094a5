//! `docgen check`: is the output folder what generation would produce?

use anyhow::Result;
use docgen::check::Stale;

/// Arguments of `docgen check`: the same as `docgen generate`'s, so a check compares with exactly
/// what that generation writes.
pub type Args = super::generate::Args;

/// Prints a unified diff of every stale file; exit 1 when anything differs. Writes nothing.
pub fn run(a: Args) -> Result<i32> {
    let cfg = a.config()?;
    let (_, api, names) = cfg.load_named()?;
    let mut files = cfg.render_named(&api, &names)?;
    let mut stale = docgen::check::stale(&a.out, &files);
    // The manifest is compared too (docgen owns its `[features]` table), but it is not one of
    // the generated files a later generation would remove.
    let manifest = cfg.crate_manifest(&api, &names, &a.out)?;
    files.insert("Cargo.toml".into(), manifest.clone());
    let mut only_manifest = docgen::codegen::Files::new();
    only_manifest.insert("Cargo.toml".into(), manifest);
    stale.extend(
        docgen::check::stale(&a.out, &only_manifest)
            .into_iter()
            .filter(|s| s.path() == "Cargo.toml"),
    );
    let mut text = String::new();
    for s in &stale {
        match s {
            Stale::Changed { diff, .. } => text.push_str(diff),
            Stale::Missing { path } => {
                text.push_str(&format!("missing: {path} (generation produces it)\n"))
            }
            Stale::Removed { path } => text.push_str(&format!(
                "stale: {path} (generated before, no longer produced)\n"
            )),
        }
    }
    super::out(&text)?;
    if stale.is_empty() {
        eprintln!(
            "docgen: {} is fresh ({} files)",
            a.out.display(),
            files.len()
        );
        Ok(0)
    } else {
        eprintln!(
            "docgen: {} of {} files in {} are stale; run `docgen generate {} --out {}`",
            stale.len(),
            files.len(),
            a.out.display(),
            a.sources_label()?,
            a.out.display()
        );
        Ok(1)
    }
}
