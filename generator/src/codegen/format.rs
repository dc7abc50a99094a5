//! Formatting generated tokens with `prettyplease`, in parts.
//!
//! A big file is formatted as several parts on several threads and the texts are put together.
//! That gives the same text as formatting the whole file because prettyplease ends every item
//! with a hard break: an item's layout depends only on its own tokens and its indentation, never
//! on its neighbours. So a part (a run of items) is formatted alone, wrapped in as many modules as
//! it is deep in the file so it gets the same indentation, and the wrapper lines are cut off. The
//! file around the parts (module declarations, attributes) is formatted once as a skeleton that
//! holds a placeholder item where each run of parts goes; the placeholder's line is then
//! replaced by the parts' text.

use crate::error::{Error, Result};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The name of the module that wraps a nested part; cut off again after formatting.
const WRAPPER: &str = "__docgen_part";

/// The placeholder item for the `index`th slot of a skeleton.
pub fn slot(index: usize) -> TokenStream {
    let name = format_ident!("__DocgenSlot{index}");
    quote!(struct #name;)
}

/// The line prettyplease prints for [`slot`] `index`, without indentation.
fn slot_line(index: usize) -> String {
    format!("struct __DocgenSlot{index};")
}

/// Parses `tokens` as a file and pretty-prints it; `item` names what is formatted in errors.
pub fn format_file(item: &str, tokens: TokenStream) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Codegen {
        item: item.to_owned(),
        message: e.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Formats items that sit `depth` modules deep in their file, as they print there.
pub fn format_part(item: &str, tokens: TokenStream, depth: usize) -> Result<String> {
    if depth == 0 {
        return format_file(item, tokens);
    }
    let wrapper = format_ident!("{WRAPPER}");
    let mut wrapped = tokens;
    for _ in 0..depth {
        wrapped = quote!(mod #wrapper { #wrapped });
    }
    let text = format_file(item, wrapped)?;
    let lines: Vec<&str> = text.lines().collect();
    let wrapper_at = |i: usize, line: &str| {
        let indent = " ".repeat(4 * i);
        line == format!("{indent}mod {WRAPPER} {{") || line == format!("{indent}}}")
    };
    let inner = lines
        .len()
        .checked_sub(2 * depth)
        .filter(|_| {
            (0..depth).all(|i| wrapper_at(i, lines[i]) && wrapper_at(i, lines[lines.len() - 1 - i]))
        })
        .ok_or_else(|| Error::Codegen {
            item: item.to_owned(),
            message: "a nested part did not print inside its wrapper modules".into(),
        })?;
    let mut out = String::with_capacity(text.len());
    for line in &lines[depth..depth + inner] {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// Replaces each [`slot`] line of a formatted skeleton with the text of its parts, in order.
/// Every slot must appear exactly once.
pub fn fill_slots(item: &str, skeleton: &str, slots: &[Vec<&str>]) -> Result<String> {
    let size = skeleton.len() + slots.iter().flatten().map(|p| p.len()).sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut filled = vec![false; slots.len()];
    let names: Vec<String> = (0..slots.len()).map(slot_line).collect();
    for line in skeleton.lines() {
        let trimmed = line.trim_start();
        match names.iter().position(|n| n == trimmed) {
            Some(i) if !filled[i] => {
                filled[i] = true;
                slots[i].iter().for_each(|part| out.push_str(part));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if filled.iter().all(|f| *f) {
        Ok(out)
    } else {
        Err(Error::Codegen {
            item: item.to_owned(),
            message: "a part's place was lost in formatting".into(),
        })
    }
}

/// prettyplease puts items back to back; a blank line before each top-level item (and its doc
/// comment) makes the files readable. Only whitespace between items changes. Appends to `out`.
pub fn space_items(code: &str, out: &mut String) {
    out.reserve(code.len() + code.len() / 16);
    let mut prev = "";
    for line in code.lines() {
        let starts_item = !line.starts_with([' ', '}', ')', ']']) && !line.is_empty();
        let prev_ends_item = prev == "}" || (prev.ends_with(';') && !prev.starts_with(' '));
        let prev_is_attr_or_doc = prev.starts_with("///") || prev.starts_with("#[");
        if starts_item && prev_ends_item && !prev_is_attr_or_doc {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items long enough to be broken over lines, at every depth they are generated at.
    fn items() -> TokenStream {
        quote! {
            /// A struct.
            #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
            pub struct A { #[serde(rename = "aVeryLongWireName", skip_serializing_if = "Option::is_none")] pub a: Option<crate::some_module::SomeVeryLongTypeName> }
            impl crate::Route for A {
                const TEMPLATE: &'static str = "/users/{user-id}/calendars/{calendar-id}/events/{event-id}";
                fn path(&self) -> String { let mut path = String::new(); crate::encode_segment(&mut path, &self.a.to_string()); path }
            }
            pub enum B { X, Y(String) }
        }
    }

    #[test]
    fn parts_print_as_in_the_whole_file() {
        let items = items();
        for depth in 0..3 {
            let mut nested = quote!(#items #items);
            let mut skeleton = slot(0);
            for i in 0..depth {
                let name = format_ident!("m{i}");
                nested = quote!(pub mod #name { #nested });
                skeleton = quote!(pub mod #name { #skeleton });
            }
            let whole = format_file("t", nested).expect("formats");
            let part = format_part("t", items.clone(), depth).expect("formats");
            let skeleton = format_file("t", skeleton).expect("formats");
            let filled = fill_slots("t", &skeleton, &[vec![&part, &part]]).expect("fills");
            assert_eq!(filled, whole, "depth {depth}");
        }
    }

    #[test]
    fn a_lost_slot_is_an_error() {
        assert!(fill_slots("t", "struct A;\n", &[vec!["x"]]).is_err());
    }
}
