//! The crate root of the generated crate: module declarations and the small runtime the
//! route stubs use (method, `Route` trait, collection envelope, path encoding).

use crate::model::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// Items of the generated `lib.rs`: module declarations only. `#[rustfmt::skip]` keeps
/// `cargo fmt` in a workspace from reformatting prettyplease's output, which would make every
/// freshness check fail.
pub fn lib_rs(api: &Api) -> TokenStream {
    let mods = api.namespaces.iter().map(|n| {
        let m = &n.rust;
        let doc = format!(" The `{}` namespace.", n.name);
        quote!(#[doc = #doc] #[rustfmt::skip] pub mod #m;)
    });
    quote! {
        /// What the route stubs use: the HTTP method, the `Route` trait, the collection envelope
        /// and path encoding.
        #[rustfmt::skip]
        pub mod runtime;
        #[rustfmt::skip]
        pub use runtime::{encode_quoted, encode_segment, Collection, Method, Route};
        #(#mods)*
    }
}

/// Items of the generated `runtime.rs`.
pub fn runtime_rs() -> TokenStream {
    quote! {
        /// An HTTP method.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Method {
            /// `GET`
            Get,
            /// `POST`
            Post,
            /// `PUT`
            Put,
            /// `PATCH`
            Patch,
            /// `DELETE`
            Delete,
            /// `HEAD`
            Head,
            /// `OPTIONS`
            Options,
        }

        impl Method {
            /// The method as written in a request line.
            pub fn as_str(self) -> &'static str {
                match self {
                    Self::Get => "GET",
                    Self::Post => "POST",
                    Self::Put => "PUT",
                    Self::Patch => "PATCH",
                    Self::Delete => "DELETE",
                    Self::Head => "HEAD",
                    Self::Options => "OPTIONS",
                }
            }
        }

        /// A documented route: its method, path template, body types, and how to render its path.
        pub trait Route {
            /// The HTTP method.
            const METHOD: Method;
            /// The path template as documented, e.g. `/users/{id}`.
            const TEMPLATE: &'static str;
            /// The documented success status (0 when the docs do not say).
            const SUCCESS_STATUS: u16;
            /// The request body type (`()` when there is none).
            type Request;
            /// The response body type (`()` when there is none).
            type Response;
            /// The path with every parameter filled in and percent-encoded.
            fn path(&self) -> String;
        }

        /// A collection response: `{"value": [...], "@odata.nextLink": "..."}`.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct Collection<T> {
            /// The items of this page.
            pub value: Vec<T>,
            /// The URL of the next page, if any.
            #[serde(rename = "@odata.nextLink", default, skip_serializing_if = "Option::is_none")]
            pub next_link: Option<String>,
            /// The total count, when `$count=true` was asked for.
            #[serde(rename = "@odata.count", default, skip_serializing_if = "Option::is_none")]
            pub count: Option<i64>,
        }

        /// Characters escaped in a path segment: controls, space, and everything with a meaning
        /// in a URL path or an OData key.
        const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
            .add(b' ').add(b'"').add(b'#').add(b'%').add(b'\'').add(b'/').add(b':').add(b';')
            .add(b'<').add(b'>').add(b'?').add(b'[').add(b'\\').add(b']').add(b'^').add(b'`')
            .add(b'{').add(b'|').add(b'}').add(b'(').add(b')').add(b',').add(b'=').add(b'&')
            .add(b'+').add(b'$').add(b'@');

        /// Appends `value` percent-encoded as one path segment.
        pub fn encode_segment(path: &mut String, value: &str) {
            path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
        }

        /// Appends `value` for use inside an OData quoted literal (`'...'`): quotes doubled, then
        /// percent-encoded.
        pub fn encode_quoted(path: &mut String, value: &str) {
            encode_segment(path, &value.replace('\'', "''"));
        }
    }
}
