//! One page through the parser, the model and code generation: no panic, every position inside
//! the page, and code generation accepts whatever the parser accepted.
#![no_main]

use docgen::parse::{NoIncludes, read_page};
use docgen::span::Span;
use libfuzzer_sys::fuzz_target;

fn in_page(widths: &[usize], at: Span) {
    assert!(at.line >= 1 && at.line as usize <= widths.len(), "{at}");
    assert!(
        at.col >= 1 && at.col as usize <= widths[at.line as usize - 1] + 1,
        "{at}"
    );
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let widths: Vec<usize> = text.split('\n').map(|l| l.chars().count()).collect();
    for path in ["api/x.md", "resources/x.md"] {
        let page = read_page(path, &text, &NoIncludes);
        for d in &page.diagnostics {
            in_page(&widths, d.location.at);
        }
        for t in &page.tables {
            in_page(&widths, t.at);
            for r in &t.rows {
                in_page(&widths, r.at);
                in_page(&widths, r.type_at);
                in_page(&widths, r.description_at);
            }
        }
        for r in &page.routes {
            in_page(&widths, r.at);
        }
        for l in &page.links {
            in_page(&widths, l.at);
        }
        let api = docgen::model::build(std::slice::from_ref(&page));
        if let Err(e) = docgen::codegen::generate(&api, &Default::default()) {
            panic!("{e}");
        }
    }
});
