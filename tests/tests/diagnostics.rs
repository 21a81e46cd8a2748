#[test]
fn probe() {
    let dir = std::env::var("PROBE").unwrap();
    let mut dirs: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for d in dirs {
        let files = codegen::load::read_dir(&d).unwrap();
        println!("=================== {}", d.display());
        match codegen::check_files(&files, "specs/") {
            Ok(_) => println!("OK"),
            Err(r) => println!("{r}"),
        }
    }
}
