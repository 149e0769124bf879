//! The shipped TypeScript (`pkg-template/index.d.ts`) says what the Rust declares
//! (`wa_groups::operation::METHODS`): one method per operation, with the same arguments,
//! options and result, and the same `CallResults` map. A method added, renamed or retyped
//! on one side only fails here.

use wa_groups::operation::METHODS;

fn index_d_ts() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/index.d.ts")).expect("pkg-template/index.d.ts")
}

/// The lines of the block that starts with `opening` (up to its closing `}` at column 0),
/// trimmed, without comments.
fn block(text: &str, opening: &str) -> Vec<String> {
    let start = text.find(opening).unwrap_or_else(|| panic!("index.d.ts has no `{opening}`"));
    let body = &text[start + opening.len()..];
    let end = body.find("\n}").expect("the block's closing brace");
    body[..end].lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("/**") && !l.starts_with('*') && !l.starts_with("//")).map(str::to_owned).collect()
}

/// Fails naming the first line that differs.
fn same(shipped: &[String], declared: &[String], what: &str) {
    for (i, (s, d)) in shipped.iter().zip(declared).enumerate() {
        assert_eq!(s, d, "{what}, line {} of the block: index.d.ts has the left, src/operation.rs declares the right", i + 1);
    }
    assert_eq!(shipped.len(), declared.len(), "{what}: index.d.ts has {} lines, src/operation.rs declares {}", shipped.len(), declared.len());
}

#[test]
fn client_methods_are_the_declared_ones() {
    let text = index_d_ts();
    let generic = ["constructor(", "batch<", "call<", "free(", "readonly provider"];
    let shipped: Vec<String> = block(&text, "export class Client {").into_iter().filter(|l| !generic.iter().any(|g| l.starts_with(g))).collect();
    let declared: Vec<String> = METHODS.iter().map(|m| m.typescript()).collect();
    same(&shipped, &declared, "class Client");
}

#[test]
fn call_results_are_the_declared_ones() {
    let text = index_d_ts();
    let shipped = block(&text, "export interface CallResults {");
    let declared: Vec<String> = METHODS.iter().map(|m| [m.name(), ": ", m.result, ";"].concat()).collect();
    same(&shipped, &declared, "interface CallResults");
}
