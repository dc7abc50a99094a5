//! `table-json-mismatch`: a resource page's JSON representation against its own property
//! tables. The model reports keys that no table lists (`json-only-property`, mapped to this
//! rule); this check adds keys that differ from a table row only in case, and table rows the
//! representation leaves out. A representation annotated `truncated` may leave properties out;
//! relationships are never required in it (the templates leave them out).

use super::Ctx;
use crate::lint::finding::Finding;
use crate::lint::rules;
use crate::parse::Page;
use crate::parse::example::Body;
use crate::parse::page::{PageKind, PropertyRow, TableRole};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Runs the rule on one page.
pub fn check(_cx: &Ctx, page: &Page, out: &mut Vec<Finding>) {
    if page.kind != PageKind::Resource {
        return;
    }
    let Some(json) = &page.json_representation else {
        return;
    };
    // Tables under a subheading of their own (`### Properties of a policy definition`) describe
    // something else than the type's properties.
    let properties: Vec<&PropertyRow> = page
        .tables(TableRole::Properties)
        .filter(|t| !t.under_other_subheading)
        .flat_map(|t| &t.rows)
        .collect();
    let relationships: Vec<&PropertyRow> = page
        .tables(TableRole::Relationships)
        .flat_map(|t| &t.rows)
        .collect();
    if properties.is_empty() || json.properties.is_empty() {
        return;
    }
    // One lookup per key, not a search of every row (quadratic in a type's properties): by
    // exact name, then (built only when a key is not found so) by lower-cased name, the first
    // row in table order.
    let rows = || properties.iter().chain(&relationships);
    let exact: HashSet<&str> = rows().map(|r| r.name.as_str()).collect();
    let mut folded: Option<HashMap<String, &PropertyRow>> = None;
    for key in &json.properties {
        // A key no table lists is the model's `json-only-property` diagnostic (mapped to this
        // rule); a key that differs only in case is what this check adds.
        if exact.contains(key.name.as_str()) {
            continue;
        }
        let folded = folded.get_or_insert_with(|| {
            let mut by_lower = HashMap::new();
            for r in rows() {
                by_lower.entry(r.name.to_ascii_lowercase()).or_insert(*r);
            }
            by_lower
        });
        let Some(row) = folded.get(&key.name.to_ascii_lowercase()) else {
            continue;
        };
        out.push(
            Finding::new(
                &rules::TABLE_JSON_MISMATCH,
                &page.path,
                key.at,
                format!("json-representation/{}", key.name),
                format!(
                    "JSON representation key `{}` differs only in case from `{}` in the property table",
                    key.name, row.name
                ),
            )
            .len(key.name.chars().count() as u32 + 2)
            .help(format!("write `{}` in both", row.name)),
        );
    }
    let truncated = json
        .annotation
        .as_ref()
        .and_then(|a| a.bool("truncated"))
        .unwrap_or(false);
    // Every key of the body, `@`-annotations included (`@odata.etag` rows exist).
    let Body::Json {
        value: Value::Object(keys),
    } = &json.body
    else {
        return;
    };
    if truncated {
        return;
    }
    // Exact first; the lower-cased keys only when a row is not found so.
    let mut folded_keys: Option<HashSet<String>> = None;
    for row in properties {
        if keys.contains_key(&row.name)
            || folded_keys
                .get_or_insert_with(|| keys.keys().map(|k| k.to_ascii_lowercase()).collect())
                .contains(&row.name.to_ascii_lowercase())
        {
            continue;
        }
        out.push(
            Finding::new(
                &rules::TABLE_JSON_MISMATCH,
                &page.path,
                row.at,
                format!("properties/{}", row.name),
                format!(
                    "property `{}` is in the table but not in the JSON representation",
                    row.name
                ),
            )
            .len(row.name.chars().count() as u32),
        );
    }
}
