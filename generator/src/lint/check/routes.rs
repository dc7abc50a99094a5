//! `example-route-mismatch`: an example request whose URL is malformed, has no API version, or
//! matches none of the routes the page's HTTP request section documents.
//!
//! Matching allows what Graph itself treats as the same route: `/me` for `/users/{id}`,
//! `/me/drive` for `/drive`, `drive/root` and path-based `root:/{path}:` for `items/{id}`, an OData type cast segment (`/microsoft.graph.user`),
//! a colon inside a key (`/chats/19:…@thread.v2`), and function arguments the route block
//! leaves out (`range(address='A1')` for `range`). Requests to other hosts (upload URLs that a
//! previous response returned) are not Graph routes and are left alone.

use super::Ctx;
use super::examples::example_name;
use crate::kinds::Method;
use crate::lint::finding::{Finding, quote};
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::page::{Example, ExampleKind};
use crate::parse::route::{self, Route, RouteErrorKind};
use crate::span::Span;

/// Hosts of the Graph service (national clouds included).
const GRAPH_HOSTS: &[&str] = &[
    "graph.microsoft.com",
    "graph.microsoft.us",
    "dod-graph.microsoft.us",
    "microsoftgraph.chinacloudapi.cn",
    "graph.microsoft.de",
];

/// Runs the rule on one page.
pub fn check(_cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    for (i, e) in page.examples.iter().enumerate() {
        if e.kind != ExampleKind::Request {
            continue;
        }
        let Some((method, url, at)) = &e.request_line else {
            continue;
        };
        if !graph_url(url) {
            continue;
        }
        let subject = format!("example {}/url", example_name(e, i));
        let line = format!("{method} {url}");
        // Where `line[offset]` is on the page: the request line is `METHOD URL` as written.
        let pos = |offset: usize| {
            let chars = line.get(..offset).unwrap_or_default().chars().count() as u32;
            Span::new(at.line, at.col + chars)
        };
        let url_len = url.chars().count() as u32;
        let ex = match route::parse_route_line(&line) {
            Ok(r) => r,
            Err(err) if err.kind == RouteErrorKind::Malformed => {
                let len = line.get(err.range.clone()).map_or(1, |s| s.chars().count());
                out.push(
                    Finding::new(
                        &rules::EXAMPLE_ROUTE_MISMATCH,
                        &page.path,
                        pos(err.range.start),
                        subject,
                        format!("example URL is malformed: {err}"),
                    )
                    .len(len as u32),
                );
                continue;
            }
            // Not a route at all (a JSON batch body, prose): nothing to compare.
            Err(_) => continue,
        };
        if ex.absolute_url && !has_version(url) {
            out.push(
                Finding::new(
                    &rules::EXAMPLE_ROUTE_MISMATCH,
                    &page.path,
                    pos(method.as_str().len() + 1),
                    subject,
                    format!(
                        "example URL `{}` has no API version (`/v1.0` or `/beta`) after the host",
                        quote(url, 80)
                    ),
                )
                .len(url_len),
            );
            continue;
        }
        if page.routes.is_empty() || matches_any(page, &ex) {
            continue;
        }
        let same_method: Vec<&Route> = page
            .routes
            .iter()
            .map(|r| &r.route)
            .filter(|r| r.method == ex.method)
            .collect();
        let documented: Vec<String> = if same_method.is_empty() {
            page.routes
                .iter()
                .map(|r| format!("{} {}", r.route.method, r.route.template()))
                .collect()
        } else {
            same_method
                .iter()
                .map(|r| format!("{} {}", r.method, r.template()))
                .collect()
        };
        let mut list: Vec<String> = documented
            .iter()
            .take(3)
            .map(|d| format!("`{d}`"))
            .collect();
        if documented.len() > 3 {
            list.push(format!("and {} more", documented.len() - 3));
        }
        let message = if same_method.is_empty() {
            format!(
                "example uses `{}`, but no route of the page does",
                ex.method
            )
        } else {
            format!(
                "example `{} {}` matches none of the page's routes",
                ex.method,
                quote(&ex.template(), 100)
            )
        };
        out.push(
            Finding::new(
                &rules::EXAMPLE_ROUTE_MISMATCH,
                &page.path,
                pos(method.as_str().len() + 1),
                subject,
                message,
            )
            .len(url_len)
            .help(format!("documented: {}", list.join(", "))),
        );
    }
}

