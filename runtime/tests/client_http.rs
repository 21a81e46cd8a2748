//! How the client connects: an explicit proxy and its no-proxy list, an extra CA certificate over real TLS, the
//! choice of root certificates, the application's own `reqwest::Client`, and connection-pool limits. Every
//! server, proxy and certificate authority is made by the test, on 127.0.0.1.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{Client, Config, RetryPolicy, RootCertificates};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

fn params() -> Params {
    let mut p = Params::new();
    p.push("DBInstanceId", "rm-1");
    p
}

async fn call(config: Config) -> Result<DescribeBackupsResponse, Error> {
    Client::new(config, &RDS).call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params()).await
}

/// A configuration for `url` with one attempt, so that counts are exact.
fn single(url: &str) -> Config {
    Config::new(credentials()).endpoint_url(url).retry_policy(RetryPolicy::none())
}

#[tokio::test]
async fn an_explicit_proxy_carries_requests_even_to_this_machine() {
    let origin = TestServer::always(Reply::ok(backups_json(&["via-proxy"], None))).await;
    let proxy = Relay::start(origin.url()).await;
    let response = call(single(origin.url()).proxy(proxy.url())).await.unwrap();
    assert_eq!(response.items.backup[0].backup_id, "via-proxy");
    assert_eq!(proxy.connections(), 1);
    // A proxy receives the absolute URL in the request line.
    let line = &proxy.first_lines()[0];
    assert!(line.starts_with(&format!("POST {}/?", origin.url())), "{line}");
    origin.only_request().signed();
}

#[tokio::test]
async fn hosts_on_the_no_proxy_list_are_reached_directly() {
    let origin = TestServer::always(Reply::ok(backups_json(&[], None))).await;
    let proxy = Relay::start(origin.url()).await;
    call(single(origin.url()).proxy(proxy.url()).no_proxy("example.com, 127.0.0.1")).await.unwrap();
    assert_eq!((proxy.connections(), origin.count()), (0, 1));
    call(single(origin.url()).proxy(proxy.url()).no_proxy("10.0.0.0/8,example.com")).await.unwrap();
    assert_eq!((proxy.connections(), origin.count()), (1, 2));
}

#[tokio::test]
async fn a_proxy_password_is_never_shown() {
    let config = single("http://127.0.0.1:9").proxy("http://backup:pr0xy-pa55@127.0.0.1:9");
    assert!(!format!("{config:?}").contains("pr0xy-pa55"));
    let client = Client::new(config.clone(), &RDS);
    assert!(!format!("{client:?}").contains("pr0xy-pa55"));
    let err = call(config).await.unwrap_err();
    let mut texts = vec![format!("{err}\n{err:?}")];
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        texts.push(format!("{cause}\n{cause:?}"));
        source = cause.source();
    }
    assert!(texts.iter().all(|t| !t.contains("pr0xy-pa55")), "{texts:#?}");
}

/// A certificate authority made for one test, and a certificate it signed for `127.0.0.1` and `localhost`.
struct TestCa {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

impl TestCa {
    fn new() -> TestCa {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "backup SDK test CA");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap()
            .signed_by(&leaf_key, &issuer)
            .unwrap();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let server = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone()], key)
            .unwrap();
        TestCa { ca_pem: ca_cert.pem(), server: Arc::new(server) }
    }

    /// An HTTPS server with the signed certificate that answers every request with `body`; it counts the
    /// requests that arrived over a completed handshake.
    async fn serve(&self, body: String) -> (String, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::clone(&self.server));
        let served = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&served);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (acceptor, count, body) = (acceptor.clone(), Arc::clone(&count), body.clone());
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(socket).await else { return };
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    count.fetch_add(1, Ordering::SeqCst);
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = tls.write_all(answer.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        (url, served)
    }
}

