//! The registry: `from_json(type_name, value)`, which reads a JSON value as the generated type
//! of a Graph type name. A name that has derived types reads through its union, so the value's
//! `@odata.type` picks the derived type, exactly as it does for a field of that type.

use super::features::FeaturePlan;
use super::types::{Ctx, type_ref};
use crate::edm::Primitive;
use crate::model::{Api, QName, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

/// Every primitive, in `Edm` name order of the OData spec.
const PRIMITIVES: &[Primitive] = &[
    Primitive::Binary,
    Primitive::Boolean,
    Primitive::Byte,
    Primitive::Date,
    Primitive::DateTimeOffset,
    Primitive::Decimal,
    Primitive::Double,
    Primitive::Duration,
    Primitive::Guid,
    Primitive::Int16,
    Primitive::Int32,
    Primitive::Int64,
    Primitive::SByte,
    Primitive::Single,
    Primitive::Stream,
    Primitive::String,
    Primitive::TimeOfDay,
    Primitive::Json,
];

/// The items of the generated `registry` module.
pub fn registry(
    api: &Api,
    names: &super::naming::RustPlan,
    opts: &super::Prepared,
    features: Option<&FeaturePlan>,
) -> TokenStream {
    let root = &opts.root;
    let ctx = Ctx {
        ns: "",
        routes: false,
        opts,
        names,
    };
    // Lower-cased names already matched: a later name that differs only in case from an earlier
    // one could never be reached.
    let mut seen: HashSet<String> = HashSet::new();
    let mut arms = Vec::new();
    for p in PRIMITIVES {
        let name = p.edm_name();
        if !seen.insert(name.to_lowercase()) {
            continue;
        }
        let key = name.to_lowercase();
        let overridden = opts.type_override(&key).is_some();
        let ty = match p {
            Primitive::Int64 | Primitive::Single | Primitive::Double | Primitive::Decimal
                if !overridden =>
            {
                let inner = super::types::primitive(*p, opts);
                quote!(#root::runtime::edm::Lenient<#inner>)
            }
            _ => type_ref(api, &TypeRef::Primitive(*p), ctx),
        };
        arms.push(quote!(#key => #root::runtime::read::<#ty>(#name, collection, value),));
    }
    for (q, r) in api.named() {
        let key = q.to_string().to_lowercase();
        if names.module(&q.namespace).is_none() || !seen.insert(key.clone()) {
            continue;
        }
        let name = q.to_string();
        let ty = type_ref(api, &r, ctx);
        let cfg = gate(q, features);
        arms.push(quote! {
            #cfg
            #key => #root::runtime::read::<#ty>(#name, collection, value),
        });
    }
    quote! {
        /// Reads `value` as the generated type of the Graph type `type_name`: a qualified name
        /// (`microsoft.graph.user`, any case, `#` optional), an `Edm` primitive (`Edm.Int64`),
        /// or `Collection(...)` of either, which reads a collection response
        /// (`{"value": [...]}`) as a `Collection` of the type.
        ///
        /// A type with derived types is read as its union (`AnyUser`), which picks the derived
        /// type the value's `@odata.type` names. The returned value writes itself back as JSON
        /// and hands out the Rust value with `downcast_ref` or `into_inner`; `Edm.Int64`,
        /// `Edm.Decimal`, `Edm.Single` and `Edm.Double` are held as `runtime::edm::Lenient`,
        /// which reads every OData form of a number.
        pub fn from_json(
            type_name: &str,
            value: serde_json::Value,
        ) -> Result<#root::runtime::GraphValue, #root::runtime::ReadError> {
            let (name, collection) = #root::runtime::split_type_name(type_name);
            match name.to_ascii_lowercase().as_str() {
                #(#arms)*
                _ => Err(#root::runtime::ReadError::UnknownType(type_name.to_owned())),
            }
        }
    }
}

/// The `cfg` of the namespace `q` is in, when namespaces are features.
fn gate(q: &QName, features: Option<&FeaturePlan>) -> TokenStream {
    match features {
        Some(plan) => plan.cfg(&q.namespace),
        None => TokenStream::new(),
    }
}
