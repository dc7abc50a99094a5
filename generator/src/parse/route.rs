//! Lines of a page's `## HTTP request` block → path templates.
//!
//! Forms seen in the reference: `{id}` and `<address>` parameters, `'{x}'` quoted
//! function arguments, `root:/{path}:/content` colon paths, full URLs with a version
//! prefix, paths without a leading `/`, a trailing `HTTP/1.1`, and query strings whose
//! values contain spaces (`$filter={p} eq '{v}'`).

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// HTTP methods a route line may start with (matched case-insensitively).
pub const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// One parsed route line. Ranges are byte offsets into the line given to [`parse_route_line`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    /// The method, uppercased.
    pub method: String,
    /// The path as literal text and parameters; it always begins with `/`.
    pub path: Vec<PathPart>,
    /// Query options after `?`, in order.
    pub query: Vec<QueryPart>,
    /// The line gave a full URL; its scheme, host and `/v1.0` or `/beta` were dropped.
    pub absolute_url: bool,
    /// The path lacked its leading `/` (`GET policies/x`); one was added.
    pub missing_leading_slash: bool,
    /// Where the method is.
    pub method_range: Range<usize>,
    /// Where the URL is, as written, up to but not including `?`.
    pub path_range: Range<usize>,
    /// Where the query text after `?` is, if any.
    pub query_range: Option<Range<usize>>,
}

/// A piece of a path or of a query value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathPart {
    /// Text as written, `/` separators included.
    Literal(String),
    /// A `{name}` or `<name>` placeholder; `range` covers its delimiters, so the
    /// caller can tell the two styles apart from the source text.
    Param {
        /// The text between the delimiters, trimmed (`id | userPrincipalName`).
        name: String,
        /// Written as `'{x}'`, i.e. a string-valued function argument.
        quoted: bool,
        /// Where the placeholder is, delimiters included.
        range: Range<usize>,
    },
}

/// One `name=value` option of a query string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryPart {
    /// The option name as written (`$select`, `startDateTime`).
    pub name: String,
    /// The value; empty when there was no `=`.
    pub value: Vec<PathPart>,
}

/// Why a line is not a route, so the caller can tell prose from a broken route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RouteErrorKind {
    /// The line is empty or whitespace.
    Blank,
    /// A `#`, `//` or `<!--` comment line.
    Comment,
    /// The line does not start with a method: prose, a header line, `or`.
    NotRoute,
    /// The line starts like a route but is broken.
    Malformed,
}

/// A line that could not be read as a route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteError {
    /// What is wrong, for a person.
    pub message: String,
    /// Where in the line.
    pub range: Range<usize>,
    /// What kind of failure.
    pub kind: RouteErrorKind,
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RouteError {}

fn fail<T>(kind: RouteErrorKind, message: impl Into<String>, range: Range<usize>) -> Result<T, RouteError> {
    Err(RouteError { message: message.into(), range, kind })
}

impl Route {
    /// The canonical path template: parameters as `{name}`, quotes and literals as written.
    pub fn template(&self) -> String {
        render(&self.path)
    }

    /// Path parameter names in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.path.iter().filter_map(|p| match p {
            PathPart::Param { name, .. } => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
    }

    /// Literal segments without parameters, for naming: `getX(period='{p}')` → `getX`,
    /// `root:` → `root`; segments that were only a parameter are left out.
    pub fn segments(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let (mut depth, mut quote) = (0usize, false);
        for part in &self.path {
            let PathPart::Literal(text) = part else { continue };
            for c in text.chars() {
                match c {
                    '\'' => quote = !quote,
                    '(' if !quote => depth += 1,
                    ')' if !quote => depth = depth.saturating_sub(1),
                    '/' if depth == 0 && !quote => {
                        push_segment(&mut out, &cur);
                        cur.clear();
                        continue;
                    }
                    _ => {}
                }
                cur.push(c);
            }
        }
        push_segment(&mut out, &cur);
        out
    }
}

fn push_segment(out: &mut Vec<String>, seg: &str) {
    let name = seg.split('(').next().unwrap_or("").trim().trim_matches(':');
    if !name.is_empty() {
        out.push(name.to_owned());
    }
}

fn render(parts: &[PathPart]) -> String {
    let mut s = String::new();
    for p in parts {
        match p {
            PathPart::Literal(t) => s.push_str(t),
            PathPart::Param { name, .. } => {
                s.push('{');
                s.push_str(name);
                s.push('}');
            }
        }
    }
    s
}

