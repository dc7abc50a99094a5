//! An example request's URL read as a route, with the other forms Graph addresses the same
//! resource by, so a request can be matched against the page's routes without reading either
//! again: `/me` for `/users/{id}`, `/me/drive` for `/drive`, `drive/root` and path-based
//! `root:/{path}:` for `items/{id}`, an OData type cast segment (`/microsoft.graph.user`), a
//! colon inside a key (`/chats/19:…@thread.v2`), and function arguments the route block leaves
//! out (`range(address='A1')` for `range`). Requests to other hosts (upload URLs a previous
//! response returned) are not Graph routes and are not read.

use super::page::RouteLine;
use super::route::{self, Route, RouteError};
use crate::kinds::Method;

/// Hosts of the Graph service (national clouds included).
const GRAPH_HOSTS: &[&str] = &[
    "graph.microsoft.com",
    "graph.microsoft.us",
    "dod-graph.microsoft.us",
    "microsoftgraph.chinacloudapi.cn",
    "graph.microsoft.de",
];

/// A request to Graph read as a route.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRoute {
    /// The route, or why `METHOD URL` (the request line's method and URL joined by one space)
    /// is not one; ranges are in that text.
    pub route: Result<Route, RouteError>,
    /// An absolute URL names the API version (`/v1.0` or `/beta`) right after the host; true
    /// for a relative URL.
    pub versioned: bool,
    /// The route and each other form Graph addresses the same resource by, each with its
    /// arguments left out when it has any ([`loose`]); empty when the line is not a route.
    pub variants: Vec<(Route, Option<Route>)>,
}

impl RequestRoute {
    /// Reads a request line's method and URL; `None` for a URL on a host other than Graph's.
    pub fn read(method: Method, url: &str) -> Option<RequestRoute> {
        if !graph_url(url) {
            return None;
        }
        let route = route::parse_route_line(&format!("{method} {url}"));
        let variants = match &route {
            Ok(r) => variants(r)
                .into_iter()
                .map(|v| {
                    let l = loose(&v);
                    (v, l)
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        Some(RequestRoute {
            route,
            versioned: !url_is_absolute(url) || has_version(url),
            variants,
        })
    }

    /// Whether the request matches a route of the page, allowing the forms Graph treats as the
    /// same route; false when the request line is not a route.
    pub fn matches_any(&self, routes: &[RouteLine]) -> bool {
        let Ok(ex) = &self.route else {
            return false;
        };
        routes
            .iter()
            .filter(|r| r.route.method == ex.method)
            .any(|r| {
                let loose_route = r.loose.as_ref().unwrap_or(&r.route);
                self.variants.iter().any(|(v, lv)| {
                    route::matches(&r.route, v)
                        || route::matches(loose_route, lv.as_ref().unwrap_or(v))
                })
            })
    }
}

/// The route with every parenthesised argument list left out (`range(address='A1')` →
/// `range`), when it has one.
pub fn loose(r: &Route) -> Option<Route> {
    let template = r.template();
    let stripped = strip_arguments(&template);
    if stripped == template {
        return None;
    }
    reparse(r.method, &stripped)
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

/// A template rewritten into another form, read as a route of `method`.
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

/// Whether a URL has a scheme (`https://…`).
fn url_is_absolute(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
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
        assert!(RequestRoute::read(Method::Put, "https://sn3302.up.1drv.com/up/abc").is_none());
        let r = RequestRoute::read(Method::Get, "https://graph.microsoft.com/me").expect("graph");
        assert!(!r.versioned);
        assert!(
            RequestRoute::read(Method::Get, "/me")
                .expect("graph")
                .versioned
        );
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

    #[test]
    fn arguments_the_route_block_leaves_out_match() {
        let line = |l: &str| {
            let route = route(l);
            RouteLine {
                loose: loose(&route),
                route,
                at: crate::span::Span::new(1, 1),
            }
        };
        let routes = [line("GET /me/workbook/worksheets/{id}/range")];
        let req = RequestRoute::read(Method::Get, "/me/workbook/worksheets/1/range(address='A1')")
            .expect("graph");
        assert!(req.matches_any(&routes));
        let req =
            RequestRoute::read(Method::Post, "/me/workbook/worksheets/1/range").expect("graph");
        assert!(!req.matches_any(&routes), "another method");
    }
}
