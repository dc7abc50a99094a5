//! Markdown → a flat list of blocks with byte ranges, the only place that talks to pulldown-cmark.
//!
//! The page reader works on these blocks rather than on raw events so that its section logic stays
//! small: headings, paragraphs, tables (with each cell's raw source), code blocks and HTML blocks.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// A markdown link found in running text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineLink {
    /// The link text, as plain text.
    pub text: String,
    /// The destination as written.
    pub dest: String,
    /// Byte range of the whole link in the page.
    pub range: Range<usize>,
}

/// One table cell: its raw markdown source (for the cell grammars) and its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell<'a> {
    /// The cell's markdown source, trimmed, with `\|` unescaped: borrowed from the page unless
    /// unescaping (or a tab read as a space) changed it.
    pub raw: Cow<'a, str>,
    /// Byte range of the trimmed source in the page (empty cells point at the row).
    pub range: Range<usize>,
}

/// How a table row is written: its cell count and whether it has its outer pipes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct RowShape {
    /// Cells as written.
    pub cells: usize,
    /// The line starts with `|`.
    pub leading_pipe: bool,
    /// The line ends with `|`.
    pub trailing_pipe: bool,
    /// A backtick on the line is never closed, so its pipes split cells after all.
    pub unclosed_code: bool,
}

impl RowShape {
    /// Measures one row's source line: pipes outside code spans and not escaped (all unescaped
    /// pipes when a backtick is never closed).
    pub fn of(line: &str) -> Self {
        let t = line.trim();
        let (spans, unclosed_code) = code_spans(t);
        let mut spans = spans.iter().peekable();
        let mut pipes = 0;
        let mut prev = b' ';
        // Bytes suffice: every mark looked at is ASCII, and no other character ends in one.
        for (i, &c) in t.as_bytes().iter().enumerate() {
            while spans.next_if(|r| r.end <= i).is_some() {}
            let in_code = spans.peek().is_some_and(|r| r.contains(&i));
            if c == b'|' && !in_code && prev != b'\\' {
                pipes += 1;
            }
            prev = c;
        }
        let leading_pipe = t.starts_with('|');
        let trailing_pipe = t.len() > 1 && t.ends_with('|') && !t.ends_with("\\|");
        let outer = usize::from(leading_pipe) + usize::from(trailing_pipe);
        RowShape {
            cells: pipes + 1 - outer.min(pipes + 1),
            leading_pipe,
            trailing_pipe,
            unclosed_code,
        }
    }
}

/// A block-level element of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block<'a> {
    /// A heading.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Plain text of the heading.
        text: String,
        /// Links inside the heading (tab markers are H1 links to `#tab/...`).
        links: Vec<InlineLink>,
        /// Byte range of the heading line.
        range: Range<usize>,
    },
    /// A paragraph (also paragraphs inside list items and block quotes).
    Paragraph {
        /// Plain text; inline code keeps its backticks so marker grammars can see it.
        text: String,
        /// Links inside the paragraph.
        links: Vec<InlineLink>,
        /// Byte range of the paragraph.
        range: Range<usize>,
    },
    /// A GFM table.
    Table {
        /// Header cells.
        header: Vec<Cell<'a>>,
        /// Body rows, as the table extension split them.
        rows: Vec<Vec<Cell<'a>>>,
        /// How each body row is written in the source (the table extension pads and truncates
        /// rows to the header's width, hiding both).
        shapes: Vec<RowShape>,
        /// Byte range of the whole table.
        range: Range<usize>,
    },
    /// A fenced or indented code block.
    Code {
        /// The info string (`http`, `json`, `msgraph-interactive`…), trimmed.
        info: String,
        /// The content, without fences.
        content: String,
        /// Byte offset of the content's first character in the page.
        content_start: usize,
        /// False when a fence is never closed (the block runs to the end of its container).
        closed: bool,
        /// Byte range of the whole block.
        range: Range<usize>,
    },
    /// An HTML block: annotations and commented-out text are these.
    Html {
        /// The block's text.
        text: String,
        /// Byte range of the block.
        range: Range<usize>,
    },
    /// YAML front matter between `---` lines.
    FrontMatter {
        /// The YAML text.
        text: String,
        /// Byte offset of the YAML's first character.
        content_start: usize,
    },
}

