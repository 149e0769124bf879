//! The shipped TypeScript (`pkg-template/index.d.ts`) is what the operations table declares
//! (`wa_groups::operation::METHODS`): the `Client` methods, the `Call` union and the
//! `CallResults` map sit between `// <generated: …>` markers, and each must be exactly what
//! the table renders. An operation added, renamed or retyped in the table, or a generated
//! line edited by hand, fails here. `WA_GROUPS_BLESS=1 cargo test --test typescript`
//! rewrites the three regions from the table (and passes), as after adding an operation.

use wa_groups::operation::METHODS;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/index.d.ts");

fn methods() -> Vec<String> {
    let mut lines = Vec::new();
    for m in METHODS {
        if let Some(doc) = m.doc {
            lines.push(["  /** ", doc, " */"].concat());
        }
        lines.push(["  ", &m.typescript()].concat());
    }
    lines
}

fn call_union() -> Vec<String> {
    let mut lines: Vec<String> = vec!["export type Call =".to_owned()];
    lines.extend(METHODS.iter().map(|m| ["  | ", &m.call_member()].concat()));
    if let Some(last) = lines.last_mut() {
        last.push(';');
    }
    lines
}

fn call_results() -> Vec<String> {
    METHODS.iter().map(|m| ["  ", m.name(), ": ", m.result, ";"].concat()).collect()
}

/// The regions: their marker name and what the table renders for them.
fn regions() -> [(&'static str, Vec<String>); 3] {
    [("methods", methods()), ("call", call_union()), ("results", call_results())]
}

/// The byte range of the lines between `<generated: name>` and `</generated: name>`.
fn region(text: &str, name: &str) -> std::ops::Range<usize> {
    let open = ["<generated: ", name, ">"].concat();
    let close = ["</generated: ", name, ">"].concat();
    let start = text.find(&open).unwrap_or_else(|| panic!("index.d.ts has no `{open}` marker"));
    let start = start + text[start..].find('\n').expect("a line after the marker") + 1;
    let end = text[start..].find(&close).unwrap_or_else(|| panic!("index.d.ts has no `{close}` marker")) + start;
    let end = text[..end].rfind('\n').map_or(start, |i| i + 1);
    start..end
}

#[test]
fn index_d_ts_is_what_the_operations_table_declares() {
    let mut text = std::fs::read_to_string(PATH).expect("pkg-template/index.d.ts");
    let bless = std::env::var_os("WA_GROUPS_BLESS").is_some();
    for (name, declared) in regions() {
        let range = region(&text, name);
        let shipped: Vec<String> = text[range.clone()].lines().map(str::to_owned).collect();
        if bless {
            text.replace_range(range, &[declared.join("\n"), "\n".to_owned()].concat());
            continue;
        }
        for (i, (s, d)) in shipped.iter().zip(&declared).enumerate() {
            assert_eq!(s, d, "index.d.ts, region `{name}`, line {}: the file has the left, src/operation.rs declares the right (WA_GROUPS_BLESS=1 cargo test --test typescript rewrites it)", i + 1);
        }
        assert_eq!(shipped.len(), declared.len(), "index.d.ts, region `{name}`: the file has {} lines, src/operation.rs declares {}", shipped.len(), declared.len());
    }
    if bless {
        std::fs::write(PATH, text).expect("write pkg-template/index.d.ts");
    }
}
