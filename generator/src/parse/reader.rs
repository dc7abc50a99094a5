//! Blocks → page model: finds the sections of an API or resource page and reads each.

use super::addressing::{self, RequestRoute};
use super::annotation::{self, Annotation};
use super::blocks::{Block, Cell, InlineLink, RowShape};
use super::example;
use super::frontmatter;
use super::markers;
use super::page::*;
use super::route;
use super::typeexpr;
use crate::diag::{
    AnnotationFault, Detail, Diagnostic, JsonBlock, JsonProblem, RowProblem, Severity,
};
use crate::kinds::PermissionKind;
use crate::span::{LineIndex, Span};
use std::borrow::Cow;

/// Reads included files for the reader: given the including page and the include's destination,
/// returns the included file's docs-relative path and text, or why it cannot be read.
pub trait Includes {
    /// Resolves and reads `dest` as written in `page`.
    fn read(&self, page: &str, dest: &str) -> Result<(String, String), String>;
}

/// An include reader that reads nothing (pages parsed on their own).
pub struct NoIncludes;

impl Includes for NoIncludes {
    fn read(&self, _page: &str, dest: &str) -> Result<(String, String), String> {
        Err(format!("includes are not read here ({dest})"))
    }
}

struct Reader<'a> {
    path: &'a str,
    idx: LineIndex<'a>,
    page: Page,
    /// The page's link reference definitions, for shortcut links in type cells.
    definitions: super::blocks::Definitions,
}

impl Reader<'_> {
    fn at(&self, offset: usize) -> Span {
        self.idx.span(offset)
    }

    fn diag(&mut self, offset: usize, detail: Detail) {
        let at = self.at(offset);
        self.page
            .diagnostics
            .push(Diagnostic::warning(self.path, at, detail));
    }
}

/// Lower-cased, whitespace-collapsed heading text, for case-insensitive section matching.
pub fn normalize(heading: &str) -> String {
    let mut out = String::new();
    normalize_into(&mut out, heading);
    out
}

/// [`normalize`] into `out`, reusing its buffer.
fn normalize_into(out: &mut String, heading: &str) {
    out.clear();
    let mut push = |word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    // On ASCII text the byte-wise split is the same but for the vertical tab, which
    // `split_whitespace` also splits on.
    if heading.is_ascii() && !heading.contains('\x0b') {
        heading.split_ascii_whitespace().for_each(&mut push);
    } else {
        heading.split_whitespace().for_each(&mut push);
    }
    out.truncate(out.trim_end_matches(':').len());
    // In place when ASCII; other text needs Unicode lower-casing.
    if out.is_ascii() {
        out.make_ascii_lowercase();
    } else {
        *out = out.to_lowercase();
    }
}

/// A header cell's text without emphasis and code marks, normalized.
fn header_name(raw: &str) -> String {
    if raw.contains(['*', '`']) {
        normalize(&raw.replace(['*', '`'], ""))
    } else {
        normalize(raw)
    }
}

fn is_tab_marker(links: &[InlineLink]) -> bool {
    !links.is_empty() && links.iter().all(|l| l.dest.starts_with("#tab/"))
}

/// Reads one page. Never fails: problems become diagnostics on the page.
pub fn read_page(path: &str, text: &str, includes: &dyn Includes) -> Page {
    let (mut blocks, definitions) = super::blocks::blocks_and_definitions(text);
    let mut r = Reader {
        definitions,
        path,
        idx: LineIndex::new(text),
        page: Page {
            path: path.to_owned(),
            kind: PageKind::Other,
            front_matter: Default::default(),
            front_matter_at: Vec::new(),
            title: None,
            title_subject: TitleSubject::default(),
            namespace: None,
            summary: None,
            intro: Vec::new(),
            prose_placeholders: Vec::new(),
            headings: Vec::new(),
            permissions: None,
            permissions_prose: None,
            routes: Vec::new(),
            request_headers: Vec::new(),
            request_body_type: None,
            tables: Vec::new(),
            enum_tables: Vec::new(),
            methods: Vec::new(),
            other_tables: Vec::new(),
            inherits_from: None,
            says_open: None,
            response: None,
            examples: Vec::new(),
            json_representation: None,
            links: Vec::new(),
            includes: Vec::new(),
            diagnostics: Vec::new(),
        },
    };

    // Current H2 section and innermost heading, normalized.
    let mut section = String::new();
    let mut heading = String::new();
    let mut heading_raw = String::new();
    let mut pending: Option<(Annotation, usize)> = None;
    let mut seen_h2 = false;

    for i in 0..blocks.len() {
        // Mutable so a table's rows can be moved out rather than copied.
        let Some((block, rest)) = blocks[i..].split_first_mut() else {
            break;
        };
        // An annotation applies only to the block right after it.
        let annotation = if matches!(block, Block::Code { .. }) {
            pending.take()
        } else {
            None
        };
        if !matches!(block, Block::Html { .. }) {
            pending = None;
        }
        match block {
            Block::FrontMatter {
                text: yaml,
                content_start,
            } => read_front_matter(&mut r, yaml, *content_start),
            Block::Heading {
                level,
                text: h,
                links,
                range,
            } => {
                if *level == 1 && is_tab_marker(links) {
                    continue;
                }
                record_links(&mut r, links);
                let at = r.at(range.start);
                // The buffers are reused from heading to heading.
                normalize_into(&mut heading, h);
                r.page.headings.push(Heading {
                    level: *level,
                    text: h.clone(),
                    at,
                    section: SectionKind::of(&heading),
                });
                if *level == 1 && r.page.title.is_none() {
                    r.page.title_subject = title_subject(h);
                    let found = prose_placeholders(ProsePlace::Title, h, at);
                    r.page.prose_placeholders.extend(found);
                    r.page.title = Some(Text {
                        text: h.clone(),
                        at,
                    });
                    if says_open(h, true) {
                        r.page.says_open = Some(at);
                    }
                }
                // H2s open sections; an H1 does only after the title's (pages with two titles).
                let opens_section = *level == 2 || (*level == 1 && seen_h2);
                if opens_section {
                    seen_h2 = true;
                    section.clone_from(&heading);
                }
                heading_raw.clone_from(h);
            }
            Block::Paragraph {
                text: p,
                links,
                range,
            } => {
                record_links(&mut r, links);
                read_paragraph(&mut r, p, links, range.start, &section, seen_h2);
            }
            Block::Table {
                header,
                rows,
                shapes,
                range,
            } => {
                let rows = &join_continuations(&mut r, header, std::mem::take(rows), shapes);
                for row in rows {
                    for c in row {
                        record_cell_links(&mut r, c);
                    }
                }
                // Header names once per table: both readers below match on them.
                let names: Vec<String> = header.iter().map(|c| header_name(&c.raw)).collect();
                let (start, h, h_raw) = (range.start, heading.as_str(), heading_raw.as_str());
                if !read_enum_table(&mut r, &names, rows, start, &section, h, h_raw) {
                    read_table(&mut r, header, &names, rows, start, &section, h, None);
                }
            }
            Block::Html { text: html, range } => match annotation::read(html) {
                annotation::Read::Annotation(a) => {
                    if let Some((off, msg)) = &a.strict_error {
                        r.diag(
                            range.start + off,
                            Detail::InvalidAnnotation {
                                error: msg.clone(),
                                fault: AnnotationFault::NotStrict,
                            },
                        );
                    }
                    if a.block_type.as_deref() == Some("permissions") {
                        read_permissions_include(&mut r, rest, range.start, includes);
                    }
                    pending = Some((a, range.start));
                }
                annotation::Read::Invalid(off, msg, fault) => r.diag(
                    range.start + off,
                    Detail::InvalidAnnotation {
                        error: msg.clone(),
                        fault,
                    },
                ),
                annotation::Read::NotAnnotation => {}
            },
            Block::Code {
                info,
                content,
                content_start,
                closed,
                range,
            } => {
                if !*closed {
                    r.diag(range.start, Detail::UnclosedFence);
                }
                read_code(
                    &mut r,
                    info,
                    content,
                    *content_start,
                    range.start,
                    annotation.map(|a| a.0),
                    &section,
                    &heading,
                );
            }
        }
    }
    r.page.kind = settle_kind(&r.page);
    r.page
}

