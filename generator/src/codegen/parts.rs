//! Generated files as parts that are built and formatted in parallel, then put together in order
//! (see [`super::format`] for why that gives the same text as formatting each file whole).

use super::format::{fill_slots, format_part, space_items};
use super::prepared::Prepared;
use super::{Files, Options};
use crate::error::Result;
use proc_macro2::TokenStream;
use rayon::prelude::*;

/// How many items one part holds: enough that building the options' tokens and the wrapper per
/// part costs nothing, few enough that the parts of the one big namespace keep every thread busy.
pub const ITEMS_PER_PART: usize = 24;

/// Builds the tokens of a part on the thread that formats it (tokens cannot cross threads).
pub type Build<'a> = Box<dyn Fn(&Prepared) -> TokenStream + Send + Sync + 'a>;

/// A run of items (or a skeleton) that is built and formatted on its own.
pub struct Part<'a> {
    /// What the part belongs to, for errors.
    item: String,
    /// How many modules deep its items sit in the file.
    depth: usize,
    build: Build<'a>,
}

/// One generated file: a skeleton, and the parts that go into each of its slots.
pub struct FilePlan {
    /// Crate-relative path.
    path: String,
    /// The part holding the skeleton (or the whole file, when it has no slots).
    skeleton: usize,
    /// For each slot of the skeleton, the parts filling it, in order.
    slots: Vec<Vec<usize>>,
}

/// The parts of every file and how they fit together.
#[derive(Default)]
pub struct Plan<'a> {
    parts: Vec<Part<'a>>,
    files: Vec<FilePlan>,
}

impl<'a> Plan<'a> {
    /// Adds a part; returns its index.
    pub fn part(&mut self, item: &str, depth: usize, build: Build<'a>) -> usize {
        self.parts.push(Part {
            item: item.to_owned(),
            depth,
            build,
        });
        self.parts.len() - 1
    }

    /// Adds one part per [`ITEMS_PER_PART`] of `items`, each built by `build` over its run of
    /// items; returns their indices.
    pub fn runs<T: Sync + 'a>(
        &mut self,
        item: &str,
        depth: usize,
        items: &'a [T],
        build: impl Fn(&T, &Prepared) -> TokenStream + Send + Sync + Copy + 'a,
    ) -> Vec<usize> {
        items
            .chunks(ITEMS_PER_PART)
            .map(|run| {
                let build: Build<'a> = Box::new(move |p| {
                    let mut tokens = TokenStream::new();
                    // By value: extending with owned streams moves their tokens, where `quote!`
                    // interpolation would copy them.
                    tokens.extend(run.iter().map(|t| build(t, p)));
                    tokens
                });
                self.part(item, depth, build)
            })
            .collect()
    }

    /// Adds a file made of the skeleton part `skeleton` with `slots` filled in.
    pub fn file(&mut self, path: String, skeleton: usize, slots: Vec<Vec<usize>>) {
        self.files.push(FilePlan {
            path,
            skeleton,
            slots,
        });
    }

    /// Builds and formats every part in parallel, then puts each file together under `header`.
    pub fn run(self, opts: &Options, header: &str) -> Result<Files> {
        let texts: Vec<Result<String>> = self
            .parts
            .par_iter()
            .map(|part| {
                let prepared = Prepared::new(opts)?;
                format_part(&part.item, (part.build)(&prepared), part.depth)
            })
            .collect();
        // The first error in part order, so a failing run always reports the same one.
        let texts = texts.into_iter().collect::<Result<Vec<String>>>()?;
        let parts = &self.parts;
        // Files are put together in parallel too: spacing the two big ones is a pass over
        // megabytes of text each.
        let files: Vec<Result<(String, String)>> = self
            .files
            .into_par_iter()
            .map(|f| {
                let skeleton = &texts[f.skeleton];
                let mut code = header.to_owned();
                if f.slots.is_empty() {
                    space_items(skeleton, &mut code);
                } else {
                    let slots: Vec<Vec<&str>> = f
                        .slots
                        .iter()
                        .map(|s| s.iter().map(|&i| texts[i].as_str()).collect())
                        .collect();
                    let item = &parts[f.skeleton].item;
                    space_items(&fill_slots(item, skeleton, &slots)?, &mut code);
                }
                Ok((f.path, code))
            })
            .collect();
        let mut out = Files::new();
        for file in files {
            let (path, code) = file?;
            out.insert(path, code);
        }
        Ok(out)
    }
}
