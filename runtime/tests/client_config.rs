//! Configuration from the environment (read through `Env`, never by changing the process's variables), the
//! precedence of explicit settings, per-call overrides that share the connection pool, and the operation timeout.

mod support;

use std::time::{Duration, Instant};

use alibabacloud_backup_runtime::config::{product_endpoint_env, ConfigError};
use alibabacloud_backup_runtime::credentials::Env;
use alibabacloud_backup_runtime::error::TimeoutPhase;
use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{
    Client, Config, EndpointRule, Overrides, RetryPolicy, ServiceInfo, SignatureVersion,
};
use support::*;

static POLARDB: ServiceInfo = ServiceInfo {
    product_code: "polardb",
    api_version: "2017-08-01",
    signature: SignatureVersion::V3,
    endpoints: EndpointRule {
        regional: "polardb.{region}.aliyuncs.com",
        central: None,
        central_regions: &[],
        hosts: &[],
    },
};

fn params() -> Params {
    let mut p = Params::new();
    p.push("DBInstanceId", "rm-1");
    p
}

async fn call(client: &Client) -> Result<DescribeBackupsResponse, Error> {
    client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params()).await
}

/// The variables of a shell set up for the emulator, plus `extra`.
fn env(extra: &[(&str, &str)]) -> Env {
    let mut vars = vec![("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)];
    vars.extend_from_slice(extra);
    Env::from_vars(vars)
}

#[test]
fn product_variables_are_named_after_the_product_code() {
    assert_eq!(product_endpoint_env("Rds"), "ALIBABA_CLOUD_ENDPOINT_RDS");
    assert_eq!(product_endpoint_env("R-kvstore"), "ALIBABA_CLOUD_ENDPOINT_R_KVSTORE");
    assert_eq!(product_endpoint_env("polardbx"), "ALIBABA_CLOUD_ENDPOINT_POLARDBX");
}

#[tokio::test]
async fn endpoints_come_from_the_environment_the_product_s_first_and_explicit_settings_win() {
    let everyone = TestServer::always(Reply::ok(backups_json(&["from-global"], None))).await;
    let rds_only = TestServer::always(Reply::ok(backups_json(&["from-rds"], None))).await;
    let vars = env(&[("ALIBABA_CLOUD_ENDPOINT", everyone.url()), ("ALIBABA_CLOUD_ENDPOINT_RDS", rds_only.url())]);
    let config = Config::from_env_with(vars).unwrap();

    // The credentials came from the same variables: the calls are signed with them and verified.
    let rds = Client::new(config.clone(), &RDS);
    assert_eq!(call(&rds).await.unwrap().items.backup[0].backup_id, "from-rds");
    let polardb = Client::new(config.clone(), &POLARDB);
    assert_eq!(call(&polardb).await.unwrap().items.backup[0].backup_id, "from-global");
    assert_eq!((everyone.count(), rds_only.count()), (1, 1));

    let explicit = Client::new(config.endpoint_url("http://127.0.0.1:9"), &RDS);
    assert_eq!(explicit.endpoint().unwrap().to_string(), "http://127.0.0.1:9");

    // Without the variables, the product's own endpoint for the region.
    let plain = Client::new(Config::from_env_with(env(&[("ALIBABA_CLOUD_REGION_ID", "eu-central-1")])).unwrap(), &RDS);
    assert_eq!(plain.endpoint().unwrap().to_string(), "https://rds.eu-central-1.aliyuncs.com");
    // Config::new never reads the environment.
    assert!(Client::new(Config::new(credentials()), &RDS).endpoint().is_err());
}

#[test]
fn timeouts_attempts_and_user_agent_come_from_the_environment_unless_set_explicitly() {
    let vars = env(&[
        ("ALIBABA_CLOUD_CONNECT_TIMEOUT", "1500"),
        ("ALIBABA_CLOUD_READ_TIMEOUT", " 2500 "),
        ("ALIBABA_CLOUD_OPERATION_TIMEOUT", "4000"),
        ("ALIBABA_CLOUD_MAX_ATTEMPTS", "5"),
        ("ALIBABA_CLOUD_USER_AGENT", "app/1"),
    ]);
    let config = Config::from_env_with(vars.clone()).unwrap();
    assert_eq!(config.timeouts(), (Duration::from_millis(1500), Duration::from_millis(2500)));
    assert_eq!(config.operation_timeout_limit(), Some(Duration::from_secs(4)));
    assert_eq!(config.retry().max_attempts(), 5);

    let explicit = Config::from_env_with(vars)
        .unwrap()
        .read_timeout(Duration::from_secs(1))
        .operation_timeout(Duration::from_secs(9))
        .retry_policy(RetryPolicy::none());
    assert_eq!(explicit.timeouts(), (Duration::from_millis(1500), Duration::from_secs(1)));
    assert_eq!(explicit.operation_timeout_limit(), Some(Duration::from_secs(9)));
    assert_eq!(explicit.retry().max_attempts(), 1);

    let defaults = Config::from_env_with(env(&[])).unwrap();
    assert_eq!(defaults.timeouts(), (Duration::from_secs(5), Duration::from_secs(10)));
    assert_eq!(defaults.operation_timeout_limit(), None);
    assert_eq!(defaults.retry().max_attempts(), 3);
}

#[tokio::test]
async fn attempts_and_user_agent_from_the_environment_reach_the_wire() {
    let server = TestServer::always(Reply::error(500, "InternalError", "down")).await;
    let vars = env(&[
        ("ALIBABA_CLOUD_ENDPOINT", server.url()),
        ("ALIBABA_CLOUD_MAX_ATTEMPTS", "2"),
        ("ALIBABA_CLOUD_USER_AGENT", "app/1"),
    ]);
    let config = Config::from_env_with(vars).unwrap();
    let fast = config.clone().retry_policy(fast_retries().with_max_attempts(config.retry().max_attempts()));
    call(&Client::new(fast, &RDS)).await.unwrap_err();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let agent = requests[0].header("user-agent").unwrap();
    assert!(agent.starts_with("alibabacloud-backup-sdk/") && agent.ends_with(" app/1"), "{agent}");
}

#[test]
fn bad_values_name_their_variable() {
    for (name, value) in [
        ("ALIBABA_CLOUD_READ_TIMEOUT", "fast"),
        ("ALIBABA_CLOUD_CONNECT_TIMEOUT", "0"),
        ("ALIBABA_CLOUD_OPERATION_TIMEOUT", "1.5"),
        ("ALIBABA_CLOUD_MAX_ATTEMPTS", "0"),
        ("ALIBABA_CLOUD_REGION_ID", "cn-shanghai.evil.com"),
    ] {
        let err = Config::from_env_with(env(&[(name, value)])).unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
        if name != "ALIBABA_CLOUD_REGION_ID" {
            assert!(matches!(err, ConfigError::Invalid { .. }), "{err:?}");
            assert!(err.to_string().contains(value), "{err}");
        }
    }
}

#[tokio::test]
async fn an_override_changes_the_timeouts_of_its_calls_and_shares_the_pool() {
    let server = TestServer::always(Reply::ok(backups_json(&["slow"], None)).delay(Duration::from_millis(400))).await;
    let relay = Relay::start(server.url()).await;
    let base = Config::new(credentials())
        .endpoint_url(relay.url())
        .read_timeout(Duration::from_millis(150))
        .retry_policy(RetryPolicy::none());
    let client = Client::new(base, &RDS);

    let patient = client.with_overrides(Overrides::new().read_timeout(Duration::from_secs(5)));
    assert_eq!(patient.config().timeouts().1, Duration::from_secs(5));
    assert_eq!(client.config().timeouts().1, Duration::from_millis(150));
    assert_eq!(call(&patient).await.unwrap().items.backup[0].backup_id, "slow");
    assert_eq!(call(&patient).await.unwrap().items.backup[0].backup_id, "slow");
    // Both calls of the overriding client, and one of the original after them, went over one connection.
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(err, alibabacloud_backup_runtime::Error::Timeout { phase: TimeoutPhase::Read, after } if after == Duration::from_millis(150))
    );
    assert_eq!(relay.connections(), 1);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn an_override_changes_the_retry_policy() {
    let server = TestServer::always(Reply::error(503, "ServiceUnavailable", "busy")).await;
    let client = Client::new(config(&server), &RDS);
    call(&client.with_overrides(Overrides::new().retry_policy(RetryPolicy::none()))).await.unwrap_err();
    assert_eq!(server.count(), 1);
    call(&client).await.unwrap_err();
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn the_operation_timeout_bounds_every_attempt_and_the_waits_between_them() {
    // Each attempt alone is within the read timeout; three of them and their backoff are not.
    let server =
        TestServer::always(Reply::error(503, "ServiceUnavailable", "busy").delay(Duration::from_millis(150))).await;
    let policy = RetryPolicy::standard().with_max_attempts(10).with_base_delay(Duration::from_millis(50));
    let config = config(&server).read_timeout(Duration::from_secs(1)).retry_policy(policy);
    let limit = Duration::from_millis(400);
    let started = Instant::now();
    let err = call(&Client::new(config.clone().operation_timeout(limit), &RDS)).await.unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(err, alibabacloud_backup_runtime::Error::Timeout { phase: TimeoutPhase::Operation, after } if after == limit),
        "{err:?}"
    );
    assert!(err.is_timeout());
    assert!(err.to_string().contains("operation timeout"), "{err}");
    assert!(took >= limit && took < Duration::from_millis(900), "{took:?}");
    assert!((2..=3).contains(&server.count()), "{}", server.count());

    // The wait the service asks for counts too, and an override sets the limit for its calls.
    let throttled =
        TestServer::always(Reply::error(400, "Throttling.User", "slow down").header("x-acs-retry-after", "3000")).await;
    let client = Client::new(config.endpoint_url(throttled.url()), &RDS);
    let started = Instant::now();
    let err =
        call(&client.with_overrides(Overrides::new().operation_timeout(Duration::from_millis(300)))).await.unwrap_err();
    assert!(
        matches!(err, alibabacloud_backup_runtime::Error::Timeout { phase: TimeoutPhase::Operation, .. }),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(throttled.count(), 1);
}
