//! Credentials providers end to end: environment, OIDC role (STS), CLI profiles, credentials file, ECS
//! metadata service, credentials URI, caching and the default chain.
//!
//! Why: each provider reads something outside the program, and the chain's order decides which identity
//! an application runs as. Files live in temporary directories, variables in an injected `Env`, and the
//! metadata service and credentials server are axum servers on 127.0.0.1 started here. Nothing else is
//! ever contacted: every chain built here points its metadata service at 127.0.0.1 or disables it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alibabacloud_backup_runtime::credentials::{
    CachingProvider, CliProfileProvider, Credentials, CredentialsError, CredentialsErrorKind, CredentialsFileProvider,
    CredentialsUriProvider, DefaultCredentialsChain, EcsRamRoleProvider, Env, EnvironmentProvider, OidcRoleProvider,
    ProvideCredentials, RamRoleArnProvider,
};
use alibabacloud_backup_runtime::signing::{canonical_query, v1};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use futures::future::BoxFuture;
use tempfile::TempDir;
use time::macros::datetime;
use time::OffsetDateTime;

// Values that must never show up in Debug or error output.
const SECRET: &str = "SeCrEt-hunter2";
const TOKEN: &str = "ToKeN-correct-horse";
const META_SECRET: &str = "MeTa-SeCrEt-42";
const META_TOKEN: &str = "MeTa-ToKeN-42";
const URI_SECRET: &str = "UrI-SeCrEt-7";
const URI_TOKEN: &str = "UrI-ToKeN-7";
const OIDC_TOKEN: &str = "eyJ-OiDc-ToKeN";
const OIDC_SECRET: &str = "OiDc-SeCrEt-9";
const OIDC_STS_TOKEN: &str = "OiDc-StS-ToKeN-9";
const ALL_SECRETS: [&str; 9] =
    [SECRET, TOKEN, META_SECRET, META_TOKEN, URI_SECRET, URI_TOKEN, OIDC_TOKEN, OIDC_SECRET, OIDC_STS_TOKEN];
const FAR_FUTURE: &str = "2099-01-01T00:00:00Z";

/// Fails if `text` contains any test secret.
fn assert_no_secret(text: &str) {
    for secret in ALL_SECRETS {
        assert!(!text.contains(secret), "leaked {secret:?} in: {text}");
    }
}

/// Checks that neither Display nor Debug of an error leaks, and returns the Display text.
fn error_text(err: &CredentialsError) -> String {
    let display = err.to_string();
    assert_no_secret(&display);
    assert_no_secret(&format!("{err:?}"));
    display
}

async fn must_fail(provider: &dyn ProvideCredentials) -> CredentialsError {
    match provider.provide_credentials().await {
        Ok(creds) => panic!("expected an error, got {creds:?}"),
        Err(err) => {
            error_text(&err);
            err
        }
    }
}

fn env(vars: &[(&str, &str)], home: &TempDir) -> Env {
    Env::from_vars(vars.iter().copied()).with_home(home.path())
}

fn write(home: &TempDir, relative: &str, text: &str) -> std::path::PathBuf {
    let path = home.path().join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

// ---------------------------------------------------------------------------------------------------
// Local servers
// ---------------------------------------------------------------------------------------------------

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// A 127.0.0.1 URL where nothing listens.
async fn closed_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A 127.0.0.1 URL that accepts connections and never answers.
async fn silent_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{addr}")
}

fn temporary_json(id: &str, secret: &str, token: &str, expiration: &str) -> String {
    serde_json::json!({
        "Code": "Success", "AccessKeyId": id, "AccessKeySecret": secret, "SecurityToken": token,
        "Expiration": expiration, "LastUpdated": "2024-01-01T00:00:00Z"
    })
    .to_string()
}

#[derive(Clone)]
struct Metadata {
    /// Whether PUT /latest/api/token hands out a session token (IMDSv2).
    v2: bool,
    /// Whether GETs without the session token are refused (hardened instance).
    require_token: bool,
    role: Option<&'static str>,
    code: &'static str,
    hits: Arc<Mutex<Vec<String>>>,
}

impl Metadata {
    fn new() -> Self {
        Metadata { v2: true, require_token: true, role: Some("backup-role"), code: "Success", hits: Arc::default() }
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }

    fn allowed(&self, headers: &HeaderMap) -> bool {
        !self.require_token || headers.get("x-aliyun-ecs-metadata-token").is_some_and(|v| v == "session-token-1")
    }

    async fn start(self) -> String {
        async fn token(State(m): State<Metadata>, headers: HeaderMap) -> (StatusCode, String) {
            m.hits.lock().unwrap().push("PUT token".into());
            let ttl = headers.get("x-aliyun-ecs-metadata-token-ttl-seconds").is_some();
            if m.v2 && ttl {
                (StatusCode::OK, "session-token-1".into())
            } else {
                (StatusCode::FORBIDDEN, String::new())
            }
        }
        async fn roles(State(m): State<Metadata>, headers: HeaderMap) -> (StatusCode, String) {
            m.hits.lock().unwrap().push("GET roles".into());
            match (m.allowed(&headers), m.role) {
                (false, _) => (StatusCode::UNAUTHORIZED, String::new()),
                (true, Some(role)) => (StatusCode::OK, format!("{role}\n")),
                (true, None) => (StatusCode::NOT_FOUND, String::new()),
            }
        }
        async fn role(State(m): State<Metadata>, Path(name): Path<String>, headers: HeaderMap) -> (StatusCode, String) {
            m.hits.lock().unwrap().push(format!("GET role {name}"));
            if !m.allowed(&headers) {
                return (StatusCode::UNAUTHORIZED, String::new());
            }
            if Some(name.as_str()) != m.role {
                return (StatusCode::NOT_FOUND, String::new());
            }
            let mut body: serde_json::Value =
                serde_json::from_str(&temporary_json("STS.meta", META_SECRET, META_TOKEN, FAR_FUTURE)).unwrap();
            body["Code"] = m.code.into();
            (StatusCode::OK, body.to_string())
        }
        let app = Router::new()
            .route("/latest/api/token", put(token))
            .route("/latest/meta-data/ram/security-credentials/", get(roles))
            .route("/latest/meta-data/ram/security-credentials/{role}", get(role))
            .with_state(self);
        serve(app).await
    }
}

