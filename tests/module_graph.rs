//! The crate's module graph: which top-level module uses which, read from the sources.
//!
//! Every `crate::X` and every `super::` that climbs to the crate root counts as a use of the
//! top-level module `X`; test code (`#[cfg(test)]` items and files named `tests.rs`) and
//! comments do not count. The graph must have no cycle, and the event vocabulary must use
//! nothing else of the crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The module every other one may use and which uses none of them.
const VOCABULARY: &str = "event";

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("src/ entry is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below `src/`: `journal/file.rs` is `[journal, file]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs").to_string();
    if stem != "mod" {
        parts.push(stem);
    }
    parts
}

/// The source with comments, string and char literals blanked out.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i] == b'r' && (b[i..].starts_with(b"r\"") || b[i..].starts_with(b"r#")) {
            let mut j = i + 1;
            let mut hashes = 0;
            while j < b.len() && b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            if j < b.len() && b[j] == b'"' {
                let close: Vec<u8> =
                    std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                j += 1;
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                i = j + close.len();
                out.push_str("\"\"");
            } else {
                out.push('r');
                i += 1;
            }
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && i + 2 < b.len() && (b[i + 2] == b'\'' || b[i + 1] == b'\\') {
            // A char literal ('x' or '\n'); lifetimes ('a) have no closing quote here.
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            let ch = src[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The code with every `#[cfg(test)]` item (a `mod`, `use`, `fn`, ...) removed.
fn without_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at + "#[cfg(test)]".len()..];
        // The item ends at the first `;` outside braces, or at the brace closing its body.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn ident_at(s: &str) -> &str {
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules `code` (of the module at `path`) names.
fn uses(code: &str, path: &[String], modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut add = |name: &str| {
        if modules.contains(name) {
            found.insert(name.to_string());
        }
    };
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with(is_ident) {
            continue;
        }
        let after = code[at + "crate::".len()..].trim_start();
        if let Some(group) = after.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the first name of each top-level part.
            let mut depth = 0usize;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && is_ident(c) => {
                        add(ident_at(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            add(ident_at(after));
        }
    }
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with(is_ident) || code[..at].ends_with("super::") {
            continue;
        }
        let mut rest = &code[at..];
        let mut climbs = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            climbs += 1;
            rest = r;
        }
        if climbs == path.len() {
            add(ident_at(rest));
        }
    }
    found
}

fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(&src).ok())
        .map(module_path)
        .filter_map(|p| p.first().cloned())
        .filter(|m| m != "lib" && m != "main")
        .collect();
    let mut graph = Graph::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("file is below src/");
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let path = module_path(rel);
        let Some(top) = path.first() else { continue };
        if !modules.contains(top) {
            continue;
        }
        let text = fs::read_to_string(file).expect("source is readable");
        let code = without_test_items(&code_only(&text));
        let entry = graph.entry(top.clone()).or_default();
        for used in uses(&code, &path, &modules) {
            if &used != top {
                entry.insert(used);
            }
        }
    }
    graph
}

/// Every cycle's modules, one strongly connected component of more than one module each.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    // Tarjan's algorithm, small and recursive: the graph has a few dozen nodes.
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// One path around a cycle within `component`, for the message: `a -> b -> a`.
fn a_cycle(graph: &Graph, component: &[String]) -> String {
    let inside: BTreeSet<&str> = component.iter().map(String::as_str).collect();
    let start = component[0].as_str();
    // Breadth-first from start back to start, staying inside the component.
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !inside.contains(w) {
                continue;
            }
            if w == start {
                let mut path = vec![start, v];
                let mut at = v;
                while at != start {
                    at = previous[at];
                    path.push(at);
                }
                path.reverse();
                return path.join(" -> ");
            }
            if !previous.contains_key(w) {
                previous.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    component.join(", ")
}

fn describe(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(m, used)| {
            let used: Vec<&str> = used.iter().map(String::as_str).collect();
            format!("  {m} -> {}", used.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn top_level_modules_use_each_other_without_a_cycle() {
    let graph = module_graph();
    println!("the module graph:\n{}", describe(&graph));
    let found = cycles(&graph);
    let shown: Vec<String> =
        found.iter().map(|c| format!("  {{{}}}: {}", c.join(", "), a_cycle(&graph, c))).collect();
    assert!(
        found.is_empty(),
        "the modules use each other in a cycle:\n{}\nthe whole graph:\n{}",
        shown.join("\n"),
        describe(&graph)
    );
}

#[test]
fn the_event_vocabulary_uses_nothing_else_of_the_crate() {
    let graph = module_graph();
    let used = graph.get(VOCABULARY);
    assert!(used.is_some(), "no module named {VOCABULARY} in src/ (the event vocabulary)");
    assert_eq!(used, Some(&BTreeSet::new()), "{VOCABULARY} uses other modules");
}

#[test]
fn the_reader_sees_uses_and_skips_tests_and_comments() {
    let modules: BTreeSet<String> =
        ["a", "b", "c", "d", "e", "f"].iter().map(|s| s.to_string()).collect();
    let src = r#"
        use crate::a::X;
        use crate::{b, c::{Y, Z}};
        // use crate::d;
        const S: &str = "crate::d";
        fn f() { super::e::g(); }
        #[cfg(test)]
        mod tests { use crate::f; }
    "#;
    let code = without_test_items(&code_only(src));
    let path = vec!["top".to_string()];
    let got: Vec<String> = uses(&code, &path, &modules).into_iter().collect();
    assert_eq!(got, ["a", "b", "c", "e"]);
    // Two levels down, one `super::` stays inside the module.
    let deeper = vec!["top".to_string(), "inner".to_string()];
    let got: Vec<String> = uses(&code, &deeper, &modules).into_iter().collect();
    assert_eq!(got, ["a", "b", "c"]);
}

#[test]
fn persistence_and_the_domain_know_no_app_and_no_terminal() {
    let graph = module_graph();
    let screen = ["app", "tui", "cli", "recorder"];
    for module in
        ["event", "agenda", "plan", "journal", "live", "record", "writer", "minutes", "capture"]
    {
        let used = graph.get(module).cloned().unwrap_or_default();
        let wrong: Vec<&str> = screen.iter().copied().filter(|s| used.contains(*s)).collect();
        assert!(wrong.is_empty(), "{module} uses {wrong:?}");
    }
}
