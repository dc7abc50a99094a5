//! What each generated file holds, as parts: the items of every namespace in runs, and around
//! them a skeleton per file (module declarations, inner docs) with a slot where each run goes.

use super::naming::{RouteNames, RustName, RustPlan};
use super::parts::Plan;
use super::{Prepared, enums, features, format, namespace_doc, registry, routes, types};
use crate::model::{Api, Namespace, Operation};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

/// What the code of every namespace needs, computed once and shared by the threads.
pub struct Shared<'a> {
    /// The model.
    pub api: &'a Api,
    /// Its Rust names.
    pub names: &'a RustPlan,
    /// Fields that need a `Box` (see [`types::boxed_fields`]).
    pub boxed: HashSet<(usize, String)>,
    /// The features' `cfg`s, when namespaces are features.
    pub features: Option<&'a features::FeaturePlan>,
}

/// An item of a namespace's module.
#[derive(Clone, Copy)]
enum Item {
    /// A struct (and its union) by index into the model's types.
    Type(usize),
    /// An enum by index into the model's enums.
    Enum(usize),
}

impl Shared<'_> {
    fn item(&self, item: &Item, p: &Prepared) -> TokenStream {
        match *item {
            Item::Type(i) => {
                let mut tokens = types::struct_def(self.api, self.names, i, &self.boxed, p);
                tokens.extend(types::union_def(self.api, self.names, i, p, self.features));
                tokens
            }
            Item::Enum(i) => enums::enum_def(&self.api.enums[i], self.names, p),
        }
    }

    fn route(&self, (op, names): &(&Operation, &RouteNames), p: &Prepared) -> TokenStream {
        routes::route(self.api, self.names, op, names, p)
    }
}

/// One namespace's module: its types and enums, and its route stubs.
pub struct NamespaceCode<'a> {
    /// The namespace.
    ns: &'a Namespace,
    /// Its module.
    module: &'a RustName,
    /// Structs (with their unions) in model order, then enums.
    items: Vec<Item>,
    /// Operations with a route stub, and their names.
    ops: Vec<(&'a Operation, &'a RouteNames)>,
}

/// Each namespace's items and operations, in model order (a namespace `names` has no module
/// for is left out).
pub fn namespaces<'a>(api: &'a Api, names: &'a RustPlan) -> Vec<NamespaceCode<'a>> {
    api.namespaces
        .iter()
        .filter_map(|ns| {
            let types = (api.types.iter().enumerate())
                .filter(|(_, t)| t.name.namespace == ns.name)
                .map(|(i, _)| Item::Type(i));
            let enums = (api.enums.iter().enumerate())
                .filter(|(_, e)| e.name.namespace == ns.name)
                .map(|(i, _)| Item::Enum(i));
            Some(NamespaceCode {
                ns,
                module: names.module(&ns.name)?,
                items: types.chain(enums).collect(),
                ops: api
                    .operations
                    .iter()
                    .zip(&names.routes)
                    .filter(|(o, _)| o.namespace == ns.name)
                    .collect(),
            })
        })
        .collect()
}