/// A credentials server answering `status` and `body` on `/creds`, counting requests.
async fn uri_server(status: StatusCode, body: String) -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let app = Router::new().route(
        "/creds",
        get(move || {
            let body = body.clone();
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                (status, body)
            }
        }),
    );
    (format!("{}/creds", serve(app).await), count)
}

fn meta_creds() -> Credentials {
    Credentials::new("STS.meta", META_SECRET)
        .with_security_token(META_TOKEN)
        .with_expiration(datetime!(2099-01-01 0:00 UTC))
}

// ---------------------------------------------------------------------------------------------------
// Environment and OIDC
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn environment_provider_reads_the_injected_environment() {
    let home = TempDir::new().unwrap();
    let vars = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ];
    let provider = EnvironmentProvider::with_env(env(&vars, &home));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds, Credentials::new("LTAIenv", SECRET).with_security_token(TOKEN));

    let half = EnvironmentProvider::with_env(env(&vars[..1], &home));
    let err = must_fail(&half).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&err).contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"));
}

/// A request's query, as decoded pairs.
type QueryPairs = Vec<(String, String)>;

/// An STS stand-in on 127.0.0.1: answers `AssumeRoleWithOIDC` with `status` and `body`, recording each
/// request's query.
#[derive(Clone, Default)]
struct Sts {
    queries: Arc<Mutex<Vec<QueryPairs>>>,
}

impl Sts {
    async fn start(&self, status: StatusCode, body: String) -> String {
        let queries = self.queries.clone();
        let app = Router::new().route(
            "/",
            get(move |Query(query): Query<QueryPairs>| {
                let (queries, body) = (queries.clone(), body.clone());
                async move {
                    queries.lock().unwrap().push(query);
                    (status, body)
                }
            }),
        );
        serve(app).await
    }

    fn queries(&self) -> Vec<QueryPairs> {
        self.queries.lock().unwrap().clone()
    }
}

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn sts_keys(expiration: &str) -> String {
    serde_json::json!({
        "RequestId": "STS-REQ-1",
        "AssumedRoleUser": {"AssumedRoleId": "3014:backup-session", "Arn": "acs:ram::123:role/backup/backup-session"},
        "Credentials": {
            "AccessKeyId": "STS.oidc", "AccessKeySecret": OIDC_SECRET, "SecurityToken": OIDC_STS_TOKEN,
            "Expiration": expiration
        }
    })
    .to_string()
}

/// The three OIDC variables, the token file written under `home`, and a session name.
fn oidc_vars(home: &TempDir, token: &str) -> Vec<(&'static str, String)> {
    let file = write(home, "rrsa/token", token);
    vec![
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::123:role/backup".to_owned()),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "acs:ram::123:oidc-provider/ack".to_owned()),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", file.display().to_string()),
        ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "backup-session".to_owned()),
    ]
}

fn owned_env(vars: &[(&str, String)], home: &TempDir) -> Env {
    Env::from_vars(vars.iter().map(|(k, v)| (*k, v.as_str()))).with_home(home.path())
}

#[tokio::test]
async fn oidc_role_exchanges_the_token_file_with_sts_and_rereads_it() {
    let home = TempDir::new().unwrap();
    let vars = oidc_vars(&home, &format!("{OIDC_TOKEN}\n"));
    let sts = Sts::default();
    let url = sts.start(StatusCode::OK, sts_keys("2099-01-01T00:00:00Z")).await;
    let provider = OidcRoleProvider::with_env(owned_env(&vars, &home)).endpoint_url(&url);

    let creds = provider.provide_credentials().await.unwrap();
    let expected = Credentials::new("STS.oidc", OIDC_SECRET)
        .with_security_token(OIDC_STS_TOKEN)
        .with_expiration(datetime!(2099-01-01 0:00 UTC));
    assert_eq!(creds, expected);

    let queries = sts.queries();
    let [query] = queries.as_slice() else { panic!("expected one STS call, got {queries:?}") };
    let expected = [
        ("Action", "AssumeRoleWithOIDC"),
        ("Format", "JSON"),
        ("Version", "2015-04-01"),
        ("DurationSeconds", "3600"),
        ("RoleArn", "acs:ram::123:role/backup"),
        ("OIDCProviderArn", "acs:ram::123:oidc-provider/ack"),
        ("OIDCToken", OIDC_TOKEN),
        ("RoleSessionName", "backup-session"),
    ];
    for (name, value) in expected {
        assert_eq!(param(query, name), Some(value), "{name}");
    }
    let timestamp = param(query, "Timestamp").unwrap_or_default();
    assert!(OffsetDateTime::parse(timestamp, &time::format_description::well_known::Rfc3339).is_ok(), "{timestamp}");
    assert_eq!(param(query, "Signature"), None, "AssumeRoleWithOIDC is not signed");

    // The kubelet rewrites the token file: the next call sends the new token.
    write(&home, "rrsa/token", "eyJ-rotated");
    provider.provide_credentials().await.unwrap();
    assert_eq!(param(&sts.queries()[1], "OIDCToken"), Some("eyJ-rotated"));
}