impl Block<'_> {
    /// Byte offset where the block starts.
    pub fn start(&self) -> usize {
        match self {
            Block::Heading { range, .. }
            | Block::Paragraph { range, .. }
            | Block::Table { range, .. }
            | Block::Code { range, .. }
            | Block::Html { range, .. } => range.start,
            Block::FrontMatter { content_start, .. } => *content_start,
        }
    }
}

/// What is being collected while inside a block.
enum Open {
    None,
    Heading(u8, usize),
    Paragraph(usize),
    Code {
        info: String,
        start: usize,
        fenced: bool,
    },
    Html(usize),
}

/// pulldown-cmark does not take a table whose delimiter row holds a tab, and pages have them
/// (tab-aligned columns). Tabs on pipe-table lines become spaces: one byte for one byte, so every
/// offset still points at the page as written.
fn untab_tables(text: &str) -> Cow<'_, str> {
    let mut rows = tabbed_rows(text).peekable();
    if rows.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for row in rows {
        out.push_str(&text[done..row.start]);
        for (i, part) in text[row.clone()].split('\t').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
        done = row.end;
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

/// Stands in for a `|` inside a code span on a table line, so the table extension does not split
/// the cell there (GFM would; the reference writes `` `a|b` `` meaning one cell). One byte for
/// one byte, so offsets still point at the page; [`cell`] and the text events turn it back.
const CODE_PIPE: char = '\u{1f}';

/// Table lines with a `|` inside a closed code span get [`CODE_PIPE`] there.
fn protect_code_pipes(text: Cow<'_, str>) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut done = 0;
    for line in text.split_inclusive('\n') {
        let fixed = (line.trim_start_matches(' ').starts_with('|') && line.contains('`'))
            .then(|| code_pipes(line))
            .flatten();
        match (fixed, out.as_mut()) {
            (Some(f), Some(o)) => o.push_str(&f),
            (Some(f), None) => {
                let mut o = String::with_capacity(text.len());
                o.push_str(&text[..done]);
                o.push_str(&f);
                out = Some(o);
            }
            (None, Some(o)) => o.push_str(line),
            (None, None) => {}
        }
        done += line.len();
    }
    match out {
        Some(o) => Cow::Owned(o),
        None => text,
    }
}

/// One table line with the pipes of its closed code spans replaced, or `None` when it has none
/// (after a backtick that is never closed, pipes are cell breaks, as the row's shape says).
fn code_pipes(line: &str) -> Option<String> {
    let (spans, _) = code_spans(line);
    let bytes = line.as_bytes();
    let inside: Vec<usize> = spans
        .iter()
        .flat_map(|r| r.clone())
        .filter(|&i| bytes[i] == b'|')
        .collect();
    if inside.is_empty() {
        return None;
    }
    let mut bytes = bytes.to_vec();
    for i in inside {
        bytes[i] = CODE_PIPE as u8;
    }
    String::from_utf8(bytes).ok()
}

/// The code spans of one line as CommonMark reads them: a run of n backticks opens a span that
/// the next run of exactly n backticks closes (`` `` ` `` `` holds a backtick); a run that no
/// such run follows is literal text, and the line then has an unclosed backtick (the `bool`).
/// A backslash escapes the first backtick of an opening run; inside a span it is literal, so
/// `` `\` `` is a span. Returns the byte ranges of the spans' contents, in order. Linear: the
/// runs of each length are visited once, by a cursor that only moves forward.
fn code_spans(line: &str) -> (Vec<Range<usize>>, bool) {
    let b = line.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'`', &b[i..]) {
        let start = i + at;
        let len = b[start..].iter().take_while(|&&c| c == b'`').count();
        runs.push((start, len));
        i = start + len;
    }
    let mut by_len: HashMap<usize, (Vec<usize>, usize)> = HashMap::new();
    for (k, &(_, n)) in runs.iter().enumerate() {
        by_len.entry(n).or_default().0.push(k);
    }
    let (mut spans, mut unclosed) = (Vec::new(), false);
    let mut k = 0;
    while k < runs.len() {
        let (start, n) = runs[k];
        let escaped = start > 0 && b[start - 1] == b'\\';
        let (open, len) = if escaped {
            (start + 1, n - 1)
        } else {
            (start, n)
        };
        let closer = by_len.get_mut(&len).and_then(|(ks, cursor)| {
            while ks.get(*cursor).is_some_and(|&m| m <= k) {
                *cursor += 1;
            }
            ks.get(*cursor).copied()
        });
        match closer {
            Some(m) if len > 0 => {
                spans.push(open + len..runs[m].0);
                k = m + 1;
            }
            _ => {
                unclosed |= len > 0;
                k += 1;
            }
        }
    }
    (spans, unclosed)
}

