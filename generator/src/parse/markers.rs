//! The "Description" cell → plain text plus the markers the reference writes in prose:
//! `Required.`/`Optional.`, `Read-only`, `Nullable`, `Inherited from [x](..)`,
//! `Possible values are: ...`, `**TODO ...**` placeholders, and links.
//!
//! Every look-ahead is bounded (see [`window`]) so a cell parses in linear time.

use super::link::{self, Target};
use crate::span::Span;
use serde::Serialize;
use std::ops::Range;

/// What a description cell says. Ranges are byte offsets into the cell's raw text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Description {
    /// Plain text: links reduced to their text, `<br>` as a newline, real HTML tags
    /// dropped (`<resourceId>` kept), placeholders removed, trimmed. Backticks, bold
    /// and entities stay, since the text ends up in markdown doc comments.
    pub text: String,
    /// `Required.` → true, `Optional.` → false, when written as a sentence of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// `Read-only`, `Read only` or `readonly` appears (not `not read-only`, `Read-only for…`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// `Nullable` → true, `Not nullable`/`non-nullable` → false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// The type named after `Inherited from` (a link's text or a bare word).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<String>,
    /// The list after `Possible values are:` and its variants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub possible_values: Option<PossibleValues>,
    /// `**TODO ...**`, `TODO: ...` (to the end of its sentence) and `Not yet documented`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<Placeholder>,
    /// Every inline markdown link `[text](dest)` (and image), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
}

/// The member names of a possible-values list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PossibleValues {
    /// The values, delimiters removed, in order.
    pub values: Vec<String>,
    /// From the lead-in phrase to the end of the last value.
    #[serde(skip)]
    pub range: Range<usize>,
}

/// Placeholder text left in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// The placeholder without its `**` (`TODO: Add Description`).
    pub text: String,
    /// Where it is, `**` included.
    #[serde(skip)]
    pub range: Range<usize>,
    /// Where it is on the page, once [`Description::locate`] placed it; not serialized.
    #[serde(skip)]
    pub at: Span,
    /// How many characters it covers on the page (at least 1 once placed).
    #[serde(skip)]
    pub len: u32,
}

impl Description {
    /// Places the placeholders of a one-line cell whose text `raw` starts at `at` on the page.
    pub fn locate(&mut self, raw: &str, at: Span) {
        for p in &mut self.placeholders {
            let before = raw.get(..p.range.start).unwrap_or_default();
            p.len = raw.get(p.range.clone()).map_or(1, |s| s.chars().count()) as u32;
            p.at = Span::new(at.line, at.col + before.chars().count() as u32);
        }
    }
}

/// An inline markdown link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The link text as written.
    pub text: String,
    /// The destination as written.
    pub dest: String,
    /// Where the whole link is.
    #[serde(skip)]
    pub range: Range<usize>,
}

/// A span of the raw text and what replaces it in the plain text (`None`: nothing).
type Cut = (Range<usize>, Option<Range<usize>>);

/// The links of one cell, as [`parse_description`] finds them, without the rest of its work.
pub fn links(raw: &str) -> Vec<Link> {
    find_links(raw).0
}

/// The plain text of one cell, as [`parse_description`] gives it, without looking for markers.
pub fn plain_text_of(raw: &str) -> String {
    text_parts(raw).0
}

/// A cell's plain text, with the links and placeholders cut from it.
fn text_parts(raw: &str) -> (String, Vec<Link>, Vec<Placeholder>) {
    let (links, mut cuts) = find_links(raw);
    let placeholders = find_placeholders(raw);
    cuts.extend(placeholders.iter().map(|p| (p.range.clone(), None)));
    cuts.sort_by_key(|c| c.0.start);
    (plain_text(raw, &cuts), links, placeholders)
}

/// Parses the raw markdown of one description cell.
pub fn parse_description(raw: &str) -> Description {
    let (text, links, placeholders) = text_parts(raw);
    let lower = text.to_ascii_lowercase();
    Description {
        required: required(&lower),
        read_only: read_only(&lower),
        nullable: nullable(&lower),
        inherited_from: inherited_from(&text, &lower),
        possible_values: possible_values(raw),
        placeholders,
        links,
        text,
    }
}

