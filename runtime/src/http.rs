//! How the HTTP client behind every product client is made: TLS backend and root certificates, extra CA
//! certificates, proxies, connection-pool limits, or the application's own `reqwest::Client`.
//!
//! Why this module exists: networks differ (a corporate proxy, a private CA in front of a VPC endpoint, hosts
//! whose only trusted roots are the operating system's, many concurrent calls), and the official SDKs and
//! aws-sdk-rust let an application say so. The settings live in [`Config`](crate::Config) (`.proxy`,
//! `.root_certificates`, ...); this module turns them into one `reqwest::Client`, whose connection pool every
//! clone of a product client, and every client made with
//! [`Client::with_overrides`](crate::Client::with_overrides), shares.
//!
//! The TLS backend is chosen at compile time with the runtime's cargo features (which the generated crates
//! forward): `rustls-tls-webpki-roots` (the default), `rustls-tls-native-roots`, `native-tls`.

use std::fmt;
use std::time::Duration;

use crate::redact;

/// Which root certificates a server's certificate is checked against (certificates added with
/// [`Config::add_root_certificate_pem`](crate::Config::add_root_certificate_pem) are trusted as well).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RootCertificates {
    /// Mozilla's roots compiled into the binary (webpki-roots): the same on every machine. Needs the cargo
    /// feature `rustls-tls-webpki-roots`.
    Bundled,
    /// The operating system's store: with rustls (feature `rustls-tls-native-roots`), or with the platform's
    /// TLS library (feature `native-tls`).
    Native,
}

impl RootCertificates {
    /// What a client uses when none is chosen: the bundled roots when they are compiled in, else the
    /// operating system's; `None` when no TLS backend is compiled in (only `http://` endpoints work).
    pub fn compiled_default() -> Option<RootCertificates> {
        if cfg!(feature = "rustls-tls-webpki-roots") {
            Some(RootCertificates::Bundled)
        } else if cfg!(any(feature = "rustls-tls-native-roots", feature = "native-tls")) {
            Some(RootCertificates::Native)
        } else {
            None
        }
    }
}

/// The HTTP settings of a [`Config`](crate::Config).
#[derive(Clone, Default)]
pub(crate) struct HttpSettings {
    pub(crate) roots: Option<RootCertificates>,
    /// PEM documents, each holding one or more certificates.
    pub(crate) extra_roots: Vec<Vec<u8>>,
    pub(crate) proxy: Option<String>,
    pub(crate) no_proxy: Option<String>,
    pub(crate) pool_max_idle_per_host: Option<usize>,
    pub(crate) pool_idle_timeout: Option<Duration>,
    pub(crate) client: Option<reqwest::Client>,
}

impl fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A proxy URL may carry a user name and password.
        f.debug_struct("HttpSettings")
            .field("roots", &self.roots)
            .field("extra_roots", &self.extra_roots.len())
            .field("proxy", &self.proxy.as_deref().map(redact::url))
            .field("no_proxy", &self.no_proxy)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("client", &self.client.as_ref().map(|_| "supplied by the application"))
            .finish()
    }
}

