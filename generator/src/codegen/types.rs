//! Model types → Rust type expressions and structs.

use super::docs::doc_attrs;
use super::naming::{RustName, RustPlan};
use crate::edm::Primitive;
use crate::model::{Api, Property, QName, TypeDef, TypeRef, TypeUse};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{HashMap, HashSet};

/// The Rust type of a primitive. Types with several spellings of one value keep the text in a
/// runtime type (`DateTimeOffset`, `TimeOfDay`, `Guid` of `docgen-runtime`).
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
        P::Date => quote!(#root::runtime::chrono::NaiveDate),
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
    /// The model's Rust names.
    pub names: &'a RustPlan,
}

/// Path to a model type or enum named `rust` as seen from `ctx`.
pub fn path_to(q: &QName, rust: &RustName, ctx: Ctx) -> TokenStream {
    if q.namespace == ctx.ns {
        if ctx.routes {
            quote!(super::#rust)
        } else {
            quote!(#rust)
        }
    } else {
        let root = &ctx.opts.root;
        match ctx.names.module(&q.namespace) {
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
        TypeRef::Type(q) => match (api.type_def(q), ctx.names.type_names(q)) {
            (Some(d), Some(n)) => match (&d.polymorphic, &n.union) {
                (Some(_), Some(u)) => path_to(q, &u.rust, ctx),
                _ => path_to(q, &n.rust, ctx),
            },
            _ => quote!(serde_json::Value),
        },
        TypeRef::Enum(q) => match (api.enum_def(q), ctx.names.enum_names(q)) {
            // A flags value may combine members: it is a set of them.
            (Some(d), Some(n)) if d.flags => {
                let member = path_to(q, &n.rust, ctx);
                let root = &ctx.opts.root;
                quote!(#root::runtime::Flags<#member>)
            }
            (Some(_), Some(n)) => path_to(q, &n.rust, ctx),
            _ => quote!(serde_json::Value),
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

/// Whether a field of type `t` reads and writes through the runtime's OData number forms
/// (`Int64` and `Decimal` as strings, `"NaN"` and `"INF"` for `Single` and `Double`): those types,
/// unless the type is overridden.
fn number_forms(t: &TypeRef, ctx: Ctx) -> bool {
    let TypeRef::Primitive(p) = t else {
        return false;
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
    lenient && !overridden
}

/// One struct field for a property, named `name`.
pub fn field(api: &Api, p: &Property, name: &RustName, ctx: Ctx, boxed: bool) -> TokenStream {
    let doc = doc_attrs(&property_doc(p));
    let ty = type_use(api, &p.ty, ctx, boxed);
    quote! {
        #doc
        pub #name: Option<#ty>,
    }
}

/// The catch-all field every struct ends with: members the struct has no field for, kept as
/// sent (instance annotations such as `@odata.etag` and `manager@odata.bind`, the dynamic
/// properties of open types, and properties newer than the docs). Named `additional_data`, or
/// with `_` appended while a field has that name: its name and the field.
pub fn additional_data<'n>(
    fields: impl IntoIterator<Item = &'n RustName>,
) -> (proc_macro2::Ident, TokenStream) {
    // A list: the name is looked up once or twice, building a set would cost more.
    let taken: Vec<&str> = fields.into_iter().map(RustName::as_str).collect();
    let mut name = String::from("additional_data");
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    let name = quote::format_ident!("{name}");
    let field = quote! {
        /// Members without a field of their own, kept as sent: annotations (`@odata.etag`),
        /// dynamic properties of open types, properties the docs do not list.
        pub #name: serde_json::Map<String, serde_json::Value>,
    };
    (name, field)
}

/// A struct's `Serialize`, `Deserialize` and `Fields` impls: one match arm and one write per
/// field onto the runtime's shared helpers (`runtime::fields`), rather than a serde derive's
/// expansion per type. What they accept and write is what the derive with `rename`,
/// `skip_serializing_if = "Option::is_none"`, the number forms' `with` and a flattened catch-all
/// did: members by wire name, absent and `null` fields left out, other members kept in order.
///
/// `odata_type`: the struct starts with the `@odata.type` field every model struct carries.
/// `props` are the fields: each property with its field name.
pub fn struct_serde<'p>(
    name: &RustName,
    odata_type: bool,
    props: impl IntoIterator<Item = (&'p Property, &'p RustName)>,
    rest: &proc_macro2::Ident,
    ctx: Ctx,
) -> TokenStream {
    let root = &ctx.opts.root;
    let type_name = &name.name;
    let odata = quote::format_ident!("odata_type");
    let discriminator =
        odata_type.then_some(("@odata.type", &odata as &dyn quote::ToTokens, false));
    let members = discriminator
        .into_iter()
        .chain(props.into_iter().map(|(p, field)| {
            (
                p.name.as_str(),
                field as &dyn quote::ToTokens,
                number_forms(&p.ty.ty, ctx),
            )
        }));
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    for (wire, field, number) in members {
        if number {
            reads.push(quote!(#wire => fields::number(map, &mut self.#field, key)?,));
            writes.push(quote!(fields::write_number(&mut map, #wire, &self.#field)?;));
        } else {
            reads.push(quote!(#wire => fields::field(map, &mut self.#field, key)?,));
            writes.push(quote!(fields::write(&mut map, #wire, &self.#field)?;));
        }
    }
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use #root::runtime::fields;
                let mut map = fields::begin(serializer)?;
                #(#writes)*
                fields::end(map, &self.#rest)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #root::runtime::fields::read(deserializer)
            }
        }

        impl #root::runtime::fields::Fields for #name {
            const NAME: &'static str = #type_name;

            fn read_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                use #root::runtime::fields;
                match key {
                    #(#reads)*
                    _ => return Ok(false),
                }
                Ok(true)
            }

            fn rest(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                &mut self.#rest
            }
        }
    }
}

/// The struct for a model type, with inherited properties flattened in, and its serde impls.
pub fn struct_def(
    api: &Api,
    names: &RustPlan,
    idx: usize,
    boxed: &HashSet<(usize, String)>,
    opts: &super::Prepared,
) -> TokenStream {
    let t: &TypeDef = &api.types[idx];
    let Some(tn) = names.type_names(&t.name) else {
        return TokenStream::new();
    };
    let ctx = Ctx {
        ns: t.name.namespace.as_str(),
        routes: false,
        opts,
        names,
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
    let name = &tn.rust;
    // A documented `@odata.type` property is the discriminator every struct already carries.
    let props: Vec<(&Property, &RustName)> = names
        .fields(api, t)
        .into_iter()
        .filter(|(p, _)| p.name != "@odata.type")
        .collect();
    let (rest_name, rest) = additional_data(props.iter().map(|(_, f)| *f));
    let serde = struct_serde(name, true, props.iter().copied(), &rest_name, ctx);
    let fields = props
        .iter()
        .map(|(p, f)| field(api, p, f, ctx, boxed.contains(&(idx, p.name.clone()))));
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        #extra
        pub struct #name {
            /// The `@odata.type` the value was sent with, e.g. `#microsoft.graph.user`.
            pub odata_type: Option<String>,
            #(#fields)*
            #rest
        }

        #serde
    }
}

/// The union of a base type and the types deriving from it, dispatched on `@odata.type`.
pub fn union_def(
    api: &Api,
    names: &RustPlan,
    idx: usize,
    opts: &super::Prepared,
    features: Option<&super::features::FeaturePlan>,
) -> TokenStream {
    let t: &TypeDef = &api.types[idx];
    let (Some(poly), Some(union)) = (
        &t.polymorphic,
        names.type_names(&t.name).and_then(|n| n.union.as_ref()),
    ) else {
        return TokenStream::new();
    };
    let ctx = Ctx {
        ns: t.name.namespace.as_str(),
        routes: false,
        opts,
        names,
    };
    let name = &union.rust;
    let variant_names = union.of(&poly.variants);
    let base_variant = variant_names.first().copied().flatten().cloned();
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
    type Variant<'a> = (String, TokenStream, &'a RustName, TokenStream);
    let structs: Vec<Variant> = poly
        .variants
        .iter()
        .zip(variant_names)
        .filter_map(|(q, v)| {
            api.type_def(q)?;
            let d = names.type_names(q)?;
            Some((q.to_string(), path_to(q, &d.rust, ctx), v?, gate(q)))
        })
        .collect();
    let variants = structs.iter().map(|(q, path, v, cfg)| {
        let d = doc_attrs(&format!("A `{q}`."));
        quote!(#d #cfg #v(Box<#path>),)
    });
    let ser = structs
        .iter()
        .map(|(_, _, v, cfg)| quote!(#cfg Self::#v(value) => value.serialize(serializer),));
    let starts = structs.iter().skip(1).map(|(q, _, v, cfg)| {
        let tag = q.to_lowercase();
        quote!(#cfg #tag => Self::#v(Box::default()),)
    });
    let reads = structs
        .iter()
        .map(|(_, _, v, cfg)| quote!(#cfg Self::#v(value) => value.read_field(key, map),));
    let rests = structs
        .iter()
        .map(|(_, _, v, cfg)| quote!(#cfg Self::#v(value) => value.rest(),));
    let root = &opts.root;
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
                #root::runtime::fields::read_union(deserializer)
            }
        }

        impl #root::runtime::fields::Union for #name {
            fn start(tag: &str) -> Self {
                match tag {
                    #(#starts)*
                    _ => Self::#base_variant(Box::default()),
                }
            }

            fn read_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                use #root::runtime::fields::Fields;
                match self {
                    #(#reads)*
                }
            }

            fn rest(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
                use #root::runtime::fields::Fields;
                match self {
                    #(#rests)*
                }
            }
        }

        #(#froms)*
    }
}
