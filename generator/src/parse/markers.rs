//! The "Description" cell → plain text plus the markers the reference writes in prose:
//! `Required.`/`Optional.`, `Read-only`, `Nullable`, `Inherited from [x](..)`,
//! `Possible values are: ...`, `**TODO ...**` placeholders, and links.

use serde::Serialize;
use std::ops::Range;

/// What a description cell says. Ranges are byte offsets into the cell's raw text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Description {
    /// Plain text: links reduced to their text, `<br>` as a newline, real HTML tags
    /// dropped (`<resourceId>` kept), placeholders removed, trimmed. Backticks and
    /// bold stay, since the text ends up in markdown doc comments.
    pub text: String,
    /// `Required.` → true, `Optional.` → false, when written as a sentence of its own.
    pub required: Option<bool>,
    /// `Read-only`, `Read only` or `readonly` appears (and not as `not read-only`).
    pub read_only: bool,
    /// `Nullable` → true, `Not nullable`/`non-nullable` → false.
    pub nullable: Option<bool>,
    /// The type named after `Inherited from` (a link's text or a bare word).
    pub inherited_from: Option<String>,
    /// The list after `Possible values are:` and its variants.
    pub possible_values: Option<PossibleValues>,
    /// `**TODO ...**`, `TODO: ...` and `Not yet documented`.
    pub placeholders: Vec<Placeholder>,
    /// Every inline markdown link `[text](dest)` (and image), in order.
    pub links: Vec<Link>,
}

/// The member names of a possible-values list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PossibleValues {
    /// The values, delimiters removed, in order.
    pub values: Vec<String>,
    /// From the lead-in phrase to the end of the last value.
    pub range: Range<usize>,
}

/// Placeholder text left in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// The placeholder without its `**` (`TODO: Add Description`).
    pub text: String,
    /// Where it is, `**` included.
    pub range: Range<usize>,
}

/// An inline markdown link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The link text as written.
    pub text: String,
    /// The destination as written.
    pub dest: String,
    /// Where the whole link is.
    pub range: Range<usize>,
}

/// Parses the raw markdown of one description cell.
pub fn parse_description(raw: &str) -> Description {
    let (links, refs) = find_links(raw);
    let placeholders = find_placeholders(raw);
    let text = plain_text(raw, &placeholders, &links, &refs);
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

/// `s[from..]` cut to at most `max` bytes on a char boundary: bounds every look-ahead so
/// the whole parse stays linear.
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
    !word_char(s[..at].chars().next_back()) && !word_char(s.get(at + len..).and_then(|r| r.chars().next()))
}

/// Inline links (and the text ranges of `[text][label]` references, for the plain text).
fn find_links(raw: &str) -> (Vec<Link>, Vec<(Range<usize>, Range<usize>)>) {
    let (mut links, mut refs, mut open) = (Vec::new(), Vec::new(), Vec::new());
    let mut i = 0;
    while let Some(c) = raw[i..].chars().next() {
        let at = i;
        i += c.len_utf8();
        match c {
            '[' => open.push(at),
            ']' => {
                let Some(start) = open.pop() else { continue };
                let start = if raw[..start].ends_with('!') { start - 1 } else { start };
                let text = raw[start..at].trim_start_matches('!')[1..].to_owned();
                let after = &raw[i..];
                if let Some(rest) = after.strip_prefix('(') {
                    let stop = rest.find([')', ']', '[', ' ', '\n']).unwrap_or(rest.len());
                    if rest[stop..].starts_with(')') {
                        let end = i + 1 + stop + 1;
                        links.push(Link { text, dest: rest[..stop].to_owned(), range: start..end });
                        open.clear();
                        i = end;
                    }
                } else if after.starts_with('[') {
                    let label = window(after, 1, 100);
                    if let Some(close) = label.find(']').filter(|&n| !label[..n].contains('[')) {
                        refs.push((start..i + 1 + close + 1, start + 1..at));
                        open.clear();
                        i += close + 2;
                    }
                }
            }
            _ => {}
        }
    }
    links.sort_by_key(|l| l.range.start);
    (links, refs)
}

