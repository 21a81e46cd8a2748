//! The `Cargo.toml` of the facade crate and of each product crate.
//!
//! Manifests are generated because what they say follows from the specs: which product crates exist, what
//! the facade's features are, what each crate is called. What is a release decision rather than a spec fact
//! (the version, edition, licence) is inherited from the workspace's `[workspace.package]`, and so are
//! dependency versions (`[workspace.dependencies]`), so the generated text never pins anything by itself.

use std::fmt::Write as _;

use crate::emit::header;
use crate::layout::Layout;
use crate::model::{Api, Product, SourceRef};

/// Dependencies of every product crate (each `{ workspace = true }`): the runtime, and the crates its public
/// types and impls name.
pub const PRODUCT_DEPENDENCIES: [&str; 4] = ["runtime", "serde", "serde_json", "time"];

/// The `serde` feature of the facade and of every product crate: the same switch, which is the runtime's (its
/// macros write the generated types' serde impls).
const SERDE_FEATURE: &str =
    "# serde's `Serialize` and `Deserialize` for every generated type, in the wire's JSON form (a response as the \
     service sends it); the client does not need them.\nserde = [\"runtime/serde\"]\n";

/// The runtime's TLS features (name, what it gives), which every product crate and the facade forward under the same
/// name. The first is the default, as in the runtime.
pub const TLS_FEATURES: [(&str, &str); 3] = [
    ("rustls-tls-webpki-roots", "rustls with Mozilla's root certificates compiled in (the default)"),
    ("rustls-tls-native-roots", "rustls with the operating system's root certificates"),
    ("native-tls", "the platform's TLS library and its roots (OpenSSL on Linux: needs libssl-dev to build)"),
];

/// The runtime's credential-provider feature (name, what it gives), forwarded by every product crate and the
/// facade under the same name and on by default, as in the runtime.
pub const CREDENTIALS_FEATURE: (&str, &str) = (
    "credential-providers",
    "credentials from the CLI's profiles, credentials.ini, OIDC and RAM roles (STS), the ECS metadata service and a \
     credentials URI; without it, only keys the application passes or the environment variables",
);

/// The facade's manifest: one optional dependency and one feature per product, all on by default.
pub(crate) fn facade(api: &Api, layout: &Layout, sources: &[SourceRef]) -> String {
    let mut text = header("#", sources);
    text.push_str(&package(&layout.facade_package, &layout.description));
    let _ = writeln!(text, "\n[lib]\nname = {}", toml_string(&layout.facade_lib));

    let mut defaults: Vec<String> = api.products.iter().map(|p| p.module.clone()).collect();
    defaults.extend(layout.default_features.iter().cloned());
    defaults.push(TLS_FEATURES[0].0.to_owned());
    defaults.push(CREDENTIALS_FEATURE.0.to_owned());
    let _ = writeln!(text, "\n[features]\ndefault = {}", toml_list(&defaults));
    text.push_str(&credentials_feature());
    for (feature, what) in TLS_FEATURES {
        let _ = writeln!(text, "# TLS: {what}, for the runtime and every enabled product.");
        let mut forwarded = vec![format!("runtime/{feature}")];
        forwarded.extend(api.products.iter().map(|p| format!("{}?/{feature}", layout.product_package(p))));
        let _ = writeln!(text, "{feature} = {}", toml_list(&forwarded));
    }
    text.push_str("# The server side (`<product>::server`) of every enabled product, for emulators and tests.\n");
    let servers: Vec<String> = api.products.iter().map(|p| format!("{}?/server", layout.product_package(p))).collect();
    let _ = writeln!(text, "server = {}", toml_list(&servers));
    text.push_str(SERDE_FEATURE);
    for p in &api.products {
        let _ = writeln!(text, "# {} (`{}`).", p.display_name, layout.product_package(p));
        let _ = writeln!(text, "{} = {}", p.module, toml_list(&[format!("dep:{}", layout.product_package(p))]));
    }

    text.push_str("\n[dependencies]\n");
    for p in &api.products {
        let _ = writeln!(
            text,
            "{} = {{ path = {}, optional = true, default-features = false }}",
            layout.product_package(p),
            toml_string(&layout.product_dir(p))
        );
    }
    text.push_str("runtime = { workspace = true }\n");
    let guide_dev_dependencies = layout.facade_guide.iter().flat_map(|g| &g.dev_dependencies);
    let dev_dependencies: Vec<&String> = layout.facade_dev_dependencies.iter().chain(guide_dev_dependencies).collect();
    if !dev_dependencies.is_empty() {
        text.push_str("\n[dev-dependencies]\n");
        for line in dev_dependencies {
            let _ = writeln!(text, "{line}");
        }
    }
    text.push_str(&lints(layout));
    text
}

/// A product crate's manifest.
pub(crate) fn product(p: &Product, layout: &Layout) -> String {
    let mut text = header("#", std::slice::from_ref(&p.source));
    let description = format!(
        "{} (`{}`, API version {}): typed requests, responses and client, generated from its specs.",
        p.display_name, p.code, p.version
    );
    text.push_str(&package(&layout.product_package(p), &description));
    text.push_str("\n[features]\n");
    let _ = writeln!(text, "default = {}", toml_list(&[TLS_FEATURES[0].0, CREDENTIALS_FEATURE.0]));
    text.push_str(&credentials_feature());
    for (feature, what) in TLS_FEATURES {
        let _ = writeln!(text, "# TLS: {what}.");
        let _ = writeln!(text, "{feature} = {}", toml_list(&[format!("runtime/{feature}")]));
    }
    text.push_str("# The server side (`server` module, `ServerRequest::from_params`), for emulators and tests.\n");
    text.push_str("server = [\"runtime/server\"]\n");
    text.push_str(SERDE_FEATURE);
    text.push_str("\n[dependencies]\n");
    for dep in PRODUCT_DEPENDENCIES {
        let _ = writeln!(text, "{dep} = {{ workspace = true }}");
    }
    // The crate root's getting-started doctest has a `#[tokio::main]`.
    text.push_str("\n[dev-dependencies]\ntokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\"] }\n");
    text.push_str(&lints(layout));
    text
}

/// The credential-provider feature, forwarded to the runtime.
fn credentials_feature() -> String {
    let (feature, what) = CREDENTIALS_FEATURE;
    format!("# Credentials: {what}.\n{feature} = {}\n", toml_list(&[format!("runtime/{feature}")]))
}

/// The `[package]` table: name and description here, the rest from the workspace.
fn package(name: &str, description: &str) -> String {
    let mut text = String::from("[package]\n");
    let _ = writeln!(text, "name = {}", toml_string(name));
    let _ = writeln!(text, "description = {}", toml_string(description));
    for key in ["version", "edition", "rust-version", "license", "publish"] {
        let _ = writeln!(text, "{key}.workspace = true");
    }
    text
}

fn lints(layout: &Layout) -> String {
    if layout.deny_warnings {
        "\n[lints.rust]\nwarnings = \"deny\"\n".to_owned()
    } else {
        String::new()
    }
}

/// A TOML array of basic strings.
fn toml_list(items: &[impl AsRef<str>]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_string(i.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML basic string holding `s`, escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{toml_list, toml_string};

    #[test]
    fn strings_are_escaped_for_toml() {
        assert_eq!(toml_string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(toml_string("tab\there"), r#""tab\u0009here""#);
        assert_eq!(toml_list(&["x", "y-z"]), r#"["x", "y-z"]"#);
    }
}
