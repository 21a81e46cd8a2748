//! No secret in any output: distinct AccessKey ID, secret, STS token and the signatures each attempt carried
//! must not appear in an error's `Display`, `Debug` (`{:?}` and `{:#?}`), its sources, or any tracing event or
//! span field recorded at TRACE (the `request` and `response` events of the wire log included, even when an
//! answer quotes the request back), over every error path (service, proxy, decode, timeout, transport before
//! and after the request was written, credentials) and both signature versions.

mod support;

use std::time::Duration;

use alibabacloud_backup_runtime::credentials::{Credentials, RamRoleArnProvider};
use alibabacloud_backup_runtime::signing::percent_encode;
use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{Client, Config, SignatureVersion};
use support::trace::Spans;
use support::*;

/// An STS token with characters that V1 percent-encodes in the query.
const TOKEN: &str = "STS+planted/token=CAIS0123456789";

fn planted_credentials() -> Credentials {
    Credentials::new(KEY_ID, SECRET).with_security_token(TOKEN)
}

fn planted_config(url: &str, version: SignatureVersion) -> Config {
    Config::new(planted_credentials())
        .endpoint_url(url)
        .signature_version(version)
        .connect_timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(200))
        .retry_policy(fast_retries())
}

fn params() -> Params {
    let mut p = Params::new();
    p.push("DBInstanceId", "rm-1");
    p
}

/// The signature a request head or a recorded request carried: V1's `Signature` parameter (decoded), or the
/// hex after `Signature=` in V3's `authorization`.
fn signature_in(text: &str) -> Option<String> {
    let at = text.find("Signature=")? + "Signature=".len();
    let value: String = text[at..].chars().take_while(|c| !matches!(c, '&' | ' ' | '\r' | '\n' | ',')).collect();
    let decoded = percent_encoding::percent_decode_str(&value).decode_utf8_lossy().into_owned();
    Some(decoded)
}

/// Every error's texts, and the secrets to look for.
#[derive(Default)]
struct Outputs {
    texts: Vec<String>,
    signatures: Vec<String>,
}