/// `s[from..]` cut to at most `max` bytes on a char boundary.
fn window(s: &str, from: usize, max: usize) -> &str {
    let rest = s.get(from..).unwrap_or("");
    let mut end = rest.len().min(max);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    &rest[..end]
}

fn word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether `s[at..at + len]` is a whole word.
fn whole_word(s: &str, at: usize, len: usize) -> bool {
    let after = s.get(at + len..).and_then(|r| r.chars().next());
    !word_char(s[..at].chars().next_back()) && !word_char(after)
}

/// Whether `word` is one of the space-separated words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split(' ').any(|w| w == word)
}

/// Where ASCII `needle` first occurs in `hay` at or after `from` (`None` when `from` is not a
/// char boundary), as `hay[from..].find(needle)` would say. Cells are short: setting up the
/// standard substring searcher cost more than the searches themselves.
fn find_at(hay: &str, needle: &str, from: usize) -> Option<usize> {
    hay.get(from..)?;
    find_bytes(hay.as_bytes(), needle.as_bytes(), from, false)
}

/// Every non-overlapping occurrence of ASCII `needle` in `hay`, like `match_indices`.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = find_at(hay, needle, from)?;
        from = at + needle.len();
        Some(at)
    })
}

/// Whether ASCII `needle` occurs in `hay` in any ASCII case.
pub(crate) fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    find_bytes(hay.as_bytes(), needle.as_bytes(), 0, true).is_some()
}

/// The first `needle` in `h` at or after `from`; with `fold`, in any ASCII case.
fn find_bytes(h: &[u8], n: &[u8], from: usize, fold: bool) -> Option<usize> {
    let first = *n.first()?;
    let hay = h.get(from..)?;
    if !fold {
        return memchr::memmem::find(hay, n).map(|i| from + i);
    }
    // Candidates are the needle's first byte in either case; each is checked in full.
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, hay)
        .map(|i| from + i)
        .find(|&at| {
            h.get(at..at + n.len())
                .is_some_and(|f| f.eq_ignore_ascii_case(n))
        })
}

/// Inline links, plus cuts reducing inline links and full or collapsed references
/// (`[text][label]`, `[text][]`) to their text, as [`link::links`] reads them.
fn find_links(raw: &str) -> (Vec<Link>, Vec<Cut>) {
    let (mut links, mut cuts) = (Vec::new(), Vec::new());
    for l in link::links(raw) {
        match l.target {
            Target::Inline { dest } => {
                links.push(Link {
                    text: raw[l.text.clone()].to_owned(),
                    dest: raw[dest].to_owned(),
                    range: l.range.clone(),
                });
                cuts.push((l.range, Some(l.text)));
            }
            Target::Reference { .. } => cuts.push((l.range, Some(l.text))),
            Target::Shortcut => {}
        }
    }
    (links, cuts)
}

/// Draft phrases that stand for text still to be written (`New property, pending
/// documentation`): the sentence holding one is the placeholder.
const DRAFT_PHRASES: [&str; 2] = ["pending documentation", "provide description here"];