fn find_placeholders(raw: &str) -> Vec<Placeholder> {
    let lower = raw.to_ascii_lowercase();
    let next = |pat: &str, from: usize| lower.get(from..).and_then(|r| r.find(pat)).map(|n| from + n);
    let mut out = Vec::new();
    let (mut i, mut bold, mut todo, mut nyd) = (0, next("**", 0), next("todo", 0), next("not yet documented", 0));
    loop {
        // Each search resumes only once passed, so the scan stays linear.
        if bold.is_some_and(|b| b < i) {
            bold = next("**", i);
        }
        if todo.is_some_and(|t| t < i) {
            todo = next("todo", i);
        }
        if nyd.is_some_and(|t| t < i) {
            nyd = next("not yet documented", i);
        }
        let Some(at) = [bold, todo, nyd].into_iter().flatten().min() else { break };
        i = at + 2;
        if Some(at) == bold {
            if raw[at + 2..].trim_start().starts_with("TODO") {
                if let Some(close) = next("**", at + 2) {
                    out.push(Placeholder { text: raw[at + 2..close].trim().to_owned(), range: at..close + 2 });
                    i = close + 2;
                }
            }
        } else if Some(at) == todo {
            if raw[at..].starts_with("TODO") && whole_word(raw, at, 4) {
                // An unbolded TODO runs to the end of its sentence.
                let end = next(". ", at).map_or(raw.trim_end().len(), |n| n + 1).max(at + 4);
                out.push(Placeholder { text: raw[at..end].trim().to_owned(), range: at..end });
                i = end;
            }
        } else {
            let end = at + 18 + usize::from(raw[at + 18..].starts_with('.'));
            out.push(Placeholder { text: raw[at..at + 18].to_owned(), range: at..end });
            i = end;
        }
    }
    out
}

const BLOCK_TAGS: &[&str] = &["br", "p", "ul", "ol", "li", "div", "table", "tr", "blockquote", "pre", "hr", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"];
const INLINE_TAGS: &[&str] = &["a", "b", "i", "u", "s", "em", "strong", "code", "sup", "sub", "span", "small", "font", "img", "del", "ins", "kbd", "strike", "td", "th", "tbody", "thead"];

/// A real HTML tag at the start of `s`: its length, name (lowercase) and whether it closes.
fn html_tag(s: &str) -> Option<(usize, String, bool)> {
    let w = window(s, 0, 300);
    if w.starts_with("<!--") {
        return w.find("-->").map(|n| (n + 3, String::new(), true));
    }
    let body = w.strip_prefix('<')?;
    let closing = body.starts_with('/');
    let name_start = usize::from(closing);
    let name_len = body[name_start..].find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len() - name_start);
    let name = body[name_start..name_start + name_len].to_ascii_lowercase();
    if !BLOCK_TAGS.contains(&name.as_str()) && !INLINE_TAGS.contains(&name.as_str()) {
        return None;
    }
    let after = &body[name_start + name_len..];
    if !(after.starts_with('>') || after.starts_with("/>") || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let end = after.find('>').filter(|&n| !after[..n].contains('<'))?;
    Some((1 + name_start + name_len + end + 1, name, closing))
}

fn plain_text(raw: &str, placeholders: &[Placeholder], links: &[Link], refs: &[(Range<usize>, Range<usize>)]) -> String {
    let mut skips: Vec<(Range<usize>, Option<Range<usize>>)> = placeholders.iter().map(|p| (p.range.clone(), None)).collect();
    skips.extend(links.iter().map(|l| {
        let text_start = l.range.start + if raw[l.range.start..].starts_with('!') { 2 } else { 1 };
        (l.range.clone(), Some(text_start..text_start + l.text.len()))
    }));
    skips.extend(refs.iter().map(|(r, t)| (r.clone(), Some(t.clone()))));
    skips.sort_by_key(|s| s.0.start);
    let mut out = String::with_capacity(raw.len());
    let (mut i, mut k) = (0, 0);
    while let Some(c) = raw[i..].chars().next() {
        while skips.get(k).is_some_and(|s| s.0.start < i) {
            k += 1;
        }
        if let Some((range, keep)) = skips.get(k).filter(|s| s.0.start == i) {
            match keep {
                Some(t) => out.push_str(&raw[t.clone()]),
                // Punctuation that followed a placeholder (`**TODO**. Possible…`) goes with it.
                None => i = range.end + raw[range.end..].len() - raw[range.end..].trim_start_matches(['.', ',', ';', ':']).len(),
            }
            i = i.max(range.end);
            k += 1;
            continue;
        }
        if c == '\\' && raw[i + 1..].starts_with('|') {
            out.push('|');
            i += 2;
            continue;
        }
        if c == '<' {
            if let Some((len, name, closing)) = html_tag(&raw[i..]) {
                out.push_str(match (name.as_str(), closing) {
                    ("li", false) => "\n- ",
                    ("li", true) => "",
                    (n, _) if BLOCK_TAGS.contains(&n) => "\n",
                    _ => "",
                });
                i += len;
                continue;
            }
        }
        out.push(if c == '\t' { ' ' } else { c });
        i += c.len_utf8();
    }
    tidy(&out)
}

/// Collapses runs of spaces, drops spaces around line breaks and keeps at most one blank line.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut lines = s.split('\n').map(|l| l.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "));
    let mut blank = 0;
    for line in lines.by_ref() {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&line);
    }
    out.trim_start_matches(['.', ',', ';', ':', ' ']).trim().to_owned()
}