/// Whether a request example's URL matches one of the page's routes (true when it cannot tell:
/// no routes, no request line, another host, or a URL that does not parse).
pub fn matches_page(page: &Page, e: &Example) -> bool {
    let Some((method, url, _)) = &e.request_line else {
        return true;
    };
    if !graph_url(url) {
        return true;
    }
    match route::parse_route_line(&format!("{method} {url}")) {
        Ok(ex) => page.routes.is_empty() || matches_any(page, &ex),
        Err(_) => true,
    }
}

/// Whether the example route matches a route of the page, allowing the forms Graph treats as
/// the same route.
fn matches_any(page: &Page, ex: &Route) -> bool {
    let variants = variants(ex);
    page.routes
        .iter()
        .map(|r| &r.route)
        .filter(|r| r.method == ex.method)
        .any(|r| {
            let loose_route = reparse(r.method, &strip_arguments(&r.template()));
            variants.iter().any(|v| {
                route::matches(r, v)
                    || loose_route.as_ref().is_some_and(|lr| {
                        reparse(v.method, &strip_arguments(&v.template()))
                            .is_some_and(|lv| route::matches(lr, &lv))
                    })
            })
        })
}

/// The example route, and the same with `/me` read as `/users/{id}` and type casts removed.
fn variants(ex: &Route) -> Vec<Route> {
    let template = ex.template();
    let mut texts = vec![template.clone()];
    let uncast = strip_casts(&template);
    if uncast != template {
        texts.push(uncast);
    }
    // A colon inside a key (`19:abc@thread.v2`) is part of the key, not path-based addressing
    // (`root:/path:`), which puts the colon next to a slash.
    if let Some(t) = encode_key_colons(&template) {
        texts.push(t);
    }
    // `/drive` is the signed-in user's drive, as `/me/drive` is.
    if let Some(rest) = template.strip_prefix("/me/drive") {
        if rest.is_empty() || rest.starts_with('/') {
            texts.push(format!("/drive{rest}"));
        }
    } else if let Some(rest) = template.strip_prefix("/drive") {
        if rest.is_empty() || rest.starts_with('/') {
            texts.push(format!("/me/drive{rest}"));
        }
    }
    // Path-based addressing (`root:/{path}:`) names an item as `items/{id}` does.
    for t in texts.clone() {
        if let Some(i) = t.find("/root:/") {
            if let Some(n) = t[i + 7..].find(':') {
                let rest = &t[i + 7 + n + 1..];
                texts.push(format!("{}/items/{{path}}{rest}", &t[..i]));
            }
        }
    }
    // `drive/root` is the drive's root item: `drive/items/{id}` with the root's id.
    for t in texts.clone() {
        if let Some(i) = t.find("/drive/root").filter(|&i| {
            let rest = &t[i + 11..];
            rest.is_empty() || rest.starts_with('/')
        }) {
            texts.push(format!("{}/drive/items/{{root}}{}", &t[..i], &t[i + 11..]));
        }
    }
    // `/me` is the signed-in user wherever it appears (`/education/me` too).
    for t in texts.clone() {
        let at = t
            .match_indices("/me")
            .map(|(i, _)| i)
            .find(|&i| t[i + 3..].is_empty() || t[i + 3..].starts_with('/'));
        if let Some(i) = at {
            texts.push(format!("{}/users/{{me}}{}", &t[..i], &t[i + 3..]));
        }
    }
    let mut out = vec![ex.clone()];
    out.extend(texts.iter().skip(1).filter_map(|t| reparse(ex.method, t)));
    out
}

/// The template with every colon that is not next to a slash percent-encoded, if it has one.
fn encode_key_colons(template: &str) -> Option<String> {
    let b = template.as_bytes();
    let inside = |i: usize| i > 0 && b[i - 1] != b'/' && b.get(i + 1).is_some_and(|&c| c != b'/');
    let positions: Vec<usize> = (0..b.len())
        .filter(|&i| b[i] == b':' && inside(i))
        .collect();
    if positions.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(template.len() + 2 * positions.len());
    let mut last = 0;
    for i in positions {
        out.push_str(&template[last..i]);
        out.push_str("%3A");
        last = i + 1;
    }
    out.push_str(&template[last..]);
    Some(out)
}