/// The lines (with their line break) that start with `|` after spaces and hold a tab. Only lines
/// with a tab are looked at: tabs are mostly in code blocks, and most pages have none.
fn tabbed_rows(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(n) = text.get(from..)?.find('\t') {
            let tab = from + n;
            let start = text[..tab].rfind('\n').map_or(0, |i| i + 1);
            let end = text[tab..].find('\n').map_or(text.len(), |i| tab + i + 1);
            from = end;
            if text[start..].trim_start_matches(' ').starts_with('|') {
                return Some(start..end);
            }
        }
        None
    })
}

/// Link reference definitions (`[label]: dest`) of a page: the label lower-cased (CommonMark
/// matches labels without case) → the destination as written.
pub type Definitions = std::collections::BTreeMap<String, String>;

/// Splits a page into blocks. Never fails: pulldown-cmark accepts every input.
pub fn blocks(page: &str) -> Vec<Block<'_>> {
    blocks_and_definitions(page).0
}

/// [`blocks`], and the page's link reference definitions, which shortcut links in table cells
/// (`[identitySet]`) refer to.
pub fn blocks_and_definitions(page: &str) -> (Vec<Block<'_>>, Definitions) {
    let untabbed = protect_code_pipes(untab_tables(page));
    let text = untabbed.as_ref();
    // Front matter is found here rather than by pulldown-cmark's metadata blocks, which also take
    // a `---` … `---` pair in the middle of a page (tab groups end with `---`), swallowing the
    // sections between and replacing the page's real front matter.
    let mut out = Vec::new();
    let body_start = match front_matter(text) {
        Some((yaml, content_start, end)) => {
            out.push(Block::FrontMatter {
                text: yaml.to_owned(),
                content_start,
            });
            end
        }
        None => 0,
    };
    let opts = Options::ENABLE_TABLES;
    let mut open = Open::None;
    let mut buf = String::new();
    let mut content_start: Option<usize> = None;
    let mut links: Vec<InlineLink> = Vec::new();
    // Link being read: (dest, text start in buf, range start).
    let mut link: Option<(String, usize, usize)> = None;
    let mut table: Option<(Vec<Cell>, Vec<Vec<Cell>>, usize)> = None;
    let mut shapes: Vec<RowShape> = Vec::new();
    let mut in_head = false;
    let mut row: Vec<Cell> = Vec::new();

    let events = Parser::new_ext(&text[body_start..], opts).into_offset_iter();
    // Every definition is known before the first event (the parser's first pass reads them).
    let definitions: Definitions = events
        .reference_definitions()
        .iter()
        .map(|(label, def)| (label.to_lowercase(), def.dest.to_string()))
        .collect();
    for (event, range) in events {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, .. }) if table.is_none() => {
                open = Open::Heading(level as u8, range.start);
                buf.clear();
                links.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Open::Heading(level, start) = open {
                    out.push(Block::Heading {
                        level,
                        text: buf.trim().to_owned(),
                        links: std::mem::take(&mut links),
                        range: start..range.end,
                    });
                }
                open = Open::None;
            }
            // The text of a tight list item has no paragraph of its own: it is read as one, so
            // what a page says in a list (permissions, notes) reaches the reader like prose.
            Event::Start(Tag::Paragraph | Tag::Item) if table.is_none() => {
                if matches!(event, Event::Start(Tag::Item)) && !matches!(open, Open::None) {
                    continue;
                }
                open = Open::Paragraph(range.start);
                buf.clear();
                links.clear();
            }
            // A list inside an item ends the item's own text.
            Event::Start(Tag::List(_)) | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Open::Paragraph(start) = open {
                    let end = if matches!(event, Event::Start(_)) {
                        range.start
                    } else {
                        range.end
                    };
                    let text = buf.trim();
                    if !text.is_empty() || matches!(event, Event::End(TagEnd::Paragraph)) {
                        out.push(Block::Paragraph {
                            text: text.to_owned(),
                            links: std::mem::take(&mut links),
                            range: start..end,
                        });
                    }
                    open = Open::None;
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (info.trim().to_owned(), true),
                    CodeBlockKind::Indented => (String::new(), false),
                };
                open = Open::Code {
                    info,
                    start: range.start,
                    fenced,
                };
                buf.clear();
                content_start = None;
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Open::Code {
                    info,
                    start,
                    fenced,
                } = std::mem::replace(&mut open, Open::None)
                {
                    let whole = &text[start..range.end.min(text.len())];
                    out.push(Block::Code {
                        info,
                        // A copy, so `buf` keeps its capacity for the next block.
                        content: buf.clone(),
                        content_start: content_start.unwrap_or(range.end),
                        closed: !fenced || fence_closed(whole),
                        range: start..range.end,
                    });
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                open = Open::Html(range.start);
                buf.clear();
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Open::Html(start) = open {
                    out.push(Block::Html {
                        text: buf.clone(),
                        range: start..range.end,
                    });
                }
                open = Open::None;
            }
            Event::Start(Tag::Table(_)) => {
                table = Some((Vec::new(), Vec::new(), range.start));
                shapes.clear();
            }
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, start)) = table.take() {
                    out.push(Block::Table {
                        header,
                        rows,
                        shapes: std::mem::take(&mut shapes),
                        range: start..range.end,
                    });
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if let Some(t) = table.as_mut() {
                    t.0 = std::mem::take(&mut row);
                }
            }
            Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    if !in_head {
                        let line = text.get(range.clone()).unwrap_or_default();
                        shapes.push(RowShape::of(line.lines().next().unwrap_or_default()));
                        t.1.push(std::mem::take(&mut row));
                    }
                }
            }
            Event::Start(Tag::TableCell) => {}
            Event::End(TagEnd::TableCell) => row.push(cell(page, text, range)),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), buf.len(), range.start));
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, at, start)) = link.take() {
                    links.push(InlineLink {
                        text: buf.get(at..).unwrap_or_default().trim().to_owned(),
                        dest,
                        range: start..range.end,
                    });
                }
            }
            Event::Text(t) => {
                if content_start.is_none() {
                    content_start = Some(range.start);
                }
                push_text(&mut buf, &t);
            }
            Event::Code(t) => {
                buf.push('`');
                push_text(&mut buf, &t);
                buf.push('`');
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if matches!(open, Open::Html(_)) {
                    push_text(&mut buf, &t);
                } else if is_line_break_tag(&t) {
                    buf.push('\n');
                }
            }
            Event::SoftBreak => buf.push(' '),
            Event::HardBreak => buf.push('\n'),
            _ => {}
        }
    }
    (out, definitions)
}

