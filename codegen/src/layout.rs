//! Where the generated crates go and what they are called: one crate per product, and a facade crate that
//! re-exports each product as a module.
//!
//! One crate per product (as Alibaba Cloud's official SDKs ship) lets cargo check products in parallel and
//! bounds the memory of each rustc by the size of one product, not of the whole API: measured with
//! `cargo xtask bench` on two cores, 1,000 synthetic operations in ten product crates check from scratch in
//! 83–93 s with each rustc peaking at 0.87 GB, against 192 s and 7.3 GB as one crate (README, Benchmarks). Applications that need one
//! product depend on its crate alone; the facade keeps `alibabacloud_backup::rds::...` paths for those that want
//! everything.
//!
//! The names decided here are the crates' names; every name inside a crate is decided in the [`model`](crate::model).

use heck::ToKebabCase;

use crate::model::Product;

/// How the generated crates are named and configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Package name of the facade crate (`alibabacloud-backup-sdk`).
    pub facade_package: String,
    /// Library name of the facade crate (`alibabacloud_backup`).
    pub facade_lib: String,
    /// Prefix of each product crate's package name (`alibabacloud-backup` gives `alibabacloud-backup-rds`).
    pub product_prefix: String,
    /// One sentence saying what the facade is: its manifest description and the first line of its docs.
    pub description: String,
    /// Facade features on by default besides every product (the naming fixture compiles `server` too).
    pub default_features: Vec<String>,
    /// Deny every rustc warning in the generated crates (the naming fixture's proof that awkward names compile
    /// cleanly; a published SDK must not, or a new compiler's lint would break its users' builds).
    pub deny_warnings: bool,
    /// `[dev-dependencies]` lines of the facade, for its hand-written examples (`tokio = { workspace = true }`).
    pub facade_dev_dependencies: Vec<String>,
    /// The facade's hand-written guide, when the facade has one.
    pub facade_guide: Option<Guide>,
}

/// A hand-written Markdown file beside the facade's manifest that the facade's crate docs include after the
/// product list: the guide whose examples (paging, waiting, errors) rustdoc runs, with what they need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    /// The file, relative to the facade's folder (`GUIDE.md`).
    pub file: String,
    /// The `[dev-dependencies]` lines its doctests need besides the facade's own.
    pub dev_dependencies: Vec<String>,
}

impl Layout {
    /// The SDK in `generated/`.
    pub fn sdk() -> Layout {
        Layout {
            facade_package: "alibabacloud-backup-sdk".into(),
            facade_lib: "alibabacloud_backup".into(),
            product_prefix: "alibabacloud-backup".into(),
            description: "Typed Rust SDK for Alibaba Cloud's database backup APIs, generated from the specs in \
                          `specs/`."
                .into(),
            default_features: Vec::new(),
            deny_warnings: false,
            facade_dev_dependencies: vec![
                r#"tokio = { workspace = true, features = ["rt-multi-thread", "macros"] }"#.into(),
                "futures = { workspace = true }".into(),
                "time = { workspace = true }".into(),
            ],
            facade_guide: Some(Guide {
                file: "GUIDE.md".into(),
                // The guide's doctests run against the emulator (which depends on this crate: a dev-dependency
                // cycle, which cargo allows; the doctests and the emulator link the same build of the facade).
                dev_dependencies: vec![r#"emulator = { path = "../emulator" }"#.into()],
            }),
        }
    }

    /// The SDK's generated crates alone, written and built outside this repository (`cargo xtask semver-check`'s
    /// scratch trees): without the facade's hand-written guide, and so without the emulator its doctests run
    /// against; both live beside `generated/` here.
    pub fn sdk_standalone() -> Layout {
        Layout { facade_guide: None, ..Layout::sdk() }
    }

    /// The package name of a product's crate (`alibabacloud-backup-r-kvstore`).
    pub fn product_package(&self, p: &Product) -> String {
        format!("{}-{}", self.product_prefix, p.module.to_kebab_case())
    }

    /// The library name of a product's crate, as Rust code names it (`alibabacloud_backup_r_kvstore`).
    pub fn product_lib(&self, p: &Product) -> String {
        self.product_package(p).replace('-', "_")
    }

    /// The product crate's folder, relative to the facade's (`products/r_kvstore`).
    pub fn product_dir(&self, p: &Product) -> String {
        format!("products/{}", p.module)
    }
}
