//! Model stage: all pages → one resolved [`Api`], with Rust names given in one place.

pub mod api;
pub mod build;
pub mod links;
pub mod naming;
pub mod resolve;
pub mod select;
pub mod stats;

pub use api::*;
pub use build::build;