/// The page's front matter, which exists only at its very start: a `---` line, then YAML up to a
/// `---` or `...` line. Returns the YAML text, its offset and the offset after the closing line.
fn front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let open = text
        .strip_prefix('\u{feff}')
        .map_or(0, |_| '\u{feff}'.len_utf8());
    let mut lines = text[open..].split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let yaml_start = open + first.len();
    // As in CommonMark's YAML extension: a `---` followed by a blank line is a thematic break.
    if text[yaml_start..]
        .lines()
        .next()
        .is_none_or(|l| l.trim().is_empty())
    {
        return None;
    }
    let mut at = yaml_start;
    for line in lines {
        let end = at + line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return Some((&text[yaml_start..at], yaml_start, end));
        }
        at = end;
    }
    None
}

/// Appends text from the parser, with [`CODE_PIPE`]s turned back into `|` (a code block's line
/// that starts with `|` gets them too).
fn push_text(buf: &mut String, t: &str) {
    if t.contains(CODE_PIPE) {
        buf.push_str(&t.replace(CODE_PIPE, "|"));
    } else {
        buf.push_str(t);
    }
}

/// `<br>`, `<br/>`, `<br />` in running text act as line breaks.
fn is_line_break_tag(html: &str) -> bool {
    let t = html.trim().as_bytes();
    t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(b"<br")) && t.ends_with(b">")
}

