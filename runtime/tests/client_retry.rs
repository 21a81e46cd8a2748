//! Retries: how many attempts, what each carries (a fresh signature and `x-acs-retry-attempts`), and the
//! rule that an operation changing state is never sent twice once the service may have acted on it.

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{Client, Config, OperationInfo, RetryPolicy};
use support::*;

const OK_CREATE: &str = r#"{"RequestId":"r","BackupJobId":"job-1"}"#;

async fn call(operation: &OperationInfo, config: Config) -> Result<CreateBackupResponse, Error> {
    let mut params = Params::new();
    params.push("DBInstanceId", "rm-1");
    Client::new(config, &RDS).call::<CreateBackupResponse, BackupsError>(operation, params).await
}

#[tokio::test]
async fn each_retry_is_signed_afresh_and_counted_in_a_header() {
    let server = TestServer::script(vec![
        Reply::error(500, "InternalError", "a"),
        Reply::error(503, "ServiceUnavailable", "b"),
        Reply::ok(OK_CREATE),
    ])
    .await;
    let result = call(&DESCRIBE_BACKUPS, config(&server)).await;
    assert_eq!(result.unwrap().backup_job_id, "job-1");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let nonces: HashSet<&str> = requests.iter().map(Recorded::nonce).collect();
    assert_eq!(nonces.len(), 3, "every attempt has its own nonce");
    let counters: Vec<Option<&str>> = requests.iter().map(|r| r.header("x-acs-retry-attempts")).collect();
    assert_eq!(counters, [None, Some("1"), Some("2")]);
    assert!(requests.iter().all(|r| r.param("DBInstanceId") == Some("rm-1")));
}

