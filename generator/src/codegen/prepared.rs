//! [`Options`] turned into the tokens the generated code splices in. Options keep Rust as text so
//! they can be shared by the threads that build parts of a file; tokens cannot cross threads, so
//! each thread prepares its own copy, once per part.

use super::Options;
use crate::edm::Primitive;
use crate::error::{Error, Result};
use crate::model::{Api, QName};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use std::collections::{BTreeMap, HashSet};

/// The options of one generation run with their Rust text parsed into tokens.
#[derive(Clone, Debug)]
pub struct Prepared<'o> {
    /// The options as given.
    pub opts: &'o Options,
    /// The path of the generated root module (`crate`, `crate::graph`).
    pub root: TokenStream,
    /// Lower-case Graph type name → the Rust type used instead.
    type_overrides: BTreeMap<String, TokenStream>,
    /// Lower-case matcher → extra attributes, in the order given.
    type_attributes: Vec<(String, TokenStream)>,
}

impl<'o> Prepared<'o> {
    /// Parses the Rust text of `opts`; an option that is not valid Rust is an [`Error::Config`].
    pub fn new(opts: &'o Options) -> Result<Self> {
        let root = parse_path(&opts.root).map_err(|reason| Error::Config {
            option: "module_path".into(),
            reason,
        })?;
        let type_overrides = opts
            .type_overrides
            .iter()
            .map(|(name, ty)| {
                let tokens = parse_type(ty).map_err(|reason| Error::Config {
                    option: format!("map_type({name})"),
                    reason,
                })?;
                Ok((name.clone(), tokens))
            })
            .collect::<Result<_>>()?;
        let type_attributes = opts
            .type_attributes
            .iter()
            .map(|(matcher, attrs)| {
                let tokens = parse_attributes(attrs).map_err(|reason| Error::Config {
                    option: format!("type_attribute({matcher})"),
                    reason,
                })?;
                Ok((matcher.to_lowercase(), tokens))
            })
            .collect::<Result<_>>()?;
        Ok(Prepared {
            opts,
            root,
            type_overrides,
            type_attributes,
        })
    }

    /// An error for the first `map_type` or `type_attribute` name that matches nothing in `api`
    /// (a misspelt name would otherwise be ignored without a word, as an `--include` pattern
    /// that matches nothing is not).
    pub fn check_matches(&self, api: &Api) -> Result<()> {
        let names: HashSet<String> = api
            .named()
            .map(|(q, _)| q.to_string().to_lowercase())
            .collect();
        let namespaces: HashSet<String> = api
            .namespaces
            .iter()
            .map(|n| n.name.to_lowercase())
            .collect();
        let closest = |key: &str| {
            api.named()
                .map(|(q, _)| (strsim::jaro_winkler(key, &q.to_string().to_lowercase()), q))
                .filter(|(score, _)| *score >= 0.9)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, q)| format!("; did you mean `{q}`?"))
                .unwrap_or_default()
        };
        for key in self.type_overrides.keys() {
            let primitive = key
                .strip_prefix("edm.")
                .and_then(Primitive::from_name)
                .is_some();
            if !primitive && !names.contains(key) {
                return Err(Error::Config {
                    option: format!("map_type({key})"),
                    reason: format!(
                        "names no `Edm` primitive, type or enum of the docs{}",
                        closest(key)
                    ),
                });
            }
        }
        for (m, _) in &self.type_attributes {
            let any = m == "." || m.is_empty();
            if !any && !names.contains(m) && !namespaces.contains(m) {
                return Err(Error::Config {
                    option: format!("type_attribute({m})"),
                    reason: format!("names no type, enum or namespace of the docs{}", closest(m)),
                });
            }
        }
        Ok(())
    }

    /// The Rust type to use instead of the type named `key` (lower case), if one is set.
    pub fn type_override(&self, key: &str) -> Option<&TokenStream> {
        self.type_overrides.get(key)
    }

    /// Whether any type is overridden: when none is, callers skip building lookup keys.
    pub fn has_type_overrides(&self) -> bool {
        !self.type_overrides.is_empty()
    }

    /// The extra attributes for the type named `q`: those of every matcher that is `.` (or
    /// empty), the type's namespace or the type's qualified name, compared case-insensitively.
    pub fn attributes_for(&self, q: &QName) -> TokenStream {
        if self.type_attributes.is_empty() {
            return TokenStream::new();
        }
        let name = q.to_string().to_lowercase();
        let ns = q.namespace.to_lowercase();
        let attrs = self
            .type_attributes
            .iter()
            .filter(|(m, _)| m == "." || m.is_empty() || *m == name || *m == ns)
            .map(|(_, a)| a);
        quote!(#(#attrs)*)
    }
}