/// Parses one line of an HTTP request block, e.g. `GET /users/{id}/photo/$value`.
pub fn parse_route_line(line: &str) -> Result<Route, RouteError> {
    use RouteErrorKind::*;
    let start = line.len() - line.trim_start().len();
    let mut end = line.trim_end().len();
    if start >= end {
        return fail(Blank, "blank line", 0..line.len());
    }
    let body = &line[start..end];
    if body.starts_with('#') || body.starts_with("//") || body.starts_with("<!--") {
        return fail(Comment, "comment line", start..end);
    }
    let word_len = body.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(body.len());
    let method_range = start..start + word_len;
    let word = &body[..word_len];
    let known = HTTP_METHODS.iter().any(|m| m.eq_ignore_ascii_case(word));
    let after = &body[word_len..];
    let target = after.trim_start();
    if word_len == 0 || !after.starts_with(char::is_whitespace) || target.is_empty() {
        if known {
            return fail(Malformed, "expected a space and a path after the method", method_range);
        }
        return fail(NotRoute, "line does not start with an HTTP method", start..end);
    }
    let t = end - target.len();
    let lower = target.to_ascii_lowercase();
    let absolute = lower.starts_with("https://") || lower.starts_with("http://");
    // Prose such as "Delete a user." starts with a method word too; a route's
    // first word after the method is a path.
    let first_word = target.split(char::is_whitespace).next().unwrap_or("");
    let pathlike = absolute || target.starts_with('/') || first_word.contains(['/', '{']) || first_word.len() == target.len();
    if !known {
        let kind = if absolute || target.starts_with('/') { Malformed } else { NotRoute };
        return fail(kind, format!("`{word}` is not an HTTP method"), method_range);
    }
    if !pathlike {
        return fail(NotRoute, "text after the method is not a path", start..end);
    }
    // A trailing `HTTP/1.1` names the protocol, not part of the URL.
    if let Some(ws) = line[t..end].rfind(char::is_whitespace) {
        let last = line[t + ws..end].trim_start();
        if last.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("http/")) {
            end = line[..t + ws].trim_end().len();
        }
    }
    let mut p = t;
    if absolute {
        let host_start = t + lower.find("//").map_or(0, |i| i + 2);
        p = line[host_start..end].find(['/', '?']).map_or(end, |i| host_start + i);
        if line[p..end].starts_with('/') {
            let seg_end = line[p + 1..end].find(['/', '?']).map_or(end, |i| p + 1 + i);
            let seg = &line[p + 1..seg_end];
            if seg.eq_ignore_ascii_case("v1.0") || seg.eq_ignore_ascii_case("beta") {
                p = seg_end;
            }
        }
    }
    let (mut path, stop) = scan_parts(line, p, end, false)?;
    if path.is_empty() {
        return fail(Malformed, "the URL has no path", t..end);
    }
    let missing_leading_slash = !matches!(path.first(), Some(PathPart::Literal(l)) if l.starts_with('/'));
    if missing_leading_slash {
        match path.first_mut() {
            Some(PathPart::Literal(l)) => l.insert(0, '/'),
            _ => path.insert(0, PathPart::Literal("/".to_owned())),
        }
    }
    let mut query = Vec::new();
    let mut query_range = None;
    if stop < end {
        query_range = Some(stop + 1..end);
        let mut from = stop + 1;
        for piece in split_query(&line[from..end]) {
            let q = from;
            from += piece.len() + 1;
            if piece.trim().is_empty() {
                continue;
            }
            let (name, value) = match piece.find('=') {
                Some(eq) => (&piece[..eq], scan_parts(line, q + eq + 1, q + piece.len(), true)?.0),
                None => (piece, Vec::new()),
            };
            query.push(QueryPart { name: name.trim().to_owned(), value });
        }
    }
    Ok(Route {
        method: word.to_ascii_uppercase(),
        path,
        query,
        absolute_url: absolute,
        missing_leading_slash,
        method_range,
        path_range: t..stop,
        query_range,
    })
}