/// The kind by front matter, corrected where the content plainly says otherwise: a handful of
/// resource pages carry `doc_type: apiPageType` (and the reverse), and a model that trusted them
/// would lose those types.
fn settle_kind(page: &Page) -> PageKind {
    let declared = page_kind(page);
    let resource_like = page.routes.is_empty()
        && (page.json_representation.as_ref().is_some_and(|j| {
            j.annotation.as_ref().and_then(|a| a.block_type.as_deref()) == Some("resource")
        }) || page.tables.iter().any(|t| t.role == TableRole::Properties));
    let api_like = !page.routes.is_empty() && page.json_representation.is_none();
    match declared {
        PageKind::Api if resource_like => PageKind::Resource,
        PageKind::Resource if api_like => PageKind::Api,
        k => k,
    }
}

fn page_kind(page: &Page) -> PageKind {
    let doc_type = page.front("doc_type").unwrap_or_default();
    let t = doc_type
        .trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase();
    if t.starts_with("apipagetype") {
        PageKind::Api
    } else if t.starts_with("resourcepagetype") {
        PageKind::Resource
    } else if t.starts_with("enumpagetype") {
        PageKind::Enum
    } else if t.is_empty() {
        match page.path.split('/').next() {
            Some("api") => PageKind::Api,
            Some("resources") => PageKind::Resource,
            _ => PageKind::Other,
        }
    } else {
        PageKind::Other
    }
}

fn read_front_matter(r: &mut Reader, yaml: &str, start: usize) {
    let fm = frontmatter::read(yaml);
    if let Some((line, col, msg)) = fm.error {
        let base = r.at(start);
        let at = Span::new(
            base.line + line.saturating_sub(1),
            if line <= 1 {
                base.col + col.saturating_sub(1)
            } else {
                col.max(1)
            },
        );
        r.page.diagnostics.push(Diagnostic::warning(
            r.path,
            at,
            Detail::FrontMatter { error: msg },
        ));
    }
    r.page.front_matter = fm.map;
    r.page.front_matter_at = front_matter_positions(r, yaml, start);
    // Where each key's value starts, the first occurrence winning as in `Page::front_at`; a
    // map, since looking each key up in the list made long front matter quadratic.
    let mut starts: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
    for (k, at) in &r.page.front_matter_at {
        starts.entry(k.as_str()).or_insert(*at);
    }
    for (key, value) in &r.page.front_matter {
        let (Some(key), Some(value)) = (key.as_str(), value.as_str()) else {
            continue;
        };
        let Some(&at) = starts.get(key) else {
            continue;
        };
        let mut desc = markers::parse_description(value);
        desc.locate(value, at);
        r.page
            .prose_placeholders
            .extend(desc.placeholders.into_iter().map(|p| ProsePlaceholder {
                place: ProsePlace::FrontMatter(key.to_owned()),
                text: p.text,
                at: p.at,
                len: p.len,
            }));
    }
}

/// The draft placeholders of a title or an introduction paragraph at `at`: its markup is
/// removed, so only the start is exact, and a finding covers the whole text.
fn prose_placeholders(place: ProsePlace, text: &str, at: Span) -> Vec<ProsePlaceholder> {
    let len = text.chars().count() as u32;
    markers::parse_description(text)
        .placeholders
        .into_iter()
        .map(|p| ProsePlaceholder {
            place: place.clone(),
            text: p.text,
            at,
            len,
        })
        .collect()
}

/// Where each top-level `key: value` line's value starts (the key when the value is empty).
fn front_matter_positions(r: &Reader, yaml: &str, start: usize) -> Vec<(String, Span)> {
    let mut out: Vec<(String, Span)> = Vec::new();
    // First occurrence wins; a set, since searching `out` made long front matter quadratic.
    let mut seen = std::collections::BTreeSet::new();
    let mut off = start;
    for line in yaml.split_inclusive('\n') {
        let here = off;
        off += line.len();
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let name = key.trim();
        if name.is_empty() || !seen.insert(name) {
            continue;
        }
        // Past an opening quote, so columns inside the value count from its first character.
        let quote = usize::from(value.trim_start().starts_with(['"', '\'']));
        let value_start = key.len() + 1 + (value.len() - value.trim_start().len()) + quote;
        let at = if value.trim().is_empty() {
            here + (key.len() - key.trim_start().len())
        } else {
            here + value_start
        };
        out.push((name.to_owned(), r.at(at)));
    }
    out
}

fn record_links(r: &mut Reader, links: &[InlineLink]) {
    for l in links {
        let at = r.at(l.range.start);
        r.page.links.push(Link {
            text: l.text.clone(),
            dest: l.dest.clone(),
            at,
        });
    }
}

fn record_cell_links(r: &mut Reader, cell: &Cell) {
    // Most cells hold no link; the link grammar is only worth running on those that do.
    if !cell.raw.contains("](") {
        return;
    }
    for l in markers::links(&cell.raw) {
        let at = r.at(cell.range.start + l.range.start);
        r.page.links.push(Link {
            text: l.text,
            dest: l.dest,
            at,
        });
    }
}

