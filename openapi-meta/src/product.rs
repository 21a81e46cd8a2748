//! A product's `product.yaml` from the metadata's `info` and `endpoints`.
//!
//! The endpoint rule: a region's host is `<lowercase code>.<region>.aliyuncs.com` (`regional`), unless the
//! metadata lists another; the host most regions share (when at least two do) is `central` with its
//! `central_regions`; every other region whose host the regional rule does not give is in `hosts`.

use std::collections::BTreeMap;

use crate::meta::Metadata;

/// What `product.yaml` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDraft {
    pub name: String,
    pub code: String,
    pub module: String,
    pub version: String,
    pub style: String,
    pub regional: String,
    /// The shared host and its regions.
    pub central: Option<(String, Vec<String>)>,
    pub hosts: BTreeMap<String, String>,
    pub endpoint_source: String,
    /// The header's words for the metadata.
    pub source: String,
}

/// Decides `product.yaml`; `file` names the metadata file and `date` the day of the import (`2024-06-24`).
pub fn decide(meta: &Metadata, module: &str, file: &str, date: &str) -> ProductDraft {
    let code = meta.info.product.clone();
    let lower = code.to_ascii_lowercase();
    let regional_of = |region: &str| format!("{lower}.{region}.aliyuncs.com");
    let mut by_host: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &meta.endpoints {
        by_host.entry(e.endpoint.as_str()).or_default().push(e.region_id.as_str());
    }
    // The shared host: the one most regions use, if two or more do (ties: the first by name).
    let shared = by_host
        .iter()
        .filter(|(_, regions)| regions.len() >= 2)
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(a.0)))
        .map(|(host, regions)| {
            let mut regions: Vec<String> = regions.iter().map(|r| (*r).to_owned()).collect();
            regions.sort();
            regions.dedup();
            ((*host).to_owned(), regions)
        });
    let mut hosts = BTreeMap::new();
    for e in &meta.endpoints {
        let in_central = shared.as_ref().is_some_and(|(h, _)| *h == e.endpoint);
        if !in_central && e.endpoint != regional_of(&e.region_id) {
            hosts.insert(e.region_id.clone(), e.endpoint.clone());
        }
    }
    let style = meta.info.style.clone().unwrap_or_else(|| "RPC".to_owned());
    let name = meta.info.title.clone().filter(|t| t.is_ascii() && !t.trim().is_empty()).unwrap_or_else(|| code.clone());
    ProductDraft {
        name,
        module: module.to_owned(),
        version: meta.info.version.clone(),
        style,
        regional: format!("{lower}.{{region}}.aliyuncs.com"),
        central: shared,
        hosts,
        endpoint_source: format!("OpenAPI metadata {file} (its endpoints list), imported {date}"),
        source: format!("{file} ({code} {}, OpenAPI metadata)", meta.info.version),
        code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::{Endpoint, Info};

    fn meta(endpoints: &[(&str, &str)]) -> Metadata {
        Metadata {
            info: Info { style: None, product: "R-kvstore".into(), version: "2015-01-01".into(), title: None },
            apis: Default::default(),
            endpoints: endpoints
                .iter()
                .map(|(r, e)| Endpoint { region_id: (*r).into(), endpoint: (*e).into() })
                .collect(),
        }
    }

    #[test]
    fn endpoints_follow_the_rule() {
        let m = meta(&[
            ("cn-qingdao", "r-kvstore.aliyuncs.com"),
            ("cn-beijing", "r-kvstore.aliyuncs.com"),
            ("cn-zhangjiakou", "r-kvstore.cn-zhangjiakou.aliyuncs.com"),
            ("eu-west-1", "r-kvstore.eu-west-1-x.aliyuncs.com"),
        ]);
        let p = decide(&m, "r_kvstore", "r-kvstore.json", "2024-06-24");
        assert_eq!(p.regional, "r-kvstore.{region}.aliyuncs.com");
        assert_eq!(
            p.central,
            Some(("r-kvstore.aliyuncs.com".to_owned(), vec!["cn-beijing".to_owned(), "cn-qingdao".to_owned()]))
        );
        assert_eq!(p.hosts.len(), 1, "{:?}", p.hosts);
        assert_eq!(p.name, "R-kvstore");
        let none = decide(&meta(&[]), "r_kvstore", "x.json", "d");
        assert_eq!((none.central, none.hosts.len()), (None, 0));
    }
}