/// `Required.` / `Optional.` as a sentence of its own (also `**Required**.`, `Optional, …`).
fn required(lower: &str) -> Option<bool> {
    let found = [("required", true), ("optional", false)].into_iter().filter_map(|(word, value)| {
        lower.match_indices(word).map(|(at, _)| at).find(|&at| {
            let before = lower[..at].trim_end_matches([' ', '*']).chars().next_back();
            let after = lower[at + word.len()..].trim_start_matches(['*', ' ']).chars().next();
            let starts = before.is_none_or(|c| ".!?:;\n".contains(c));
            let ends = after.is_none_or(|c| ".,;!\n".contains(c));
            starts && ends && whole_word(lower, at, word.len())
        })
        .map(|at| (at, value))
    });
    found.min().map(|(_, value)| value)
}

fn read_only(lower: &str) -> bool {
    ["read-only", "read only", "readonly"].iter().any(|w| {
        lower.match_indices(w).any(|(at, _)| whole_word(lower, at, w.len()) && !lower[..at].ends_with("not "))
    })
}

fn nullable(lower: &str) -> Option<bool> {
    for (at, _) in lower.match_indices("nullable") {
        let before = &lower[..at];
        if word_char(lower[at + 8..].chars().next()) {
            continue;
        }
        if before.ends_with("non-") || before.ends_with("not-") {
            return Some(false);
        }
        if word_char(before.chars().next_back()) {
            continue;
        }
        let prev = before.trim_end();
        let negated = prev.ends_with("not") && !word_char(prev[..prev.len() - 3].chars().next_back());
        return Some(!negated);
    }
    None
}

fn inherited_from(text: &str, lower: &str) -> Option<String> {
    let at = lower.find("inherited from ")? + 15;
    let name: String = window(text, at, 200)
        .trim_start_matches(['*', '`', ' '])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let name = name.trim_end_matches('.');
    (!name.is_empty()).then(|| name.to_owned())
}

const QUALIFIERS: &[&str] = &["possible", "valid", "supported", "allowed", "permitted", "accepted", "acceptable", "following"];
const LINKING: &[&str] = &["are", "is", "include", "includes", "can", "be", "one", "of", "the", "following", "as", "follows", "values"];

