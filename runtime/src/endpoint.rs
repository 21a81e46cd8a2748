//! Where requests go.
//!
//! Each product publishes a host per region, a central host shared by some regions, and a few hosts that
//! follow no pattern; [`EndpointRule`] says all of that as data in the generated `SERVICE` static, and
//! [`resolve`] turns it, the configured region and an optional override URL into an [`Endpoint`].
//! An override (a VPC endpoint, a proxy, or `http://127.0.0.1:PORT` for a local test server) always wins.

use std::fmt;

use crate::client::ServiceInfo;

/// How a product's host is chosen for a region, in order: `hosts`, then `central` for the regions in
/// `central_regions`, then `regional` with `{region}` replaced.
#[derive(Debug, Clone, Copy)]
pub struct EndpointRule {
    /// The per-region pattern, with `{region}` where the region id goes (`rds.{region}.aliyuncs.com`).
    pub regional: &'static str,
    /// The host shared by the regions in `central_regions` (`rds.aliyuncs.com`).
    pub central: Option<&'static str>,
    /// Regions served by `central`.
    pub central_regions: &'static [&'static str],
    /// Regions whose host follows no pattern: `(region, host)`.
    pub hosts: &'static [(&'static str, &'static str)],
}

impl EndpointRule {
    /// The host for `region`, without checking the region id.
    pub fn host_for(&self, region: &str) -> String {
        if let Some((_, host)) = self.hosts.iter().find(|(r, _)| *r == region) {
            return (*host).to_owned();
        }
        if let Some(central) = self.central {
            if self.central_regions.contains(&region) {
                return central.to_owned();
            }
        }
        self.regional.replace("{region}", region)
    }
}

/// A resolved endpoint: scheme and authority (host, and the port when it is not the scheme's default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: &'static str,
    authority: String,
}

impl Endpoint {
    /// An HTTPS endpoint on the default port.
    pub fn https(host: impl Into<String>) -> Endpoint {
        Endpoint { scheme: "https", authority: host.into() }
    }

