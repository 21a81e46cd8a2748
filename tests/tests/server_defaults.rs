//! The generated server side of a product, without the emulator: a `Service` that implements none of its
//! operations still compiles and answers each of them as the service answers an action it does not have. This is
//! what keeps adding an operation to a spec a compatible change for servers built on an older SDK.

use alibabacloud_backup::rds::server::{dispatch, Service, ACTIONS};
use alibabacloud_backup::runtime::server::{Context, Query};
use codegen::model::{TimeFormat, Ty};

/// A server written before any RDS operation existed.
struct NothingYet;

impl Service for NothingYet {}

#[tokio::test]
async fn an_operation_the_server_does_not_implement_is_answered_invalid_action() {
    let api = tests::api();
    let api_rds = api.products.iter().find(|p| p.module == "rds").expect("RDS");
    for action in ACTIONS {
        let ctx = Context { request_id: "req-1".into(), action: (*action).into(), ..Context::default() };
        // Every required parameter of the RDS operations, so that decoding succeeds and the answer comes from
        // the trait's default method; times in the format the operation's spec gives them.
        let op = api_rds.operations.iter().find(|o| o.name == *action).expect("the spec of each action");
        let time = |wire: &str| {
            let format = op.request.params.iter().find(|p| p.wire == wire).and_then(|p| match p.ty {
                Ty::Time(f) => Some(f),
                _ => None,
            });
            match format {
                Some(TimeFormat::Second) => format!("2024-01-0{}T00:00:00Z", if wire == "EndTime" { 2 } else { 1 }),
                Some(TimeFormat::EpochMillis) => {
                    (if wire == "EndTime" { "1704153600000" } else { "1704067200000" }).to_owned()
                }
                _ => format!("2024-01-0{}T00:00Z", if wire == "EndTime" { 2 } else { 1 }),
            }
        };
        let fixed = [
            ("DBInstanceId", "rm-1"),
            ("BackupId", "1"),
            ("CrossBackupId", "1"),
            ("Region", "cn-hangzhou"),
            ("RegionId", "cn-hangzhou"),
            ("PayType", "Postpaid"),
            ("DbNames", "db1"),
            ("TableMeta", "[]"),
            ("RestoreType", "0"),
            ("BackupSetId", "1"),
            ("BucketRegion", "cn-hangzhou"),
            ("BackupFile", "{}"),
        ];
        let mut params: Vec<(String, String)> = fixed.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        params.extend(["StartTime", "EndTime"].map(|wire| (wire.to_owned(), time(wire))));
        let query = Query::new(params);
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
