//! `example-route-mismatch`: an example request whose URL is malformed, has no API version, or
//! matches none of the routes the page's HTTP request section documents.
//!
//! Matching allows what Graph itself treats as the same route (`/me` for `/users/{id}`, type
//! casts, function arguments the route block leaves out…): parse reads each request's URL with
//! those forms ([`crate::parse::addressing`]). Requests to other hosts (upload URLs that a
//! previous response returned) are not Graph routes and are left alone.

use super::Ctx;
use super::examples::example_name;
use crate::lint::finding::{Finding, quote};
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::page::{Example, ExampleKind};
use crate::parse::route::{Route, RouteErrorKind};
use crate::span::Span;

/// Runs the rule on one page.
pub fn check(_cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    for (i, e) in page.examples.iter().enumerate() {
        if e.kind != ExampleKind::Request {
            continue;
        }
        let (Some((method, url, at)), Some(request)) = (&e.request_line, &e.request_route) else {
            continue;
        };
        let subject = format!("example {}/url", example_name(e, i));
        // What the request's route was read from, and where its byte `offset` is on the page:
        // the request line is `METHOD URL` as written.
        let line = format!("{method} {url}");
        let pos = |offset: usize| {
            let chars = line.get(..offset).unwrap_or_default().chars().count() as u32;
            Span::new(at.line, at.col + chars)
        };
        let url_len = url.chars().count() as u32;
        let ex = match &request.route {
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
        if !request.versioned {
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
        if page.routes.is_empty() || request.matches_any(&page.routes) {
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
    match &e.request_route {
        Some(request) if request.route.is_ok() => {
            page.routes.is_empty() || request.matches_any(&page.routes)
        }
        _ => true,
    }
}