/// Splits a query string on `&`, except inside braces, parentheses or quotes.
fn split_query(q: &str) -> Vec<&str> {
    let (mut out, mut from, mut depth, mut quote) = (Vec::new(), 0, 0usize, false);
    for (i, c) in q.char_indices() {
        match c {
            '\'' => quote = !quote,
            '{' | '(' => depth += 1,
            '}' | ')' => depth = depth.saturating_sub(1),
            '&' if depth == 0 && !quote => {
                out.push(&q[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&q[from..]);
    out
}

/// Splits `line[from..to]` into literals and parameters. A path stops at a top-level `?`
/// and may not hold spaces outside `{}`, `()` or quotes; a query value may (it is free
/// text), and its parentheses and quotes are not checked.
fn scan_parts(line: &str, from: usize, to: usize, in_query: bool) -> Result<(Vec<PathPart>, usize), RouteError> {
    use RouteErrorKind::Malformed;
    let bytes = line.as_bytes();
    let (mut parts, mut lit) = (Vec::new(), String::new());
    let mut open: Option<(usize, char)> = None;
    let mut parens: Vec<usize> = Vec::new();
    let mut quote: Option<usize> = None;
    let mut stop = to;
    for (i, c) in line[from..to].char_indices() {
        let i = from + i;
        if c == '\\' {
            return fail(Malformed, "backslash in path", i..i + 1);
        }
        if let Some((o, close)) = open {
            if c == close {
                let name = line[o + 1..i].trim();
                if name.is_empty() {
                    return fail(Malformed, "empty parameter", o..i + 1);
                }
                let quoted = o > 0 && bytes.get(o - 1) == Some(&b'\'') && bytes.get(i + 1) == Some(&b'\'');
                parts.push(PathPart::Param { name: name.to_owned(), quoted, range: o..i + 1 });
                open = None;
            } else if c == '{' || c == '<' {
                return fail(Malformed, format!("`{c}` inside a parameter"), i..i + 1);
            }
            continue;
        }
        match c {
            '{' | '<' if c == '{' || !in_query => {
                if !lit.is_empty() {
                    parts.push(PathPart::Literal(std::mem::take(&mut lit)));
                }
                open = Some((i, if c == '{' { '}' } else { '>' }));
                continue;
            }
            '}' | '>' if c == '}' || !in_query => return fail(Malformed, format!("unmatched `{c}`"), i..i + 1),
            '\'' if !in_query => quote = if quote.is_some() { None } else { Some(i) },
            _ if quote.is_some() || in_query => {}
            '(' => parens.push(i),
            ')' if parens.pop().is_none() => return fail(Malformed, "unmatched `)`", i..i + 1),
            '?' if parens.is_empty() => {
                stop = i;
                break;
            }
            c if c.is_whitespace() && parens.is_empty() => {
                return fail(Malformed, "unexpected text after the path", i..to);
            }
            _ => {}
        }
        lit.push(c);
    }
    if let Some((o, c)) = open {
        let c = if c == '}' { '{' } else { '<' };
        return fail(Malformed, format!("unclosed `{c}`"), o..o + 1);
    }
    if let Some(q) = quote {
        return fail(Malformed, "unclosed quote", q..q + 1);
    }
    if let Some(&o) = parens.first() {
        return fail(Malformed, "unclosed `(`", o..o + 1);
    }
    if !lit.is_empty() {
        parts.push(PathPart::Literal(lit));
    }
    Ok((parts, stop))
}

/// Tells whether a route template matches a request URL from an example (parsed with
/// [`parse_route_line`], e.g. `POST https://graph.microsoft.com/beta/me/x/{id}/results`):
/// literal text is compared case-insensitively, a parameter matches one non-empty
/// segment (any text inside quotes; a colon path `:/{p}:` may span segments). The query,
/// the method and a trailing `/` are ignored.
pub fn matches(route: &Route, example: &Route) -> bool {
    let text = render(&example.path).to_ascii_lowercase();
    let text = strip_slash(&text);
    let lits: Vec<Option<String>> = route
        .path
        .iter()
        .enumerate()
        .map(|(k, p)| match p {
            // A trailing `/` is ignored, as in the example; a bare `/` path stays.
            PathPart::Literal(l) if k + 1 == route.path.len() && (k > 0 || l.len() > 1) => {
                let l = l.to_ascii_lowercase();
                Some(l.strip_suffix('/').unwrap_or(&l).to_owned())
            }
            PathPart::Literal(l) => Some(l.to_ascii_lowercase()),
            PathPart::Param { .. } => None,
        })
        .collect();
    let mut pos = 0;
    for (k, part) in route.path.iter().enumerate() {
        let rest = text.get(pos..).unwrap_or("");
        let PathPart::Param { quoted, .. } = part else {
            let lit = lits.get(k).and_then(|l| l.as_deref()).unwrap_or("");
            if !rest.starts_with(lit) {
                return false;
            }
            pos += lit.len();
            continue;
        };
        let prev = k.checked_sub(1).and_then(|j| lits.get(j)).and_then(|l| l.as_deref());
        let next = lits.get(k + 1).and_then(|l| l.as_deref()).filter(|l| !l.is_empty());
        let colon = prev.is_some_and(|l| l.ends_with(":/")) && next.is_some_and(|l| l.starts_with(':'));
        let first = rest.chars().next().map_or(0, char::len_utf8);
        let stop = if *quoted {
            rest.find('\'')
        } else if let Some(n) = next {
            rest.get(first..).and_then(|r| r.find(n)).map(|i| i + first)
        } else {
            Some(rest.find('/').unwrap_or(rest.len()))
        };
        let Some(stop) = stop else { return false };
        let taken = &rest[..stop];
        if (taken.is_empty() && !quoted) || (taken.contains('/') && !quoted && !colon) {
            return false;
        }
        pos += stop;
    }
    pos == text.len()
}

fn strip_slash(s: &str) -> &str {
    if s.len() > 1 { s.strip_suffix('/').unwrap_or(s) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: &str) -> Route {
        parse_route_line(line).unwrap_or_else(|e| panic!("{line}: {e}"))
    }
    fn err(line: &str) -> RouteError {
        parse_route_line(line).expect_err(line)
    }

    #[test]
    fn plain_route_with_params() {
        let r = ok("POST /me/widgets/{widgetId}/parts");
        assert_eq!(r.method, "POST");
        assert_eq!(r.template(), "/me/widgets/{widgetId}/parts");
        assert_eq!(r.params().collect::<Vec<_>>(), ["widgetId"]);
        assert_eq!(r.segments(), ["me", "widgets", "parts"]);
        assert_eq!((r.method_range, r.path_range), (0..4, 5..33));
        let PathPart::Param { range, quoted, .. } = &r.path[1] else { panic!() };
        assert_eq!((range.clone(), *quoted), (17..27, false));
    }

    #[test]
    fn function_with_quoted_param() {
        let r = ok("GET /stats/getWidgetCounts(period='{period_value}')");
        assert_eq!(r.template(), "/stats/getWidgetCounts(period='{period_value}')");
        assert!(matches!(&r.path[1], PathPart::Param { quoted: true, .. }));
        assert_eq!(r.segments(), ["stats", "getWidgetCounts"]);
        let r = ok("GET /a/sheets('{id|name}')/range(address='C3:D4')");
        assert_eq!(r.segments(), ["a", "sheets", "range"]);
        assert_eq!(r.params().collect::<Vec<_>>(), ["id|name"]);
    }

    #[test]
    fn ref_value_colon_and_alternatives() {
        assert_eq!(ok("DELETE /things/{id}/owners/{id}/$ref").segments(), ["things", "owners", "$ref"]);
        let r = ok("GET /me/store/root:/{file-path}:/body");
        assert_eq!(r.segments(), ["me", "store", "root", "body"]);
        let r = ok("GET /people/{ id | mailAddress }/avatar/$value");
        assert_eq!(r.params().collect::<Vec<_>>(), ["id | mailAddress"]);
        assert_eq!(ok("GET /places/{tenant id}").template(), "/places/{tenant id}");
    }

    #[test]
    fn angle_params_and_spaces_in_parens() {
        let r = ok("GET /book/range(<address>)/fill");
        assert_eq!(r.template(), "/book/range({address})/fill");
        let r = ok("GET /book/cells(address='<address>')");
        assert!(matches!(&r.path[1], PathPart::Param { quoted: true, .. }));
        assert_eq!(ok("GET /x/props($filter=id eq '{v}')").params().count(), 1);
        assert_eq!(ok("GET /x/cell(row={r}, col={c})").params().count(), 2);
    }

    #[test]
    fn query_forms() {
        let r = ok("GET /me/things?$select=name");
        assert_eq!(r.template(), "/me/things");
        assert_eq!(r.query, [QueryPart { name: "$select".into(), value: vec![PathPart::Literal("name".into())] }]);
        assert_eq!(r.query_range, Some(15..27));
        let r = ok("GET /me/log/delta?from={from_time}&to={to_time}");
        assert_eq!(r.query.len(), 2);
        assert!(matches!(&r.query[1].value[0], PathPart::Param { name, .. } if name == "to_time"));
        let r = ok("GET /alerts?$filter={prop} eq '{value}'&$top=3");
        assert_eq!(r.query.len(), 2);
        assert_eq!(ok("GET /a?flag").query[0].value, []);
    }

    #[test]
    fn absolute_urls_and_noise() {
        let r = ok("GET https://graph.microsoft.com/v1.0/me/things");
        assert!(r.absolute_url);
        assert_eq!(r.template(), "/me/things");
        assert_eq!(r.path_range, 4..46);
        assert_eq!(ok("post https://example.org/BETA/me?x=1").template(), "/me");
        assert_eq!(ok("get https://example.org/other/me").template(), "/other/me");
        let r = ok("  patch /me/things   HTTP/1.1  ");
        assert_eq!((r.method.as_str(), r.template()), ("PATCH", "/me/things".to_owned()));
        let r = ok("GET teams/{id}");
        assert!(r.missing_leading_slash);
        assert_eq!(r.template(), "/teams/{id}");
        assert_eq!(ok("GET {id}/x").template(), "/{id}/x");
    }

    #[test]
    fn not_routes() {
        assert_eq!(err("").kind, RouteErrorKind::Blank);
        assert_eq!(err("   ").kind, RouteErrorKind::Blank);
        assert_eq!(err("# note").kind, RouteErrorKind::Comment);
        assert_eq!(err("<!-- x -->").kind, RouteErrorKind::Comment);
        assert_eq!(err("or").kind, RouteErrorKind::NotRoute);
        assert_eq!(err("Prefer: odata.x=1").kind, RouteErrorKind::NotRoute);
        assert_eq!(err("Use the following request.").kind, RouteErrorKind::NotRoute);
        assert_eq!(err("Delete a user by id.").kind, RouteErrorKind::NotRoute);
        assert_eq!(err("GET/me").kind, RouteErrorKind::Malformed);
        let e = err("FETCH /me");
        assert_eq!((e.kind, e.range), (RouteErrorKind::Malformed, 0..5));
        assert_eq!(err("GET").kind, RouteErrorKind::Malformed);
        assert_eq!(err("GET https://graph.microsoft.com/v1.0").kind, RouteErrorKind::Malformed);
    }

    #[test]
    fn malformed_paths() {
        assert_eq!(err("GET /a/{id/b").range, 7..8);
        assert_eq!(err("GET /a/id}/b").range, 9..10);
        assert_eq!(err("GET /a/{}").message, "empty parameter");
        assert_eq!(err("GET /a/{x{y}}").range, 9..10);
        assert_eq!(err("GET https://host/docs\\api/x").range, 21..22);
        assert_eq!(err("GET /a/f(x='1'/b").message, "unclosed `(`");
        assert_eq!(err("GET /a/f(x='1)").message, "unclosed quote");
        assert_eq!(err("GET /a/b)").message, "unmatched `)`");
        assert_eq!(err("GET /u/{id} | name/x").range, 11..20);
        assert_eq!(err("GET /a/<b").message, "unclosed `<`");
        assert_eq!(err("GET /a?x={y").kind, RouteErrorKind::Malformed);
    }

    #[test]
    fn hostile_input() {
        for s in ["|||", "GET {", "GET ((((", "GET '", "GET /é{ü}/ß?ä=ö", "\u{a0}GET\u{a0}/x", "GET /a?&&=", "GET https://"] {
            let _ = parse_route_line(s);
        }
        let long = format!("GET /{}", "a{b}(".repeat(20_000));
        let t = std::time::Instant::now();
        assert!(parse_route_line(&long).is_err());
        let long = format!("GET /{}", "ab/{c}/".repeat(15_000));
        let r = ok(&long);
        let ex = ok(&long.replace("{c}", "x"));
        assert!(matches(&r, &ex));
        assert!(t.elapsed().as_secs() < 2);
    }

    #[test]
    fn matching_examples() {
        let r = ok("POST /me/widgets/{widgetId}/parts");
        assert!(matches(&r, &ok("POST https://graph.microsoft.com/beta/me/Widgets/{widgetId}/parts")));
        assert!(matches(&r, &ok("POST https://graph.microsoft.com/v1.0/me/widgets/abc-1/parts/?x=1")));
        assert!(!matches(&r, &ok("POST /me/widgets/a/b/parts")));
        assert!(!matches(&r, &ok("POST /me/widgets//parts")));
        assert!(!matches(&r, &ok("POST /me/widgets/a/parts/extra")));
        let f = ok("GET /r/getCounts(period='{p}')");
        assert!(matches(&f, &ok("GET /r/getCounts(period='D7')")));
        assert!(!matches(&f, &ok("GET /r/getCounts(period=D7)")));
        let c = ok("GET /me/store/root:/{path}:/body");
        assert!(matches(&c, &ok("GET /me/store/root:/docs/a.txt:/body")));
        let e = ok("GET /users/{id}");
        assert!(matches(&e, &ok("GET /users/a@b.com")));
        assert!(!matches(&e, &ok("GET /users")));
        assert!(matches(&ok("GET /me/"), &ok("GET /ME")));
        assert!(matches(&ok("GET /"), &ok("GET https://graph.microsoft.com/v1.0/")));
    }
}