fn possible_values(raw: &str) -> Option<PossibleValues> {
    let lower = raw.to_ascii_lowercase();
    for (at, _) in lower.match_indices("values") {
        if !whole_word(&lower, at, 6) {
            continue;
        }
        let head = lower[..at].trim_end_matches(['*', ' ']);
        let qualifier = QUALIFIERS.iter().find(|q| head.ends_with(*q) && whole_word(head, head.len() - q.len(), q.len()));
        let can_be = lower[at + 6..].trim_start().starts_with("can be");
        let start = match (qualifier, can_be) {
            (Some(q), _) => head.len() - q.len(),
            (None, true) => at,
            (None, false) => continue,
        };
        let Some((list_at, bare_ok, colon)) = lead_in(&lower, at + 6) else { continue };
        if let Some((values, end, all_bare)) = value_list(raw, list_at, bare_ok && !can_be) {
            // `Following values are supported.` is prose: a lone bare word needs a colon.
            if colon || !all_bare || values.len() > 1 {
                return Some(PossibleValues { values, range: start..end });
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
        if token.len() >= 100 {
            return None;
        }
        let t = token.trim_matches('*');
        let word = t.trim_end_matches(':');
        let colon = t.ends_with(':');
        if token == "for" {
            in_for = true;
        } else if in_for && !colon && !LINKING.contains(&word) {
            if token.ends_with('.') || token.is_empty() {
                return None;
            }
        } else if LINKING.contains(&word) || (colon && word.is_empty()) {
            in_for = false;
            bare_ok |= colon || word == "are" || word == "is";
        } else {
            return (!in_for).then_some((i, bare_ok, false));
        }
        i += ws + token.len();
        if colon {
            return Some((i, true, true));
        }
    }
    None
}

/// A value written `` `x` ``, `**x**`, `*x*`, `"x"`, `'x'`, or bare: its text and end.
fn value_at(raw: &str, i: usize, bare_ok: bool) -> Option<(String, usize, bool)> {
    let w = window(raw, i, 120);
    for (open, close) in [("`", "`"), ("**", "**"), ("*", "*"), ("\"", "\""), ("“", "”"), ("'", "'")] {
        if let Some(body) = w.strip_prefix(open) {
            let (v, end) = match body.find(close) {
                Some(n) => (&body[..n], i + open.len() + n + close.len()),
                // An unclosed backtick (`` `manual. ``): take the name that follows.
                None if open == "`" => {
                    let n = body.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(body.len());
                    (&body[..n], i + 1 + n)
                }
                None => return None,
            };
            let v = v.trim().trim_matches('`').trim();
            return (!v.is_empty() && !v.contains('\n')).then(|| (v.to_owned(), end, true));
        }
    }
    let n = w.find(|c: char| !(c.is_alphanumeric() || "_.:-+#".contains(c))).unwrap_or(w.len());
    let v = w[..n].trim_end_matches(['.', ':']);
    let first = v.chars().next()?;
    // Bare ranges such as `1-500` are not member names.
    let ok = bare_ok && (first.is_alphabetic() || v.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| (v.to_owned(), i + v.len(), false))
}

/// The values from `at`, the end of the last one, and whether all were bare.
fn value_list(raw: &str, at: usize, bare_ok: bool) -> Option<(Vec<String>, usize, bool)> {
    let skip_ws = |i: usize| raw.len() - raw[i..].trim_start().len();
    let mut i = skip_ws(at);
    let block = html_tag(&raw[i..]).is_some_and(|(_, n, _)| ["br", "ul", "ol", "li"].contains(&n.as_str()));
    let (mut values, mut end, mut delimited) = (Vec::new(), at, None);
    loop {
        if block {
            // `<br>`/`<li>` lists: one value leads each item, prose may follow it.
            let mut tags = 0;
            while let Some((len, name, _)) = html_tag(&raw[skip_ws(i)..]) {
                if name == "ul" || name == "ol" || name == "p" {
                    if !values.is_empty() {
                        return Some((values, end, delimited == Some(false)));
                    }
                }
                i = skip_ws(i) + len;
                tags += 1;
            }
            i = skip_ws(i);
            if tags == 0 && !values.is_empty() {
                break;
            }
            for bullet in ["- ", "* ", "• "] {
                if raw[i..].starts_with(bullet) {
                    i = skip_ws(i + bullet.len());
                }
            }
        }
        let Some((v, e, delim)) = value_at(raw, i, bare_ok || block) else { break };
        let rest = raw[e..].trim_start();
        let next = rest.chars().next();
        let fits = if block {
            delim || next.is_none_or(|c| ":-–—<(,.".contains(c))
        } else {
            delim || next.is_none_or(|c| ",.;<()".contains(c)) || rest.starts_with("and ") || rest.starts_with("or ")
        };
        if !fits || (!block && delimited == Some(true) && !delim) {
            break;
        }
        delimited.get_or_insert(delim);
        values.push(v);
        end = e;
        i = e;
        if block {
            i += raw[i..].find('<').unwrap_or(raw.len() - i);
            continue;
        }
        let mut rest = raw[i..].trim_start();
        if rest.starts_with('(') {
            let note = window(rest, 0, 300);
            let Some(close) = note.find(')') else { break };
            rest = rest[close + 1..].trim_start();
        }
        let sep = [",", "and ", "or ", "|"].iter().find(|s| rest.starts_with(*s));
        let Some(sep) = sep else { break };
        rest = rest[sep.len()..].trim_start();
        if sep == &"," {
            for word in ["and ", "or "] {
                if let Some(r) = rest.strip_prefix(word) {
                    rest = r.trim_start();
                }
            }
        }
        i = raw.len() - rest.len();
    }
    let all_bare = delimited == Some(false);
    (!values.is_empty()).then_some((values, end, all_bare))
}
