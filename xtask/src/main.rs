fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let files = codegen::load::read_dir(&root).unwrap();
    match codegen::check_files(&files, "specs/") {
        Ok((api, _)) => println!("ok: {} products", api.products.len()),
        Err(report) => println!("{report}"),
    }
}