#[tokio::test]
async fn attempts_stop_at_the_policy_maximum() {
    let server = TestServer::script(vec![Reply::error(500, "InternalError", "down")]).await;
    let err = call(&DESCRIBE_BACKUPS, config(&server)).await.unwrap_err();
    assert_eq!((server.count(), err.service_code()), (3, Some("InternalError")));

    let server = TestServer::script(vec![Reply::error(500, "InternalError", "down")]).await;
    let policy = fast_retries().with_max_attempts(5);
    call(&DESCRIBE_BACKUPS, config(&server).retry_policy(policy)).await.unwrap_err();
    assert_eq!(server.count(), 5);

    let server = TestServer::script(vec![Reply::error(500, "InternalError", "down")]).await;
    call(&DESCRIBE_BACKUPS, config(&server).retry_policy(RetryPolicy::none())).await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::script(vec![Reply::error(400, "InvalidParameter", "no")]).await;
    call(&DESCRIBE_BACKUPS, config(&server)).await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn read_only_calls_retry_after_a_read_timeout() {
    let slow = Reply::ok(OK_CREATE).delay(Duration::from_secs(2));
    let server = TestServer::script(vec![slow, Reply::ok(OK_CREATE)]).await;
    call(&DESCRIBE_BACKUPS, config(&server)).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn state_changing_calls_are_not_repeated_after_a_read_timeout() {
    let slow = Reply::ok(OK_CREATE).delay(Duration::from_secs(2));
    let server = TestServer::script(vec![slow, Reply::ok(OK_CREATE)]).await;
    let err = call(&CREATE_BACKUP, config(&server)).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.count(), 1);
}

/// Every 5xx status, with and without `x-acs-retry-after`, with the service's codes, a code of its own, and
/// bodies from proxies: a state-changing call is sent once; a read-only call is sent again only after 500,
/// 502, 503 and 504. Only a `Throttling*` code makes a 5xx a refusal.
#[tokio::test]
async fn no_5xx_answer_sends_a_state_changing_call_twice() {
    let bodies = [
        Reply::error(0, "InternalError", "The request processing has failed due to some unknown error."),
        Reply::error(0, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
        Reply::error(0, "SomethingNew", "x"),
        Reply::html(0, "<html><body>bad gateway</body></html>"),
        Reply::empty(0),
    ];
    for status in 500..600u16 {
        for retry_after in [None, Some("5")] {
            for body in &bodies {
                let mut reply = Reply { status, ..body.clone() };
                if let Some(ms) = retry_after {
                    reply = reply.header("x-acs-retry-after", ms);
                }
                let case = format!("HTTP {status} {:?} retry-after {retry_after:?}", reply.body);
                let server = TestServer::script(vec![reply.clone(), Reply::ok(OK_CREATE)]).await;
                let err = call(&CREATE_BACKUP, config(&server)).await.unwrap_err();
                assert_eq!(err.service_error().map(|e| e.status), Some(status), "{case}: {err}");
                assert!(!err.is_throttling(), "{case}");
                assert_eq!(server.count(), 1, "{case}: {err}");

                let server = TestServer::script(vec![reply]).await;
                call(&DESCRIBE_BACKUPS, config(&server)).await.unwrap_err();
                let expected = if matches!(status, 500 | 502 | 503 | 504) { 3 } else { 1 };
                assert_eq!(server.count(), expected, "{case}, read-only");
            }
        }
    }
}

/// A connection closed after the whole request was written (before any answer, and in the middle of one):
/// the request may have been processed.
#[tokio::test]
async fn a_connection_lost_after_the_request_was_written_is_not_retried_for_a_state_changing_call() {
    for partial in [&b""[..], b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"Req"] {
        let server = DroppingServer::start(partial).await;
        let err = call(&CREATE_BACKUP, server.config()).await.unwrap_err();
        let Error::Transport(transport) = &err else { panic!("{err:?}") };
        assert!(transport.may_have_been_sent() && !transport.is_connect(), "{err}");
        assert!(err.is_retryable(), "{err}");
        assert_eq!(server.requests(), 1, "{err}");

        let server = DroppingServer::start(partial).await;
        call(&DESCRIBE_BACKUPS, server.config()).await.unwrap_err();
        assert_eq!(server.requests(), 3, "a read-only call is retried");
    }
}

#[tokio::test]
async fn state_changing_calls_are_retried_when_the_service_refused_them() {
    for refusal in [
        Reply::error(400, "Throttling.User", "flow control"),
        Reply::error(503, "Throttling", "flow control"),
        Reply::xml(400, "<Error><Code>Throttling.Api</Code><Message>flow control</Message></Error>"),
        Reply::empty(429),
        Reply::error(400, "SomethingNew", "x").header("x-acs-retry-after", "5"),
    ] {
        let server = TestServer::script(vec![refusal, Reply::ok(OK_CREATE)]).await;
        let created = call(&CREATE_BACKUP, config(&server)).await.unwrap();
        assert_eq!(created.backup_job_id, "job-1");
        assert_eq!(server.count(), 2);
    }
}

#[tokio::test]
async fn state_changing_calls_are_retried_when_nothing_could_be_delivered() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let counting = Counting::default();
    let config = Config::new(counting.clone()).endpoint_url(url).retry_policy(fast_retries());
    let err = Client::new(config, &RDS)
        .call::<CreateBackupResponse, BackupsError>(&CREATE_BACKUP, Params::new())
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.is_connect()), "{err:?}");
    assert_eq!(counting.get(), 3, "three attempts, each with fresh credentials");
}

#[tokio::test]
async fn the_retry_after_header_sets_the_delay() {
    let throttled = Reply::error(400, "Throttling", "slow down").header("x-acs-retry-after", "300");
    let server = TestServer::script(vec![throttled, Reply::ok(OK_CREATE)]).await;
    let started = Instant::now();
    call(&DESCRIBE_BACKUPS, config(&server)).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn the_time_budget_ends_retries() {
    let throttled = Reply::error(400, "Throttling", "slow down").header("x-acs-retry-after", "60000");
    let server = TestServer::script(vec![throttled, Reply::ok(OK_CREATE)]).await;
    let started = Instant::now();
    let err = call(&DESCRIBE_BACKUPS, config(&server)).await.unwrap_err();
    assert!(err.is_throttling());
    assert!(started.elapsed() < Duration::from_secs(1), "did not wait a minute");
    assert_eq!(server.count(), 1);
}
