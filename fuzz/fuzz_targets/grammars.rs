//! The cell and line grammars on arbitrary text: routes, type cells, description cells,
//! annotations, example messages and front matter. Every range they return is a slice of the
//! input.
#![no_main]

use docgen::parse::{annotation, example, frontmatter, markers, route, typeexpr};
use libfuzzer_sys::fuzz_target;

fn slice(s: &str, r: &std::ops::Range<usize>) {
    assert!(s.get(r.clone()).is_some(), "{r:?} of {}", s.len());
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for line in text.lines() {
        match route::parse_route_line(line) {
            Ok(r) => {
                slice(line, &r.method_range);
                slice(line, &r.path_range);
                let _ = route::matches(&r, &r);
            }
            Err(e) => slice(line, &e.range),
        }
        let _ = typeexpr::parse_type_cell(line);
        let d = markers::parse_description(line);
        for l in &d.links {
            slice(line, &l.range);
        }
    }
    if let annotation::Read::Invalid(off, _) = annotation::read(&text) {
        assert!(off <= text.len());
    }
    let msg = example::split(&text);
    if let Some((_, _, r)) = &msg.request_line {
        slice(&text, r);
    }
    let _ = example::body(&text);
    let _ = frontmatter::read(&text);
});