/// A permission scope as permission tables write them: dot-separated words that start with a
/// capital letter, one after the first an access word (`User.ReadWrite.All`, `Contacts.Read`).
fn is_permission_scope(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let words = || word.split('.');
    word.contains('.')
        && words().all(|p| {
            p.starts_with(|c: char| c.is_ascii_uppercase())
                && p.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && words().skip(1).any(|p| {
            [
                "Read", "Write", "Manage", "Send", "Access", "Full", "Create", "Invite",
            ]
            .iter()
            .any(|a| p.starts_with(a))
        })
}

fn read_paragraph(
    r: &mut Reader,
    p: &str,
    links: &[InlineLink],
    start: usize,
    section: &str,
    seen_h2: bool,
) {
    let t = p.trim();
    if t.starts_with("[!INCLUDE") || t.starts_with("[! INCLUDE") {
        if let Some(l) = links.first() {
            let at = r.at(l.range.start);
            r.page.includes.push(Include {
                dest: l.dest.clone(),
                at,
            });
        }
        return;
    }
    if t.starts_with("[!") {
        return; // `> [!NOTE]` callouts are prose, not a summary.
    }
    if SectionKind::of(section) == SectionKind::Permissions
        && r.page.permissions_prose.is_none()
        && t.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .any(is_permission_scope)
    {
        r.page.permissions_prose = Some(r.at(start));
    }
    if let Some(ns) = namespace_line(t) {
        if r.page.namespace.is_none() {
            let at = r.at(start);
            r.page.namespace = Some(Text { text: ns, at });
        }
        return;
    }
    if r.page.inherits_from.is_none()
        && (!seen_h2 || SectionKind::of(section) == SectionKind::Properties)
    {
        if let Some(link) = inherits_from(t, links) {
            let at = r.at(start);
            r.page.inherits_from = Some(Link { at, ..link });
        }
    }
    if !seen_h2 {
        if r.page.title.is_some() {
            let at = r.at(start);
            if r.page.says_open.is_none() && says_open(t, false) {
                r.page.says_open = Some(at);
            }
            let found = prose_placeholders(ProsePlace::Intro, t, at);
            r.page.prose_placeholders.extend(found);
            r.page.intro.push(Text {
                text: t.to_owned(),
                at,
            });
        }
        if r.page.title.is_some() && r.page.summary.is_none() {
            let at = r.at(start);
            r.page.summary = Some(Text {
                text: t.to_owned(),
                at,
            });
        }
        return;
    }
    if section == "request body" && r.page.request_body_type.is_none() {
        if let Some(l) = links.iter().find(|l| is_resource_link(&l.dest)) {
            let at = r.at(l.range.start);
            r.page.request_body_type = Some(Link {
                text: l.text.clone(),
                dest: l.dest.clone(),
                at,
            });
        }
    }
    if section == "response" {
        match r.page.response.as_mut() {
            None => read_response_prose(r, t, links, start),
            Some(resp) if resp.status.is_none() && status_in(t).is_some() => {
                // The body was named first; this paragraph gives the status.
                let (mentioned, returns) = (resp.mentioned.clone(), resp.returns.clone());
                read_response_prose(r, t, links, start);
                if let Some(resp) = r.page.response.as_mut() {
                    resp.mentioned.splice(0..0, mentioned);
                    resp.returns = resp.returns.take().or(returns);
                }
            }
            Some(resp) => resp.mentioned.extend(statuses_in(t)),
        }
    }
}

/// What a page's title says it documents: its first word, when that can name a type, and
/// whether it says "resource type" (`user resource type`).
fn title_subject(title: &str) -> TitleSubject {
    let word = title
        .split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '_')
        });
    TitleSubject {
        name: word.map(str::to_owned),
        resource_type: markers::contains_ignore_case(title, "resource type"),
    }
}

/// Whether a title ("… resource type (Open Type)") or an introduction's paragraph ("This is an
/// _open type_ that…", "This type is an open type.") calls the page's type open. "Used in the
/// open type x" names another type, which is why the paragraph must say "is an".
fn says_open(t: &str, title: bool) -> bool {
    if !markers::contains_ignore_case(t, "open") {
        return false;
    }
    let plain = t.to_lowercase().replace(['_', '*'], "");
    if title {
        plain.contains("(open type)")
    } else {
        plain.contains("is an open type")
    }
}

/// "Inherits from [x](x.md)" / "Derived from x" in prose → the base, as a link (dest empty
/// when the prose names it without a link).
fn inherits_from(t: &str, links: &[InlineLink]) -> Option<Link> {
    // Every phrase below says "inherit", "derive" or "subclass": most prose says none of them.
    if !markers::contains_ignore_case(t, "inherit")
        && !markers::contains_ignore_case(t, "derive")
        && !markers::contains_ignore_case(t, "subclass")
    {
        return None;
    }
    // ASCII lower-casing keeps byte offsets, so a position found in `lower` is one in `t`.
    let lower = t.to_ascii_lowercase();
    let pos = [
        "inherits from",
        "derived from",
        "derives from",
        "inherited from",
        // "**x** inherits all the properties of the [y](y.md) resource."
        "inherits all the properties of",
        "inherits all the properties from",
        "inherits the properties from",
        "inherits properties from",
        // "A subclass of [educationResource](educationresource.md)."
        "a subclass of",
    ]
    .iter()
    .filter_map(|k| lower.find(k).map(|i| i + k.len()))
    .min()?;
    let rest = t.get(pos..)?.trim_start_matches([' ', ':', '*']);
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    if let Some(l) = links
        .iter()
        .find(|l| rest.starts_with(l.text.as_str()) && !l.text.is_empty())
    {
        return Some(Link {
            text: l.text.clone(),
            dest: l.dest.clone(),
            at: Span::default(),
        });
    }
    let word: String = rest
        .trim_start_matches(['`', '['])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    let word = word.trim_end_matches('.');
    // Only a type-like word: "inherits from the base class" is prose, not a type.
    let typelike = word.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && word.chars().any(|c| c.is_ascii_uppercase() || c == '.')
        || matches!(word, "entity" | "outlookitem");
    typelike.then(|| Link {
        text: word.to_owned(),
        dest: String::new(),
        at: Span::default(),
    })
}