#[tokio::test]
async fn oidc_role_errors_name_the_problem_and_never_the_token() {
    let home = TempDir::new().unwrap();
    let vars = oidc_vars(&home, OIDC_TOKEN);

    // STS refuses the token: the setup is wrong, so the error is Invalid and stops a chain.
    let refused = serde_json::json!({
        "RequestId": "STS-REQ-2", "HostId": "sts.aliyuncs.com",
        "Code": "AuthenticationFail.OIDCToken.Expired", "Message": "The OIDC token has expired."
    });
    let url = Sts::default().start(StatusCode::BAD_REQUEST, refused.to_string()).await;
    let err = must_fail(&OidcRoleProvider::with_env(owned_env(&vars, &home)).endpoint_url(&url)).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    let text = error_text(&err);
    assert!(text.contains("HTTP 400 AuthenticationFail.OIDCToken.Expired") && text.contains("STS-REQ-2"), "{text}");
    assert!(!text.contains(OIDC_TOKEN) && !text.contains("OIDCToken="), "{text}");

    // STS is down: Unavailable.
    let busy = serde_json::json!({"RequestId": "STS-REQ-3", "Code": "ServiceUnavailable", "Message": "busy"});
    let url = Sts::default().start(StatusCode::SERVICE_UNAVAILABLE, busy.to_string()).await;
    let err = must_fail(&OidcRoleProvider::with_env(owned_env(&vars, &home)).endpoint_url(&url)).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Unavailable);

    // Unreachable: the URL is shown without its query (which holds the token).
    let err = must_fail(&OidcRoleProvider::with_env(owned_env(&vars, &home)).endpoint_url(closed_url().await)).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Unavailable);
    assert!(!error_text(&err).contains(OIDC_TOKEN));

    // A 200 without keys.
    let url = Sts::default().start(StatusCode::OK, r#"{"RequestId":"STS-REQ-4"}"#.to_owned()).await;
    let err = must_fail(&OidcRoleProvider::with_env(owned_env(&vars, &home)).endpoint_url(&url)).await;
    assert!(error_text(&err).contains("has no Credentials"), "{err}");

    // The token file is missing or empty; a session shorter than STS grants.
    let mut missing = vars.clone();
    missing[2].1 = home.path().join("nowhere").display().to_string();
    let err = must_fail(&OidcRoleProvider::with_env(owned_env(&missing, &home)).endpoint_url(&url)).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&err).contains("cannot read the OIDC token file"), "{err}");
    write(&home, "rrsa/token", " \n");
    let err = must_fail(&OidcRoleProvider::with_env(owned_env(&vars, &home)).endpoint_url(&url)).await;
    assert!(error_text(&err).contains("is empty"), "{err}");
    let short =
        OidcRoleProvider::with_env(owned_env(&vars, &home)).endpoint_url(&url).duration(Duration::from_secs(60));
    assert!(error_text(&must_fail(&short).await).contains("shorter than the 900 s"));

    // Not all three variables: not configured, naming what is missing.
    let err = must_fail(&OidcRoleProvider::with_env(owned_env(&vars[..1], &home))).await;
    assert_eq!(err.kind(), CredentialsErrorKind::NotConfigured);
    assert!(error_text(&err).contains("ALIBABA_CLOUD_OIDC_TOKEN_FILE"), "{err}");
}

// ---------------------------------------------------------------------------------------------------
// CLI profiles (~/.aliyun/config.json)
// ---------------------------------------------------------------------------------------------------

fn cli_config(home: &TempDir, metadata_role: &str) {
    let config = serde_json::json!({
        "current": "ak",
        "profiles": [
            {"name": "ak", "mode": "AK", "access_key_id": "LTAIak", "access_key_secret": SECRET, "region_id": "cn-hangzhou"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli", "access_key_secret": SECRET, "sts_token": TOKEN},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": metadata_role},
            {"name": "arn", "mode": "RamRoleArn", "access_key_id": "LTAIarn", "access_key_secret": SECRET,
             "ram_role_arn": "acs:ram::1:role/x", "ram_session_name": "s"},
            {"name": "oidc", "mode": "OIDC", "oidc_provider_arn": "acs:ram::1:oidc-provider/p", "ram_role_arn": "acs:ram::1:role/r",
             "oidc_token_file": write(home, "rrsa/token", OIDC_TOKEN).display().to_string(),
             "role_session_name": "cli-session", "expired_seconds": 1800},
            {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "arn", "ram_role_arn": "acs:ram::2:role/y"},
            {"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop", "ram_role_arn": "acs:ram::2:role/z"},
            {"name": "rsa", "mode": "RsaKeyPair", "private_key": "k", "key_pair_name": "n"},
            {"name": "broken", "mode": "AK", "access_key_id": "LTAIbroken"},
            {"name": "nomode", "access_key_id": "x", "access_key_secret": SECRET}
        ],
        "meta_path": ""
    });
    write(home, ".aliyun/config.json", &config.to_string());
}

