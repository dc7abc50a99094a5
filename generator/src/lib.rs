//! docgen reads API reference pages written in the Microsoft Graph docs format and turns them
//! into a model of the API, Rust code, and lint findings.
//!
//! The stages are one-directional: [`parse`] (one page → [`parse::Page`]), [`model`] (all pages →
//! one [`model::Api`]), then [`codegen`] (the model → Rust files).

pub mod cargo_toml;
pub mod check;
pub mod codegen;
pub mod config;
pub mod diag;
pub mod diff;
pub mod docs;
pub mod edm;
pub mod error;
pub mod export;
pub mod kinds;
pub mod lint;
pub mod lsp;
pub mod metadata;
pub mod model;
pub mod output;
pub mod parse;
pub mod roundtrip;
pub mod span;

pub use config::Config;
pub use error::{Error, Result};
