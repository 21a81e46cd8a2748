//! The generated server side of a product, without the emulator: a `Service` that implements none of its
//! operations still compiles and answers each of them as the service answers an action it does not have. This is
//! what keeps adding an operation to a spec a compatible change for servers built on an older SDK.

use alibabacloud_backup::rds::server::{dispatch, Service, ACTIONS};
use alibabacloud_backup::runtime::server::{Context, Query};

/// A server written before any RDS operation existed.
struct NothingYet;

impl Service for NothingYet {}

#[tokio::test]
async fn an_operation_the_server_does_not_implement_is_answered_invalid_action() {
    for action in ACTIONS {
        let ctx = Context { request_id: "req-1".into(), action: (*action).into(), ..Context::default() };
        // The required parameters of every RDS operation, so that each request reaches the service's method.
        let required = [
            ("DBInstanceId", "rm-1"),
            ("RegionId", "cn-hangzhou"),
            ("PayType", "Postpaid"),
            ("DbNames", "db1"),
            ("TableMeta", "[]"),
            ("RestoreType", "0"),
            ("BackupSetId", "1"),
            ("StartTime", "2024-01-01T00:00:00Z"),
            ("EndTime", "2024-01-02T00:00:00Z"),
        ];
        let query = Query::new(required.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect());
        let reply = dispatch(&NothingYet, &ctx, &query).await.expect("an action RDS has");
        assert_eq!(reply.status, 404, "{action}");
        let body: serde_json::Value = serde_json::from_str(&reply.body).expect("a JSON error document");
        assert_eq!(body["Code"], "InvalidAction.NotFound", "{action}: {body}");
        assert_eq!(body["RequestId"], "req-1");
        let message = body["Message"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("does not implement {action}")), "{message}");
    }
}

#[tokio::test]
async fn an_action_the_product_does_not_have_is_not_dispatched() {
    let ctx = Context { action: "DescribeNothing".into(), ..Context::default() };
    assert!(dispatch(&NothingYet, &ctx, &Query::new(Vec::new())).await.is_none());
}