#[tokio::test]
async fn cli_profile_modes() {
    let home = TempDir::new().unwrap();
    cli_config(&home, "backup-role");
    let base = CliProfileProvider::new().with_env(env(&[], &home));

    let current = base.clone().provide_credentials().await.unwrap();
    assert_eq!(current, Credentials::new("LTAIak", SECRET));

    let sts = base.clone().profile("sts").provide_credentials().await.unwrap();
    assert_eq!(sts, Credentials::new("STS.cli", SECRET).with_security_token(TOKEN));

    let metadata = Metadata::new();
    let url = metadata.clone().start().await;
    let ecs = base.clone().profile("ecs").ecs_ram_role(EcsRamRoleProvider::new().base_url(&url));
    assert_eq!(ecs.provide_credentials().await.unwrap(), meta_creds());
    assert_eq!(metadata.hits(), ["PUT token", "GET role backup-role"]);

    // OIDC: the profile names role, provider, token file, session and duration; STS is asked.
    let sts = Sts::default();
    let url = sts.start(StatusCode::OK, sts_keys(FAR_FUTURE)).await;
    let oidc = base.clone().profile("oidc").sts_endpoint(&url);
    assert_eq!(oidc.provide_credentials().await.unwrap().access_key_id(), "STS.oidc");
    let queries = sts.queries();
    let expected = [
        ("RoleArn", "acs:ram::1:role/r"),
        ("OIDCProviderArn", "acs:ram::1:oidc-provider/p"),
        ("OIDCToken", OIDC_TOKEN),
        ("RoleSessionName", "cli-session"),
        ("DurationSeconds", "1800"),
    ];
    for (name, value) in expected {
        assert_eq!(param(&queries[0], name), Some(value), "{name}");
    }
}

#[tokio::test]
async fn cli_profile_selection_env_overrides_current_and_explicit_overrides_env() {
    let home = TempDir::new().unwrap();
    cli_config(&home, "r");
    let by_env = CliProfileProvider::new().with_env(env(&[("ALIBABA_CLOUD_PROFILE", "sts")], &home));
    assert_eq!(by_env.provide_credentials().await.unwrap().access_key_id(), "STS.cli");
    let explicit = by_env.profile("ak");
    assert_eq!(explicit.provide_credentials().await.unwrap().access_key_id(), "LTAIak");
}

/// Checks an `AssumeRole` call: its parameters, and its RPC HMAC-SHA1 signature recomputed with `secret`.
fn assert_signed_assume_role(query: &[(String, String)], key_id: &str, secret: &str, role_arn: &str) {
    for (name, value) in [
        ("Action", "AssumeRole"),
        ("Version", "2015-04-01"),
        ("Format", "json"),
        ("AccessKeyId", key_id),
        ("RoleArn", role_arn),
        ("DurationSeconds", "3600"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
    ] {
        assert_eq!(param(query, name), Some(value), "{name}");
    }
    let unsigned: Vec<(&str, &str)> =
        query.iter().filter(|(k, _)| k != "Signature").map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let to_sign = v1::string_to_sign("GET", &canonical_query(&unsigned));
    assert_eq!(param(query, "Signature"), Some(v1::signature(secret, &to_sign).as_str()), "signature");
}

#[tokio::test]
async fn cli_profile_ram_roles_are_assumed_with_signed_sts_calls_and_chain() {
    let home = TempDir::new().unwrap();
    cli_config(&home, "r");
    let base = CliProfileProvider::new().with_env(env(&[], &home));
    let sts = Sts::default();
    let url = sts.start(StatusCode::OK, sts_keys(FAR_FUTURE)).await;

    // RamRoleArn: the profile's AccessKey signs AssumeRole.
    let arn = base.clone().profile("arn").sts_endpoint(&url).provide_credentials().await.unwrap();
    assert_eq!((arn.access_key_id(), arn.security_token()), ("STS.oidc", Some(OIDC_STS_TOKEN)));
    assert_signed_assume_role(&sts.queries()[0], "LTAIarn", SECRET, "acs:ram::1:role/x");
    assert_eq!(param(&sts.queries()[0], "RoleSessionName"), Some("s"));
    assert_eq!(param(&sts.queries()[0], "SecurityToken"), None);

    // ChainableRamRoleArn: the source profile's role keys (with their token) sign the second AssumeRole.
    base.clone().profile("chain").sts_endpoint(&url).provide_credentials().await.unwrap();
    let queries = sts.queries();
    assert_eq!(queries.len(), 3);
    assert_signed_assume_role(&queries[1], "LTAIarn", SECRET, "acs:ram::1:role/x");
    assert_signed_assume_role(&queries[2], "STS.oidc", OIDC_SECRET, "acs:ram::2:role/y");
    assert_eq!(param(&queries[2], "SecurityToken"), Some(OIDC_STS_TOKEN));
}

#[tokio::test]
async fn cli_profile_errors_name_the_problem() {
    let home = TempDir::new().unwrap();
    cli_config(&home, "r");
    let base = CliProfileProvider::new().with_env(env(&[], &home));

    let rsa = must_fail(&base.clone().profile("rsa")).await;
    assert_eq!(rsa.kind(), CredentialsErrorKind::Unsupported);
    let text = error_text(&rsa);
    assert!(text.contains("mode RsaKeyPair") && text.contains("not supported yet"), "{text}");

    // A source_profile loop is an error, not a hang (and STS, which is closed here, is never asked).
    let looped = must_fail(&base.clone().profile("loop").sts_endpoint(closed_url().await)).await;
    assert_eq!(looped.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&looped).contains("source_profile links go 8 deep"), "{looped}");

    let broken = must_fail(&base.clone().profile("broken")).await;
    assert_eq!(broken.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&broken).contains("access_key_secret"));

    let nomode = must_fail(&base.clone().profile("nomode")).await;
    assert!(error_text(&nomode).contains("no mode"));

    let missing = must_fail(&base.clone().profile("nope")).await;
    assert_eq!(missing.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&missing).contains("no profile named \"nope\""));
}

