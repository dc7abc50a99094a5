//! Subsets: keep the namespaces, types and routes asked for, and every type they need.

use super::api::*;
use std::collections::BTreeSet;

/// What one include/exclude pattern matches.
#[derive(Default)]
struct Matched {
    types: BTreeSet<QName>,
    enums: BTreeSet<QName>,
    ops: BTreeSet<usize>,
}

impl Matched {
    fn is_empty(&self) -> bool {
        self.types.is_empty() && self.enums.is_empty() && self.ops.is_empty()
    }
}

/// A pattern is a namespace, a qualified type or enum name (case-insensitive), a route path
/// prefix (`/users`), or a method and prefix (`GET /users`).
fn matches(api: &Api, pattern: &str) -> Matched {
    let p = pattern.trim().to_lowercase();
    let mut m = Matched::default();
    let (method, prefix) = match p.split_once(' ') {
        Some((meth, rest)) if rest.trim_start().starts_with('/') => {
            (Some(meth.to_uppercase()), rest.trim())
        }
        _ => (None, p.as_str()),
    };
    if prefix.starts_with('/') {
        for (i, op) in api.operations.iter().enumerate() {
            let method_ok = method.as_ref().is_none_or(|m| m == op.method.as_str());
            if method_ok && op.path.to_lowercase().starts_with(prefix) {
                m.ops.insert(i);
            }
        }
        return m;
    }
    for t in &api.types {
        if t.name.namespace.to_lowercase() == p || t.name.to_string().to_lowercase() == p {
            m.types.insert(t.name.clone());
        }
    }
    for e in &api.enums {
        if e.name.namespace.to_lowercase() == p || e.name.to_string().to_lowercase() == p {
            m.enums.insert(e.name.clone());
        }
    }
    for (i, op) in api.operations.iter().enumerate() {
        if op.namespace.to_lowercase() == p {
            m.ops.insert(i);
        }
    }
    m
}

fn need(u: &TypeUse, types: &mut Vec<QName>, enums: &mut BTreeSet<QName>) {
    match &u.ty {
        TypeRef::Type(q) => types.push(q.clone()),
        TypeRef::Enum(q) => {
            enums.insert(q.clone());
        }
        _ => {}
    }
}

/// The part of `api` the patterns select, closed over what it needs: property and base types of
/// kept types, body types of kept routes, and enums they use. Unions keep only derived types that
/// are kept. A pattern that matches nothing is an error, naming the pattern.
pub fn select(api: &Api, include: &[String], exclude: &[String]) -> Result<Api, String> {
    let mut roots = Matched::default();
    if include.is_empty() {
        roots.types = api.types.iter().map(|t| t.name.clone()).collect();
        roots.enums = api.enums.iter().map(|e| e.name.clone()).collect();
        roots.ops = (0..api.operations.len()).collect();
    }
    for p in include {
        let m = matches(api, p);
        if m.is_empty() {
            return Err(format!(
                "--include `{p}` matches no namespace, type, enum or route"
            ));
        }
        roots.types.extend(m.types);
        roots.enums.extend(m.enums);
        roots.ops.extend(m.ops);
    }
    for p in exclude {
        let m = matches(api, p);
        if m.is_empty() {
            return Err(format!(
                "--exclude `{p}` matches no namespace, type, enum or route"
            ));
        }
        roots.types.retain(|t| !m.types.contains(t));
        roots.enums.retain(|e| !m.enums.contains(e));
        roots.ops.retain(|o| !m.ops.contains(o));
    }
    let mut types: BTreeSet<QName> = BTreeSet::new();
    let mut enums = roots.enums.clone();
    let mut work: Vec<QName> = roots.types.iter().cloned().collect();
    for &i in &roots.ops {
        let op = &api.operations[i];
        match &op.request {
            Some(RequestBody::Type(u)) => need(u, &mut work, &mut enums),
            Some(RequestBody::Parameters { params, .. }) => {
                for p in params {
                    need(&p.ty, &mut work, &mut enums);
                }
            }
            None => {}
        }
        if let Some(u) = op.response.as_ref().and_then(|r| r.body.as_ref()) {
            need(u, &mut work, &mut enums);
        }
    }
    while let Some(q) = work.pop() {
        if !types.insert(q.clone()) {
            continue;
        }
        let Some(t) = api.type_def(&q) else {
            continue;
        };
        if let Some(b) = &t.base {
            work.push(b.clone());
        }
        for p in api.all_properties(t) {
            need(&p.ty, &mut work, &mut enums);
        }
    }
    let mut out = Api {
        types: api
            .types
            .iter()
            .filter(|t| types.contains(&t.name))
            .cloned()
            .collect(),
        enums: api
            .enums
            .iter()
            .filter(|e| enums.contains(&e.name))
            .cloned()
            .collect(),
        operations: roots
            .ops
            .iter()
            .map(|&i| api.operations[i].clone())
            .collect(),
        diagnostics: api.diagnostics.clone(),
        namespaces: Vec::new(),
    };
    for t in &mut out.types {
        if let Some(poly) = &mut t.polymorphic {
            poly.variants.retain(|q| types.contains(q));
        }
        if t.polymorphic.as_ref().is_some_and(|p| p.variants.len() < 2) {
            t.polymorphic = None;
        }
    }
    let used: BTreeSet<&str> = out
        .types
        .iter()
        .map(|t| t.name.namespace.as_str())
        .chain(out.enums.iter().map(|e| e.name.namespace.as_str()))
        .chain(out.operations.iter().map(|o| o.namespace.as_str()))
        .collect();
    out.namespaces = api
        .namespaces
        .iter()
        .filter(|n| used.contains(n.name.as_str()))
        .cloned()
        .collect();
    Ok(out)
}
