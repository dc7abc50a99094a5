//! Model stage: all pages → one resolved [`Api`]: the API as OData sees it, no Rust in it.

pub mod api;
pub mod build;
pub mod links;
pub mod resolve;
pub mod select;
pub mod stats;

pub use api::*;
pub use build::build;