#[tokio::test]
async fn cli_profile_file_missing_malformed_or_disabled() {
    let home = TempDir::new().unwrap();
    let provider = CliProfileProvider::new().with_env(env(&[], &home));
    assert_eq!(must_fail(&provider).await.kind(), CredentialsErrorKind::NotConfigured);

    write(
        &home,
        ".aliyun/config.json",
        &format!("{{\"current\": \"x\", \"profiles\": [{{\"name\": \"x\", \"access_key_secret\": \"{SECRET}\", }}"),
    );
    let err = must_fail(&provider).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&err).contains("config.json"));

    let disabled = CliProfileProvider::new().with_env(env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")], &home));
    assert_eq!(must_fail(&disabled).await.kind(), CredentialsErrorKind::NotConfigured);
}

// ---------------------------------------------------------------------------------------------------
// Credentials file (~/.alibabacloud/credentials.ini)
// ---------------------------------------------------------------------------------------------------

fn ini(home: &TempDir, relative: &str) -> std::path::PathBuf {
    let token = write(home, "rrsa/ini-token", OIDC_TOKEN).display().to_string();
    let text = format!(
        "[default]\ntype = access_key\naccess_key_id = LTAIini\naccess_key_secret = {SECRET}\n\n\
         [ecs]\ntype = ecs_ram_role\nrole_name = backup-role\n\n\
         [arn]\ntype = ram_role_arn\naccess_key_id = LTAIini-arn\naccess_key_secret = {SECRET}\nrole_arn = r\n\
         role_session_name = ini-arn\n\n\
         [rsa]\ntype = rsa_key_pair\npublic_key_id = p\nprivate_key_file = /k\n\n\
         [oidc]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/ini\noidc_provider_arn = p\n\
         oidc_token_file_path = {token}\nrole_session_name = ini-session\n\n\
         [notype]\naccess_key_id = a\n\n\
         [half]\ntype = access_key\naccess_key_id = a\n"
    );
    write(home, relative, &text)
}

#[tokio::test]
async fn credentials_file_types_and_sections() {
    let home = TempDir::new().unwrap();
    ini(&home, ".alibabacloud/credentials.ini");
    let base = CredentialsFileProvider::new().with_env(env(&[], &home));
    assert_eq!(base.provide_credentials().await.unwrap(), Credentials::new("LTAIini", SECRET));

    let metadata = Metadata::new();
    let url = metadata.clone().start().await;
    let by_env = CredentialsFileProvider::new()
        .with_env(env(&[("ALIBABA_CLOUD_PROFILE", "ecs")], &home))
        .ecs_ram_role(EcsRamRoleProvider::new().base_url(&url));
    assert_eq!(by_env.provide_credentials().await.unwrap(), meta_creds());

    let sts = Sts::default();
    let url = sts.start(StatusCode::OK, sts_keys(FAR_FUTURE)).await;
    let oidc = base.clone().profile("oidc").sts_endpoint(&url);
    assert_eq!(oidc.provide_credentials().await.unwrap().access_key_id(), "STS.oidc");
    let queries = sts.queries();
    assert_eq!(param(&queries[0], "RoleArn"), Some("acs:ram::1:role/ini"));
    assert_eq!(param(&queries[0], "RoleSessionName"), Some("ini-session"));
    assert_eq!(param(&queries[0], "OIDCToken"), Some(OIDC_TOKEN));

    let arn = base.clone().profile("arn").sts_endpoint(&url);
    assert_eq!(arn.provide_credentials().await.unwrap().access_key_id(), "STS.oidc");
    let queries = sts.queries();
    assert_signed_assume_role(&queries[1], "LTAIini-arn", SECRET, "r");
    assert_eq!(param(&queries[1], "RoleSessionName"), Some("ini-arn"));

    let rsa = must_fail(&base.clone().profile("rsa")).await;
    assert_eq!(rsa.kind(), CredentialsErrorKind::Unsupported);
    assert!(error_text(&rsa).contains("type rsa_key_pair"));
    assert!(error_text(&must_fail(&base.clone().profile("notype")).await).contains("no type"));
    assert!(error_text(&must_fail(&base.clone().profile("half")).await).contains("access_key_secret"));
    let missing = must_fail(&base.clone().profile("nope")).await;
    assert_eq!(missing.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&missing).contains("[nope]"));
}

#[tokio::test]
async fn credentials_file_path_from_the_environment() {
    let home = TempDir::new().unwrap();
    let elsewhere = ini(&home, "elsewhere/creds.ini");
    let path = elsewhere.to_str().unwrap();
    let provider = CredentialsFileProvider::new().with_env(env(&[("ALIBABA_CLOUD_CREDENTIALS_FILE", path)], &home));
    assert_eq!(provider.provide_credentials().await.unwrap().access_key_id(), "LTAIini");

    // A file the user named must exist; the default one may be absent.
    let named_missing = CredentialsFileProvider::new()
        .with_env(env(&[("ALIBABA_CLOUD_CREDENTIALS_FILE", "/nonexistent/c.ini")], &home));
    assert_eq!(must_fail(&named_missing).await.kind(), CredentialsErrorKind::Invalid);
    let default_missing = CredentialsFileProvider::new().with_env(env(&[], &home));
    assert_eq!(must_fail(&default_missing).await.kind(), CredentialsErrorKind::NotConfigured);
}