/// The anchor the docs site gives a heading: lower case, spaces to `-`, punctuation dropped.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// `## Members` tables of enum pages and `### x values` tables anywhere (`names` are the header's
/// [`header_name`]s, `heading` is `heading_raw` normalized). Returns whether the table was one.
fn read_enum_table(
    r: &mut Reader,
    names: &[String],
    rows: &[Vec<Cell>],
    start: usize,
    section: &str,
    heading: &str,
    heading_raw: &str,
) -> bool {
    let Some(member_col) = names
        .iter()
        .position(|h| h == "member" || h == "value" || h == "name")
    else {
        return false;
    };
    if names.iter().any(|h| h == "type") {
        return false;
    }
    // `Prefer header values` lists what an HTTP header accepts, not members of a Graph enum.
    let values_heading = (heading.ends_with(" values") || heading.ends_with(" enum values"))
        && !heading.ends_with(" header values");
    // The kind is settled at the end of the page, but front matter comes first.
    let members_section =
        section == "members" || heading == "members" || page_kind(&r.page) == PageKind::Enum;
    if !(values_heading || members_section) {
        return false;
    }
    let mut property = false;
    let name = if values_heading {
        let h = heading_raw.trim().replace(['`', '*'], "");
        let h = h.trim();
        // ASCII case only: lower-casing the whole heading can change its length (`İ` grows),
        // and a cut measured on the lower-cased text then overflows or splits a character.
        let cut = h.len().saturating_sub("values".len());
        let h = match h.get(cut..) {
            Some(tail) if tail.eq_ignore_ascii_case("values") => &h[..cut],
            _ => h,
        };
        let h = h.trim().trim_end_matches(" enum").trim();
        // `### Roles property values`: the name is the property's, before the word.
        // `get`, not `split_at`: the cut may fall inside a character.
        let cut = h.len().saturating_sub(" property".len());
        let h = match (h.get(..cut), h.get(cut..)) {
            (Some(head), Some(tail)) if tail.eq_ignore_ascii_case(" property") => {
                property = true;
                head.trim()
            }
            _ => h,
        };
        h.split_whitespace().last().unwrap_or("").to_owned()
    } else {
        r.page
            .title
            .as_ref()
            .and_then(|t| t.text.split_whitespace().next())
            .unwrap_or("")
            .to_owned()
    };
    if name.is_empty() {
        return false;
    }
    // With a Member column the Value column holds numbers; a lone Value column holds names.
    let value_col = names
        .iter()
        .position(|h| h == "value" || h == "intvalue")
        .filter(|&v| v != member_col);
    let desc_col = names.iter().position(|h| h == "description");
    let mut members = Vec::new();
    for row in rows {
        let Some(cell) = row.get(member_col) else {
            continue;
        };
        let member = strip_markup(&cell.raw);
        if member.is_empty() {
            continue;
        }
        let value = value_col
            .and_then(|v| row.get(v))
            .and_then(|c| c.raw.trim().trim_matches('`').parse::<i64>().ok());
        let desc_cell = desc_col.and_then(|d| row.get(d));
        let description_at = desc_cell.map(|c| r.at(c.range.start));
        let description = match (desc_cell, description_at) {
            (Some(c), Some(at)) => {
                let mut d = markers::parse_description(&c.raw);
                d.locate(&c.raw, at);
                d
            }
            _ => Default::default(),
        };
        members.push(MemberRow {
            name: member,
            value,
            description,
            at: r.at(cell.range.start),
            description_at,
        });
    }
    let at = r.at(start);
    // A property's name is written as on the wire, whatever case the heading gives it.
    let name = if property {
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        name
    };
    r.page.enum_tables.push(EnumTable {
        name,
        property,
        anchor: anchor(heading_raw),
        at,
        members,
    });
    true
}

/// `Namespace: microsoft.graph` (any case, optional backticks) → the namespace.
fn namespace_line(t: &str) -> Option<String> {
    let (key, rest) = t.split_once(':')?;
    if !key.trim().eq_ignore_ascii_case("namespace") {
        return None;
    }
    let ns = rest
        .split_whitespace()
        .next()?
        .trim_matches(['`', '*', '.']);
    (!ns.is_empty()).then(|| ns.to_owned())
}

fn is_resource_link(dest: &str) -> bool {
    let d = dest.split('#').next().unwrap_or("").to_ascii_lowercase();
    d.ends_with(".md") && !d.contains("://") && !d.contains("includes/")
}

/// The first response paragraph that gives a status code or links the returned type.
fn read_response_prose(r: &mut Reader, t: &str, links: &[InlineLink], start: usize) {
    let status = status_in(t).map(|(code, _)| {
        // Approximate the status position: prose offsets and source offsets differ only by
        // markup.
        let src_off = r
            .idx
            .line_text(r.at(start).line)
            .find(&code.to_string())
            .unwrap_or(0);
        (code, r.at(start + src_off))
    });
    // "returns a [user](../resources/user.md) object in the response body", without a code.
    let names_body = links.iter().any(|l| is_resource_link(&l.dest))
        && markers::contains_ignore_case(t, "return");
    if status.is_none() && !names_body {
        return;
    }
    let returns = links.iter().find(|l| is_resource_link(&l.dest)).map(|l| {
        let lower = t.to_lowercase();
        ReturnType {
            name: l.text.clone(),
            dest: l.dest.clone(),
            collection: lower.contains("collection") || lower.contains(" array"),
            at: r.at(l.range.start),
        }
    });
    r.page.response = Some(ResponseInfo {
        status: status.map(|s| s.0),
        status_at: status.map(|s| s.1),
        returns,
        mentioned: statuses_in(t),
    });
}

/// Every status code followed by a reason phrase in prose, in order.
fn statuses_in(t: &str) -> Vec<u16> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((code, at)) = t.get(from..).and_then(status_in) {
        out.push(code);
        from += at + 3;
    }
    out
}

/// The first HTTP status code (100–599) followed by a reason phrase in prose.
fn status_in(t: &str) -> Option<(u16, usize)> {
    let b = t.as_bytes();
    let mut i = 0;
    while i + 3 <= b.len() {
        let digits = b[i..i + 3].iter().all(u8::is_ascii_digit);
        let before_ok = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let after_ok = b.get(i + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
        if digits && before_ok && after_ok {
            let code: u16 = t[i..i + 3].parse().ok()?;
            // `201 Created`, and `201, Created` / `201: Created` as some pages write it.
            let followed = t[i + 3..]
                .trim_start_matches([',', ':', ' ', '-'])
                .starts_with(|c: char| c.is_ascii_uppercase());
            if (100..600).contains(&code) && followed {
                return Some((code, i));
            }
        }
        i += 1;
    }
    None
}

/// Reports rows whose cell count differs from the header's, and joins rows that continue the
/// previous one on a line without a leading pipe (the previous line lacking its trailing pipe)
/// back into that row's last cell.
fn join_continuations<'a>(
    r: &mut Reader,
    header: &[Cell],
    rows: Vec<Vec<Cell<'a>>>,
    shapes: &[RowShape],
) -> Vec<Vec<Cell<'a>>> {
    let mut out: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
    let mut prev_open = false;
    for (i, row) in rows.into_iter().enumerate() {
        let shape = shapes.get(i).copied().unwrap_or_default();
        let start = row.iter().map(|c| c.range.start).min().unwrap_or(0);
        if !shape.leading_pipe && prev_open && !out.is_empty() {
            let text: Vec<&str> = row
                .iter()
                .map(|c| c.raw.as_ref())
                .filter(|t| !t.is_empty())
                .collect();
            if let Some(last) = out
                .last_mut()
                .and_then(|p| p.iter_mut().rev().find(|c| !c.raw.is_empty()))
            {
                let raw = last.raw.to_mut();
                raw.push(' ');
                raw.push_str(&text.join(" "));
            }
            r.page.diagnostics.push(
                Diagnostic::warning(
                    r.path,
                    r.at(start),
                    Detail::TableShape {
                        problem: RowProblem::Continuation,
                    },
                )
                .with_severity(Severity::Note),
            );
            prev_open = !shape.trailing_pipe;
            continue;
        }
        let (cells, header) = (shape.cells, header.len());
        let problem = if shape.unclosed_code {
            Some(RowProblem::UnclosedCode { cells, header })
        } else if cells != header && cells > 0 {
            Some(RowProblem::Cells { cells, header })
        } else {
            None
        };
        if let Some(problem) = problem {
            r.page.diagnostics.push(Diagnostic::warning(
                r.path,
                r.at(start),
                Detail::TableShape { problem },
            ));
        }
        prev_open = shape.leading_pipe && !shape.trailing_pipe;
        out.push(row);
    }
    out
}

/// Column roles found in a table header.
struct Columns {
    name: usize,
    name_header: String,
    ty: Option<usize>,
    description: Option<usize>,
}

