//! Every Markdown page of docs/ is compiled as doc tests (`mod markdown` in lib.rs): a page added
//! without its line there would escape the check, so this test names it.

use std::path::Path;

#[test]
fn every_page_in_docs_is_compiled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut pages: Vec<String> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 10, "docs/ has its pages: {pages:?}");
    let missing: Vec<&String> =
        pages.iter().filter(|p| !lib.contains(&format!("include_str!(\"../../../docs/{p}\")"))).collect();
    assert!(missing.is_empty(), "add these to `mod markdown` in crates/transport/src/lib.rs: {missing:?}");
}
