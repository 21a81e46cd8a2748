//! Every way a call can fail, as the caller sees it: the error variant, its fields, its helpers and
//! a message that says what happened and what to do.

mod support;

use std::time::{Duration, Instant};

use alibabacloud_backup_runtime::error::{ErrorBody, TimeoutPhase};
use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{Client, RetryPolicy};
use support::*;

/// One call with no retries against a server that answers `reply`.
async fn fail_once(reply: Reply) -> Error {
    let server = TestServer::script(vec![reply]).await;
    let client = Client::new(config(&server).retry_policy(RetryPolicy::none()), &RDS);
    let err = client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, Params::new()).await.unwrap_err();
    assert_eq!(server.count(), 1);
    err
}

#[tokio::test]
async fn a_400_keeps_every_field_of_the_json_error() {
    let err = fail_once(Reply::error(400, "InvalidDBInstanceId.NotFound", "The instance does not exist.")).await;
    let service = err.service_error().unwrap();
    assert_eq!(service.status, 400);
    assert_eq!(service.code, BackupsError::InvalidDbInstanceIdNotFound);
    assert_eq!(service.raw_code, "InvalidDBInstanceId.NotFound");
    assert_eq!(service.message, "The instance does not exist.");
    assert_eq!(service.request_id.as_deref(), Some("req-400"));
    assert_eq!(service.host_id.as_deref(), Some("rds.aliyuncs.com"));
    assert!(service.recommend.as_deref().unwrap().starts_with("https://api.aliyun.com/"));
    assert_eq!((service.retry_after, &service.body), (None, &ErrorBody::Json));
    assert_eq!(err.request_id(), Some("req-400"));
    assert_eq!(err.service_code(), Some("InvalidDBInstanceId.NotFound"));
    assert!(!err.is_retryable() && !err.is_throttling() && !err.is_timeout());
    let text = err.to_string();
    assert!(text.contains("HTTP 400 InvalidDBInstanceId.NotFound: The instance does not exist."), "{text}");
    assert!(text.contains("request id req-400") && text.contains("Diagnosis: https://"), "{text}");
}

#[tokio::test]
async fn a_403_signature_error_points_at_the_secret_and_the_clock() {
    let err = fail_once(Reply::error(403, "SignatureDoesNotMatch", "Specified signature is not matched.")).await;
    assert_eq!(err.service_error().unwrap().code, BackupsError::Unknown("SignatureDoesNotMatch".into()));
    let text = err.to_string();
    assert!(text.contains("AccessKey secret") && text.contains("clock"), "{text}");
    let err = fail_once(Reply::error(403, "Forbidden.RAM", "User not authorized.")).await;
    assert!(err.to_string().contains("RAM policy"), "{err}");
}

#[tokio::test]
async fn a_404_suggests_checking_ids_and_region() {
    let err = fail_once(Reply::error(404, "InvalidAction.NotFound", "no such action")).await;
    assert_eq!(err.service_error().unwrap().status, 404);
    assert!(err.to_string().contains("check the ids, the region and the endpoint"), "{err}");
}

#[tokio::test]
async fn a_500_and_a_503_are_retryable_server_failures() {
    let err = fail_once(Reply::error(500, "InternalError", "boom")).await;
    assert!(err.is_retryable() && !err.is_throttling());
    assert!(err.to_string().contains("retry later"), "{err}");
    let err = fail_once(Reply::error(503, "ServiceUnavailable", "try later")).await;
    assert_eq!(err.service_code(), Some("ServiceUnavailable"));
    assert!(err.is_retryable());
    assert!(err.to_string().contains("temporarily unavailable"), "{err}");
}

#[tokio::test]
async fn throttling_keeps_the_requested_delay() {
    let err = fail_once(
        Reply::error(400, "Throttling.User", "Request was denied due to user flow control.")
            .header("x-acs-retry-after", "1500"),
    )
    .await;
    assert!(err.is_throttling() && err.is_retryable());
    assert_eq!(err.retry_after(), Some(Duration::from_millis(1500)));
    assert!(err.to_string().contains("slow down"), "{err}");
    // A zero or unparsable header is no request to wait.
    let err = fail_once(Reply::error(400, "InvalidParameter", "x").header("x-acs-retry-after", "0")).await;
    assert_eq!((err.retry_after(), err.is_throttling()), (None, false));
}

#[tokio::test]
async fn html_from_a_proxy_keeps_the_status() {
    let err = fail_once(
        Reply::html(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
            .header("x-acs-request-id", "from-header"),
    )
    .await;
    let service = err.service_error().unwrap();
    assert_eq!((service.status, service.raw_code.as_str()), (502, ""));
    assert_eq!(service.code, BackupsError::Unknown(String::new()));
    assert!(matches!(&service.body, ErrorBody::Html { snippet } if snippet.contains("502 Bad Gateway")));
    assert!(service.is_from_proxy());
    assert_eq!(err.request_id(), Some("from-header"));
    assert_eq!(err.service_code(), None);
    assert!(err.to_string().contains("the response came from a proxy or gateway (HTML)"), "{err}");
    assert!(err.to_string().contains("HTTP 502"), "{err}");
}

#[tokio::test]
async fn an_empty_body_keeps_the_status() {
    let err = fail_once(Reply::empty(504)).await;
    let service = err.service_error().unwrap();
    assert_eq!((service.status, &service.body), (504, &ErrorBody::Empty));
    assert!(err.to_string().contains("HTTP 504 with an empty body"), "{err}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn malformed_json_in_an_error_is_shown_not_lost() {
    let err = fail_once(Reply::json(400, r#"{"Code":"Inval"#)).await;
    let service = err.service_error().unwrap();
    assert!(matches!(&service.body, ErrorBody::Other { snippet } if snippet == r#"{"Code":"Inval"#), "{service:?}");
    assert_eq!(service.status, 400);
}

#[tokio::test]
async fn a_slow_answer_hits_the_read_timeout() {
    let started = Instant::now();
    let err = fail_once(Reply::ok(backups_json(&[], None)).delay(Duration::from_secs(2))).await;
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    match err {
        Error::Timeout { phase: TimeoutPhase::Read, after } => assert_eq!(after, Duration::from_millis(200)),
        ref other => panic!("{other:?}"),
    }
    assert!(err.is_timeout() && err.is_retryable());
    assert!(err.to_string().contains("read timeout"), "{err}");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config =
        alibabacloud_backup_runtime::Config::new(credentials()).endpoint_url(url).retry_policy(RetryPolicy::none());
    let err = Client::new(config, &RDS)
        .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, Params::new())
        .await
        .unwrap_err();
    let Error::Transport(transport) = &err else { panic!("{err:?}") };
    assert!(transport.is_connect() && !transport.may_have_been_sent());
    assert!(err.to_string().contains("could not connect"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    // `{:#}`: the message, then each cause the message does not already say, one per line.
    let chain = format!("{err:#}");
    let lines: Vec<&str> = chain.lines().collect();
    assert_eq!(lines[0], err.to_string());
    assert!(lines[1..].iter().all(|l| l.starts_with("  caused by: ")), "{chain}");
    assert!(chain.to_lowercase().contains("refused"), "the root cause is shown: {chain}");
}

#[test]
fn build_errors_become_invalid_request() {
    let build = alibabacloud_backup_runtime::build::BuildError::MissingParameter {
        operation: "DescribeBackups",
        parameter: "DBInstanceId",
    };
    let err = Error::from(build);
    assert!(matches!(err, Error::InvalidRequest(_)));
    assert!(err
        .to_string()
        .starts_with("the request was not sent: DescribeBackups: the required parameter `DBInstanceId`"));
}
