//! Operations → typed route stubs: a struct of path parameters implementing `crate::Route`.

use super::docs::doc_attrs;
use super::naming::{RouteNames, RustPlan};
use super::types::{Ctx, field, primitive, type_ref};
use crate::kinds::Method;
use crate::model::{Api, Operation, PathPiece, RequestBody, TypeRef, TypeUse};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::fmt::Write;

/// The Rust type of a request or response body as seen from a routes module.
fn body_type(api: &Api, u: &TypeUse, ctx: Ctx) -> TokenStream {
    let t = type_ref(api, &u.ty, ctx);
    if u.collection {
        let root = &ctx.opts.root;
        quote!(#root::Collection<#t>)
    } else {
        t
    }
}

fn doc(op: &Operation) -> String {
    // Writing to a `String` cannot fail.
    let mut d = String::with_capacity(512);
    let _ = write!(d, "`{} {}`", op.method, op.path);
    if let Some(t) = &op.title {
        let _ = write!(d, "\n\n{t}");
        if let Some(s) = &op.summary {
            let _ = write!(d, ": {s}");
        }
    } else if let Some(s) = &op.summary {
        let _ = write!(d, "\n\n{s}");
    }
    if !op.permissions.is_empty() {
        d.push_str("\n\nPermissions (least privileged first):");
        for p in &op.permissions {
            let _ = write!(d, "\n- {}: ", p.kind);
            if p.not_supported {
                d.push_str("not supported");
            } else if p.placeholder || p.names.is_empty() {
                d.push_str("not documented");
            } else {
                for (i, n) in p.names.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    let _ = write!(d, "{sep}`{n}`");
                }
                for (i, n) in p.higher.iter().enumerate() {
                    let sep = if i == 0 {
                        "; higher privileged: "
                    } else {
                        ", "
                    };
                    let _ = write!(d, "{sep}`{n}`");
                }
            }
        }
    }
    let _ = write!(d, "\n\nDocumented in `{}`.", op.source);
    d
}

/// Whether the operation adds or sets a reference: `POST` or `PUT` to a path ending in `/$ref`.
fn is_reference(op: &Operation) -> bool {
    matches!(op.method, Method::Post | Method::Put)
        && op
            .path
            .trim_end_matches('/')
            .to_ascii_lowercase()
            .ends_with("/$ref")
}