/// Parses a Rust path (`crate::graph`) into tokens, or says why it is not one.
pub fn parse_path(text: &str) -> Result<TokenStream, String> {
    syn::parse_str::<syn::Path>(text)
        .map(|p| p.to_token_stream())
        .map_err(|e| format!("`{text}` is not a Rust path: {e}"))
}

/// Parses a Rust type (`chrono::DateTime<chrono::Utc>`) into tokens, or says why it is not one.
pub fn parse_type(text: &str) -> Result<TokenStream, String> {
    syn::parse_str::<syn::Type>(text)
        .map(|t| t.to_token_stream())
        .map_err(|e| format!("`{text}` is not a Rust type: {e}"))
}

/// Parses one or more outer attributes (`#[derive(Eq)]`) into tokens, or says why they are not.
pub fn parse_attributes(text: &str) -> Result<TokenStream, String> {
    match syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text) {
        Ok(attrs) if !attrs.is_empty() => Ok(attrs.iter().map(ToTokens::to_token_stream).collect()),
        Ok(_) => Err("no attribute given".into()),
        Err(e) => Err(format!("`{text}` is not an outer attribute: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_that_are_not_rust_are_configuration_errors() {
        let cases = [
            (
                Options {
                    root: "not a path!".into(),
                    ..Options::default()
                },
                "module_path",
            ),
            (
                Options {
                    type_overrides: [("edm.int64".into(), "not a type!".into())].into(),
                    ..Options::default()
                },
                "map_type(edm.int64)",
            ),
            (
                Options {
                    type_attributes: vec![(".".into(), "derive(Eq)".into())],
                    ..Options::default()
                },
                "type_attribute(.)",
            ),
        ];
        for (opts, name) in cases {
            match super::super::generate(&Api::default(), &opts) {
                Err(Error::Config { option, .. }) => assert_eq!(option, name),
                other => panic!(
                    "{name}: expected a configuration error, got {:?}",
                    other.err()
                ),
            }
        }
    }

    /// A `map_type` or `type_attribute` name that matches nothing is an error, with the closest
    /// name; names of primitives, types, enums and namespaces pass.
    #[test]
    fn names_that_match_nothing_are_errors() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input");
        let tree = crate::docs::DocsTree::load(&root).expect("docs-input");
        let api = crate::model::build(&tree.parse());
        let check = |overrides: &[&str], attributes: &[&str]| {
            let opts = Options {
                type_overrides: overrides
                    .iter()
                    .map(|k| (k.to_string(), "String".to_owned()))
                    .collect(),
                type_attributes: attributes
                    .iter()
                    .map(|m| (m.to_string(), "#[derive(Eq)]".to_owned()))
                    .collect(),
                ..Options::default()
            };
            Prepared::new(&opts).expect("valid").check_matches(&api)
        };
        check(
            &["edm.datetimeoffset", "microsoft.graph.threatcategory"],
            &[".", "microsoft.graph", "microsoft.graph.threatCategory"],
        )
        .expect("all match");
        let err = check(&["edm.datetimeofset"], &[]).expect_err("a misspelt primitive");
        assert!(
            err.to_string().contains("map_type(edm.datetimeofset)"),
            "{err}"
        );
        let err = check(&[], &["microsoft.graph.threatCategry"]).expect_err("a misspelt enum");
        assert!(
            err.to_string()
                .contains("did you mean `microsoft.graph.threatCategory`?"),
            "{err}"
        );
    }

    #[test]
    fn tokens_are_those_of_the_parsed_text() {
        let opts = Options {
            root: "crate :: graph".into(),
            type_attributes: vec![("Microsoft.Graph".into(), "#[derive(Eq)]".into())],
            ..Options::default()
        };
        let p = Prepared::new(&opts).expect("valid options");
        assert_eq!(p.root.to_string(), "crate :: graph");
        let q = QName {
            namespace: "microsoft.graph".into(),
            name: "user".into(),
        };
        assert_eq!(p.attributes_for(&q).to_string(), "# [derive (Eq)]");
    }
}