// ---------------------------------------------------------------------------------------------------
// ECS metadata service
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn ecs_uses_imdsv2_token_and_discovers_the_role() {
    let metadata = Metadata::new();
    let url = metadata.clone().start().await;
    let creds = EcsRamRoleProvider::new().base_url(&url).provide_credentials().await.unwrap();
    assert_eq!(creds, meta_creds());
    assert_eq!(metadata.hits(), ["PUT token", "GET roles", "GET role backup-role"]);
}

#[tokio::test]
async fn ecs_falls_back_to_plain_requests_unless_disabled() {
    let metadata = Metadata { v2: false, require_token: false, ..Metadata::new() };
    let url = metadata.clone().start().await;
    let creds = EcsRamRoleProvider::new().base_url(&url).role_name("backup-role").provide_credentials().await.unwrap();
    assert_eq!(creds, meta_creds());
    assert_eq!(metadata.hits(), ["PUT token", "GET role backup-role"]);

    let err = must_fail(&EcsRamRoleProvider::new().base_url(&url).imds_v1_disabled(true)).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Unavailable);
    assert!(error_text(&err).contains("IMDSv2"));

    let from_env = EcsRamRoleProvider::from_env(&Env::from_vars([("ALIBABA_CLOUD_ECS_METADATA", "backup-role")]));
    assert_eq!(from_env.configured_role_name(), Some("backup-role"));
}

#[tokio::test]
async fn ecs_errors_unknown_role_no_role_bad_code_unreachable() {
    let metadata = Metadata::new();
    let url = metadata.clone().start().await;
    let unknown = must_fail(&EcsRamRoleProvider::new().base_url(&url).role_name("other")).await;
    assert_eq!(unknown.kind(), CredentialsErrorKind::Invalid);
    assert!(error_text(&unknown).contains("\"other\""));

    let url = Metadata { role: None, ..Metadata::new() }.start().await;
    let none = must_fail(&EcsRamRoleProvider::new().base_url(&url)).await;
    assert!(error_text(&none).contains("no RAM role is attached"));

    let url = Metadata { code: "Failed", ..Metadata::new() }.start().await;
    let failed = must_fail(&EcsRamRoleProvider::new().base_url(&url)).await;
    assert!(error_text(&failed).contains("\"Failed\""));

    let closed = must_fail(&EcsRamRoleProvider::new().base_url(closed_url().await)).await;
    assert_eq!(closed.kind(), CredentialsErrorKind::Unavailable);
}

// ---------------------------------------------------------------------------------------------------
// Credentials URI
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn credentials_uri_success_and_failures() {
    let (url, _) = uri_server(StatusCode::OK, temporary_json("STS.uri", URI_SECRET, URI_TOKEN, FAR_FUTURE)).await;
    let provider = CredentialsUriProvider::from_env(&Env::from_vars([("ALIBABA_CLOUD_CREDENTIALS_URI", url.as_str())]));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_secret(), URI_SECRET);
    assert_eq!(creds.security_token(), Some(URI_TOKEN));
    assert_eq!(creds.expiration(), Some(datetime!(2099-01-01 0:00 UTC)));

    let (url, _) = uri_server(StatusCode::INTERNAL_SERVER_ERROR, format!("oops {URI_SECRET}")).await;
    let err = must_fail(&CredentialsUriProvider::new(format!("{url}?auth={URI_TOKEN}"))).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Unavailable);
    let text = error_text(&err);
    assert!(text.contains("HTTP 500") && text.contains("/creds"), "{text}");

    let (url, _) = uri_server(StatusCode::OK, format!("{{\"AccessKeySecret\": \"{URI_SECRET}\"")).await;
    assert_eq!(must_fail(&CredentialsUriProvider::new(url)).await.kind(), CredentialsErrorKind::Invalid);

    let (url, _) = uri_server(StatusCode::OK, "{\"Code\": \"Denied\"}".into()).await;
    assert!(error_text(&must_fail(&CredentialsUriProvider::new(url)).await).contains("Denied"));

    let unset = must_fail(&CredentialsUriProvider::from_env(&Env::from_vars([("X", "y")]))).await;
    assert_eq!(unset.kind(), CredentialsErrorKind::NotConfigured);

    let closed = must_fail(&CredentialsUriProvider::new(format!("{}/creds", closed_url().await))).await;
    assert_eq!(closed.kind(), CredentialsErrorKind::Unavailable);
}

// ---------------------------------------------------------------------------------------------------
// Caching
// ---------------------------------------------------------------------------------------------------

/// Hands out credentials expiring at the times given, one per call, counting calls; fails when out.
#[derive(Debug)]
struct Sequence {
    expirations: Mutex<Vec<Option<OffsetDateTime>>>,
    calls: AtomicUsize,
}

impl Sequence {
    fn new(expirations: Vec<Option<OffsetDateTime>>) -> Arc<Self> {
        Arc::new(Sequence { expirations: Mutex::new(expirations), calls: AtomicUsize::new(0) })
    }
}

impl ProvideCredentials for Sequence {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let mut list = self.expirations.lock().unwrap();
        let result = if list.is_empty() {
            Err(CredentialsError::unavailable("sequence", "no more"))
        } else {
            let creds = Credentials::new(format!("id-{n}"), SECRET).with_security_token(TOKEN);
            Ok(match list.remove(0) {
                Some(at) => creds.with_expiration(at),
                None => creds,
            })
        };
        Box::pin(futures::future::ready(result))
    }
}

type Clock = Arc<Mutex<OffsetDateTime>>;

fn cache_with_clock(inner: Arc<Sequence>, window: Duration) -> (CachingProvider, Clock) {
    let clock: Clock = Arc::new(Mutex::new(datetime!(2024-01-01 0:00 UTC)));
    let reader = clock.clone();
    (CachingProvider::new(inner).refresh_before(window).with_clock(move || *reader.lock().unwrap()), clock)
}