/// The stub for one operation, named `names` (and its parameters struct, for actions).
pub fn route(
    api: &Api,
    plan: &RustPlan,
    op: &Operation,
    names: &RouteNames,
    opts: &super::Prepared,
) -> TokenStream {
    let root = &opts.root;
    let ctx = Ctx {
        ns: op.namespace.as_str(),
        routes: true,
        opts,
        names: plan,
    };
    let name = &names.stub;
    let docs = doc_attrs(&doc(op));
    let method = Ident::new(
        match op.method {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
            Method::Head => "Head",
            Method::Options => "Options",
        },
        Span::call_site(),
    );
    let template = &op.path;
    let fields = op.params.iter().zip(&names.params).map(|(p, f)| {
        let f = &f.rust;
        let ty = match &p.ty {
            TypeRef::Primitive(prim) => primitive(*prim, opts),
            _ => quote!(String),
        };
        let d = doc_attrs(&format!("`{{{}}}`", p.name));
        quote!(#d pub #f: #ty,)
    });
    let path = path_fn(op, names, opts);
    let mut extra = TokenStream::new();
    let request = match &op.request {
        // Adding or setting a reference sends `{"@odata.id": ...}`, whatever entity the page
        // shows: the reference names the entity, it does not carry it.
        _ if is_reference(op) => quote!(#root::runtime::Reference),
        None => quote!(()),
        Some(RequestBody::Type(u)) => body_type(api, u, ctx),
        Some(RequestBody::Parameters { params }) => {
            let Some(body) = &names.body else {
                return TokenStream::new();
            };
            let rust = &body.rust;
            let params: Vec<_> = params
                .iter()
                .zip(body.fields.iter().map(|f| &f.rust))
                .collect();
            let fields = params.iter().map(|(p, f)| field(api, p, f, ctx, false));
            let (rest_name, rest) = super::types::additional_data(params.iter().map(|(_, f)| *f));
            let serde =
                super::types::struct_serde(rust, false, params.iter().copied(), &rest_name, ctx);
            let d = doc_attrs(&format!("The request body of [`{name}`]."));
            extra = quote! {
                #d
                #[derive(Clone, Debug, Default, PartialEq)]
                pub struct #rust {
                    #(#fields)*
                    #rest
                }

                #serde
            };
            quote!(#rust)
        }
    };
    let response = match op.response.as_ref().and_then(|r| r.body.as_ref()) {
        Some(u) => body_type(api, u, ctx),
        None => quote!(()),
    };
    let status = match op.response.as_ref().and_then(|r| r.status) {
        Some(s) => {
            let s = proc_macro2::Literal::u16_unsuffixed(s);
            quote!(Some(#s))
        }
        None => quote!(None),
    };
    // Only the derives a stub's users need: each derive of each of thousands of stubs is
    // compile time for every user of the crate.
    let stub = if op.params.is_empty() {
        quote!(pub struct #name;)
    } else {
        quote!(pub struct #name { #(#fields)* })
    };
    quote! {
        #docs
        #[derive(Clone, Debug)]
        #stub

        impl #root::Route for #name {
            const METHOD: #root::Method = #root::Method::#method;
            const TEMPLATE: &'static str = #template;
            const SUCCESS_STATUS: Option<u16> = #status;
            type Request = #request;
            type Response = #response;

            #path
        }

        #extra
    }
}

/// How the stub renders its path: by default the runtime fills `TEMPLATE` from `args()` (so a
/// stub without parameters needs neither); a template whose placeholders the runtime would read
/// differently from the model's pieces gets a `path()` of its own, piece by piece.
fn path_fn(op: &Operation, names: &RouteNames, opts: &super::Prepared) -> TokenStream {
    use crate::edm::Primitive as P;
    let root = &opts.root;
    // The field of each parameter, as text (`Display` writes what the value was given as), owned
    // for `args()` or borrowed for a `path()` of its own.
    let value = |index: usize, owned: bool| {
        let (p, f) = (op.params.get(index)?, names.params.get(index)?);
        let f = &f.rust;
        let string = matches!(
            p.ty,
            TypeRef::Primitive(P::String)
                | TypeRef::Type(_)
                | TypeRef::Enum(_)
                | TypeRef::Unresolved(_)
        );
        let text = matches!(
            p.ty,
            TypeRef::Primitive(P::DateTimeOffset | P::TimeOfDay | P::Guid | P::Decimal)
        );
        Some(match (owned, string, text) {
            (true, true, _) => quote!(self.#f.clone()),
            (true, false, _) => quote!(self.#f.to_string()),
            (false, true, _) => quote!(&self.#f),
            (false, false, true) => quote!(self.#f.as_str()),
            (false, false, false) => quote!(&self.#f.to_string()),
        })
    };
    if template_is_filled_as_pieces(op) {
        if op.params.is_empty() {
            return TokenStream::new();
        }
        let args = (0..op.params.len()).filter_map(|i| value(i, true));
        return quote! {
            fn args(&self) -> Vec<String> {
                Vec::from([#(#args),*])
            }
        };
    }
    let pushes = op.pieces.iter().map(|piece| match piece {
        PathPiece::Literal(s) => match single_char(s) {
            Some(c) => quote!(path.push(#c);),
            None => quote!(path.push_str(#s);),
        },
        PathPiece::Param { index, quoted } => {
            let Some(value) = value(*index, false) else {
                return TokenStream::new();
            };
            if *quoted {
                quote!(#root::encode_quoted(&mut path, #value);)
            } else {
                quote!(#root::encode_segment(&mut path, #value);)
            }
        }
    });
    quote! {
        fn path(&self) -> String {
            let mut path = String::new();
            #(#pushes)*
            path
        }
    }
}

/// Whether the runtime's `fill_path` of the template writes what the model's pieces say: the
/// same literal text, and each parameter in order, quoted where the piece is. Probed with a
/// value that each encoding writes differently.
fn template_is_filled_as_pieces(op: &Operation) -> bool {
    let probe = |i: usize| format!("'{i}");
    let mut expected = String::new();
    let mut count = 0;
    for piece in &op.pieces {
        match piece {
            PathPiece::Literal(s) => expected.push_str(s),
            PathPiece::Param { index, quoted } => {
                if *index != count {
                    return false;
                }
                count += 1;
                if *quoted {
                    docgen_runtime::encode_quoted(&mut expected, &probe(*index));
                } else {
                    docgen_runtime::encode_segment(&mut expected, &probe(*index));
                }
            }
        }
    }
    let args: Vec<String> = (0..count).map(probe).collect();
    count == op.params.len() && docgen_runtime::fill_path(&op.path, &args) == expected
}

/// The one character of a one-character literal (pushed as a `char`, as clippy asks).
fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::{Options, Prepared};

    #[test]
    fn status_is_the_documented_one_or_none_and_ref_routes_take_a_reference() {
        let api = crate::export::fixtures::api();
        let opts = Options::default();
        let p = Prepared::new(&opts).expect("default options");
        let plan = RustPlan::new(&api);
        let op = api.operations.first().expect("the fixture has routes");
        let names = plan.routes.first().expect("every route is named");
        assert_eq!(op.response.as_ref().and_then(|r| r.status), Some(200));
        let code = route(&api, &plan, op, names, &p).to_string();
        assert!(
            code.contains("const SUCCESS_STATUS : Option < u16 > = Some (200)"),
            "{code}"
        );
        assert!(!code.contains("Reference"), "{code}");
        let mut add = op.clone();
        add.response = None;
        add.method = Method::Post;
        add.path = "/widgets/{id}/parts/$ref".into();
        assert!(is_reference(&add));
        let code = route(&api, &plan, &add, names, &p).to_string();
        assert!(
            code.contains("const SUCCESS_STATUS : Option < u16 > = None"),
            "{code}"
        );
        assert!(
            code.contains("type Request = crate :: runtime :: Reference"),
            "{code}"
        );
        add.method = Method::Delete;
        assert!(!is_reference(&add), "removing a reference sends no body");
        add.method = Method::Put;
        add.path = "/widgets/{id}/owner/$REF/".into();
        assert!(is_reference(&add));
    }

    #[test]
    fn paths_come_from_the_template_unless_the_pieces_say_otherwise() {
        let api = crate::export::fixtures::api();
        let opts = Options::default();
        let p = Prepared::new(&opts).expect("default options");
        let plan = RustPlan::new(&api);
        let (op, names) = api
            .operations
            .iter()
            .zip(&plan.routes)
            .find(|(op, _)| !op.params.is_empty())
            .expect("the fixture has a route with parameters");
        assert!(template_is_filled_as_pieces(op), "{}", op.path);
        let code = route(&api, &plan, op, names, &p).to_string();
        assert!(
            code.contains("fn args (& self) -> Vec < String >"),
            "{code}"
        );
        assert!(!code.contains("fn path"), "{code}");
        // Quoted pieces are told apart from plain ones.
        let mut quoted = op.clone();
        quoted.path = format!("/widgets(key='{{{}}}')", op.params[0].name);
        quoted.pieces = vec![
            PathPiece::Literal("/widgets(key='".into()),
            PathPiece::Param {
                index: 0,
                quoted: true,
            },
            PathPiece::Literal("')".into()),
        ];
        quoted.params.truncate(1);
        assert!(template_is_filled_as_pieces(&quoted));
        if let Some(PathPiece::Param { quoted: q, .. }) = quoted.pieces.get_mut(1) {
            *q = false;
        }
        assert!(!template_is_filled_as_pieces(&quoted));
        // A template the runtime would read differently gets a path of its own, piece by piece.
        let code = route(&api, &plan, &quoted, names, &p).to_string();
        assert!(code.contains("fn path (& self) -> String"), "{code}");
        assert!(code.contains("encode_segment"), "{code}");
        assert!(!code.contains("fn args"), "{code}");
        // A route without parameters is a unit struct that needs neither.
        let mut bare = op.clone();
        bare.path = "/widgets".into();
        bare.pieces = vec![PathPiece::Literal("/widgets".into())];
        bare.params.clear();
        let code = route(&api, &plan, &bare, names, &p).to_string();
        assert!(code.contains("pub struct"), "{code}");
        assert!(
            !code.contains("fn path") && !code.contains("fn args"),
            "{code}"
        );
    }
}