fn columns(names: &[String]) -> Option<Columns> {
    let name = names.iter().position(|h| {
        matches!(
            h.as_str(),
            "property"
                | "property name"
                | "name"
                | "parameter"
                | "parameter name"
                | "relationship"
                | "relationship name"
                | "properties"
                | "parameters"
                | "member"
                | "field"
        )
    })?;
    Some(Columns {
        name_header: names[name].clone(),
        name,
        ty: names
            .iter()
            .position(|h| h == "type" || h == "value type" || h == "data type"),
        description: names
            .iter()
            .position(|h| h == "description" || h == "notes"),
    })
}

fn role_for(section: &str, heading: &str) -> TableRole {
    let s = section;
    if s.starts_with("request body") {
        // A subheading of its own (`### Command properties`) describes a type a parameter
        // names, not the body.
        if heading != s && heading.ends_with(" properties") {
            return TableRole::Properties;
        }
        return TableRole::RequestBody;
    }
    // `## Properties`, `### Properties` under another H2, `## operationError Properties`.
    let is = |word: &str| {
        [s, heading]
            .iter()
            .any(|h| h.starts_with(word) || h.ends_with(&format!(" {word}")))
    };
    if is("properties") {
        TableRole::Properties
    } else if is("relationships") || s.starts_with("relationship") {
        TableRole::Relationships
    } else if s.starts_with("request body") {
        TableRole::RequestBody
    } else if s.contains("parameters") || heading.contains("parameters") {
        TableRole::Parameters
    } else {
        TableRole::Other
    }
}

/// A table by its section; `names` are the header's [`header_name`]s.
#[allow(clippy::too_many_arguments)]
fn read_table(
    r: &mut Reader,
    header: &[Cell],
    names: &[String],
    rows: &[Vec<Cell>],
    start: usize,
    section: &str,
    heading: &str,
    include: Option<String>,
) {
    let first = header
        .first()
        .map(|c| normalize(&c.raw))
        .unwrap_or_default();
    if first.starts_with("permission type") || first.starts_with("permission") && header.len() == 2
    {
        read_permissions(r, header, rows, start, include);
        return;
    }
    let section_kind = SectionKind::of(section);
    if section_kind == SectionKind::RequestHeaders {
        for row in rows {
            let (Some(name), Some(value)) = (row.first(), row.get(1)) else {
                continue;
            };
            let at = r.at(name.range.start);
            r.page.request_headers.push(HeaderRow {
                name: strip_markup(&name.raw),
                value: value.raw.to_string(),
                at,
            });
        }
        return;
    }
    if section_kind == SectionKind::Methods && first == "method" {
        read_methods(r, names, rows);
        return;
    }
    let Some(ty_col) = columns(names).and_then(|c| c.ty.map(|t| (c, t))) else {
        let at = r.at(start);
        let header: Vec<String> = header.iter().map(|c| strip_cell(&c.raw)).collect();
        let permission_columns = header.iter().any(|h| {
            let h = h.to_lowercase();
            h.starts_with("delegated") || h.starts_with("application")
        });
        r.page.other_tables.push(OtherTable {
            section: section.to_owned(),
            section_kind,
            header,
            permission_columns,
            at,
        });
        return;
    };
    let (cols, ty_col) = ty_col;
    // A resource page may split its properties over sections of any name ("Page content",
    // "Authoring metadata"): a `Property | Type | Description` table there is one of them.
    // "Property" or "Properties": the name column of a table of properties.
    let of_properties = cols.name_header.starts_with("propert");
    let mut role = role_for(section, heading);
    let other_section =
        role == TableRole::Other && page_kind(&r.page) == PageKind::Resource && of_properties;
    if other_section {
        role = TableRole::Properties;
    }
    let mut out = Vec::new();
    for row in rows {
        let name_cell = &row[cols.name.min(row.len().saturating_sub(1))];
        let name = strip_markup(&name_cell.raw);
        if name.is_empty() && row.iter().all(|c| c.raw.is_empty()) {
            continue;
        }
        let empty = Cell {
            raw: Cow::Borrowed(""),
            range: name_cell.range.end..name_cell.range.end,
        };
        let ty_cell = row.get(ty_col).unwrap_or(&empty);
        let desc_cell = cols.description.and_then(|d| row.get(d)).unwrap_or(&empty);
        // A row for `@odata.type` documents the type annotation every value carries, not a
        // property of the type.
        // Nor do instance annotations (`@microsoft.graph.downloadUrl`) in a section of their
        // own.
        if name
            .trim_start_matches('@')
            .eq_ignore_ascii_case("odata.type")
            || (other_section && name.starts_with('@'))
        {
            continue;
        }
        // Group captions like `| **Calendar** | | |` are not properties.
        let caption = name_cell.raw.trim().starts_with("**")
            && row
                .iter()
                .enumerate()
                .all(|(i, c)| i == cols.name || c.raw.trim().is_empty());
        if name.is_empty() || caption {
            continue;
        }
        let (ty, type_note) = typeexpr::parse_type_cell_in(&ty_cell.raw, &r.definitions);
        let (at, description_at) = (r.at(name_cell.range.start), r.at(desc_cell.range.start));
        let mut description = markers::parse_description(&desc_cell.raw);
        // A row without its description cell: the row is where to look.
        let cell_at = if description_at.line == at.line {
            description_at
        } else {
            at
        };
        description.locate(&desc_cell.raw, cell_at);
        out.push(PropertyRow {
            name,
            ty,
            type_raw: ty_cell.raw.to_string(),
            type_note,
            description,
            at,
            type_at: r.at(ty_cell.range.start),
            description_at,
            described: cols.description.is_some(),
        });
    }
    let at = r.at(start);
    // The heading right above the table (headings are read in page order).
    let under_other_subheading = r
        .page
        .headings
        .last()
        .is_some_and(|h| h.level > 2 && !normalize(&h.text).ends_with("properties"));
    r.page.tables.push(PropertyTable {
        role,
        of_properties,
        name_header: cols.name_header,
        section: section.to_owned(),
        section_kind,
        under_other_subheading,
        at,
        rows: out,
    });
}

/// `| Method | Return type | Description |` rows; caption rows with only a first cell are skipped.
fn read_methods(r: &mut Reader, names: &[String], rows: &[Vec<Cell>]) {
    let Some(desc_col) = names.iter().position(|h| h == "description") else {
        return;
    };
    for row in rows {
        let (Some(method), Some(desc)) = (row.first(), row.get(desc_col)) else {
            continue;
        };
        if row.iter().skip(1).all(|c| c.raw.trim().is_empty()) {
            continue;
        }
        let name = markers::plain_text_of(&method.raw);
        if name.is_empty() {
            continue;
        }
        // A row short of cells gets an empty one placed after the row; point at the row.
        let description_at = r.at(if desc.raw.is_empty() {
            method.range.start
        } else {
            desc.range.start
        });
        let mut description = markers::parse_description(&desc.raw);
        description.locate(&desc.raw, description_at);
        r.page.methods.push(MethodRow {
            name,
            description,
            at: r.at(method.range.start),
            description_at,
        });
    }
}

