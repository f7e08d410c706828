//! The reference of template variables in `docs/theme.md`, generated from
//! the views' doc comments (through their JSON schemas), so the doc
//! comments are the one source and the document cannot fall behind.
//!
//! The test compares the part of `docs/theme.md` between the markers with
//! what the views say; `UPDATE_THEME_DOCS=1 cargo test --lib
//! render::views::reference` writes it anew after a view has changed.

use super::*;
use schemars::{JsonSchema, Schema, schema_for};
use serde_json::Value;
use std::collections::BTreeMap;

const START: &str = "<!-- variables: generated from src/render/views by `UPDATE_THEME_DOCS=1 cargo test --lib render::views::reference`; edit the doc comments there -->";
const END: &str = "<!-- variables: end -->";

/// Every variable a template gets, with the templates that get it.
fn roots() -> Vec<(&'static str, &'static str, Schema)> {
    fn s<T: JsonSchema>() -> Schema {
        schema_for!(T)
    }
    vec![
        ("site", "every template", s::<SiteView>()),
        ("page", "`home.html`", s::<HomeView>()),
        (
            "page",
            "`phase.html`, `role.html`, `case.html`, `talk.html`, `person.html`, `term.html`, `resource.html`, `page.html` (all extend `entry.html`)",
            s::<EntryView>(),
        ),
        ("page", "`kind_index.html`", s::<KindIndexView>()),
        ("page", "`tags.html`", s::<TagsView>()),
        ("page", "`tag.html`", s::<TagView>()),
        ("page", "`facet.html`", s::<FacetView>()),
        ("page", "`questions.html`", s::<QuestionsView>()),
        ("page", "`search.html`", s::<SearchView>()),
        ("page", "`404.html`", s::<NotFoundView>()),
        ("page", "`print.html`", s::<PrintView>()),
        ("page", "`feed.xml`", s::<FeedView>()),
        ("page", "`sitemap.xml`", s::<SitemapView>()),
        ("page", "`robots.txt`", s::<RobotsView>()),
        (
            "page",
            "`changes.html` (what changed in an edition; sites with editions only)",
            s::<ChangesView>(),
        ),
    ]
}

/// The reference as Markdown, markers included.
fn reference() -> String {
    let mut defs: BTreeMap<String, Value> = BTreeMap::new();
    let mut out = format!("{START}\n\n");
    for (var, templates, schema) in roots() {
        let schema = schema.as_value();
        if let Some(Value::Object(d)) = schema.get("$defs") {
            defs.extend(d.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out.push_str(&format!("### `{var}` — {templates}\n\n"));
        table(&mut out, "variable", &format!("{var}."), schema);
    }
    out.push_str("### The types of the values above\n\n");
    for (name, def) in &defs {
        out.push_str(&format!("#### `{name}`\n\n"));
        if let Some(d) = description(def) {
            out.push_str(&format!("{d}\n\n"));
        }
        match def.get("anyOf").or_else(|| def.get("oneOf")) {
            Some(Value::Array(variants)) => {
                out.push_str("One of:\n\n");
                for v in variants {
                    let what = description(v)
                        .map(|d| format!(" — {d}"))
                        .unwrap_or_default();
                    out.push_str(&format!("- {}{what}\n", type_of(v)));
                }
                out.push('\n');
            }
            _ => table(&mut out, "field", "", def),
        }
    }
    out.push_str(END);
    out
}

/// A table of the properties of `schema`, each named with `prefix`.
fn table(out: &mut String, head: &str, prefix: &str, schema: &Value) {
    out.push_str(&format!("| {head} | type | what |\n|---|---|---|\n"));
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (name, p) in props {
            out.push_str(&format!(
                "| `{prefix}{name}` | {} | {} |\n",
                type_of(p),
                description(p).unwrap_or_default()
            ));
        }
    }
    out.push('\n');
}

fn description(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A value's type in words: `text`, `number`, `list of LinkView` …
fn type_of(p: &Value) -> String {
    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("[`{name}`](#{})", name.to_lowercase());
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(v)) = p.get(key) {
            return v.iter().map(type_of).collect::<Vec<_>>().join(" or ");
        }
    }
    let one = |t: &str| match t {
        "string" => "text".to_string(),
        "integer" | "number" => "number".to_string(),
        "boolean" => "true or false".to_string(),
        "null" => "null".to_string(),
        "array" => format!("list of {}", p.get("items").map_or("any".into(), type_of)),
        "object" => match (p.get("additionalProperties"), p.get("properties")) {
            (Some(v), _) if v.is_object() => format!("map of {}", type_of(v)),
            (_, Some(Value::Object(props))) => {
                let fields: Vec<String> = props
                    .iter()
                    .map(|(k, v)| format!("`{k}` ({})", type_of(v)))
                    .collect();
                format!("an object with {}", fields.join(", "))
            }
            _ => "object".to_string(),
        },
        other => other.to_string(),
    };
    match p.get("type") {
        Some(Value::String(t)) => one(t),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(one)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any".to_string(),
    }
}

#[test]
fn docs_theme_md_lists_every_variable_of_the_views() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/theme.md");
    let doc = std::fs::read_to_string(path).expect("docs/theme.md");
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        panic!("docs/theme.md lacks the markers of the generated reference:\n{START}\n{END}");
    };
    let want = reference();
    let have = &doc[a..b + END.len()];
    if have != want && std::env::var_os("UPDATE_THEME_DOCS").is_some() {
        let new = format!("{}{want}{}", &doc[..a], &doc[b + END.len()..]);
        std::fs::write(path, new).expect("write docs/theme.md");
        return;
    }
    assert!(
        have == want,
        "docs/theme.md's variable reference differs from the views' doc comments; \
         run `UPDATE_THEME_DOCS=1 cargo test --lib render::views::reference` and review the diff"
    );
}
