//! What the server knows about a docs tree, without the protocol: findings of one page as it
//! stands in the editor, and what a position on a page names (a type, an enum, a page).
//!
//! The tree is read, parsed and modelled once ([`Workspace::load`]); each edit re-parses and
//! re-lints only the edited page against that model ([`Analysis::lint`]), so a keystroke costs
//! one page, not the tree. Findings the model makes across pages (unresolved types, conflicts,
//! duplicate routes) come from the last model build and are refreshed when a page is saved.

use crate::diag::Diagnostic;
use crate::docs::DocsTree;
use crate::lint::check::Ctx;
use crate::lint::{Finding, LintConfig};
use crate::model::build::DEFAULT_NAMESPACE;
use crate::model::{Api, EnumDef, TypeDef, TypeRef};
use crate::parse::{Page, link};
use crate::span::Span;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A docs tree, parsed and modelled, with its lint config.
pub struct Workspace {
    /// The pages as read (with the editor's unsaved text for open pages).
    pub tree: DocsTree,
    /// Every page model, in path order.
    pub pages: Vec<Page>,
    /// The resolved model.
    pub api: Api,
    /// `docgen.toml` at the root, or the defaults.
    pub config: LintConfig,
}

impl Workspace {
    /// Reads the tree at `root`, taking the text of pages in `open` (docs-relative path → text)
    /// from the editor rather than the disk.
    pub fn load(root: &Path, open: &HashMap<String, String>) -> Result<Self, super::LspError> {
        let mut tree = DocsTree::load(root)?;
        for (path, text) in &mut tree.pages {
            if let Some(t) = open.get(path.as_str()) {
                text.clone_from(t);
            }
        }
        let pages = tree.parse();
        let api = crate::model::build(&pages);
        let config = LintConfig::discover(root)?;
        Ok(Workspace {
            tree,
            pages,
            api,
            config,
        })
    }
}

/// The lookups over a [`Workspace`] that each request uses.
pub struct Analysis<'a> {
    /// The lint checks' lookups.
    pub cx: Ctx<'a>,
    config: &'a LintConfig,
    /// The model's own diagnostics (not the parse's) by page: they need the whole tree.
    model_diags: HashMap<&'a str, Vec<&'a Diagnostic>>,
}