/// The `#[doc]` and `#[cfg]` of a namespace's module declaration.
fn module_attrs(shared: &Shared, ns: &str) -> TokenStream {
    let doc = namespace_doc("The", ns, "namespace.");
    let cfg = shared.features.map(|f| f.cfg(ns)).unwrap_or_default();
    quote!(#[doc = #doc] #cfg)
}

/// One `docgen.rs`: the registry and every namespace as inline modules.
pub fn single_file<'a>(
    parts: &mut Plan<'a>,
    shared: &'a Shared<'a>,
    namespaces: &'a [NamespaceCode],
) {
    let registry = parts.part(
        "docgen.rs",
        1,
        Box::new(|p| registry::registry(shared.api, shared.names, p, shared.features)),
    );
    let mut slots = vec![vec![registry]];
    // Each namespace's slots: its routes module's, then its items'.
    let mut ns_slots = Vec::new();
    for n in namespaces {
        let name = n.module.as_str();
        let routes = parts.runs(name, 2, &n.ops, |op, p| shared.route(op, p));
        let items = parts.runs(name, 1, &n.items, |item, p| shared.item(item, p));
        let routes_slot = (!routes.is_empty()).then(|| {
            slots.push(routes);
            slots.len() - 1
        });
        let items_slot = (!items.is_empty()).then(|| {
            slots.push(items);
            slots.len() - 1
        });
        ns_slots.push((n.ns, n.module, routes_slot, items_slot));
    }
    let skeleton = parts.part(
        "docgen.rs",
        0,
        Box::new(move |_| {
            let registry = format::slot(0);
            let mods = ns_slots.iter().map(|(ns, name, routes, items)| {
                let attrs = module_attrs(shared, &ns.name);
                let routes = routes.map(|s| {
                    let slot = format::slot(s);
                    quote! {
                        /// Route stubs of this namespace.
                        pub mod routes { #slot }
                    }
                });
                let items = items.map(format::slot);
                quote!(#attrs pub mod #name { #routes #items })
            });
            quote! {
                /// What the generated code uses (the `docgen-runtime` crate): the HTTP method, the
                /// `Route` trait, the collection envelope and path encoding; the OData number forms
                /// and flags; the readers and writers of the serde impls; what `from_json` returns.
                pub use ::docgen_runtime as runtime;
                /// Reading a JSON value by its Graph type name.
                pub mod registry { #registry }
                pub use registry::from_json;
                pub use runtime::{encode_quoted, encode_segment, Collection, DateTimeOffset, Flags, GraphValue, Guid, Method, ReadError, Reference, Route, TimeOfDay};
                #(#mods)*
            }
        }),
    );
    parts.file("docgen.rs".into(), skeleton, slots);
}

/// A crate's `src/`: `lib.rs`, `registry.rs`, and per namespace its module and
/// its routes module.
pub fn crate_files<'a>(
    parts: &mut Plan<'a>,
    shared: &'a Shared<'a>,
    namespaces: &'a [NamespaceCode],
) {
    let lib = parts.part(
        "lib.rs",
        0,
        Box::new(move |_| {
            let decls = namespaces.iter().map(|n| {
                let attrs = module_attrs(shared, &n.ns.name);
                let name = n.module;
                // `#[rustfmt::skip]` keeps `cargo fmt` in a workspace from reformatting
                // prettyplease's output, which would make every freshness check fail.
                quote!(#attrs #[rustfmt::skip] pub mod #name;)
            });
            quote! {
                //! Models and route stubs generated by docgen from API reference pages.
                /// What the generated code uses (the `docgen-runtime` crate): the HTTP method, the
                /// `Route` trait, the collection envelope and path encoding; the OData number forms
                /// and flags; the readers and writers of the serde impls; what `from_json` returns.
                #[rustfmt::skip]
                pub use ::docgen_runtime as runtime;
                /// Reading a JSON value by its Graph type name.
                #[rustfmt::skip]
                pub mod registry;
                #[rustfmt::skip]
                pub use registry::from_json;
                #[rustfmt::skip]
                pub use runtime::{encode_quoted, encode_segment, Collection, DateTimeOffset, Flags, GraphValue, Guid, Method, ReadError, Reference, Route, TimeOfDay};
                #(#decls)*
            }
        }),
    );
    parts.file("src/lib.rs".into(), lib, Vec::new());
    let reg = parts.part(
        "registry.rs",
        0,
        Box::new(|p| {
            let registry = registry::registry(shared.api, shared.names, p, shared.features);
            quote! {
                //! `from_json`: a JSON value read as the generated type of a Graph type name.
                #registry
            }
        }),
    );
    parts.file("src/registry.rs".into(), reg, Vec::new());
    for n in namespaces {
        let m = n.module.as_str();
        let has_routes = !n.ops.is_empty();
        let items = parts.runs(m, 0, &n.items, |item, p| shared.item(item, p));
        let doc = namespace_doc("Types and enums of the", &n.ns.name, "namespace.");
        let has_items = !items.is_empty();
        let head = parts.part(
            m,
            0,
            Box::new(move |_| {
                let routes_mod = has_routes.then(|| {
                    quote! {
                        /// Route stubs of this namespace.
                        pub mod routes;
                    }
                });
                let items = has_items.then(|| format::slot(0));
                quote! {
                    #![doc = #doc]
                    #routes_mod
                    #items
                }
            }),
        );
        let slots = if has_items { vec![items] } else { Vec::new() };
        parts.file(format!("src/{m}.rs"), head, slots);
        if has_routes {
            let stubs = parts.runs(m, 0, &n.ops, |op, p| shared.route(op, p));
            let doc = namespace_doc("Route stubs of the", &n.ns.name, "namespace.");
            let head = parts.part(
                m,
                0,
                Box::new(move |_| {
                    let slot = format::slot(0);
                    quote! {
                        #![doc = #doc]
                        #slot
                    }
                }),
            );
            parts.file(format!("src/{m}/routes.rs"), head, vec![stubs]);
        }
    }
}