impl Outputs {
    fn error(&mut self, err: &(dyn std::error::Error + 'static)) {
        self.texts.push(format!("{err}\n{err:?}\n{err:#?}"));
        let mut source = err.source();
        while let Some(cause) = source {
            self.texts.push(format!("{cause}\n{cause:?}\n{cause:#?}"));
            source = cause.source();
        }
    }

    fn assert_clean(&self, spans: &Spans) {
        let mut secrets = vec![KEY_ID.to_owned(), SECRET.to_owned(), TOKEN.to_owned(), percent_encode(TOKEN)];
        for signature in &self.signatures {
            assert!(signature.len() >= 20, "not a signature: {signature:?}");
            secrets.push(signature.clone());
            secrets.push(percent_encode(signature));
        }
        let traced = spans.text();
        assert!(spans.events("WARN") > 0 && spans.events("DEBUG") > 0, "nothing was traced:\n{traced}");
        for text in self.texts.iter().chain([&traced]) {
            for secret in &secrets {
                assert!(!text.contains(secret.as_str()), "{secret:?} leaked in:\n{text}");
            }
        }
    }
}

async fn call(config: Config) -> Error {
    Client::new(config, &RDS)
        .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
        .await
        .expect_err("every case fails")
}

#[tokio::test]
async fn no_error_path_shows_a_key_a_token_or_a_signature() {
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let mut out = Outputs::default();
    let mut kinds = Vec::new();
    let mut echoed = Vec::new();

    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        // Answers from the service and from proxies in front of it, and a body that does not decode. The 500
        // is retried (a read-only call), so the client's retry warnings are traced too.
        for reply in [
            Reply::error(400, "InvalidParameter", "bad"),
            Reply::error(500, "InternalError", "boom"),
            Reply::xml(403, "<Error><Code>Forbidden.RAM</Code><AccessDeniedDetail><AuthAction>rds:x</AuthAction></AccessDeniedDetail></Error>"),
            Reply::html(502, "<html><body>bad gateway</body></html>"),
            Reply::ok(r#"{"RequestId":"r","Items":{"Backup":[{"BackupId":"b","BackupSize":"x"}]}}"#),
            Reply::ok(backups_json(&[], None)).delay(Duration::from_secs(2)),
        ] {
            let server = TestServer::script(vec![reply]).await;
            let err = call(planted_config(server.url(), version)).await;
            for request in server.requests() {
                request.signed();
                let carried = request.param("Signature").map(str::to_owned).or_else(|| {
                    request.header("authorization").and_then(signature_in)
                });
                out.signatures.push(carried.expect("a signature"));
            }
            kinds.push(format!("{version:?} {}", kind(&err)));
            out.error(&err);
        }

        // The connection is closed after the request was written, and (a port nobody listens on) never made.
        let dropping = DroppingServer::start(b"").await;
        let err = call(planted_config(dropping.url(), version)).await;
        assert_eq!(dropping.requests(), 3);
        out.signatures.extend(dropping.heads().iter().filter_map(|head| signature_in(head)));
        kinds.push(format!("{version:?} {}", kind(&err)));
        out.error(&err);

        let err = call(planted_config(&closed_port(), version)).await;
        kinds.push(format!("{version:?} {}", kind(&err)));
        out.error(&err);

        // A proxy's error page that quotes the request back, query and headers: the TRACE log of the response
        // shows the body, never what the request was signed with.
        let echo = TestServer::with(|r, _| {
            let headers: Vec<String> =
                r.headers.iter().map(|(n, v)| format!("{n}: {}", v.to_str().unwrap_or(""))).collect();
            Reply::html(400, &format!("<pre>POST /?{} {}</pre>", r.raw_query, headers.join(" ")))
        })
        .await;
        echoed.push(call(planted_config(echo.url(), version)).await);
        for request in echo.requests() {
            request.signed();
            let carried = request
                .param("Signature")
                .map(str::to_owned)
                .or_else(|| request.header("authorization").and_then(signature_in));
            out.signatures.push(carried.expect("a signature"));
        }
    }
    assert_eq!(echoed.len(), 2);
    for err in &echoed {
        assert_eq!(kind(err), "Service");
        out.error(err);
    }
    assert!(spans
        .events_with("TRACE", "response")
        .iter()
        .any(|e| e.iter().any(|(f, v)| f == "body" && v.contains("<pre>POST /?"))));

    // Credentials: a RAM role assumed with the planted keys, whose STS call (V1, keys and token in the
    // query) loses its connection after the request was written, then meets an STS refusal.
    let sts = DroppingServer::start(b"").await;
    let role = RamRoleArnProvider::new(planted_credentials(), "acs:ram::123:role/backup").endpoint_url(sts.url());
    let err = call(Config::new(role).endpoint_url("http://127.0.0.1:9").retry_policy(fast_retries())).await;
    out.signatures.extend(sts.heads().iter().filter_map(|head| signature_in(head)));
    assert!(!out.signatures.is_empty());
    kinds.push(kind(&err).to_owned());
    out.error(&err);
    let sts = TestServer::script(vec![Reply::error(403, "NoPermission", "not allowed")]).await;
    let role = RamRoleArnProvider::new(planted_credentials(), "acs:ram::123:role/backup").endpoint_url(sts.url());
    let err = call(Config::new(role).endpoint_url("http://127.0.0.1:9").retry_policy(fast_retries())).await;
    out.signatures.extend(sts.requests().iter().filter_map(|r| r.param("Signature").map(str::to_owned)));
    kinds.push(kind(&err).to_owned());
    out.error(&err);

    let expected =
        ["Service", "Service", "Service", "Service", "Decode", "Timeout", "Transport io", "Transport connect"];
    for version in ["V3", "V1"] {
        for (i, kind) in expected.iter().enumerate() {
            let offset = if version == "V3" { 0 } else { expected.len() };
            assert_eq!(kinds[offset + i], format!("{version} {kind}"));
        }
    }
    assert_eq!(&kinds[2 * expected.len()..], ["Credentials", "Credentials"]);
    out.assert_clean(&spans);
}

fn kind(err: &Error) -> &'static str {
    match err {
        Error::Service(_) => "Service",
        Error::Decode { .. } => "Decode",
        Error::Timeout { .. } => "Timeout",
        Error::Transport(t) if t.is_connect() => "Transport connect",
        Error::Transport(_) => "Transport io",
        Error::Credentials(_) => "Credentials",
        _ => "other",
    }
}

/// A 127.0.0.1 URL nobody listens on.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}