/// What a position on a page names.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// A complex or entity type.
    Type(&'a TypeDef),
    /// An enum.
    Enum(&'a EnumDef),
    /// A page (a link to a page that defines neither), at a line.
    Page(&'a str, Span),
}

impl<'a> Analysis<'a> {
    /// Builds the lookups.
    pub fn new(ws: &'a Workspace) -> Self {
        let cx = Ctx::new(&ws.tree, &ws.pages, &ws.api);
        let mut model_diags: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
        let page_diags: HashSet<&Diagnostic> =
            ws.pages.iter().flat_map(|p| &p.diagnostics).collect();
        for d in &ws.api.diagnostics {
            if !page_diags.contains(d) {
                model_diags
                    .entry(d.location.file.as_str())
                    .or_default()
                    .push(d);
            }
        }
        Analysis {
            cx,
            config: &ws.config,
            model_diags,
        }
    }

    /// Parses `text` as page `path` and lints it against the model: every check and the page's
    /// parse problems, plus the model's findings about the page from the last build.
    pub fn lint(&self, path: &str, text: &str) -> (Page, Vec<Finding>) {
        let page = crate::parse::read_page(path, text, self.cx.tree);
        let mut model: Vec<&Diagnostic> = self.model_diags.get(path).cloned().unwrap_or_default();
        // The naming pass's collisions are the model's too (few: a scan is cheap).
        model.extend(self.cx.naming.iter().filter(|d| d.location.file == path));
        let findings = crate::lint::lint_page(&self.cx, &page, text, &model, self.config);
        (page, findings)
    }

    /// What the text at byte `at` of 0-based `line` names: the page a link there points at
    /// (the type or enum it defines, when it defines one), else a type or enum name under the
    /// cursor in a table row, inline code or link text.
    pub fn target_at(&self, page: &Page, text: &str, line: u32, at: usize) -> Option<Target<'a>> {
        let line_text = super::position::line_text(text, line);
        if let Some(dest) = link_at(line_text, at) {
            return self.link_target(&page.path, dest);
        }
        let (word, _) = word_at(line_text, at)?;
        let in_code = line_text[..at].matches('`').count() % 2 == 1;
        let in_table = line_text.trim_start().starts_with('|');
        if !(in_code || in_table) {
            return None;
        }
        self.named(word, namespace(page))
    }

    /// The type or enum a name written on a page of namespace `ns` means.
    pub fn named(&self, name: &str, ns: &str) -> Option<Target<'a>> {
        let api = self.cx.api;
        match self.cx.typer.names().named(name, ns)? {
            TypeRef::Type(q) => api.type_def(&q).map(Target::Type),
            TypeRef::Enum(q) => api.enum_def(&q).map(Target::Enum),
            _ => None,
        }
    }

    /// What a link on page `from` points at.
    fn link_target(&self, from: &str, dest: &str) -> Option<Target<'a>> {
        let cx = &self.cx;
        let t = cx.index.resolve(from, dest, &cx.paths)?;
        let page = cx.pages.get(t.page)?;
        if let Some(anchor) = &t.anchor {
            if let Some(e) = page.enum_tables.iter().find(|e| &e.anchor == anchor) {
                if let Some(Target::Enum(def)) = self.named(&e.name, namespace(page)) {
                    return Some(Target::Enum(def));
                }
                return Some(Target::Page(&page.path, e.at));
            }
        }
        let defines = |sources: &[crate::span::Location]| {
            sources.first().is_some_and(|s| s.file == page.path)
        };
        let api = cx.api;
        if let Some(t) = api.types.iter().find(|t| defines(&t.sources)) {
            return Some(Target::Type(t));
        }
        if let Some(e) = api.enums.iter().find(|e| defines(&e.sources)) {
            return Some(Target::Enum(e));
        }
        Some(Target::Page(&page.path, Span::new(1, 1)))
    }

    /// Where a target is defined: page and position.
    pub fn definition(&self, target: Target<'a>) -> Option<(&'a str, Span)> {
        match target {
            Target::Type(t) => t.sources.first().map(|l| (l.file.as_str(), l.at)),
            Target::Enum(e) => e.sources.first().map(|l| (l.file.as_str(), l.at)),
            Target::Page(p, at) => Some((p, at)),
        }
    }

    /// Markdown for a hover: the type's description and properties, or the enum's members.
    pub fn hover(&self, target: Target<'a>) -> String {
        const MAX_ROWS: usize = 60;
        let api = self.cx.api;
        let mut out = String::new();
        match target {
            Target::Type(t) => {
                out.push_str(&format!("**{}**", t.name));
                if let Some(b) = &t.base {
                    out.push_str(&format!(" : `{b}`"));
                }
                out.push_str("\n\n");
                if let Some(d) = &t.description {
                    out.push_str(d);
                    out.push_str("\n\n");
                }
                let props = api.all_properties(t);
                if !props.is_empty() {
                    out.push_str("| property | type |\n| --- | --- |\n");
                    for p in props.iter().take(MAX_ROWS) {
                        out.push_str(&format!(
                            "| `{}` | `{}` |\n",
                            p.name,
                            p.ty.written(str::to_owned)
                        ));
                    }
                    if props.len() > MAX_ROWS {
                        out.push_str(&format!("\n… and {} more\n", props.len() - MAX_ROWS));
                    }
                }
            }
            Target::Enum(e) => {
                out.push_str(&format!("**{}** (enum)\n\n", e.name));
                if let Some(d) = &e.description {
                    out.push_str(d);
                    out.push_str("\n\n");
                }
                for m in e.members.iter().take(MAX_ROWS) {
                    out.push_str(&format!("- `{}`", m.name));
                    if let Some(d) = m.description.as_deref().filter(|d| !d.is_empty()) {
                        out.push_str(&format!(": {d}"));
                    }
                    out.push('\n');
                }
                if e.members.len() > MAX_ROWS {
                    out.push_str(&format!("\n… and {} more\n", e.members.len() - MAX_ROWS));
                }
            }
            Target::Page(p, _) => out.push_str(&format!("`{p}`")),
        }
        out
    }

    /// Completions at byte `at` of 0-based `line`: type and enum names in a table's type cell,
    /// enum members after "Possible values" in a row's description. Each is (label, detail,
    /// whether it is an enum member).
    pub fn complete(&self, page: &Page, text: &str, line: u32, at: usize) -> Vec<Completion> {
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        let Some(row) = lines.get(line as usize) else {
            return Vec::new();
        };
        if !row.trim_start().starts_with('|') {
            return Vec::new();
        }
        // The table's header is the first of the run of `|` lines above.
        let first = (0..=line as usize)
            .rev()
            .take_while(|&i| lines[i].trim_start().starts_with('|'))
            .last()
            .unwrap_or(line as usize);
        let header = cells(lines[first]);
        let cell = cell_index(row, at);
        let column = header.get(cell).map(|h| h.to_lowercase());
        match column.as_deref() {
            Some("type") if first != line as usize => self.type_names(),
            Some(c) if c.contains("description") => {
                let before = row[..at].to_lowercase();
                let cell_start = before.rfind('|').unwrap_or(0);
                if before[cell_start..].contains("possible values") {
                    self.members_for_row(page, &cells(row))
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    fn type_names(&self) -> Vec<Completion> {
        let primitives = crate::edm::Primitive::ALL.iter().map(|p| Completion {
            label: p.edm_name().trim_start_matches("Edm.").to_owned(),
            detail: p.edm_name().to_owned(),
            kind: CompletionKind::Primitive,
        });
        let named = self.cx.api.named().map(|(q, r)| Completion {
            label: if q.namespace == DEFAULT_NAMESPACE {
                q.name.clone()
            } else {
                q.to_string()
            },
            detail: q.to_string(),
            kind: match r {
                TypeRef::Enum(_) => CompletionKind::Enum,
                _ => CompletionKind::Type,
            },
        });
        primitives.chain(named).collect()
    }

    /// The members of the enum a table row's property has: by its type cell, else by the
    /// model's property of that name on a type this page defines.
    fn members_for_row(&self, page: &Page, row: &[String]) -> Vec<Completion> {
        let api = self.cx.api;
        let ns = namespace(page);
        let by_cell = row
            .get(1)
            .and_then(|c| word_at(c, c.len() / 2).map(|(w, _)| w.to_owned()))
            .and_then(|w| match self.named(&w, ns) {
                Some(Target::Enum(e)) => Some(e),
                _ => None,
            });
        let name = row.first().map(|c| c.trim_matches(['`', '*', ' ']));
        let by_model = || {
            let name = name?;
            api.types
                .iter()
                .filter(|t| t.sources.iter().any(|s| s.file == page.path))
                .flat_map(|t| &t.properties)
                .find(|p| p.name == name)
                .and_then(|p| match &p.ty.ty {
                    TypeRef::Enum(q) => api.enum_def(q),
                    _ => None,
                })
        };
        let Some(e) = by_cell.or_else(by_model) else {
            return Vec::new();
        };
        e.members
            .iter()
            .map(|m| Completion {
                label: m.name.clone(),
                detail: e.name.to_string(),
                kind: CompletionKind::Member,
            })
            .collect()
    }
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What is inserted.
    pub label: String,
    /// The qualified name (or the enum, for a member).
    pub detail: String,
    /// What it is.
    pub kind: CompletionKind,
}

/// What a completion is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// An `Edm` primitive.
    Primitive,
    /// A complex or entity type.
    Type,
    /// An enum.
    Enum,
    /// A member of an enum.
    Member,
}

/// The page's namespace (`Namespace:` line), else `microsoft.graph`.
fn namespace(page: &Page) -> &str {
    page.namespace
        .as_ref()
        .map_or(DEFAULT_NAMESPACE, |t| t.text.as_str())
}

/// The name under byte `at` of a line (letters, digits, `_`, and `.` inside a qualified name),
/// with its start.
fn word_at(line: &str, at: usize) -> Option<(&str, usize)> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let at = at.min(line.len());
    if !line.is_char_boundary(at) {
        return None;
    }
    let start = line[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = line[at..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(line.len(), |(i, _)| at + i);
    let word = line[start..end].trim_matches('.');
    (!word.is_empty()).then_some((word, start))
}

/// The destination of the inline link `[text](dest)` that covers byte `at` of a line.
fn link_at(line: &str, at: usize) -> Option<&str> {
    link::links(line).into_iter().find_map(|l| match l.target {
        link::Target::Inline { dest } if l.range.contains(&at) => Some(line[dest].trim()),
        _ => None,
    })
}

/// The cells of a table row, trimmed, without the outer pipes; `\|` does not split.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let mut out = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        if c == '|' && !escaped {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
        escaped = c == '\\';
    }
    if out.last().is_some_and(|l| l.trim().is_empty()) && inner.trim_end().ends_with('|') {
        out.pop();
    }
    out.into_iter().map(|c| c.trim().to_owned()).collect()
}

/// Which cell of a table row byte `at` is in (0 for the first).
fn cell_index(row: &str, at: usize) -> usize {
    let before = &row[..at.min(row.len())];
    let lead = before.len() - before.trim_start().len();
    let before = &before[lead..];
    let before = before.strip_prefix('|').unwrap_or(before);
    let bytes = before.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_links_and_cells() {
        assert_eq!(
            word_at("| x | microsoft.graph.user |", 10),
            Some(("microsoft.graph.user", 6))
        );
        assert_eq!(word_at("| x | |", 4), None);
        let line = "see [user](../resources/user.md) and [x](y.md)";
        assert_eq!(link_at(line, 6), Some("../resources/user.md"));
        assert_eq!(link_at(line, 40), Some("y.md"));
        assert_eq!(link_at(line, 34), None);
        assert_eq!(cells("| a | b \\| c | d |"), vec!["a", "b \\| c", "d"]);
        assert_eq!(cell_index("| a | b \\| c | d |", 9), 1);
        assert_eq!(cell_index("| a | b | d |", 11), 2);
        assert_eq!(cell_index("| a | b | d |", 1), 0);
    }
}
