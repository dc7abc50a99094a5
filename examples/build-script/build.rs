//! Generates the Graph models and route stubs from the docs at build time.

fn main() {
    let result = docgen::Config::new()
        .docs_root("../../docs-input")
        // The code is included into `mod graph` (see src/lib.rs), so it names itself so.
        .module_path("crate::graph")
        // Timestamps stay as the service sent them.
        .map_type("DateTimeOffset", "String")
        .type_attribute(
            "microsoft.graph.threatCategory",
            "#[derive(PartialOrd, Ord)]",
        )
        .generate();
    if let Err(e) = result {
        // One located line (`page.md:12:3: what is wrong`) rather than a panic's backtrace.
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