fn find_placeholders(raw: &str) -> Vec<Placeholder> {
    // Most cells hold none of the patterns: say so without lower-casing the cell.
    if !raw.contains("**")
        && !contains_ignore_case(raw, "todo")
        && !contains_ignore_case(raw, "not yet documented")
        && !DRAFT_PHRASES.iter().any(|p| contains_ignore_case(raw, p))
    {
        return Vec::new();
    }
    let lower = raw.to_ascii_lowercase();
    let next = |pat: &str, from: usize| lower.get(from..)?.find(pat).map(|n| from + n);
    let pats = [
        "**",
        "todo",
        "not yet documented",
        DRAFT_PHRASES[0],
        DRAFT_PHRASES[1],
    ];
    let (mut out, mut i, mut at) = (Vec::new(), 0, pats.map(|p| next(p, 0)));
    loop {
        // A search resumes only once it has been passed, so the scan stays linear.
        for (k, p) in pats.iter().enumerate() {
            if at[k].is_some_and(|a| a < i) {
                at[k] = next(p, i);
            }
        }
        let Some(a) = at.iter().flatten().min().copied() else {
            break;
        };
        let (text, end) = if at[0] == Some(a) {
            let close = raw[a + 2..]
                .trim_start()
                .starts_with("TODO")
                .then(|| next("**", a + 2));
            match close.flatten() {
                Some(close) => (raw[a + 2..close].trim(), close + 2),
                None => ("", a + 2),
            }
        } else if at[1] == Some(a) && raw[a..].starts_with("TODO") && whole_word(raw, a, 4) {
            // An unbolded TODO runs to the end of its sentence.
            let end = next(". ", a)
                .map_or(raw.trim_end().len(), |n| n + 1)
                .max(a + 4);
            (raw[a..end].trim(), end)
        } else if at[1] == Some(a) {
            ("", a + 4)
        } else if let Some(k) = (3..pats.len()).find(|&k| at[k] == Some(a)) {
            // The sentence around the phrase, from the end of the one before it.
            let start = lower[i..a].rfind(". ").map_or(i, |n| i + n + 2);
            let mut end = a + pats[k].len();
            end += usize::from(raw[end..].starts_with('.'));
            let text = raw[start..end].trim();
            let lead = raw[start..].len() - raw[start..].trim_start().len();
            if !text.is_empty() {
                out.push(Placeholder {
                    text: text.to_owned(),
                    range: start + lead..end,
                    at: Span::default(),
                    len: 0,
                });
            }
            i = end;
            continue;
        } else {
            (
                &raw[a..a + 18],
                a + 18 + usize::from(raw[a + 18..].starts_with('.')),
            )
        };
        if !text.is_empty() {
            out.push(Placeholder {
                text: text.to_owned(),
                range: a..end,
                at: Span::default(),
                len: 0,
            });
        }
        i = end;
    }
    out
}

const BLOCK_TAGS: &str = "br p ul ol li div table tr blockquote pre hr dl dt dd h1 h2 h3 h4 h5 h6";
const INLINE_TAGS: &str =
    "a b i u s em strong code sup sub span small font img del ins kbd strike td th tbody thead";

/// A real HTML tag at the start of `s`: its length, name (lowercase; empty for a comment) and
/// whether it closes.
fn html_tag(s: &str) -> Option<(usize, &'static str, bool)> {
    let w = window(s, 0, 300);
    if w.starts_with("<!--") {
        return w.find("-->").map(|n| (n + 3, "", true));
    }
    let body = w.strip_prefix('<')?;
    let closing = body.starts_with('/');
    let from = usize::from(closing);
    let len = body[from..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len() - from);
    let name = &body[from..from + len];
    let after = &body[from + len..];
    let shaped = after.starts_with(['>', '/']) || after.starts_with(char::is_whitespace);
    if !shaped {
        return None;
    }
    let name = BLOCK_TAGS
        .split(' ')
        .chain(INLINE_TAGS.split(' '))
        .find(|t| t.eq_ignore_ascii_case(name))?;
    let end = after.find('>').filter(|&n| !after[..n].contains('<'))?;
    Some((1 + from + len + end + 1, name, closing))
}

fn plain_text(raw: &str, cuts: &[Cut]) -> String {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let (mut i, mut k) = (0, 0);
    while i < raw.len() {
        while cuts.get(k).is_some_and(|s| s.0.start < i) {
            k += 1;
        }
        let next_cut = cuts.get(k).map_or(raw.len(), |s| s.0.start);
        if next_cut == i {
            let (range, keep) = &cuts[k];
            i = range.end;
            match keep {
                Some(t) => out.push_str(&raw[t.clone()]),
                // Punctuation after a placeholder (`**TODO**. Possible…`) goes with it.
                None => i = raw.len() - raw[i..].trim_start_matches(['.', ',', ';', ':']).len(),
            }
            continue;
        }
        if let Some((len, name, closing)) = (b[i] == b'<').then(|| html_tag(&raw[i..])).flatten() {
            // `<br>` always breaks (two make a paragraph); other block tags only start a
            // new line, so `</li><li>` leaves no blank one.
            let fresh = out.trim_end_matches(' ').ends_with('\n');
            if name == "br" || (listed(BLOCK_TAGS, name) && !fresh) {
                out.push('\n');
            }
            if name == "li" && !closing {
                out.push_str("- ");
            }
            i += len;
            continue;
        }
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'|') {
            out.push('|');
            i += 2;
            continue;
        }
        if b[i] == b'\t' {
            out.push(' ');
            i += 1;
            continue;
        }
        // Everything up to the next byte that needs a look, or the next cut, is copied as is.
        let run = b[i + 1..next_cut]
            .iter()
            .position(|c| matches!(c, b'<' | b'\\' | b'\t'));
        let end = run.map_or(next_cut, |n| i + 1 + n);
        out.push_str(&raw[i..end]);
        i = end;
    }
    tidy(out)
}

