//! Codegen stage: the model → Rust source files, built with `quote!` and formatted once with
//! `prettyplease`. Reads the model only.

pub mod docs;
pub mod enums;
pub mod features;
pub mod prepared;
pub mod registry;
pub mod routes;
pub mod runtime;
pub mod types;

use crate::error::{Error, Result};
use crate::model::Api;
pub use prepared::Prepared;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// How the generated code is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layout {
    /// A crate's `src/`: `lib.rs`, `runtime.rs`, one file per namespace and its `routes.rs`.
    #[default]
    Crate,
    /// One file, `docgen.rs`, with every module inline, for `include!` from a build script's
    /// `OUT_DIR` (out-of-line `mod x;` cannot be resolved from an included file).
    SingleFile,
}

/// Options for code generation. Rust is given as text (checked when generation starts), so the
/// options can be shared by the threads that generate parts of the code.
#[derive(Clone, Debug)]
pub struct Options {
    /// What the header line says the code was generated from, e.g. `docs-input`.
    pub source_label: String,
    /// Files or a single file.
    pub layout: Layout,
    /// The path of the generated root module as the generated code names it (`crate`, or
    /// `crate::graph` when the code is included into `mod graph`): a Rust path.
    pub root: String,
    /// Rust types to use instead of a primitive (`edm.datetimeoffset`) or a model type or enum
    /// (`microsoft.graph.datetimetimezone`); keys are lower case, values are Rust types.
    pub type_overrides: BTreeMap<String, String>,
    /// Extra attributes for generated structs and enums: a matcher (`.` for all, a namespace, or
    /// a qualified type name; case-insensitive) and one or more outer attributes
    /// (`#[derive(Eq)]`).
    pub type_attributes: Vec<(String, String)>,
    /// Gate each namespace module behind a Cargo feature of its name.
    pub features: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            source_label: "docs".into(),
            layout: Layout::Crate,
            root: "crate".into(),
            type_overrides: BTreeMap::new(),
            type_attributes: Vec::new(),
            features: false,
        }
    }
}

/// Generated files: crate-relative path (`src/lib.rs`) → contents. Sorted, so output order is
/// deterministic.
pub type Files = BTreeMap<String, String>;

/// Formats one file: parse the tokens as a `syn::File`, pretty-print, prepend the header.
fn format(item: &str, tokens: TokenStream, header: &str) -> Result<String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Codegen {
        item: item.to_owned(),
        message: e.to_string(),
    })?;
    Ok(format!(
        "{header}{}",
        space_items(&prettyplease::unparse(&file))
    ))
}

/// prettyplease puts items back to back; a blank line before each top-level item (and its doc
/// comment) makes the files readable. Only whitespace between items changes.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
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
    out
}

/// One namespace's module: its types and enums, and its route stubs.
struct NamespaceCode {
    /// The module's Rust name.
    name: crate::model::naming::RustName,
    /// `#[cfg(feature = ...)]` and docs for the module declaration.
    attrs: TokenStream,
    /// Structs, unions and enums.
    items: TokenStream,
    /// Route stubs, if the namespace has routes.
    routes: Option<TokenStream>,
    /// The namespace's name.
    ns: String,
}