#[tokio::test]
async fn an_extra_ca_certificate_is_trusted_beside_the_roots() {
    let ca = TestCa::new();
    let (url, served) = ca.serve(backups_json(&["over-tls"], None)).await;

    // The roots alone do not know the test CA: the handshake fails, nothing is sent.
    let err = call(single(&url)).await.unwrap_err();
    assert!(matches!(&err, alibabacloud_backup_runtime::Error::Transport(t) if t.is_connect()), "{err:?}");
    assert_eq!(served.load(Ordering::SeqCst), 0);

    let response = call(single(&url).add_root_certificate_pem(ca.ca_pem.clone())).await.unwrap();
    assert_eq!(response.items.backup[0].backup_id, "over-tls");
    // Also with the roots chosen explicitly (this build's: the test runs under each TLS feature).
    let roots = RootCertificates::compiled_default().expect("a TLS backend");
    let chosen = single(&url).root_certificates(roots).add_root_certificate_pem(ca.ca_pem.clone());
    call(chosen).await.unwrap();
    assert_eq!(served.load(Ordering::SeqCst), 2);

    // A certificate of another CA does not help.
    let other = TestCa::new();
    call(single(&url).add_root_certificate_pem(other.ca_pem)).await.unwrap_err();
    assert_eq!(served.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn text_without_a_certificate_fails_every_call_before_sending() {
    let server = TestServer::always(Reply::ok(backups_json(&[], None))).await;
    // Text with no PEM block is refused by the SDK, naming which added text it was; a PEM block that is not a
    // certificate by the TLS library when the client is made.
    let cases = [
        ("not a certificate", "extra root certificate #0 is not a PEM certificate"),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "certificate"),
    ];
    for (pem, expected) in cases {
        let err = call(single(server.url()).add_root_certificate_pem(pem)).await.unwrap_err();
        assert!(matches!(err, alibabacloud_backup_runtime::Error::Transport(_)), "{err:?}");
        let mut chain = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            chain.push_str(&format!(" / {cause}"));
            source = cause.source();
        }
        assert!(chain.contains(expected), "{chain}");
    }
    assert_eq!(server.count(), 0);
}

#[cfg(not(any(feature = "rustls-tls-native-roots", feature = "native-tls")))]
#[tokio::test]
async fn roots_that_are_not_compiled_in_name_the_feature_that_brings_them() {
    let server = TestServer::always(Reply::ok(backups_json(&[], None))).await;
    let err = call(single(server.url()).root_certificates(RootCertificates::Native)).await.unwrap_err();
    let cause = std::error::Error::source(&err).map(ToString::to_string).unwrap_or_default();
    assert!(format!("{err} {cause}").contains("rustls-tls-native-roots"), "{err} / {cause}");
    assert_eq!(server.count(), 0);
}

#[test]
fn the_default_roots_follow_the_features() {
    let expected = if cfg!(feature = "rustls-tls-webpki-roots") {
        Some(RootCertificates::Bundled)
    } else if cfg!(any(feature = "rustls-tls-native-roots", feature = "native-tls")) {
        Some(RootCertificates::Native)
    } else {
        None
    };
    assert_eq!(RootCertificates::compiled_default(), expected);
}

#[tokio::test]
async fn the_application_s_own_client_sends_the_requests() {
    let server = TestServer::always(Reply::ok(backups_json(&["own"], None))).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-own-client", reqwest::header::HeaderValue::from_static("yes"));
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // The SDK's own HTTP settings are the supplied client's business: this proxy, which would fail, is unused.
    let config = single(server.url()).http_client(own).proxy("http://127.0.0.1:9");
    assert!(format!("{config:?}").contains("supplied by the application"));
    assert_eq!(call(config).await.unwrap().items.backup[0].backup_id, "own");
    let request = server.only_request();
    request.signed();
    assert_eq!(request.header("x-own-client"), Some("yes"));
    assert!(request.header("user-agent").unwrap().starts_with("alibabacloud-backup-sdk/"));
}

#[tokio::test]
async fn pool_limits_reach_the_connection_pool() {
    async fn connections_for_two_calls(config: impl Fn(&str) -> Config, pause: Duration) -> usize {
        let origin = TestServer::always(Reply::ok(backups_json(&[], None))).await;
        let relay = Relay::start(origin.url()).await;
        let client = Client::new(config(relay.url()), &RDS);
        for _ in 0..2 {
            client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params()).await.unwrap();
            tokio::time::sleep(pause).await;
        }
        relay.connections()
    }
    let short = Duration::from_millis(10);
    assert_eq!(connections_for_two_calls(single, short).await, 1, "idle connections are reused");
    assert_eq!(connections_for_two_calls(|url| single(url).pool_max_idle_per_host(0), short).await, 2);
    let idle = |url: &str| single(url).pool_idle_timeout(Duration::from_millis(50));
    assert_eq!(connections_for_two_calls(idle, Duration::from_millis(400)).await, 2);
    assert_eq!(connections_for_two_calls(idle, short).await, 1);
}
