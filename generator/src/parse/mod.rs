//! Parse stage: one markdown page → [`Page`], with source positions. Knows nothing of Rust.

pub mod annotation;
pub mod blocks;
pub mod example;
pub mod frontmatter;
pub mod jsonpos;
pub mod markers;
pub mod page;
pub mod reader;
pub mod route;
pub mod typeexpr;

pub use page::Page;
pub use reader::{Includes, NoIncludes, read_page};
