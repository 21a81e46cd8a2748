//! What the client traces: an `operation` span per call and an `attempt` span per attempt, under the SDK's
//! target, with the fields an operator filters and reads by, and the redacted request and response at TRACE.

mod support;

use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{Client, SignatureVersion, TRACING_TARGET};
use support::trace::Spans;
use support::*;

fn params() -> Params {
    let mut p = Params::new();
    p.push("DBInstanceId", "rm-1");
    p
}

#[tokio::test]
async fn each_call_has_an_operation_span_and_a_span_per_attempt() {
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let server = TestServer::script(vec![
        Reply::error(503, "ServiceUnavailable", "busy"),
        Reply::ok(backups_json(&[], None)).header("x-acs-request-id", "hdr-req-7"),
    ])
    .await;
    Client::new(config(&server).region("cn-hangzhou"), &RDS)
        .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
        .await
        .unwrap();

    assert_eq!(TRACING_TARGET, "alibabacloud_backup");
    assert_eq!(spans.origins("operation"), [(TRACING_TARGET.to_owned(), "INFO".to_owned())]);
    assert_eq!(spans.origins("attempt"), vec![(TRACING_TARGET.to_owned(), "DEBUG".to_owned()); 2]);
    // Every span and event of the runtime is under the SDK's target, none under a module path.
    let origins = spans.origins.lock().unwrap().clone();
    assert!(origins.iter().any(|(name, target, _)| name == "event:TRACE" && target == TRACING_TARGET));
    assert!(origins.iter().all(|(_, target, _)| !target.starts_with("runtime")), "{origins:?}");

    assert_eq!(spans.values("operation", "product"), ["Rds"]);
    assert_eq!(spans.values("operation", "action"), ["DescribeBackups"]);
    assert_eq!(spans.values("operation", "region"), ["cn-hangzhou"]);
    assert_eq!(spans.values("operation", "attempts"), ["1", "2"]);
    assert_eq!(spans.values("operation", "status"), ["503", "200"]);
    assert_eq!(spans.values("operation", "request_id"), ["req-503", "hdr-req-7"]);
    assert_eq!(spans.values("operation", "latency_ms").len(), 1);

    assert_eq!(spans.values("attempt", "attempt"), ["1", "2"]);
    assert_eq!(spans.values("attempt", "status"), ["503", "200"]);
    assert_eq!(spans.values("attempt", "retry_reason"), ["HTTP 503 ServiceUnavailable"]);
    assert_eq!(spans.values("attempt", "latency_ms").len(), 2);

    // DEBUG events say how each attempt and the call ended.
    assert_eq!(spans.events_with("DEBUG", "attempt succeeded").len(), 1);
    assert_eq!(spans.events_with("DEBUG", "operation succeeded").len(), 1);
    let retried = spans.events_with("WARN", "attempt 1 failed; retrying");
    assert!(retried[0].contains(&("retry_reason".to_owned(), "HTTP 503 ServiceUnavailable".to_owned())));
}

#[tokio::test]
async fn retry_reasons_name_throttling_and_lost_connections() {
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let server =
        TestServer::script(vec![Reply::error(400, "Throttling.User", "slow down"), Reply::ok(backups_json(&[], None))])
            .await;
    Client::new(config(&server), &RDS)
        .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
        .await
        .unwrap();
    let dropping = DroppingServer::start(b"").await;
    let err = Client::new(dropping.config(), &RDS)
        .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
        .await
        .unwrap_err();
    assert_eq!(
        spans.values("attempt", "retry_reason"),
        ["throttled: HTTP 400 Throttling.User", "connection lost", "connection lost"]
    );
    let failed = spans.events_with("DEBUG", "operation failed");
    assert!(failed[0].contains(&("error".to_owned(), err.to_string())), "{failed:?}");
}

#[tokio::test]
async fn trace_logs_the_request_and_response_with_secrets_masked() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let spans = Spans::default();
        let _guard = tracing::subscriber::set_default(spans.clone());
        let server = TestServer::always(
            Reply::ok(backups_json(&["b-1"], Some(1))).header("x-acs-request-id", "req-9").header("set-cookie", "s=1"),
        )
        .await;
        let config = config(&server).signature_version(version);
        Client::new(config, &RDS)
            .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
            .await
            .unwrap();

        let request = &spans.events_with("TRACE", "request")[0];
        let field = |event: &Vec<(String, String)>, name: &str| {
            event.iter().find(|(f, _)| f == name).map(|(_, v)| v.clone()).unwrap_or_default()
        };
        assert_eq!(field(request, "method"), "POST");
        let url = field(request, "url");
        assert!(url.starts_with(&format!("{}/?", server.url())), "{url}");
        let headers = field(request, "headers");
        assert!(headers.contains("user-agent: alibabacloud-backup-sdk/"), "{headers}");
        match version {
            SignatureVersion::V3 => {
                assert!(headers.contains("authorization: REDACTED"), "{headers}");
                assert!(headers.contains("x-acs-action: DescribeBackups"), "{headers}");
                assert!(url.contains("DBInstanceId=rm-1"), "{url}");
            }
            _ => {
                assert!(url.contains("Signature=REDACTED") && url.contains("AccessKeyId=REDACTED"), "{url}");
                assert!(url.contains("Action=DescribeBackups"), "{url}");
            }
        }

        let response = &spans.events_with("TRACE", "response")[0];
        assert_eq!(field(response, "status"), "200");
        let headers = field(response, "headers");
        assert!(headers.contains("x-acs-request-id: req-9") && headers.contains("set-cookie: REDACTED"), "{headers}");
        assert!(field(response, "body").starts_with(r#"{"RequestId":"list-req","Items""#), "{response:?}");
        let text = spans.text();
        assert!(!text.contains(KEY_ID) && !text.contains(SECRET), "{text}");
    }
}

#[tokio::test]
async fn nothing_is_logged_on_the_wire_below_trace() {
    // A subscriber that takes DEBUG and above: the request and response events are not even built.
    let spans = Spans::default();
    let subscriber = FilterAt { inner: spans.clone(), max: tracing::Level::DEBUG };
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = TestServer::always(Reply::ok(backups_json(&[], None))).await;
    Client::new(config(&server), &RDS)
        .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
        .await
        .unwrap();
    assert!(spans.events_with("TRACE", "request").is_empty());
    assert_eq!(spans.events_with("DEBUG", "operation succeeded").len(), 1);
}

/// [`Spans`] limited to `max` and more severe levels.
struct FilterAt {
    inner: Spans,
    max: tracing::Level,
}

impl tracing::Subscriber for FilterAt {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        *metadata.level() <= self.max
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::from_level(self.max))
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        self.inner.new_span(span)
    }
    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        self.inner.record(span, values)
    }
    fn record_follows_from(&self, span: &tracing::span::Id, follows: &tracing::span::Id) {
        self.inner.record_follows_from(span, follows)
    }
    fn event(&self, event: &tracing::Event<'_>) {
        self.inner.event(event)
    }
    fn enter(&self, span: &tracing::span::Id) {
        self.inner.enter(span)
    }
    fn exit(&self, span: &tracing::span::Id) {
        self.inner.exit(span)
    }
}