/// Collapses runs of spaces, drops spaces around line breaks, keeps at most one blank line.
fn tidy(s: String) -> String {
    // One line without a run of spaces, the usual cell, changes only at its ends: trim it in
    // place rather than rebuild it word by word.
    let b = s.as_bytes();
    let simple = !b.contains(&b'\n') && !b.windows(2).any(|w| w == b"  ");
    let mut out = if simple {
        s
    } else {
        let (mut out, mut blank) = (String::with_capacity(s.len()), false);
        for line in s.split('\n') {
            let mut words = line.split(' ').filter(|w| !w.is_empty());
            let Some(first) = words.next() else {
                blank = true;
                continue;
            };
            if !out.is_empty() {
                out.push_str(if blank { "\n\n" } else { "\n" });
            }
            blank = false;
            out.push_str(first);
            for w in words {
                out.push(' ');
                out.push_str(w);
            }
        }
        out
    };
    // Leading punctuation and surrounding whitespace go, in place (for the simple line this
    // also drops the single spaces at its ends that the word-by-word path never writes).
    let kept = out
        .trim_start_matches(['.', ',', ';', ':', ' '])
        .trim_start();
    let (start, len) = (out.len() - kept.len(), kept.trim_end().len());
    out.truncate(start + len);
    out.drain(..start);
    out
}

/// `Required.` / `Optional.` as a sentence of its own (also `**Required**.`, `Optional, …`).
fn required(lower: &str) -> Option<bool> {
    let sentence = |word: &str| {
        occurrences(lower, word).find(|&at| {
            let before = lower[..at].trim_end_matches([' ', '*']).chars().next_back();
            let after = lower[at + word.len()..]
                .trim_start_matches(['*', ' '])
                .chars()
                .next();
            before.is_none_or(|c| ".!?:;\n".contains(c))
                && after.is_none_or(|c| ".,;!\n".contains(c))
                && whole_word(lower, at, word.len())
        })
    };
    match (sentence("required"), sentence("optional")) {
        (Some(r), Some(o)) => Some(r < o),
        (r, o) => r.map(|_| true).or(o.map(|_| false)),
    }
}

fn read_only(lower: &str) -> bool {
    // Every spelling starts with "read": one search finds them all.
    occurrences(lower, "read").any(|at| {
        ["read-only", "read only", "readonly"].iter().any(|w| {
            // `Read-only for users synced from…` is a condition, not the marker.
            let after = lower[at..].strip_prefix(w);
            let conditional = [" for ", " if ", " when ", " unless ", " except "];
            after.is_some_and(|after| {
                whole_word(lower, at, w.len())
                    && !lower[..at].ends_with("not ")
                    && !conditional.iter().any(|c| after.starts_with(c))
            })
        })
    })
}

fn nullable(lower: &str) -> Option<bool> {
    for at in occurrences(lower, "nullable") {
        let before = &lower[..at];
        if word_char(lower[at + 8..].chars().next()) {
            continue;
        }
        if before.ends_with("non-") || before.ends_with("not-") {
            return Some(false);
        }
        if !word_char(before.chars().next_back()) {
            let prev = before.trim_end();
            let not = prev
                .strip_suffix("not")
                .is_some_and(|p| !word_char(p.chars().next_back()));
            return Some(!not);
        }
    }
    None
}

fn inherited_from(text: &str, lower: &str) -> Option<String> {
    let at = find_at(lower, "inherited from ", 0)? + 15;
    let name = window(text, at, 200).trim_start_matches(['*', '`', ' ']);
    let len = name.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
    let name = name[..len.unwrap_or(name.len())].trim_end_matches('.');
    (!name.is_empty()).then(|| name.to_owned())
}

const QUALIFIERS: &[&str] = &[
    "possible",
    "valid",
    "supported",
    "allowed",
    "permitted",
    "accepted",
    "following",
];
const LINKING: &str = "are is include includes can be the following as follows values only";

