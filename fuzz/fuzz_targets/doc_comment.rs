//! Doc text never becomes a code block (a doctest), HTML or a link in a generated doc comment.
#![no_main]

use docgen::codegen::docs::sanitize;
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc: String = sanitize(&text).iter().map(|l| format!(" {l}\n")).collect();
    for e in Parser::new_ext(&doc, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match e {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. })
            | Event::Html(_)
            | Event::InlineHtml(_) => panic!("{e:?} in {doc:?}"),
            _ => {}
        }
    }
});