/// Names in tables: `**name**`, `` `name` ``, `name (deprecated)`, `[name](x.md)`, `[name]` →
/// `name`.
fn strip_markup(raw: &str) -> String {
    let t = raw.trim();
    // A linked name is its link text (inline, full or shortcut reference link).
    let linked = t.trim_start_matches(['*', '`']);
    let t = match linked.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((text, _)) if !text.contains(['[', '!']) => text,
        _ => t,
    };
    let t = if t.contains(['*', '`']) {
        Cow::Owned(t.replace(['*', '`'], ""))
    } else {
        Cow::Borrowed(t)
    };
    let t = t.trim();
    let t = t.split_once('(').map_or(t, |(a, _)| a).trim();
    let t = t.split(['<', ' ']).next().unwrap_or("").trim();
    t.trim_end_matches(['.', ',']).to_owned()
}

fn read_permissions(
    r: &mut Reader,
    header: &[Cell],
    rows: &[Vec<Cell>],
    start: usize,
    include: Option<String>,
) {
    let order_text = header
        .get(1)
        .map(|c| c.raw.to_lowercase())
        .unwrap_or_default();
    let order =
        if order_text.contains("least to most") || order_text.starts_with("least privileged") {
            Some(PrivilegeOrder::LeastToMost)
        } else if order_text.contains("most to least") {
            Some(PrivilegeOrder::MostToLeast)
        } else {
            None
        };
    // Current pages split the list: `Least privileged permission(s) | Higher privileged
    // permissions`; the second list is kept apart.
    let higher_col = header
        .iter()
        .skip(2)
        .position(|c| header_name(&c.raw).starts_with("higher privileged"))
        .map(|i| i + 2);
    let mut out = Vec::new();
    for row in rows {
        let (Some(kind), Some(cell)) = (row.first(), row.get(1)) else {
            continue;
        };
        let cells: Vec<&Cell> = row
            .iter()
            .skip(1)
            .filter(|c| !c.raw.trim().is_empty())
            .collect();
        let higher_cell = higher_col.and_then(|h| row.get(h));
        let raw = cells
            .iter()
            .map(|c| c.raw.as_ref())
            .collect::<Vec<_>>()
            .join(" | ");
        let descs: Vec<markers::Description> = cells
            .iter()
            .map(|c| markers::parse_description(&c.raw))
            .collect();
        let placeholder = descs.iter().any(|d| !d.placeholders.is_empty());
        // What a reader is shown: the placeholder, else the cells; and the first cell's length.
        let placeholder_text = placeholder.then(|| {
            let text = markers::parse_description(&raw)
                .placeholders
                .first()
                .map_or_else(|| raw.clone(), |p| p.text.clone());
            let first = raw.split(" | ").next().unwrap_or_default();
            (text, first.chars().count() as u32)
        });
        let is_none = |d: &markers::Description| {
            let says = |l: &str| {
                l.starts_with("not supported")
                    || l.starts_with("not applicable")
                    || l.starts_with("not available")
            };
            // The phrases are ASCII and at most 14 bytes: when the text's first 14 bytes are
            // ASCII, lower-casing them alone answers (and allocates nothing).
            let bytes = &d.text.as_bytes()[..d.text.len().min(14)];
            if bytes.is_ascii() {
                let mut head = [0u8; 14];
                let head = &mut head[..bytes.len()];
                head.copy_from_slice(bytes);
                head.make_ascii_lowercase();
                says(std::str::from_utf8(head).unwrap_or_default())
            } else {
                says(&d.text.to_lowercase())
            }
        };
        let not_supported = descs.first().is_some_and(is_none);
        let names = |d: &markers::Description| -> Vec<String> {
            if is_none(d) {
                return Vec::new();
            }
            d.text
                .split([',', ';', '\n', ' '])
                .map(|p| p.trim().trim_matches(['*', '`', '.']))
                .filter(|p| !p.is_empty() && p.contains('.') && !p.contains("://"))
                .map(str::to_owned)
                .collect()
        };
        let (mut permissions, mut higher) = (Vec::new(), Vec::new());
        if !(placeholder || not_supported) {
            for (c, d) in cells.iter().zip(&descs) {
                let list = if higher_cell.is_some_and(|h| std::ptr::eq(h, *c)) {
                    &mut higher
                } else {
                    &mut permissions
                };
                list.extend(names(d));
            }
        }
        out.push(PermissionRow {
            kind: PermissionKind::from_label(strip_cell(&kind.raw)),
            permissions,
            higher,
            raw,
            not_supported,
            placeholder,
            placeholder_text,
            // An included table's offsets are in the include, not this page: its rows are at
            // the include.
            at: r.at(if include.is_some() {
                start
            } else {
                cell.range.start
            }),
        });
    }
    let at = r.at(start);
    if r.page.permissions.is_none() {
        r.page.permissions = Some(Permissions {
            order,
            rows: out,
            at,
            include,
        });
    }
}

fn strip_cell(raw: &str) -> String {
    raw.replace(['*', '`'], "").trim().to_owned()
}