    /// Parses an override: a full URL (`https://rds-vpc.cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:8080/`)
    /// or a bare host with an optional port, which means HTTPS. Paths other than `/`, queries, fragments
    /// and user names are refused: RPC calls always go to `/` and are signed for it.
    pub fn parse(url: &str) -> Result<Endpoint, EndpointError> {
        let invalid =
            |reason: &str| EndpointError::InvalidUrl { url: crate::redact::url(url), reason: reason.to_owned() };
        let trimmed = url.trim();
        if trimmed.is_empty() {
            return Err(invalid("it is empty"));
        }
        let full = if trimmed.contains("://") { trimmed.to_owned() } else { format!("https://{trimmed}") };
        let parsed = reqwest::Url::parse(&full).map_err(|e| invalid(&e.to_string()))?;
        let scheme = match parsed.scheme() {
            "https" => "https",
            "http" => "http",
            _ => return Err(invalid("the scheme must be http or https")),
        };
        let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(|| invalid("it has no host"))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(invalid("user names and passwords are not allowed in the endpoint"));
        }
        if parsed.path() != "/" && !parsed.path().is_empty() {
            return Err(invalid("it has a path; RPC calls always go to `/`"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(invalid("it has a query or fragment"));
        }
        let authority = match parsed.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Endpoint { scheme, authority })
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &str {
        self.scheme
    }

    /// The host, with `:port` when the port is not the scheme's default; this is the signed `host`.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// Whether the host is this machine (`localhost`, `127.0.0.0/8`, `::1`).
    pub fn is_loopback(&self) -> bool {
        let host = match self.authority.rsplit_once(':') {
            Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !host.ends_with(':') => host,
            _ => self.authority.as_str(),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// The URL requests are sent to, ending in `/`.
    pub fn base_url(&self) -> String {
        format!("{}://{}/", self.scheme, self.authority)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.authority)
    }
}

/// Why no endpoint could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// No region and no override: the product's host depends on the region.
    #[error(
        "no region is configured for {product}, so its endpoint is unknown; set one with \
         Config::region(\"cn-hangzhou\") or the ALIBABA_CLOUD_REGION_ID environment variable, \
         or give an endpoint with Config::endpoint_url(..)"
    )]
    MissingRegion {
        /// The product code.
        product: &'static str,
    },
    /// The region id cannot be part of a host name.
    #[error("`{region}` is not a region id (expected lower-case letters, digits and `-`, such as cn-hangzhou)")]
    InvalidRegion {
        /// The region as configured.
        region: String,
    },
    /// The override URL cannot be used.
    #[error("the endpoint URL `{url}` cannot be used: {reason}")]
    InvalidUrl {
        /// The URL as configured, with any secret in it redacted ([`crate::redact::url`]).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Chooses the endpoint for `service`: the override when given, otherwise the service's rule for `region`.
pub fn resolve(
    service: &ServiceInfo,
    region: Option<&str>,
    override_url: Option<&str>,
) -> Result<Endpoint, EndpointError> {
    if let Some(url) = override_url {
        return Endpoint::parse(url);
    }
    let region = region.ok_or(EndpointError::MissingRegion { product: service.product_code })?;
    check_region(region)?;
    Ok(Endpoint::https(service.endpoints.host_for(region)))
}

/// Accepts region ids that can safely become part of a host name.
pub fn check_region(region: &str) -> Result<(), EndpointError> {
    let ok = !region.is_empty()
        && !region.starts_with('-')
        && !region.ends_with('-')
        && region.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(EndpointError::InvalidRegion { region: region.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::SignatureVersion;

    static RDS: ServiceInfo = ServiceInfo {
        product_code: "Rds",
        api_version: "2014-08-15",
        signature: SignatureVersion::V3,
        endpoints: EndpointRule {
            regional: "rds.{region}.aliyuncs.com",
            central: Some("rds.aliyuncs.com"),
            central_regions: &["cn-hangzhou", "cn-shanghai"],
            hosts: &[("ap-southeast-1", "rds.ap-southeast-1.aliyuncs.com"), ("cn-shanghai", "special.example")],
        },
    };

    fn host(region: &str) -> String {
        match resolve(&RDS, Some(region), None) {
            Ok(e) => e.base_url(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn central_regions_use_the_central_host() {
        assert_eq!(host("cn-hangzhou"), "https://rds.aliyuncs.com/");
    }

    #[test]
    fn explicit_hosts_win_over_central_and_regional() {
        assert_eq!(host("ap-southeast-1"), "https://rds.ap-southeast-1.aliyuncs.com/");
        assert_eq!(host("cn-shanghai"), "https://special.example/");
    }

    #[test]
    fn other_regions_fill_the_pattern() {
        assert_eq!(host("eu-central-1"), "https://rds.eu-central-1.aliyuncs.com/");
    }

    #[test]
    fn missing_region_without_override_is_an_error() {
        let err = resolve(&RDS, None, None).unwrap_err();
        assert_eq!(err, EndpointError::MissingRegion { product: "Rds" });
        assert!(err.to_string().contains("Config::region"), "{err}");
    }

    #[test]
    fn region_ids_that_would_change_the_host_are_refused() {
        for bad in ["", "cn-hangzhou.evil.com", "CN-HANGZHOU", "cn hangzhou", "-x", "a/b"] {
            assert!(
                matches!(resolve(&RDS, Some(bad), None), Err(EndpointError::InvalidRegion { .. })),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn override_wins_and_keeps_scheme_host_and_port() {
        let e = resolve(&RDS, None, Some("http://127.0.0.1:8080")).unwrap();
        assert_eq!((e.scheme(), e.authority()), ("http", "127.0.0.1:8080"));
        assert_eq!(e.base_url(), "http://127.0.0.1:8080/");
        let e = resolve(&RDS, Some("cn-hangzhou"), Some("https://rds-vpc.example.com:443/")).unwrap();
        assert_eq!(e.authority(), "rds-vpc.example.com");
        let e = resolve(&RDS, None, Some("rds.example.com:8443")).unwrap();
        assert_eq!(e.base_url(), "https://rds.example.com:8443/");
        let e = resolve(&RDS, None, Some("http://[::1]:9000")).unwrap();
        assert_eq!(e.authority(), "[::1]:9000");
        assert!(e.is_loopback());
        assert!(Endpoint::parse("http://127.0.0.1:1").unwrap().is_loopback());
        assert!(Endpoint::parse("localhost").unwrap().is_loopback());
        assert!(Endpoint::parse("[::1]").unwrap().is_loopback());
        assert!(!Endpoint::parse("rds.aliyuncs.com:443").unwrap().is_loopback());
    }

    #[test]
    fn malformed_overrides_are_refused_with_a_reason() {
        for (bad, reason) in [
            ("", "empty"),
            ("ftp://example.com", "scheme"),
            ("https://", "host"),
            ("http://127.0.0.1:99999", "port"),
            ("https://example.com/api", "path"),
            ("https://example.com/?a=b", "query"),
            ("https://user:pw@example.com", "user names"),
            ("http://exa mple.com", "invalid"),
        ] {
            match Endpoint::parse(bad) {
                Err(err @ EndpointError::InvalidUrl { .. }) => {
                    assert!(err.to_string().contains(reason), "{bad:?}: {err}")
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