fn possible_values(raw: &str) -> Option<PossibleValues> {
    if !contains_ignore_case(raw, "values") {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    for at in occurrences(&lower, "values").filter(|&at| whole_word(&lower, at, 6)) {
        let head = lower[..at].trim_end_matches(['*', ' ']);
        let qualifier = QUALIFIERS
            .iter()
            .find(|q| head.ends_with(*q) && whole_word(head, head.len() - q.len(), q.len()));
        let can_be = lower[at + 6..].trim_start().starts_with("can be");
        let start = match (qualifier, can_be) {
            (Some(q), _) => head.len() - q.len(),
            (None, true) => at,
            (None, false) => continue,
        };
        // `Following values are supported. Not nullable. <ul>…`: the list comes later.
        let later = window(&lower, at, 120)
            .find("<ul")
            .filter(|_| qualifier == Some(&"following"));
        let tries = [
            lead_in(&lower, at + 6),
            later.map(|n| (at + n, false, true)),
        ];
        for (list_at, bare_ok, colon) in tries.into_iter().flatten() {
            let Some((values, end, bare)) = value_list(raw, list_at, bare_ok && !can_be) else {
                continue;
            };
            // `Following values are supported.` is prose: a lone bare word needs a colon.
            if colon || !bare || values.len() > 1 {
                return Some(PossibleValues {
                    values,
                    range: start..end,
                });
            }
        }
    }
    None
}

/// Skips `for **x** are`, `are`, `can be one of the following`, `:` after "values".
/// Returns where the list begins, whether bare (undelimited) values may follow, and
/// whether a colon introduced them.
fn lead_in(lower: &str, mut i: usize) -> Option<(usize, bool, bool)> {
    let (mut bare_ok, mut in_for) = (false, false);
    for _ in 0..12 {
        let w = window(lower, i, 120);
        let ws = w.len() - w.trim_start_matches([' ', '\t']).len();
        let token = w[ws..].split([' ', '\t', '<']).next().unwrap_or("");
        // `are:`value`` has no space after the colon.
        let token = match token.find(':') {
            Some(n)
                if token[..n]
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '*') =>
            {
                &token[..=n]
            }
            _ => token,
        };
        let t = token.trim_matches('*');
        let (word, colon) = (t.trim_end_matches(':'), t.ends_with(':'));
        if token.len() >= 100 || (in_for && (token.ends_with('.') || token.is_empty())) {
            return None;
        } else if w[ws..].starts_with("one of ") {
            i += ws + 6;
            continue;
        } else if token == "for" {
            in_for = true;
        } else if in_for && !colon && listed("are is include includes", word) {
            // `for <subject> are`: the subject is skipped.
            (in_for, bare_ok) = (false, word == "are" || word == "is");
        } else if !in_for && !colon && (word.is_empty() || !listed(LINKING, word)) {
            return Some((i, bare_ok, false));
        } else if !colon {
            bare_ok |= word == "are" || word == "is";
        }
        i += ws + token.len();
        if colon {
            return Some((i, true, true));
        }
    }
    None
}

/// A value written `` `x` ``, `**x**`, `*x*`, `"x"`, `'x'`, or bare: text, end, delimited.
fn value_at(raw: &str, i: usize, bare_ok: bool) -> Option<(String, usize, bool)> {
    let w = window(raw, i, 120);
    let pairs = [
        ("`", "`"),
        ("**", "**"),
        ("*", "*"),
        ("\"", "\""),
        ("“", "”"),
        ("'", "'"),
    ];
    if let Some((open, close)) = pairs.iter().find(|(o, _)| w.starts_with(*o)) {
        let body = &w[open.len()..];
        let (v, end) = match body.find(close) {
            Some(n) => (&body[..n], i + open.len() + n + close.len()),
            // An unclosed backtick (`` `manual. ``): take the name that follows.
            None if *open == "`" => {
                let n = body.find(|c: char| !(c.is_alphanumeric() || c == '_'));
                let n = n.unwrap_or(body.len());
                (&body[..n], i + 1 + n)
            }
            None => return None,
        };
        let v = v.trim().trim_matches('`').trim();
        return (!v.is_empty() && !v.contains('\n')).then(|| (v.to_owned(), end, true));
    }
    let n = w.find(|c: char| !(c.is_alphanumeric() || "_.:-+#".contains(c)));
    let v = w[..n.unwrap_or(w.len())].trim_end_matches(['.', ':']);
    // Bare ranges such as `1-500` are not member names.
    let name = v.starts_with(char::is_alphabetic) || v.chars().all(|c| c.is_ascii_digit());
    (bare_ok && !v.is_empty() && name).then(|| (v.to_owned(), i + v.len(), false))
}

