//! Model types → Rust type expressions and structs.

use super::docs::doc_attrs;
use crate::model::{Api, Property, QName, TypeDef, TypeRef, TypeUse};
use crate::parse::typeexpr::Primitive;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{HashMap, HashSet};

/// The Rust type of a primitive. Types with several spellings of one value keep the text in a
/// runtime type (see `runtime::text_types`).
pub fn primitive(p: Primitive, opts: &super::Prepared) -> TokenStream {
    use Primitive as P;
    let root = &opts.root;
    match p {
        P::String => quote!(String),
        P::Boolean => quote!(bool),
        P::Byte => quote!(u8),
        P::SByte => quote!(i8),
        P::Int16 => quote!(i16),
        P::Int32 => quote!(i32),
        P::Int64 => quote!(i64),
        P::Single => quote!(f32),
        P::Double | P::Decimal => quote!(f64),
        P::Date => quote!(chrono::NaiveDate),
        P::DateTimeOffset => quote!(#root::runtime::DateTimeOffset),
        P::TimeOfDay => quote!(#root::runtime::TimeOfDay),
        P::Guid => quote!(#root::runtime::Guid),
        // ISO 8601 durations, base64 binary and streams travel as strings.
        P::Duration | P::Binary | P::Stream => quote!(String),
        // `Edm.Untyped` and the geography/geometry types (GeoJSON objects).
        _ => quote!(serde_json::Value),
    }
}

/// Where generated code is being written: a namespace's module, or the routes module below it.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    /// The namespace of the module.
    pub ns: &'a str,
    /// Inside `<namespace>::routes`: same-namespace types are `super::X`.
    pub routes: bool,
    /// Generation options (root path, type overrides).
    pub opts: &'a super::Prepared<'a>,
}

/// Path to a model type or enum as seen from `ctx`.
pub fn path_to(
    api: &Api,
    q: &QName,
    rust: &crate::model::naming::RustName,
    ctx: Ctx,
) -> TokenStream {
    if q.namespace == ctx.ns {
        if ctx.routes {
            quote!(super::#rust)
        } else {
            quote!(#rust)
        }
    } else {
        let root = &ctx.opts.root;
        match api.module(&q.namespace) {
            Some(m) => quote!(#root::#m::#rust),
            None => quote!(serde_json::Value),
        }
    }
}

/// The element type of a type reference.
pub fn type_ref(api: &Api, t: &TypeRef, ctx: Ctx) -> TokenStream {
    if ctx.opts.has_type_overrides() {
        let key = match t {
            TypeRef::Primitive(p) => p.edm_name().to_lowercase(),
            TypeRef::Type(q) | TypeRef::Enum(q) => q.to_string().to_lowercase(),
            TypeRef::Unresolved(_) => String::new(),
        };
        if let Some(user) = ctx.opts.type_override(&key) {
            return user.clone();
        }
    }
    match t {
        TypeRef::Primitive(p) => primitive(*p, ctx.opts),
        // A base with derived types is used through its union, so a derived value survives.
        TypeRef::Type(q) => match api.type_def(q) {
            Some(d) => match &d.polymorphic {
                Some(p) => path_to(api, q, &p.rust, ctx),
                None => path_to(api, q, &d.rust, ctx),
            },
            None => quote!(serde_json::Value),
        },
        TypeRef::Enum(q) => match api.enum_def(q) {
            Some(d) => path_to(api, q, &d.rust, ctx),
            None => quote!(serde_json::Value),
        },
        TypeRef::Unresolved(_) => quote!(serde_json::Value),
    }
}

/// The full type of a use: `Vec<T>` for collections, `Box<T>` where `boxed`.
pub fn type_use(api: &Api, u: &TypeUse, ctx: Ctx, boxed: bool) -> TokenStream {
    let t = type_ref(api, &u.ty, ctx);
    if u.collection {
        quote!(Vec<#t>)
    } else if boxed {
        quote!(Box<#t>)
    } else {
        t
    }
}

/// Which (type, property) pairs need a `Box`: a non-collection field whose type is in the same
/// strongly connected component as the struct holding it (flattened fields included).
pub fn boxed_fields(api: &Api) -> HashSet<(usize, String)> {
    let n = api.types.len();
    let index: HashMap<&QName, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.name, i))
        .collect();
    let edges: Vec<Vec<(usize, String)>> = api
        .types
        .iter()
        .map(|t| {
            api.all_properties(t)
                .into_iter()
                .filter(|p| !p.ty.collection)
                .filter_map(|p| match &p.ty.ty {
                    // Unions box their variants: no cycle runs through them.
                    TypeRef::Type(q)
                        if api.type_def(q).is_some_and(|d| d.polymorphic.is_none()) =>
                    {
                        index.get(q).map(|&j| (j, p.name.clone()))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect();
    let comp = scc(n, &edges);
    let mut out = HashSet::new();
    for (i, es) in edges.iter().enumerate() {
        for (j, name) in es {
            if comp[i] == comp[*j] {
                out.insert((i, name.clone()));
            }
        }
    }
    out
}

/// Kosaraju's algorithm, iteratively (type graphs can be deep): a component id per node.
fn scc(n: usize, edges: &[Vec<(usize, String)>]) -> Vec<usize> {
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut stack = vec![(s, 0usize)];
        while let Some((v, i)) = stack.pop() {
            if let Some((w, _)) = edges[v].get(i) {
                stack.push((v, i + 1));
                if !seen[*w] {
                    seen[*w] = true;
                    stack.push((*w, 0));
                }
            } else {
                order.push(v);
            }
        }
    }
    let mut rev = vec![Vec::new(); n];
    for (v, es) in edges.iter().enumerate() {
        for (w, _) in es {
            rev[*w].push(v);
        }
    }
    let mut comp = vec![usize::MAX; n];
    let mut c = 0;
    for &s in order.iter().rev() {
        if comp[s] != usize::MAX {
            continue;
        }
        let mut stack = vec![s];
        comp[s] = c;
        while let Some(v) = stack.pop() {
            for &w in &rev[v] {
                if comp[w] == usize::MAX {
                    comp[w] = c;
                    stack.push(w);
                }
            }
        }
        c += 1;
    }
    comp
}

/// The doc text of a property: its description, else its wire name.
pub fn property_doc(p: &Property) -> String {
    let mut doc = p
        .description
        .clone()
        .unwrap_or_else(|| format!("`{}`", p.name));
    if !p.possible_values.is_empty() {
        doc.push_str("\n\nDocumented values: ");
        let vals: Vec<String> = p.possible_values.iter().map(|v| format!("`{v}`")).collect();
        doc.push_str(&vals.join(", "));
        doc.push('.');
    }
    doc
}

/// The `with` module for a field of type `t`: the OData number forms (`Int64` and `Decimal` as
/// strings, `"NaN"` and `"INF"` for `Single` and `Double`), unless the type is overridden.
fn number_forms(t: &TypeRef, ctx: Ctx) -> Option<String> {
    let TypeRef::Primitive(p) = t else {
        return None;
    };
    let lenient = matches!(
        p,
        Primitive::Int64 | Primitive::Single | Primitive::Double | Primitive::Decimal
    );
    let overridden = ctx.opts.has_type_overrides()
        && ctx
            .opts
            .type_override(&p.edm_name().to_lowercase())
            .is_some();
    (lenient && !overridden).then(|| ctx.opts.runtime_path("edm"))
}

/// One struct field for a property.
pub fn field(api: &Api, p: &Property, ctx: Ctx, boxed: bool) -> TokenStream {
    let doc = doc_attrs(&property_doc(p));
    let name = &p.rust;
    let wire = &p.name;
    let ty = type_use(api, &p.ty, ctx, boxed);
    let serde = match number_forms(&p.ty.ty, ctx) {
        Some(with) => quote! {
            #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none", with = #with)]
        },
        None => quote! {
            #[serde(rename = #wire, skip_serializing_if = "Option::is_none")]
        },
    };
    quote! {
        #doc
        #serde
        pub #name: Option<#ty>,
    }
}

/// The catch-all field every struct ends with: members the struct has no field for, kept as
/// sent (instance annotations such as `@odata.etag` and `manager@odata.bind`, the dynamic
/// properties of open types, and properties newer than the docs). Named `additional_data`, or
/// with `_` appended while a property has that name.
pub fn additional_data<'p>(fields: impl IntoIterator<Item = &'p Property>) -> TokenStream {
    // A list: the name is looked up once or twice, building a set would cost more.
    let taken: Vec<&str> = fields.into_iter().map(|p| p.rust.as_str()).collect();
    let mut name = String::from("additional_data");
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    let name = quote::format_ident!("{name}");
    quote! {
        /// Members without a field of their own, kept as sent: annotations (`@odata.etag`),
        /// dynamic properties of open types, properties the docs do not list.
        #[serde(flatten)]
        pub #name: serde_json::Map<String, serde_json::Value>,
    }
}

/// The struct for a model type, with inherited properties flattened in.
pub fn struct_def(
    api: &Api,
    idx: usize,
    boxed: &HashSet<(usize, String)>,
    opts: &super::Prepared,
) -> TokenStream {
    let t: &TypeDef = &api.types[idx];
    let ctx = Ctx {
        ns: t.name.namespace.as_str(),
        routes: false,
        opts,
    };
    let extra = opts.attributes_for(&t.name);
    let mut doc = t.description.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Graph type `{}`", t.name));
    if let Some(b) = &t.base {
        doc.push_str(&format!(
            ", derived from `{b}` (its properties are included)"
        ));
    }
    doc.push('.');
    let doc = doc_attrs(&doc);
    let name = &t.rust;
    // A documented `@odata.type` property is the discriminator every struct already carries.
    let props: Vec<&Property> = api
        .all_properties(t)
        .into_iter()
        .filter(|p| p.name != "@odata.type")
        .collect();
    let rest = additional_data(props.iter().copied());
    let fields = props
        .iter()
        .map(|p| field(api, p, ctx, boxed.contains(&(idx, p.name.clone()))));
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #extra
        pub struct #name {
            /// The `@odata.type` the value was sent with, e.g. `#microsoft.graph.user`.
            #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
            pub odata_type: Option<String>,
            #(#fields)*
            #rest
        }
    }
}

/// The union of a base type and the types deriving from it, dispatched on `@odata.type`.
pub fn union_def(
    api: &Api,
    idx: usize,
    opts: &super::Prepared,
    features: Option<&super::features::FeaturePlan>,
) -> TokenStream {
    let t: &TypeDef = &api.types[idx];
    let Some(poly) = &t.polymorphic else {
        return TokenStream::new();
    };
    let ctx = Ctx {
        ns: t.name.namespace.as_str(),
        routes: false,
        opts,
    };
    let name = &poly.rust;
    let base_variant = poly.variants.first().map(|(_, v)| v.clone());
    let doc = doc_attrs(&format!(
        "`{}` or any of the {} types deriving from it, told apart by `@odata.type`; a value whose `@odata.type` names none of them is read as the base.",
        t.name,
        poly.variants.len().saturating_sub(1)
    ));
    // A derived type in another namespace exists only when that namespace's feature is on.
    let gate = |q: &crate::model::QName| match features {
        Some(plan) if q.namespace != t.name.namespace => plan.cfg(&q.namespace),
        _ => TokenStream::new(),
    };
    type Variant<'a> = (
        String,
        TokenStream,
        &'a crate::model::naming::RustName,
        TokenStream,
    );
    let structs: Vec<Variant> = poly
        .variants
        .iter()
        .filter_map(|(q, v)| {
            let d = api.type_def(q)?;
            Some((q.to_string(), path_to(api, q, &d.rust, ctx), v, gate(q)))
        })
        .collect();
    let variants = structs.iter().map(|(q, path, v, cfg)| {
        let d = doc_attrs(&format!("A `{q}`."));
        quote!(#d #cfg #v(Box<#path>),)
    });
    let ser = structs
        .iter()
        .map(|(_, _, v, cfg)| quote!(#cfg Self::#v(value) => value.serialize(serializer),));
    let de = structs.iter().skip(1).map(|(q, _, v, cfg)| {
        let tag = q.to_lowercase();
        quote!(#cfg #tag => serde_json::from_value(value).map(|v| Self::#v(Box::new(v))),)
    });
    let odata = structs
        .iter()
        .map(|(_, _, v, cfg)| quote!(#cfg Self::#v(value) => value.odata_type.as_deref(),));
    let froms = structs.iter().map(|(q, path, v, cfg)| {
        let tag = format!("#{q}");
        quote! {
            #cfg
            impl From<#path> for #name {
                fn from(mut value: #path) -> Self {
                    if value.odata_type.is_none() {
                        value.odata_type = Some(#tag.to_owned());
                    }
                    Self::#v(Box::new(value))
                }
            }
        }
    });
    let base_variant = base_variant.map(|b| quote!(#b));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The `@odata.type` the value carries, if any.
            pub fn odata_type(&self) -> Option<&str> {
                match self {
                    #(#odata)*
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value
                    .get("@odata.type")
                    .and_then(serde_json::Value::as_str)
                    .map(|t| t.trim_start_matches('#').to_ascii_lowercase())
                    .unwrap_or_default();
                let read = match tag.as_str() {
                    #(#de)*
                    _ => serde_json::from_value(value).map(|v| Self::#base_variant(Box::new(v))),
                };
                read.map_err(serde::de::Error::custom)
            }
        }

        #(#froms)*
    }
}