/// `<!-- { "blockType": "permissions" } -->` then `[!INCLUDE [..](../includes/permissions/x.md)]`.
fn read_permissions_include(r: &mut Reader, rest: &[Block], at: usize, includes: &dyn Includes) {
    let Some(Block::Paragraph { text, links, .. }) = rest.first() else {
        return;
    };
    if !text.trim_start().starts_with("[!INCLUDE") {
        return;
    }
    let Some(link) = links.first() else {
        return;
    };
    match includes.read(r.path, &link.dest) {
        Ok((inc_path, inc_text)) => {
            for b in super::blocks::blocks(&inc_text) {
                if let Block::Table { header, rows, .. } = b {
                    let names: Vec<String> = header.iter().map(|c| header_name(&c.raw)).collect();
                    read_table(
                        r,
                        &header,
                        &names,
                        &rows,
                        at,
                        "permissions",
                        "permissions",
                        Some(inc_path),
                    );
                    break;
                }
            }
        }
        Err(error) => r.diag(
            link.range.start,
            Detail::Include {
                dest: link.dest.clone(),
                error,
            },
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn read_code(
    r: &mut Reader,
    info: &str,
    content: &str,
    content_start: usize,
    start: usize,
    annotation: Option<Annotation>,
    section: &str,
    heading: &str,
) {
    let lang = info
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let block_type = annotation.as_ref().and_then(|a| a.block_type.as_deref());
    // `HTTP request`, `HTTP Requests`, `HTTP request (to upload a new file)`: a page may have
    // several such sections, each with a block of routes.
    let annotated_example = matches!(block_type, Some("request" | "response"));
    let section_kind = SectionKind::of(section);
    if !annotated_example
        && (section_kind == SectionKind::HttpRequest
            || SectionKind::of(heading) == SectionKind::HttpRequest)
    {
        // Sample code and JSON in these sections are not routes.
        if matches!(lang.as_str(), "" | "http" | "https" | "msgraph-interactive")
            && !content.trim_start().starts_with(['{', '['])
        {
            read_routes(r, content, content_start);
        }
        return;
    }
    if block_type == Some("resource")
        || (section_kind == SectionKind::JsonRepresentation && block_type.is_none())
    {
        if r.page.json_representation.is_none() {
            let at = r.at(start);
            let mut body = example::body(content);
            // `/* … */` comments in a representation: read it without them, and say so.
            let mut content = std::borrow::Cow::Borrowed(content);
            if matches!(body, example::Body::Invalid { .. }) {
                if let Some((clean, first)) = example::without_comments(&content) {
                    let read = example::body(&clean);
                    if matches!(read, example::Body::Json { .. }) {
                        r.page.diagnostics.push(
                            Diagnostic::warning(
                                r.path,
                                r.at(content_start + first),
                                Detail::InvalidJson {
                                    block: JsonBlock::Representation,
                                    problem: JsonProblem::Comment,
                                },
                            )
                            .with_severity(Severity::Note),
                        );
                        body = read;
                        content = std::borrow::Cow::Owned(clean);
                    }
                }
            }
            if let example::Body::Invalid { offset, error, .. } = &body {
                let (o, e) = (*offset, error.clone());
                r.diag(
                    content_start + o,
                    Detail::InvalidJson {
                        block: JsonBlock::Representation,
                        problem: JsonProblem::NotStrict { error: e },
                    },
                );
            }
            let properties = json_properties(r, &body, &content, content_start);
            r.page.json_representation = Some(JsonRepresentation {
                annotation,
                at,
                body,
                properties,
            });
        }
        return;
    }
    let kind = match block_type {
        Some("request") => Some(ExampleKind::Request),
        Some("response") => Some(ExampleKind::Response),
        Some(_) => None,
        None if section_kind == SectionKind::Examples
            && matches!(lang.as_str(), "http" | "json" | "msgraph-interactive" | "") =>
        {
            if heading.contains("request") {
                Some(ExampleKind::Request)
            } else if heading.contains("response") {
                Some(ExampleKind::Response)
            } else {
                None
            }
        }
        None => None,
    };
    let Some(kind) = kind else {
        return;
    };
    let msg = example::split(content);
    let to_span = |r: &Reader, range: &std::ops::Range<usize>| r.at(content_start + range.start);
    let request_line = msg
        .request_line
        .map(|(m, u, range)| (m, u, to_span(r, &range)));
    let status_line = msg
        .status_line
        .map(|(c, t, range)| (c, t, to_span(r, &range)));
    if kind == ExampleKind::Request && request_line.is_none() && lang != "json" {
        r.diag(content_start, Detail::InvalidExample);
    }
    let mut json_at = Vec::new();
    // A body the message says is not JSON (`Content-Type: application/zip`, a `/$value`
    // response of file content) is kept as text, whatever its first character.
    let declared_other = msg
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .is_some_and(|(_, v)| !example::is_json_media_type(v));
    let file_content = kind == ExampleKind::Response
        && r.page
            .examples
            .iter()
            .rev()
            .find_map(|e| e.request_line.as_ref())
            .is_some_and(|(_, url, _)| {
                url.split(['?', '#'])
                    .next()
                    .unwrap_or_default()
                    .ends_with("/$value")
            });
    let (body, body_at) = match msg.body {
        Some((text, off)) => {
            let b = if declared_other || file_content {
                example::Body::Text {
                    raw: text.to_owned(),
                }
            } else {
                example::body(text)
            };
            if matches!(b, example::Body::Json { .. }) {
                json_at = locate_json(r, text, content_start + off);
            }
            if let example::Body::Invalid { offset, error, .. } = &b {
                let (o, e) = (*offset, error.clone());
                r.diag(
                    content_start + off + o,
                    Detail::InvalidJson {
                        block: JsonBlock::ExampleBody,
                        problem: JsonProblem::NotStrict { error: e },
                    },
                );
            }
            (Some(b), Some(r.at(content_start + off)))
        }
        None => (None, None),
    };
    let at = r.at(start);
    let request_route = match (&request_line, kind) {
        (Some((method, url, _)), ExampleKind::Request) => RequestRoute::read(*method, url),
        _ => None,
    };
    r.page.examples.push(Example {
        kind,
        annotation,
        at,
        request_line,
        request_route,
        status_line,
        headers: msg.headers,
        body,
        body_at,
        json_at,
    });
}

/// Page positions of every key and value of a JSON body that starts at page offset `start`.
fn locate_json(r: &Reader, text: &str, start: usize) -> Vec<JsonAt> {
    let len = |range: &std::ops::Range<usize>| {
        let s = text.get(range.clone()).unwrap_or_default();
        if s.contains('\n') {
            1
        } else {
            s.chars().count().max(1) as u32
        }
    };
    super::jsonpos::locate(text)
        .into_iter()
        .map(|l| JsonAt {
            key: l.key.as_ref().map(|k| (r.at(start + k.start), len(k))),
            value: (r.at(start + l.value.start), len(&l.value)),
            pointer: l.pointer,
        })
        .collect()
}

/// The keys of a JSON representation as property rows, typed from their placeholder values.
fn json_properties(
    r: &Reader,
    body: &example::Body,
    content: &str,
    content_start: usize,
) -> Vec<PropertyRow> {
    let example::Body::Json {
        value: serde_json::Value::Object(map),
    } = body
    else {
        return Vec::new();
    };
    let offsets = super::jsonpos::top_level_keys(content);
    let mut rows: Vec<(usize, PropertyRow)> = Vec::new();
    for (key, value) in map {
        // Control information, and keys that are data rather than names: an open type's
        // example keys (`"4ad2…-…": {…}`, `"String-value": …`) are not properties.
        if key.starts_with('@') || !is_property_name(key) {
            continue;
        }
        let off = offsets.get(key.as_str()).copied().unwrap_or(0);
        let at = r.at(content_start + off);
        rows.push((
            off,
            PropertyRow {
                name: key.clone(),
                ty: infer_type(value),
                type_raw: value.to_string(),
                type_note: None,
                description: Default::default(),
                at,
                type_at: at,
                description_at: at,
                described: false,
            },
        ));
    }
    // serde_json's map is sorted; page order reads better and matches the table's order.
    rows.sort_by_key(|(off, _)| *off);
    rows.into_iter().map(|(_, row)| row).collect()
}

/// The type a JSON representation's placeholder value names.
pub fn infer_type(value: &serde_json::Value) -> typeexpr::TypeExpr {
    use crate::edm::Primitive;
    use serde_json::Value;
    use typeexpr::TypeExpr;
    match value {
        Value::String(s) => match typeexpr::parse_type_cell(s) {
            t @ (TypeExpr::Primitive(_) | TypeExpr::Collection(_)) => t,
            // Only a placeholder that looks like a type name names one; sample text does not.
            TypeExpr::Named { name, .. }
                if !name.contains(' ')
                    && name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && name.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                TypeExpr::Named { name, link: None }
            }
            _ => TypeExpr::Primitive(Primitive::String),
        },
        Value::Bool(_) => TypeExpr::Primitive(Primitive::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => TypeExpr::Primitive(Primitive::Int32),
        Value::Number(_) => TypeExpr::Primitive(Primitive::Double),
        Value::Object(o) => match o.get("@odata.type").and_then(Value::as_str) {
            Some(t) => TypeExpr::Named {
                name: t.trim_start_matches('#').to_owned(),
                link: None,
            },
            None => TypeExpr::Unknown(value.to_string()),
        },
        Value::Array(items) => match items.first() {
            Some(first) => TypeExpr::Collection(Box::new(infer_type(first))),
            None => TypeExpr::Unknown("[]".into()),
        },
        Value::Null => TypeExpr::Unknown("null".into()),
    }
}

fn read_routes(r: &mut Reader, content: &str, content_start: usize) {
    let mut off = 0;
    for line in content.split_inclusive('\n') {
        let here = content_start + off;
        off += line.len();
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        // `Content-Type: application/json` under the route: a header the route takes.
        if let Some((name, value)) = header_line(t) {
            let at = r.at(here + lead);
            r.page.request_headers.push(HeaderRow {
                name: name.to_owned(),
                value: value.to_owned(),
                at,
            });
            continue;
        }
        match route::parse_route_line(t) {
            Ok(route) => {
                let at = r.at(here + lead);
                let loose = addressing::loose(&route);
                r.page.routes.push(RouteLine { route, at, loose });
            }
            Err(e) => {
                let severity = match e.kind {
                    route::RouteErrorKind::Blank | route::RouteErrorKind::Comment => continue,
                    // Header lines and prose in the block are odd but not broken routes.
                    route::RouteErrorKind::NotRoute => Severity::Note,
                    route::RouteErrorKind::Malformed => Severity::Warning,
                };
                let at = r.at(here + lead + e.range.start);
                r.page.diagnostics.push(
                    Diagnostic::warning(r.path, at, Detail::InvalidRoute { error: e.message })
                        .with_severity(severity),
                );
            }
        }
    }
}

/// Whether a JSON key can be a property name: a letter or `_`, then letters, digits and `_`.
fn is_property_name(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `Name: value` with an HTTP header field name (letters, digits and `-`, starting with a
/// letter): a header line, which no route line can be (a method is followed by a space).
fn header_line(t: &str) -> Option<(&str, &str)> {
    let (name, value) = t.split_once(':')?;
    let token = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (token && value.starts_with(' ')).then(|| (name, value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_json_are_text() {
        let page = "# x\n\n## Examples\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nPUT https://graph.microsoft.com/v1.0/me/package\nContent-Type: application/zip\n\n{binary data\n```\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me/photo/$value\n```\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\n\n{not json either\n```\n";
        let page = read_page("api/x.md", page, &NoIncludes);
        assert_eq!(page.examples.len(), 3);
        assert!(
            page.examples
                .iter()
                .filter_map(|e| e.body.as_ref())
                .all(|b| matches!(b, example::Body::Text { .. })),
            "{:?}",
            page.examples
        );
        assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
        assert!(example::is_json_media_type(
            "application/json; charset=utf-8"
        ));
        assert!(!example::is_json_media_type("text/plain"));
    }

    /// The title or an introduction's paragraph calls the page's type open; a paragraph that
    /// names another open type does not.
    #[test]
    fn open_types_in_prose() {
        let open = |text: &str| read_page("resources/x.md", text, &NoIncludes).says_open;
        assert!(open("# gadget resource type (Open Type)\n").is_some());
        assert!(open("# gadget\n\nThis is an _open type_ that holds tokens.\n").is_some());
        assert!(open("# gadget\n\nA set. This type is an **open type**.\n").is_some());
        assert!(open("# gadget\n\nThis type is used in the open type [x](x.md).\n").is_none());
        assert!(open("# gadget\n\n## Properties\n\nThis is an open type.\n").is_none());
    }

    #[test]
    fn permission_scopes_in_prose() {
        assert!(is_permission_scope("User.ReadWrite.All,"));
        assert!(is_permission_scope("**Contacts.Read**"));
        assert!(!is_permission_scope("Microsoft.Graph"));
        assert!(!is_permission_scope("e.g."));
        assert!(!is_permission_scope("ReadWrite"));
    }

    #[test]
    fn header_lines_in_route_blocks_are_headers() {
        let page = "# Create x\n\n## HTTP request\n\n```http\nPOST /widgets\nContent-Type: application/json\nAuthorization: Bearer {token}\n```\n";
        let page = read_page("api/x.md", page, &NoIncludes);
        assert_eq!(page.routes.len(), 1);
        assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
        let names: Vec<&str> = page
            .request_headers
            .iter()
            .map(|h| h.name.as_str())
            .collect();
        assert_eq!(names, ["Content-Type", "Authorization"]);
        assert_eq!(header_line("GET /me"), None);
        assert_eq!(header_line("https://graph.microsoft.com/v1.0/me"), None);
    }

    /// A table of an HTTP header's values (`### Prefer header values` on an API page) is not a
    /// Graph enum; a `### x values` table is.
    #[test]
    fn header_values_are_not_an_enum() {
        let table = "\n\n| Name | Description |\n|:--|:--|\n| redeem | Grant access. |\n";
        let header = format!("# Get x\n\n### Prefer header values{table}");
        assert!(
            read_page("api/x.md", &header, &NoIncludes)
                .enum_tables
                .is_empty()
        );
        let values = format!("# Get x\n\n### shade values{table}");
        let page = read_page("api/x.md", &values, &NoIncludes);
        assert_eq!(page.enum_tables.len(), 1);
        assert_eq!(page.enum_tables[0].name, "shade");
        assert!(!page.enum_tables[0].property);
        // The values of a property, named by the property rather than the word before "values".
        let values = format!("# x\n\n### Roles property values{table}");
        let page = read_page("resources/x.md", &values, &NoIncludes);
        assert_eq!(page.enum_tables.len(), 1);
        assert_eq!(page.enum_tables[0].name, "roles");
        assert!(page.enum_tables[0].property);
    }

    #[test]
    fn status_codes_in_prose() {
        assert_eq!(
            status_in("returns a `201 Created` response"),
            Some((201, 11))
        );
        assert_eq!(status_in("returns `201, Created`"), Some((201, 9)));
        assert_eq!(status_in("returns 200: OK"), Some((200, 8)));
        assert_eq!(status_in("up to 200 items"), None);
        assert_eq!(statuses_in("`200 OK` or `202 Accepted`"), vec![200, 202]);
    }

    #[test]
    fn normalize_collapses_whitespace_drops_colons_and_lower_cases() {
        // The definition the buffer-reusing version must agree with.
        let plain = |h: &str| {
            h.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_end_matches(':')
                .to_lowercase()
        };
        let cases = [
            "  HTTP  Request:",
            "Properties\t\x0b\x0c\r\n",
            "Request body ::",
            "ÉTAT Du\u{a0}Service:",
            "\u{a0}Members\u{a0}",
            "Σ ΟΔΟΣ",
            "İ x:",
            ":",
            "",
            "a\u{1c}b",
        ];
        let mut reused = String::from("left over");
        for h in cases {
            assert_eq!(normalize(h), plain(h), "{h:?}");
            normalize_into(&mut reused, h);
            assert_eq!(reused, plain(h), "{h:?}");
        }
    }
}