#[tokio::test]
async fn cache_refreshes_before_expiry() {
    let inner = Sequence::new(vec![Some(datetime!(2024-01-01 1:00 UTC)), Some(datetime!(2024-01-01 2:00 UTC))]);
    let (cache, clock) = cache_with_clock(inner.clone(), Duration::from_secs(300));
    assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "id-0");
    *clock.lock().unwrap() = datetime!(2024-01-01 0:54 UTC);
    assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "id-0");
    assert_eq!(inner.calls.load(Ordering::SeqCst), 1);
    // Inside the 5-minute window: refreshed although still valid.
    *clock.lock().unwrap() = datetime!(2024-01-01 0:56 UTC);
    assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "id-1");
    assert_eq!(inner.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn cache_keeps_valid_credentials_when_refresh_fails_but_never_expired_ones() {
    let inner = Sequence::new(vec![Some(datetime!(2024-01-01 1:00 UTC))]);
    let (cache, clock) = cache_with_clock(inner.clone(), Duration::from_secs(600));
    cache.provide_credentials().await.unwrap();
    *clock.lock().unwrap() = datetime!(2024-01-01 0:55 UTC);
    assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "id-0");
    *clock.lock().unwrap() = datetime!(2024-01-01 1:00 UTC);
    let err = must_fail(&cache).await;
    assert_eq!(err.provider(), "sequence");
}

#[tokio::test]
async fn cache_refuses_credentials_that_arrive_expired() {
    let inner = Sequence::new(vec![Some(datetime!(2023-12-31 23:00 UTC))]);
    let (cache, _clock) = cache_with_clock(inner, Duration::from_secs(60));
    assert_eq!(must_fail(&cache).await.kind(), CredentialsErrorKind::Expired);
}