fn namespaces(api: &Api, opts: &Prepared, features: &features::FeaturePlan) -> Vec<NamespaceCode> {
    let boxed = types::boxed_fields(api);
    api.namespaces
        .iter()
        .map(|ns| {
            let structs = api
                .types
                .iter()
                .enumerate()
                .filter(|(_, t)| t.name.namespace == ns.name)
                .map(|(i, _)| {
                    let s = types::struct_def(api, i, &boxed, opts);
                    let u = types::union_def(api, i, opts, opts.opts.features.then_some(features));
                    quote!(#s #u)
                });
            let enums = api
                .enums
                .iter()
                .filter(|e| e.name.namespace == ns.name)
                .map(|e| enums::enum_def(e, opts));
            let ops: Vec<_> = api
                .operations
                .iter()
                .filter(|o| o.namespace == ns.name)
                .collect();
            let routes = (!ops.is_empty()).then(|| {
                let stubs = ops.iter().map(|o| routes::route(api, o, opts));
                quote!(#(#stubs)*)
            });
            let doc = namespace_doc("The", &ns.name, "namespace.");
            let cfg = if opts.opts.features {
                features.cfg(&ns.name)
            } else {
                TokenStream::new()
            };
            NamespaceCode {
                name: ns.rust.clone(),
                attrs: quote!(#[doc = #doc] #cfg),
                items: quote!(#(#structs)* #(#enums)*),
                routes,
                ns: ns.name.clone(),
            }
        })
        .collect()
}

/// A module doc line naming a namespace: in code style when the name is a plain dotted name, and
/// escaped like any docs text otherwise (a page's `Namespace:` line is written by contributors).
fn namespace_doc(before: &str, ns: &str, after: &str) -> String {
    let plain = ns
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    if plain {
        format!(" {before} `{ns}` {after}")
    } else {
        format!(
            " {}",
            docs::sanitize(&format!("{before} {ns} {after}")).join(" ")
        )
    }
}

/// Generates the files for `api`: a crate's `src/` tree, or one `docgen.rs`.
pub fn generate(api: &Api, options: &Options) -> Result<Files> {
    let opts = &Prepared::new(options)?;
    let header = format!(
        "// @generated by docgen from {}. Do not edit: change the docs and regenerate.\n",
        options.source_label.replace(['\n', '\r'], " ")
    );
    let mut files = Files::new();
    let plan = features::plan(api);
    let namespaces = namespaces(api, opts, &plan);
    let runtime = runtime::runtime_rs();
    let registry = registry::registry(api, opts, options.features.then_some(&plan));
    if options.layout == Layout::SingleFile {
        let mods = namespaces.iter().map(|n| {
            let NamespaceCode {
                name, attrs, items, ..
            } = n;
            let routes = n.routes.as_ref().map(|r| {
                quote! {
                    /// Route stubs of this namespace.
                    pub mod routes { #r }
                }
            });
            quote!(#attrs pub mod #name { #routes #items })
        });
        let body = quote! {
            /// What the route stubs use: the HTTP method, the `Route` trait, the collection
            /// envelope and path encoding; the OData number forms; what `from_json` returns.
            pub mod runtime { #runtime }
            /// Reading a JSON value by its Graph type name.
            pub mod registry { #registry }
            pub use registry::from_json;
            pub use runtime::{encode_quoted, encode_segment, Collection, DateTimeOffset, GraphValue, Guid, Method, ReadError, Route, TimeOfDay};
            #(#mods)*
        };
        files.insert("docgen.rs".into(), format("docgen.rs", body, &header)?);
        return Ok(files);
    }
    let decls = namespaces.iter().map(|n| {
        let NamespaceCode { name, attrs, .. } = n;
        // `#[rustfmt::skip]` keeps `cargo fmt` in a workspace from reformatting prettyplease's
        // output, which would make every freshness check fail.
        quote!(#attrs #[rustfmt::skip] pub mod #name;)
    });
    let lib = quote! {
        //! Models and route stubs generated by docgen from API reference pages.
        /// What the route stubs use: the HTTP method, the `Route` trait, the collection envelope
        /// and path encoding; the OData number forms; what `from_json` returns.
        #[rustfmt::skip]
        pub mod runtime;
        /// Reading a JSON value by its Graph type name.
        #[rustfmt::skip]
        pub mod registry;
        #[rustfmt::skip]
        pub use registry::from_json;
        #[rustfmt::skip]
        pub use runtime::{encode_quoted, encode_segment, Collection, DateTimeOffset, GraphValue, Guid, Method, ReadError, Route, TimeOfDay};
        #(#decls)*
    };
    files.insert("src/lib.rs".into(), format("lib.rs", lib, &header)?);
    let rt = quote! {
        //! The small runtime the generated code uses.
        #runtime
    };
    files.insert("src/runtime.rs".into(), format("runtime.rs", rt, &header)?);
    let reg = quote! {
        //! `from_json`: a JSON value read as the generated type of a Graph type name.
        #registry
    };
    files.insert(
        "src/registry.rs".into(),
        format("registry.rs", reg, &header)?,
    );
    for n in &namespaces {
        let m = n.name.as_str();
        let doc = namespace_doc("Types and enums of the", &n.ns, "namespace.");
        let routes_mod = n.routes.as_ref().map(|_| {
            quote! {
                /// Route stubs of this namespace.
                pub mod routes;
            }
        });
        let items = &n.items;
        let body = quote! {
            #![doc = #doc]
            #routes_mod
            #items
        };
        files.insert(format!("src/{m}.rs"), format(m, body, &header)?);
        if let Some(stubs) = &n.routes {
            let doc = namespace_doc("Route stubs of the", &n.ns, "namespace.");
            let body = quote! {
                #![doc = #doc]
                #stubs
            };
            files.insert(format!("src/{m}/routes.rs"), format(m, body, &header)?);
        }
    }
    Ok(files)
}