/// The HTTP client could not be made from the configuration; every call reports it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpSetupError {
    /// The chosen root certificates need a TLS backend this build does not include.
    #[error("{roots:?} root certificates need the cargo feature {needs} of the SDK crates")]
    RootsNotCompiled {
        /// The roots asked for.
        roots: RootCertificates,
        /// The feature(s) that provide them.
        needs: &'static str,
    },
    /// Certificates were added but no TLS backend is compiled in.
    #[error("extra root certificates need a TLS backend: enable a TLS cargo feature of the SDK crates")]
    NoTlsBackend,
    /// An added PEM document holds no certificate that can be read.
    #[error("extra root certificate #{index} is not a PEM certificate")]
    Certificate {
        /// Its position among the added certificates, from 0.
        index: usize,
        /// What the TLS library said, when it said something (nothing when the text holds no certificate).
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The proxy URL cannot be used.
    #[error("the proxy {url} cannot be used")]
    Proxy {
        /// The URL, with any user name and password redacted.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// reqwest refused the settings.
    #[error("the HTTP client could not be set up")]
    Build(#[source] reqwest::Error),
}

/// The client for `settings`: the application's own when it supplied one (used as it is), else a new one.
/// `loopback`: the endpoint is this machine, which proxies from the environment must not intercept.
pub(crate) fn client(
    settings: &HttpSettings,
    connect_timeout: Duration,
    loopback: bool,
) -> Result<reqwest::Client, HttpSetupError> {
    if let Some(client) = &settings.client {
        return Ok(client.clone());
    }
    let mut builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        // A redirect would be followed without a signature for its target; report it instead.
        .redirect(reqwest::redirect::Policy::none());
    builder = tls(builder, settings)?;
    match &settings.proxy {
        // An explicit proxy replaces the environment's (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) and
        // applies to local endpoints too: the application asked for it.
        Some(url) => {
            let proxy = reqwest::Proxy::all(url.as_str())
                .map_err(|source| HttpSetupError::Proxy {
                    url: redact::url(url),
                    source: redact::reqwest_error(source),
                })?
                .no_proxy(settings.no_proxy.as_deref().and_then(reqwest::NoProxy::from_string));
            builder = builder.proxy(proxy);
        }
        // A local server (an emulator, a test) is reached directly even when HTTP(S)_PROXY is set.
        None if loopback => builder = builder.no_proxy(),
        None => {}
    }
    if let Some(max) = settings.pool_max_idle_per_host {
        builder = builder.pool_max_idle_per_host(max);
    }
    if let Some(timeout) = settings.pool_idle_timeout {
        builder = builder.pool_idle_timeout(timeout);
    }
    builder.build().map_err(|e| HttpSetupError::Build(redact::reqwest_error(e)))
}

/// Chooses the backend and roots, and adds the extra certificates.
fn tls(builder: reqwest::ClientBuilder, settings: &HttpSettings) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    let builder = match settings.roots.or_else(RootCertificates::compiled_default) {
        None => builder,
        Some(RootCertificates::Bundled) => bundled(builder)?,
        Some(RootCertificates::Native) => native(builder)?,
    };
    add_roots(builder, &settings.extra_roots)
}

#[cfg(feature = "rustls-tls-webpki-roots")]
fn bundled(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    let builder = builder.use_rustls_tls().tls_built_in_webpki_certs(true);
    #[cfg(feature = "rustls-tls-native-roots")]
    let builder = builder.tls_built_in_native_certs(false);
    Ok(builder)
}

#[cfg(not(feature = "rustls-tls-webpki-roots"))]
fn bundled(_: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    Err(HttpSetupError::RootsNotCompiled { roots: RootCertificates::Bundled, needs: "`rustls-tls-webpki-roots`" })
}

#[cfg(feature = "rustls-tls-native-roots")]
fn native(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    let builder = builder.use_rustls_tls().tls_built_in_native_certs(true);
    #[cfg(feature = "rustls-tls-webpki-roots")]
    let builder = builder.tls_built_in_webpki_certs(false);
    Ok(builder)
}

#[cfg(all(feature = "native-tls", not(feature = "rustls-tls-native-roots")))]
fn native(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    Ok(builder.use_native_tls())
}

#[cfg(not(any(feature = "rustls-tls-native-roots", feature = "native-tls")))]
fn native(_: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    Err(HttpSetupError::RootsNotCompiled {
        roots: RootCertificates::Native,
        needs: "`rustls-tls-native-roots` or `native-tls`",
    })
}

#[cfg(any(feature = "rustls-tls-webpki-roots", feature = "rustls-tls-native-roots", feature = "native-tls"))]
fn add_roots(mut builder: reqwest::ClientBuilder, pems: &[Vec<u8>]) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    for (index, pem) in pems.iter().enumerate() {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|source| HttpSetupError::Certificate { index, source: Some(source) })?;
        if certificates.is_empty() {
            return Err(HttpSetupError::Certificate { index, source: None });
        }
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    Ok(builder)
}

/// Without a TLS backend only `http://` endpoints work.
#[cfg(not(any(feature = "rustls-tls-webpki-roots", feature = "rustls-tls-native-roots", feature = "native-tls")))]
fn add_roots(builder: reqwest::ClientBuilder, pems: &[Vec<u8>]) -> Result<reqwest::ClientBuilder, HttpSetupError> {
    if pems.is_empty() {
        Ok(builder)
    } else {
        Err(HttpSetupError::NoTlsBackend)
    }
}
