//! One Cargo feature per namespace: which namespaces each needs, and the `cfg` of each module.
//!
//! A namespace's module needs every namespace whose types its code names (field types, flattened
//! inherited fields, route bodies). Namespaces that need each other form a group: each feature
//! of a group turns on the whole group (cargo rejects cyclic features, so the group's modules are
//! gated on any of its features instead). Union variants for derived types in another namespace
//! are gated on that namespace's feature, so a base type does not pull in every namespace.

use crate::model::{Api, RequestBody, TypeRef, TypeUse};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The feature of each namespace, what it turns on, and each module's `cfg`.
#[derive(Debug, Clone, Default)]
pub struct FeaturePlan {
    /// Namespace → its feature name (the module name).
    pub feature: BTreeMap<String, String>,
    /// Namespace → namespaces of its group (itself included).
    group: BTreeMap<String, BTreeSet<String>>,
    /// Feature → features it turns on.
    pub table: BTreeMap<String, Vec<String>>,
}

impl FeaturePlan {
    /// `#[cfg(...)]` for the module of namespace `ns`.
    pub fn cfg(&self, ns: &str) -> TokenStream {
        let feats: Vec<&String> = self
            .group
            .get(ns)
            .into_iter()
            .flatten()
            .filter_map(|n| self.feature.get(n))
            .collect();
        match feats.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        }
    }
}

fn namespaces_of(u: &TypeUse, out: &mut BTreeSet<String>) {
    if let TypeRef::Type(q) | TypeRef::Enum(q) = &u.ty {
        out.insert(q.namespace.clone());
    }
}

/// Works out the features of `api`'s namespaces, named like their modules in `rust`.
pub fn plan(api: &Api, rust: &super::naming::RustPlan) -> FeaturePlan {
    let mut needs: BTreeMap<String, BTreeSet<String>> = api
        .namespaces
        .iter()
        .map(|n| (n.name.clone(), BTreeSet::new()))
        .collect();
    for t in &api.types {
        let mut set = BTreeSet::new();
        for p in api.all_properties(t) {
            namespaces_of(&p.ty, &mut set);
        }
        needs
            .entry(t.name.namespace.clone())
            .or_default()
            .extend(set);
    }
    for op in &api.operations {
        let mut set = BTreeSet::new();
        match &op.request {
            Some(RequestBody::Type(u)) => namespaces_of(u, &mut set),
            Some(RequestBody::Parameters { params, .. }) => {
                for p in params {
                    namespaces_of(&p.ty, &mut set);
                }
            }
            None => {}
        }
        if let Some(u) = op.response.as_ref().and_then(|r| r.body.as_ref()) {
            namespaces_of(u, &mut set);
        }
        needs.entry(op.namespace.clone()).or_default().extend(set);
    }
    // Groups: namespaces that reach each other.
    let names: Vec<String> = needs.keys().cloned().collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::from([from.clone()]);
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for m in needs.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<String, BTreeSet<String>> =
        names.iter().map(|n| (n.clone(), reach(n))).collect();
    let mut plan = FeaturePlan::default();
    for n in &names {
        if let Some(m) = rust.module(n) {
            plan.feature.insert(n.clone(), m.as_str().to_owned());
        }
    }
    for n in &names {
        let group: BTreeSet<String> = reaches[n]
            .iter()
            .filter(|m| reaches.get(*m).is_some_and(|r| r.contains(n)))
            .cloned()
            .collect();
        // Everything the group needs outside itself, plus the rest of the group.
        let mut on: BTreeSet<String> = group.iter().filter(|m| *m != n).cloned().collect();
        for g in &group {
            on.extend(needs[g].iter().filter(|m| !group.contains(*m)).cloned());
        }
        if let Some(f) = plan.feature.get(n).cloned() {
            let list = on
                .iter()
                .filter_map(|m| plan.feature.get(m).cloned())
                .collect();
            plan.table.insert(f, list);
        }
        plan.group.insert(n.clone(), group);
    }
    plan
}