/// The values from `at`, the end of the last one, and whether the first was bare.
fn value_list(raw: &str, at: usize, bare_ok: bool) -> Option<(Vec<String>, usize, bool)> {
    let skip_ws = |i: usize| raw.len() - raw[i..].trim_start().len();
    let mut i = skip_ws(at);
    let block = html_tag(&raw[i..]).is_some_and(|(_, n, _)| listed("br ul ol li", n));
    let (mut values, mut end, mut delimited) = (Vec::new(), at, None);
    loop {
        if block {
            // `<br>`/`<li>` lists: a value leads each item, prose may follow it.
            let (mut opened, mut brs) = (false, 0);
            while let Some((len, name, closing)) = html_tag(&raw[skip_ws(i)..]) {
                // A list ends with its `</ul>`, a paragraph or a blank line (`<br><br>`).
                brs += usize::from(name == "br");
                if (listed("ul ol p", name) || brs > 1) && !values.is_empty() {
                    return Some((values, end, delimited == Some(false)));
                }
                opened |= name == "br" || (name == "li" && !closing);
                i = skip_ws(i) + len;
            }
            // Text after a `</li>` with no new item is prose.
            i = skip_ws(i);
            if !opened && !values.is_empty() {
                break;
            }
            if let Some(b) = ["- ", "* ", "• "].iter().find(|b| raw[i..].starts_with(*b)) {
                i = skip_ws(i + b.len());
            }
        }
        let Some((v, e, delim)) = value_at(raw, i, bare_ok || block) else {
            break;
        };
        let rest = raw[e..].trim_start();
        let next = rest.chars().next();
        let fits = delim
            || if block {
                next.is_none_or(|c| ":-–—<(,.".contains(c))
            } else {
                next.is_none_or(|c| ",.;<()".contains(c))
                    || ["and ", "or "].iter().any(|w| rest.starts_with(w))
            };
        if !fits || (!block && delimited == Some(true) && !delim) {
            break;
        }
        delimited.get_or_insert(delim);
        // `*a, b, c* or *d*`: one emphasis around several names.
        let names = v.split(", ").map(str::trim);
        if delim && v.contains(", ") && names.clone().all(|n| !n.is_empty() && !n.contains(' ')) {
            values.extend(names.map(str::to_owned));
        } else {
            values.push(v);
        }
        (end, i) = (e, e);
        if block {
            i += raw[i..].find('<').unwrap_or(raw.len() - i);
            continue;
        }
        let mut rest = raw[i..].trim_start();
        if rest.starts_with('(') {
            let Some(close) = window(rest, 0, 300).find(')') else {
                break;
            };
            rest = rest[close + 1..].trim_start();
        }
        // `` `a` - what a is; `b` - … ``: a description runs to the `;`.
        if delim && rest.starts_with(['-', '–', ':']) {
            let Some(n) = window(rest, 0, 300).find(';') else {
                break;
            };
            rest = &rest[n..];
        }
        let Some(sep) = [",", ";", "and ", "or ", "|"]
            .into_iter()
            .find(|s| rest.starts_with(s))
        else {
            break;
        };
        rest = rest[sep.len()..].trim_start();
        if sep == "," || sep == ";" {
            rest = rest
                .strip_prefix("and ")
                .or(rest.strip_prefix("or "))
                .unwrap_or(rest);
        }
        i = skip_ws(raw.len() - rest.len());
    }
    (!values.is_empty()).then_some((values, end, delimited == Some(false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(raw: &str) -> Description {
        parse_description(raw)
    }

    #[test]
    fn text_reduces_links_and_tags() {
        let raw = " The [gizmo](../g.md) owner.<br>See <b>notes</b> for `<itemId>` and <widgetId>.\
                   <br/><br />End \\| here. ";
        let desc = d(raw);
        let text = "The gizmo owner.\nSee notes for `<itemId>` and <widgetId>.\n\nEnd | here.";
        assert_eq!(desc.text, text);
        let link = Link {
            text: "gizmo".into(),
            dest: "../g.md".into(),
            range: 5..21,
        };
        assert_eq!(desc.links, [link]);
        let desc =
            d("Kinds:<ul><li>`a` 1</li><li>b</li></ul>Ref [g][] and [x][y] and ![p](p.png).");
        assert_eq!(desc.text, "Kinds:\n- `a` 1\n- b\nRef g and x and p.");
        assert_eq!((desc.links.len(), desc.links[0].range.clone()), (1, 64..75));
        assert_eq!(d("<li>a</li>b<p>c</p><!-- note -->").text, "- a\nb\nc");
    }

    #[test]
    fn sentence_markers() {
        let required = "The widget name. Required.|Size. **Required**.|**TODO: x** Required.";
        let optional = "Optional. The colour.|Count. optional|Optional, defaults to none.|\
                        Optional. Required when creating.";
        let neither =
            "A value is required.|Required if the kind is `big`.|An optionalField. Unrequired.";
        for (cases, want) in [
            (required, Some(true)),
            (optional, Some(false)),
            (neither, None),
        ] {
            for raw in cases.split('|') {
                assert_eq!(d(raw).required, want, "{raw}");
            }
        }
        let desc = d("The id. Read-only. Nullable.");
        assert!(desc.read_only && desc.nullable == Some(true));
        assert!(d("This is read only.").read_only && d("A readonly flag").read_only);
        for raw in [
            "This is not read-only.",
            "Spread-only wings.",
            "Read-only for synced users.",
        ] {
            assert!(!d(raw).read_only, "{raw}");
        }
        for (raw, want) in [
            ("Not nullable.", Some(false)),
            ("A non-nullable key.", Some(false)),
        ] {
            assert_eq!(d(raw).nullable, want, "{raw}");
        }
        assert_eq!(d("Use isNullable.").nullable, None);
    }

    #[test]
    fn inherited_from() {
        let desc = d("The key. Inherited from [gizmoBase](../resources/gizmobase.md).");
        assert_eq!(desc.inherited_from.as_deref(), Some("gizmoBase"));
        assert_eq!(desc.text, "The key. Inherited from gizmoBase.");
        assert_eq!(
            d("inherited from **thing**").inherited_from.as_deref(),
            Some("thing")
        );
        assert_eq!(d("Inherited from ").inherited_from, None);
    }

    #[test]
    fn placeholders() {
        let desc = d("**TODO: Write. See [guide](https://example.org/g)**. Possible values: `x`.");
        let text = "TODO: Write. See [guide](https://example.org/g)".to_owned();
        let found = |d: &Description| -> Vec<(String, Range<usize>)> {
            d.placeholders
                .iter()
                .map(|p| (p.text.clone(), p.range.clone()))
                .collect()
        };
        assert_eq!(found(&desc), [(text, 0..51)]);
        assert_eq!(
            (desc.text.as_str(), desc.links.len()),
            ("Possible values: `x`.", 1)
        );
        let desc = d("Size. TODO: fill in later. More.");
        assert_eq!(desc.placeholders[0].text, "TODO: fill in later.");
        assert_eq!(desc.text, "Size. More.");
        let desc = d("Not yet documented");
        assert_eq!((desc.placeholders.len(), desc.text.as_str()), (1, ""));
        assert_eq!(
            d("**TODO: Find scopes **").placeholders[0].text,
            "TODO: Find scopes"
        );
        assert_eq!(d("A todoList item; TODOS later. **bold**").placeholders, []);
        let desc = d("Flag. New property in v2, pending documentation");
        let text = "New property in v2, pending documentation".to_owned();
        assert_eq!(found(&desc), [(text, 6..47)]);
        assert_eq!(desc.text, "Flag.");
        assert_eq!(d("PROVIDE DESCRIPTION HERE").placeholders.len(), 1);
        assert_eq!(d("Documentation of the pending state.").placeholders, []);
    }

    #[test]
    fn possible_values_lists() {
        let raw = "Kind. Possible values are: `small`, `large`, `unknownFutureValue`. Read-only.";
        let pv = d(raw).possible_values.expect("list");
        assert_eq!(
            &raw[pv.range],
            "Possible values are: `small`, `large`, `unknownFutureValue`"
        );
        let cases = [
            "The possible values are: `a1`, `b_2` , and `c-3`. => a1|b_2|c-3",
            "Possible values: `On` or `Off` => On|Off",
            "Valid values are `x.y` and `z`. Default is `x.y`. => x.y|z",
            "Possible values: `p` (default), `q` (rare, see x),`r`. => p|q|r",
            "Possible values are: `p` - the first; `q` - the second. => p|q",
            "Possible values are: `s`, `t`, or empty (meaning `s`). => s|t",
            "Possible values are: `u`, `v. => u|v",
            "Possible values are:`tight`, `loose` => tight|loose",
            "Supported values are `urn:a:b` and `urn:c` => urn:a:b|urn:c",
            "Possible values are alpha, beta, and gamma. => alpha|beta|gamma",
            "Supported values are one or two => one|two",
            "The values can be \"plain\" or \"rich\". Optional. => plain|rich",
            "Possible values are **Open**, **Shut** or **None**. => Open|Shut|None",
            "Can be one of the following values: **null**, *Mail*. => null|Mail",
            "Allowed values are *Red, Green* or *Blue*. => Red|Green|Blue",
            "The supported values for {span} are: W1, W4 and W12. => W1|W4|W12",
            "Possible values for **mode** are `1`, `2`, or `null`. => 1|2|null",
            "Allowed values: 'yes', 'no' => yes|no",
            "Possible values: none. => none",
            "Set with the following values only: `Done in A`, `B`. => Done in A|B",
            "Supported values are: <li>Quiet</li><li>Loud -- very.</li>Prose. => Quiet|Loud",
            "Allowed values:<ul><li>`dim`: low</li><li> hi: high</li></ul>Done. => dim|hi",
            "Possible values:<br/>\"Up\" - on.<br/>\"Down\" - off.<br><br>Returned. => Up|Down",
            "It must be one of the following values: <ul><li/>Red<li/>Blue</ul> => Red|Blue",
            "Following values are supported. Not nullable. <ul><li>`I`</li><li>`T`</li> => I|T",
            "One of the following values for new items: <ul><li/>Red<li/>Blue</ul> => Red|Blue",
        ];
        for case in cases {
            let (raw, want) = case.split_once(" => ").expect("case");
            let got = d(raw).possible_values.map(|p| p.values.join("|"));
            assert_eq!(got.as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn prose_is_not_a_value_list() {
        let cases = "Possible values are listed in the following table.|Valid values 1 to 365|\
                     Valid values are described below.|Supported values are 10-200. Default 50.|\
                     Possible values for install state.|Possible values include people or rooms.|\
                     These values can be used to find things.|Following values are supported.|\
                     Possible values of the gadget kind.|possible values are: 0: none, 1: low";
        for raw in cases.split('|') {
            assert_eq!(d(raw).possible_values, None, "{raw}");
        }
    }

    #[test]
    fn searches_agree_with_the_standard_ones() {
        let hay = "Read-only. READ only, not\tread–only: readonly ÄreadÖ re rea read";
        for needle in [
            "read",
            "read-only",
            "read only",
            "readonly",
            "re",
            "d",
            "x",
            "only",
        ] {
            for from in 0..=hay.len() + 1 {
                let want = hay
                    .get(from..)
                    .and_then(|h| h.find(needle))
                    .map(|n| from + n);
                assert_eq!(find_at(hay, needle, from), want, "{needle:?} from {from}");
            }
            for end in 0..=hay.len() {
                let Some(h) = hay.get(..end) else { continue };
                let want = h.to_ascii_lowercase().contains(needle);
                assert_eq!(contains_ignore_case(h, needle), want, "{needle:?} in {h:?}");
            }
        }
    }

    #[test]
    fn hostile_input() {
        let odd = "~|~||||~[~](~[a](~[a][~`~**~**TODO~<~<br~<!--~possible values: <li>~é<ü>ß[](ä)";
        for s in odd.split('~') {
            let _ = d(s);
        }
        let t = std::time::Instant::now();
        let units = "[a](~**TODO ~`x` ~possible values: `~<li~](~not nullable ~Required ~a, ~TODO ";
        for unit in units
            .split('~')
            .chain(["values for -values", "Inherited from "])
        {
            let _ = d(&unit.repeat(100_000 / unit.len()));
        }
        let _ = d(&format!("Possible values: {}", "`v`, ".repeat(20_000)));
        assert!(t.elapsed().as_secs() < 3, "{:?}", t.elapsed());
    }
}
