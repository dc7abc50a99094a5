//! Model enums → Rust enums that survive values the docs do not list.

use super::docs::doc_attrs;
use super::naming::RustPlan;
use crate::model::EnumDef;
use proc_macro2::TokenStream;
use quote::quote;

/// The enum, its table of wire names (`runtime::OpenEnum`), its `as_str`, `Display` and
/// `FromStr` through that table, and serde impls that read and write the wire string through
/// them (a value the enum does not list reads as `Other`).
pub fn enum_def(e: &EnumDef, names: &RustPlan, opts: &super::Prepared) -> TokenStream {
    let Some(en) = names.enum_names(&e.name) else {
        return TokenStream::new();
    };
    let root = &opts.root;
    let extra = opts.attributes_for(&e.name);
    let mut doc = e.description.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Graph enum `{}`", e.name));
    if e.flags {
        doc.push_str(
            " (flags: values are `runtime::Flags` of its members, sent separated by commas)",
        );
    }
    doc.push('.');
    let doc = doc_attrs(&doc);
    let name = &en.rust;
    // The members with their variant names.
    let members = || e.members.iter().zip(en.members.iter().map(|n| &n.rust));
    let variants = members().map(|(m, v)| {
        let wire = &m.name;
        let doc = doc_attrs(&m.description.clone().unwrap_or_else(|| format!("`{wire}`")));
        quote! {
            #doc
            #v,
        }
    });
    // One table of wire names read by the runtime (`runtime::OpenEnum`), rather than a `match`
    // per impl: a member costs a table row, not two match arms.
    let table = members().map(|(m, v)| {
        let wire = &m.name;
        quote!((#wire, Self::#v),)
    });
    let open = quote!(#root::runtime::OpenEnum);
    // An enum without members (metadata declares some) is all `Other`: a second arm would be
    // unreachable.
    let other = if e.members.is_empty() {
        quote! {
            let Self::Other(text) = self;
            Some(text)
        }
    } else {
        quote! {
            match self {
                Self::Other(text) => Some(text),
                _ => None,
            }
        }
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        #extra
        pub enum #name {
            #(#variants)*
            /// A value the docs do not list, kept as sent.
            Other(String),
        }

        impl #open for #name {
            const MEMBERS: &'static [(&'static str, Self)] = &[#(#table)*];

            fn other(&self) -> Option<&str> {
                #other
            }

            fn from_other(text: String) -> Self {
                Self::Other(text)
            }
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                #open::wire_name(self)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(#open::from_wire(s))
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #root::runtime::fields::read_enum(deserializer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::{Options, Prepared};

    #[test]
    fn members_are_table_rows_and_an_enum_without_members_is_all_other() {
        let mut api = crate::export::fixtures::api();
        let opts = Options::default();
        let p = Prepared::new(&opts).expect("default options");
        let plan = RustPlan::new(&api);
        let e = api.enums.first().expect("the fixture has an enum");
        let (wire, variant) = (&e.members[0].name, &plan.enums[0].members[0].rust);
        let code = enum_def(e, &plan, &p).to_string();
        let row = format!("(\"{wire}\" , Self :: {variant})");
        assert!(code.contains(&row), "{row} in {code}");
        assert!(code.contains("_ => None"), "{code}");
        api.enums[0].members.clear();
        let plan = RustPlan::new(&api);
        let code = enum_def(&api.enums[0], &plan, &p).to_string();
        assert!(
            code.contains("MEMBERS : & 'static [(& 'static str , Self)] = & []"),
            "{code}"
        );
        assert!(code.contains("let Self :: Other (text) = self"), "{code}");
        assert!(!code.contains("_ => None"), "{code}");
    }
}