/// A cell's trimmed raw source with `\|` unescaped. `text` is the page as parsed (tabs on table
/// lines made spaces): the same length as `page`, so one range serves both.
fn cell<'a>(page: &'a str, text: &str, range: Range<usize>) -> Cell<'a> {
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let src = &text[start..end];
    // The cell range can include its delimiting pipes and spaces: trim them off.
    let lead = src.len() - src.trim_start_matches(['|', ' ', '\t']).len();
    let core = src[lead..].trim_end_matches([' ', '\t', '\r', '\n']);
    let core = core
        .strip_suffix('|')
        .filter(|c| !c.ends_with('\\'))
        .unwrap_or(core)
        .trim_end();
    let range = start + lead..start + lead + core.len();
    let raw = match page.get(range.clone()) {
        _ if core.contains(CODE_PIPE) => {
            Cow::Owned(core.replace(CODE_PIPE, "|").replace("\\|", "|"))
        }
        // A backslash is rare: look for one before looking for the pair.
        _ if core.contains('\\') && core.contains("\\|") => Cow::Owned(core.replace("\\|", "|")),
        Some(written) if written == core => Cow::Borrowed(written),
        _ => Cow::Owned(core.to_owned()),
    };
    Cell { raw, range }
}

/// Whether a fenced block's source ends with a closing fence of its own kind.
fn fence_closed(block: &str) -> bool {
    let first = block.trim_start();
    let fence_char = match first.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return true,
    };
    let open_len = first.chars().take_while(|&c| c == fence_char).count();
    let mut lines = block.trim_end().lines();
    lines.next();
    lines.next_back().is_some_and(|last| {
        let l = last.trim();
        l.chars().take_while(|&c| c == fence_char).count() >= open_len
            && l.trim_start_matches(fence_char).is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_in_a_code_span_does_not_split_a_cell() {
        let page = "|Property|Type|Description|\n|:--|:--|:--|\n|filter|String|Use `a|b` or `c`.|\n|x|String|An `unclosed | cell|\n\n```\n|`a|b`|\n```\n";
        let b = blocks(page);
        let Block::Table { rows, shapes, .. } = &b[0] else {
            panic!("expected a table, got {:?}", b[0]);
        };
        assert_eq!(rows[0][2].raw, "Use `a|b` or `c`.");
        assert_eq!(&page[rows[0][2].range.clone()], "Use `a|b` or `c`.");
        assert_eq!(shapes[0].cells, 3);
        assert!(!shapes[0].unclosed_code);
        // Unclosed: the pipe separates cells, and the shape says why.
        assert_eq!(shapes[1].cells, 4);
        assert!(shapes[1].unclosed_code);
        assert!(matches!(&b[1], Block::Code { content, .. } if content == "|`a|b`|\n"));
    }

    #[test]
    fn front_matter_is_only_at_the_start() {
        let page = "---\ntitle: x\n---\n# T\n\n---\n\nContent-Type: a\n---\n\n## Response\n\n```http\nHTTP/1.1 200 OK\n```\n";
        let b = blocks(page);
        let fm: Vec<_> = b
            .iter()
            .filter(|b| matches!(b, Block::FrontMatter { .. }))
            .collect();
        assert!(
            matches!(fm.as_slice(), [Block::FrontMatter { text, content_start: 4 }] if text == "title: x\n")
        );
        assert!(
            b.iter()
                .any(|b| matches!(b, Block::Heading { text, .. } if text == "Response"))
        );
        assert!(
            b.iter().any(
                |b| matches!(b, Block::Code { content, .. } if content.starts_with("HTTP/1.1"))
            )
        );
        // A thematic break first, then a blank line: no front matter.
        assert!(
            !blocks("---\n\ntitle: x\n---\n")
                .iter()
                .any(|b| matches!(b, Block::FrontMatter { .. }))
        );
    }

    #[test]
    fn reads_headings_tables_code_and_annotations() {
        let page = "---\ntitle: x\n---\n# Title\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|[entity](../resources/entity.md)|A \\| b|\n\n<!-- { \"blockType\": \"ignored\" } -->\n``` http\nGET /me\n```\n";
        let b = blocks(page);
        assert!(matches!(&b[0], Block::FrontMatter { text, .. } if text == "title: x\n"));
        assert!(matches!(&b[1], Block::Heading { level: 1, text, .. } if text == "Title"));
        let Block::Table {
            header,
            rows,
            shapes,
            ..
        } = &b[2]
        else {
            panic!("expected a table, got {:?}", b[2]);
        };
        assert_eq!(header[0].raw, "Property");
        assert_eq!(rows[0][1].raw, "[entity](../resources/entity.md)");
        assert_eq!(
            &page[rows[0][1].range.clone()],
            "[entity](../resources/entity.md)"
        );
        assert_eq!(rows[0][2].raw, "A | b");
        assert_eq!(
            shapes[0],
            RowShape {
                cells: 3,
                leading_pipe: true,
                trailing_pipe: true,
                unclosed_code: false
            }
        );
        assert!(matches!(&b[3], Block::Html { text, .. } if text.contains("blockType")));
        let Block::Code {
            info,
            content,
            content_start,
            closed,
            ..
        } = &b[4]
        else {
            panic!("expected code, got {:?}", b[4]);
        };
        assert_eq!(
            (info.as_str(), content.as_str(), *closed),
            ("http", "GET /me\n", true)
        );
        assert_eq!(&page[*content_start..*content_start + 7], "GET /me");
    }

    #[test]
    fn code_spans_follow_backtick_runs() {
        // A span holding a backslash, one holding a backtick, one holding a pipe: all closed.
        let row = "| a | `:`, `\\`, `` ` ``, `|`, `^`. |";
        let shape = RowShape::of(row);
        assert!(!shape.unclosed_code, "{shape:?}");
        assert_eq!(shape.cells, 2);
        let protected = code_pipes(row).expect("a pipe inside a span");
        assert_eq!(protected.matches('|').count(), 3, "{protected}");
        // A run no run of its length closes is literal; a later pair still opens a span.
        let (spans, unclosed) = code_spans("a `` b ` c `d|e` f");
        assert!(unclosed);
        assert_eq!(spans.len(), 1);
        assert_eq!(&"a `` b ` c `d|e` f"[spans[0].clone()], " c ");
        // An escaped backtick does not open a span.
        let (spans, unclosed) = code_spans("\\`a|b` c");
        assert_eq!((spans.len(), unclosed), (0, true));
    }

    #[test]
    fn row_shapes_count_cells_as_written() {
        assert_eq!(RowShape::of("| a | b | c |").cells, 3);
        assert_eq!(RowShape::of("| a | b | c | d |").cells, 4);
        assert_eq!(RowShape::of("a | `x|y` | c").cells, 3);
        assert_eq!(RowShape::of("| a \\| b |").cells, 1);
        let cont = RowShape::of("continued text |");
        assert_eq!((cont.leading_pipe, cont.trailing_pipe), (false, true));
    }

    #[test]
    fn tab_aligned_tables_are_read() {
        let page = "|Property\t|Type|\n|---\t\t|---|\n|id\t|String|\n";
        let b = blocks(page);
        let Block::Table { rows, .. } = &b[0] else {
            panic!("expected a table, got {b:?}");
        };
        assert_eq!((&*rows[0][0].raw, &*rows[0][1].raw), ("id", "String"));
        assert_eq!(&page[rows[0][1].range.clone()], "String");
    }

    #[test]
    fn only_table_rows_with_tabs_are_untabbed() {
        // The definition: every line that starts with `|` after spaces loses its tabs.
        let by_lines = |text: &str| -> String {
            text.split_inclusive('\n')
                .map(|l| {
                    if l.trim_start_matches(' ').starts_with('|') {
                        l.replace('\t', " ")
                    } else {
                        l.to_owned()
                    }
                })
                .collect()
        };
        for text in [
            "no tabs\n| a | b |\n",
            "|a\t|b|\r\n|---\t|---|\r\n\tcode\twith tabs\n  | é\t中 |\t",
            " \t| tab before the pipe\n|\t\t|\n\n\t",
            "\t\t\n|x|\tlast line without a break",
            "",
            "\t",
            "|\t",
        ] {
            assert_eq!(untab_tables(text), by_lines(text), "{text:?}");
        }
    }

    #[test]
    fn unclosed_fence_is_flagged() {
        let b = blocks("``` json\n{\"a\": 1}\n");
        assert!(matches!(&b[0], Block::Code { closed: false, .. }));
        let b = blocks("````\nx\n```\n");
        assert!(
            matches!(&b[0], Block::Code { closed: false, .. }),
            "a shorter fence does not close"
        );
    }

    #[test]
    fn paragraph_keeps_code_and_links() {
        let b = blocks("Returns a `201 Created` and a [user](../resources/user.md) object.\n");
        let Block::Paragraph { text, links, .. } = &b[0] else {
            panic!("expected a paragraph");
        };
        assert_eq!(text, "Returns a `201 Created` and a user object.");
        assert_eq!(links[0].dest, "../resources/user.md");
        assert_eq!(links[0].text, "user");
    }
}