#[tokio::test]
async fn cache_keeps_credentials_without_expiration_and_serialises_refreshes() {
    let inner = Sequence::new(vec![None, None]);
    let cache = Arc::new(CachingProvider::new(inner.clone()));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.provide_credentials().await.unwrap() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().access_key_id(), "id-0");
    }
    assert_eq!(inner.calls.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------------------
// The default chain
// ---------------------------------------------------------------------------------------------------

const ENV_KEYS: [(&str, &str); 2] =
    [("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)];

async fn chain(vars: &[(&str, &str)], home: &TempDir, metadata: &str) -> DefaultCredentialsChain {
    DefaultCredentialsChain::builder()
        .env(env(vars, home))
        .sts_endpoint(closed_url().await)
        .metadata_base_url(metadata)
        .metadata_timeouts(Duration::from_millis(300), Duration::from_millis(300))
        .build()
}

#[tokio::test]
async fn chain_order_environment_cli_file_ecs_uri() {
    let home = TempDir::new().unwrap();
    cli_config(&home, "backup-role");
    ini(&home, ".alibabacloud/credentials.ini");
    let metadata = Metadata::new().start().await;
    let (uri, uri_hits) =
        uri_server(StatusCode::OK, temporary_json("STS.uri", URI_SECRET, URI_TOKEN, FAR_FUTURE)).await;
    let uri_var = ("ALIBABA_CLOUD_CREDENTIALS_URI", uri.as_str());

    let all = [ENV_KEYS[0], ENV_KEYS[1], uri_var];
    let id = |c: Credentials| c.access_key_id().to_owned();
    assert_eq!(id(chain(&all, &home, &metadata).await.provide_credentials().await.unwrap()), "LTAIenv");
    assert_eq!(id(chain(&[uri_var], &home, &metadata).await.provide_credentials().await.unwrap()), "LTAIak");

    std::fs::remove_file(home.path().join(".aliyun/config.json")).unwrap();
    assert_eq!(id(chain(&[uri_var], &home, &metadata).await.provide_credentials().await.unwrap()), "LTAIini");

    std::fs::remove_file(home.path().join(".alibabacloud/credentials.ini")).unwrap();
    assert_eq!(id(chain(&[uri_var], &home, &metadata).await.provide_credentials().await.unwrap()), "STS.meta");
    assert_eq!(uri_hits.load(Ordering::SeqCst), 0);

    let closed = closed_url().await;
    let creds = chain(&[uri_var], &home, &closed).await.provide_credentials().await.unwrap();
    assert_eq!(id(creds), "STS.uri");
    let disabled = [uri_var, ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")];
    assert_eq!(id(chain(&disabled, &home, &metadata).await.provide_credentials().await.unwrap()), "STS.uri");
    assert_eq!(uri_hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn chain_takes_the_oidc_role_after_the_environment_and_before_profiles() {
    let home = TempDir::new().unwrap();
    cli_config(&home, "backup-role");
    let sts = Sts::default();
    let url = sts.start(StatusCode::OK, sts_keys(FAR_FUTURE)).await;
    let vars = oidc_vars(&home, OIDC_TOKEN);
    let build = |vars: &[(&str, String)]| {
        DefaultCredentialsChain::builder().env(owned_env(vars, &home)).sts_endpoint(&url).build()
    };

    let creds = build(&vars).provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.oidc");
    assert_eq!(sts.queries().len(), 1);

    let mut with_keys = vars.clone();
    with_keys.extend(ENV_KEYS.iter().map(|(k, v)| (*k, (*v).to_owned())));
    assert_eq!(build(&with_keys).provide_credentials().await.unwrap().access_key_id(), "LTAIenv");
    assert_eq!(sts.queries().len(), 1, "the environment's keys come first: STS is not asked");
}

#[tokio::test]
async fn chain_error_lists_every_provider_in_order() {
    let home = TempDir::new().unwrap();
    let chain = chain(&[], &home, &closed_url().await).await;
    let err = must_fail(&chain).await;
    assert_eq!(err.kind(), CredentialsErrorKind::NotConfigured);
    let providers: Vec<&str> = err.attempts().iter().map(|a| a.provider()).collect();
    assert_eq!(
        providers,
        ["environment", "oidc-role", "cli-profile", "credentials-file", "ecs-ram-role", "credentials-uri"]
    );
    let text = error_text(&err);
    assert!(
        text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID is not set") && text.contains("ALIBABA_CLOUD_CREDENTIALS_URI"),
        "{text}"
    );
}

#[tokio::test]
async fn chain_stops_at_a_provider_that_is_set_up_but_fails() {
    let home = TempDir::new().unwrap();
    ini(&home, ".alibabacloud/credentials.ini");
    let metadata = Metadata::new().start().await;
    let oidc = [
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/r"),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "p"),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/t"),
    ];
    let err = must_fail(&chain(&oidc, &home, &metadata).await).await;
    assert_eq!(err.kind(), CredentialsErrorKind::Invalid, "the token file /t does not exist");
    assert_eq!(err.attempts().last().map(|a| a.provider()), Some("oidc-role"));
    assert!(error_text(&err).contains("stopped at oidc-role"));

    let half = must_fail(&chain(&ENV_KEYS[..1], &home, &metadata).await).await;
    assert_eq!(half.kind(), CredentialsErrorKind::Invalid);
    assert_eq!(half.attempts().len(), 1);

    // A role named in ALIBABA_CLOUD_ECS_METADATA must be reachable: no silent fall-through.
    let named = [("ALIBABA_CLOUD_ECS_METADATA", "backup-role")];
    std::fs::remove_file(home.path().join(".alibabacloud/credentials.ini")).unwrap();
    let unreachable = must_fail(&chain(&named, &home, &closed_url().await).await).await;
    assert_eq!(unreachable.kind(), CredentialsErrorKind::Unavailable);
    assert_eq!(chain(&named, &home, &metadata).await.provide_credentials().await.unwrap(), meta_creds());
}

#[tokio::test]
async fn chain_does_not_hang_on_a_silent_metadata_service() {
    let home = TempDir::new().unwrap();
    let (uri, _) = uri_server(StatusCode::OK, temporary_json("STS.uri", URI_SECRET, URI_TOKEN, FAR_FUTURE)).await;
    let chain = chain(&[("ALIBABA_CLOUD_CREDENTIALS_URI", uri.as_str())], &home, &silent_url().await).await;
    let started = Instant::now();
    assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "STS.uri");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn chain_caches_what_it_found() {
    let home = TempDir::new().unwrap();
    let (uri, hits) = uri_server(StatusCode::OK, temporary_json("STS.uri", URI_SECRET, URI_TOKEN, FAR_FUTURE)).await;
    let vars = [("ALIBABA_CLOUD_CREDENTIALS_URI", uri.as_str()), ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")];
    let chain = chain(&vars, &home, &closed_url().await).await;
    for _ in 0..3 {
        chain.provide_credentials().await.unwrap();
    }
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------------------
// Nothing secret in Debug
// ---------------------------------------------------------------------------------------------------

#[tokio::test]
async fn debug_output_never_contains_secrets() {
    let home = TempDir::new().unwrap();
    cli_config(&home, "r");
    ini(&home, ".alibabacloud/credentials.ini");
    let secret_env = env(
        &[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIenv"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
        ],
        &home,
    );
    let creds = Credentials::new("LTAIvisible", SECRET)
        .with_security_token(TOKEN)
        .with_expiration(datetime!(2099-01-01 0:00 UTC));
    let text = format!("{creds:?}");
    // The key id shows its kind only; secret and token not at all.
    assert!(text.contains("\"LTAI****\"") && !text.contains("LTAIvisible") && text.contains("<redacted>"), "{text}");
    assert_no_secret(&text);

    let (uri, _) = uri_server(StatusCode::OK, temporary_json("STS.uri", URI_SECRET, URI_TOKEN, FAR_FUTURE)).await;
    let uri_provider = CredentialsUriProvider::new(format!("{uri}?token={TOKEN}"));
    let cache = CachingProvider::new(creds.clone());
    cache.provide_credentials().await.unwrap();
    let chain = DefaultCredentialsChain::builder()
        .env(secret_env.clone())
        .metadata_base_url(closed_url().await)
        .sts_endpoint(closed_url().await)
        .build();
    chain.provide_credentials().await.unwrap();

    let debugs = [
        format!("{:?}", EnvironmentProvider::with_env(secret_env.clone())),
        format!("{:?}", OidcRoleProvider::with_env(secret_env.clone())),
        format!(
            "{:?}",
            RamRoleArnProvider::new(Credentials::new("LTAIsource", SECRET).with_security_token(TOKEN), "r")
        ),
        format!("{:?}", CliProfileProvider::new().with_env(secret_env.clone())),
        format!("{:?}", CredentialsFileProvider::new().with_env(secret_env.clone())),
        format!("{:?}", EcsRamRoleProvider::from_env(&secret_env)),
        format!("{uri_provider:?}"),
        format!("{cache:?}"),
        format!("{chain:?}"),
        format!("{:?}", DefaultCredentialsChain::new()),
        format!("{secret_env:?}"),
    ];
    for text in debugs {
        assert_no_secret(&text);
    }
}