fn reparse(method: Method, template: &str) -> Option<Route> {
    route::parse_route_line(&format!("{method} {template}")).ok()
}

/// Drops path segments that are OData type casts (`microsoft.graph.user`).
fn strip_casts(template: &str) -> String {
    let kept: Vec<&str> = template
        .split('/')
        .filter(|s| !s.to_ascii_lowercase().starts_with("microsoft.graph."))
        .collect();
    kept.join("/")
}

/// Drops every parenthesised argument list (`range(address='A1')` → `range`), quotes respected.
fn strip_arguments(template: &str) -> String {
    let (mut out, mut depth, mut quote) = (String::new(), 0usize, false);
    for c in template.chars() {
        match c {
            '\'' if depth > 0 => quote = !quote,
            '(' if !quote => depth += 1,
            ')' if !quote && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether a URL is a Graph URL: relative, or on a Graph host.
fn graph_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return true;
    };
    let host = rest.split(['/', '?', '\\']).next().unwrap_or_default();
    GRAPH_HOSTS.contains(&host)
}

/// Whether an absolute URL has `/v1.0` or `/beta` right after the host.
fn has_version(url: &str) -> bool {
    let after_scheme = url.split_once("//").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    ["/v1.0", "/beta"].iter().any(|v| {
        path.get(..v.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(v))
            && path[v.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == '/' || c == '?')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(line: &str) -> Route {
        route::parse_route_line(line).unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    #[test]
    fn versions_and_hosts() {
        assert!(has_version("https://graph.microsoft.com/v1.0/me"));
        assert!(has_version("https://graph.microsoft.com/BETA?x=1"));
        assert!(!has_version("https://graph.microsoft.com/docs\\api/x"));
        assert!(!has_version("https://graph.microsoft.com/v1.0x/me"));
        assert!(!has_version("https://graph.microsoft.com"));
        assert!(graph_url("/me/events") && graph_url("https://graph.microsoft.com/v1.0/me"));
        assert!(!graph_url("https://sn3302.up.1drv.com/up/abc"));
    }

    #[test]
    fn lenient_forms() {
        assert_eq!(
            strip_arguments("/a/range(address='A(1)')/b(x=1)"),
            "/a/range/b"
        );
        assert_eq!(
            strip_casts("/groups/{id}/members/microsoft.graph.user"),
            "/groups/{id}/members"
        );
        let ex = route("GET /me/calendarView");
        let texts: Vec<String> = variants(&ex).iter().map(Route::template).collect();
        assert_eq!(texts, ["/me/calendarView", "/users/{me}/calendarView"]);
        let ex = route("GET /me/drive/root/children");
        let texts: Vec<String> = variants(&ex).iter().map(Route::template).collect();
        assert!(texts.contains(&"/users/{me}/drive/items/{root}/children".to_owned()));
        let page_route = route("GET /drives/{drive-id}/items/{item-id}/children");
        let ex = route("GET /drives/{drive-id}/root:/{path}:/children");
        assert!(variants(&ex).iter().any(|v| route::matches(&page_route, v)));
        let ex = route("GET /me/drive/rootFolder");
        let texts: Vec<String> = variants(&ex).iter().map(Route::template).collect();
        assert_eq!(
            texts,
            [
                "/me/drive/rootFolder",
                "/drive/rootFolder",
                "/users/{me}/drive/rootFolder"
            ],
            "`/me/drive` is `/drive`; only a `root` segment is the root item"
        );
        assert_eq!(
            encode_key_colons("/chats/19:ab@thread.v2/x").as_deref(),
            Some("/chats/19%3Aab@thread.v2/x")
        );
        assert_eq!(encode_key_colons("/drive/root:/a/b:/content"), None);
        let page_route = route("GET /chats/{chat-id}/messages/{message-id}");
        let ex = route("GET /chats/19:ab@thread.v2/messages/1615971548136");
        assert!(variants(&ex).iter().any(|v| route::matches(&page_route, v)));
        let ex = route("GET /education/me/classes");
        let texts: Vec<String> = variants(&ex).iter().map(Route::template).collect();
        assert_eq!(texts[1], "/education/users/{me}/classes");
    }
}
