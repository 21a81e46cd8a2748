//! Requests serialise to exactly the expected wire parameters, with each API's time format, and refuse to be
//! built when a required parameter is missing or a value is outside what the page documents.

use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds, Request};
use runtime::build::BuildError;
use time::macros::datetime;

fn pairs(params: &runtime::wire::Params) -> Vec<(&str, &str)> {
    params.as_slice().iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect()
}

#[test]
fn rds_describe_backups_uses_minute_precision_utc() {
    let request = rds::DescribeBackupsRequest::builder()
        .db_instance_id("rm-uf6wjk5xxxxxxx")
        .backup_status(rds::BackupStatus::Success)
        .backup_mode(rds::BackupMode::Manual)
        .start_time(datetime!(2011-06-01 16:00:59 UTC))
        .end_time(datetime!(2011-06-16 00:00 +08:00))
        .page_size(50)
        .page_number(2)
        .backup_type(rds::BackupType::FullBackup)
        .build()
        .expect("valid");
    assert_eq!(
        pairs(&request.to_params()),
        [
            ("DBInstanceId", "rm-uf6wjk5xxxxxxx"),
            ("BackupStatus", "Success"),
            ("BackupMode", "Manual"),
            ("StartTime", "2011-06-01T16:00Z"),
            ("EndTime", "2011-06-15T16:00Z"),
            ("PageSize", "50"),
            ("PageNumber", "2"),
            ("BackupType", "FullBackup"),
        ]
    );
}

/// `set_x(Option<T>)` sets or unsets what `x(T)` sets, the last call winning, as Rust builders do.
#[test]
fn option_setters_set_and_unset() {
    let passed_on: Option<i32> = Some(100);
    let request = rds::DescribeBackupsRequest::builder()
        .db_instance_id("rm-1")
        .backup_status(rds::BackupStatus::Success)
        .set_backup_status(None)
        .set_page_size(passed_on)
        .set_backup_id(Some("b-1".to_owned()))
        .build()
        .expect("valid");
    assert_eq!(pairs(&request.to_params()), [("DBInstanceId", "rm-1"), ("BackupId", "b-1"), ("PageSize", "100")]);
    // The checks apply to what the option setter sets, too.
    let refused = rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").set_page_size(Some(7)).build();
    assert!(refused.is_err(), "PageSize 7 is not an accepted value");
    // A required parameter unset again is missing.
    assert!(rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").set_db_instance_id(None).build().is_err());
}

#[test]
fn only_set_parameters_are_sent() {
    let request = rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").build().expect("valid");
    assert_eq!(pairs(&request.to_params()), [("DBInstanceId", "rm-1")]);
}

#[test]
fn polardbx_uses_epoch_milliseconds_and_integer_codes() {
    let request = polardbx::DescribeBackupSetListRequest::builder()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-xxxxxx")
        .start_time(datetime!(2021-10-31 19:17:25 UTC))
        .end_time(datetime!(2021-10-31 19:17:25.5 UTC))
        .page_size(30)
        .page_number(1)
        .build()
        .expect("valid");
    assert_eq!(
        pairs(&request.to_params()),
        [
            ("RegionId", "cn-hangzhou"),
            ("DBInstanceName", "pxc-xxxxxx"),
            ("StartTime", "1635707845000"),
            ("EndTime", "1635707845500"),
            ("PageSize", "30"),
            ("PageNumber", "1"),
        ]
    );
    let create = polardbx::CreateBackupRequest::builder()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-1")
        .backup_type(polardbx::CreateBackupType::Fast)
        .build()
        .expect("valid");
    assert_eq!(
        pairs(&create.to_params()),
        [("RegionId", "cn-hangzhou"), ("DBInstanceName", "pxc-1"), ("BackupType", "0")]
    );
}

#[test]
fn redis_times_follow_the_spec_format() {
    let request = r_kvstore::DescribeClusterBackupListRequest::builder()
        .region_id("cn-zhangjiakou")
        .instance_id("r-t4nj72oug5r5646qog")
        .start_time(datetime!(2018-12-03 07:01:30 UTC))
        .end_time(datetime!(2021-05-13 00:00 UTC))
        .build()
        .expect("valid");
    assert_eq!(
        pairs(&request.to_params()),
        [
            ("RegionId", "cn-zhangjiakou"),
            ("InstanceId", "r-t4nj72oug5r5646qog"),
            ("StartTime", "2018-12-03T07:01Z"),
            ("EndTime", "2021-05-13T00:00Z"),
        ]
    );
}

#[test]
fn polardb_backup_tasks_parameters() {
    let request = polardb::DescribeBackupTasksRequest::builder()
        .db_cluster_id("pc-1")
        .backup_job_id("11111111")
        .backup_mode(polardb::BackupMode::Manual)
        .build()
        .expect("valid");
    assert_eq!(
        pairs(&request.to_params()),
        [("DBClusterId", "pc-1"), ("BackupJobId", "11111111"), ("BackupMode", "Manual")]
    );
}

#[test]
fn a_missing_required_parameter_is_named() {
    let err = rds::DescribeBackupsRequest::builder().page_size(30).build().unwrap_err();
    assert_eq!(err, BuildError::MissingParameter { operation: "DescribeBackups", parameter: "DBInstanceId" });
    let err = r_kvstore::DescribeClusterBackupListRequest::builder()
        .region_id("cn-zhangjiakou")
        .instance_id("r-1")
        .start_time(datetime!(2018-12-03 07:01 UTC))
        .build()
        .unwrap_err();
    assert_eq!(err, BuildError::MissingParameter { operation: "DescribeClusterBackupList", parameter: "EndTime" });
}

#[test]
fn values_outside_the_documented_set_are_refused() {
    let err = rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").page_size(40).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "DescribeBackups: `PageSize` = 40 is not accepted by the API; expected one of 30, 50, 100"
    );
    for ok in [30, 50, 100] {
        assert!(rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").page_size(ok).build().is_ok());
    }
    let err = rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").page_number(0).build().unwrap_err();
    assert!(matches!(err, BuildError::InvalidValue { parameter: "PageNumber", .. }), "{err:?}");
}

#[test]
fn parameters_the_official_sdks_send_are_sent_under_their_wire_names() {
    let redis = r_kvstore::DescribeClusterBackupListRequest::builder()
        .region_id("cn-hangzhou")
        .instance_id("r-1")
        .start_time(datetime!(2024-01-01 00:00 UTC))
        .end_time(datetime!(2024-01-02 00:00 UTC))
        .no_shard_backup(true)
        .owner_id(1_234_567_890_123_456)
        .owner_account("owner@example.com")
        .resource_owner_id(42)
        .resource_owner_account("res@example.com")
        .build()
        .expect("valid");
    let params = redis.to_params();
    let sent = pairs(&params);
    for expected in [
        ("NoShardBackup", "true"),
        ("OwnerId", "1234567890123456"),
        ("OwnerAccount", "owner@example.com"),
        ("ResourceOwnerId", "42"),
        ("ResourceOwnerAccount", "res@example.com"),
    ] {
        assert!(sent.contains(&expected), "{expected:?} in {sent:?}");
    }
    let polardb = polardb::DescribeBackupTasksRequest::builder()
        .db_cluster_id("pc-1")
        .owner_id(7)
        .resource_owner_account("res@example.com")
        .build()
        .expect("valid");
    assert_eq!(
        pairs(&polardb.to_params()),
        [("DBClusterId", "pc-1"), ("OwnerId", "7"), ("ResourceOwnerAccount", "res@example.com")]
    );
    let rds =
        rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").resource_owner_id(9).build().expect("valid");
    assert_eq!(pairs(&rds.to_params()), [("DBInstanceId", "rm-1"), ("ResourceOwnerId", "9")]);
    let pxc = polardbx::DescribeBackupSetListRequest::builder()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-1")
        .dest_cross_region("cn-shanghai")
        .build()
        .expect("valid");
    assert_eq!(
        pairs(&pxc.to_params()),
        [("RegionId", "cn-hangzhou"), ("DBInstanceName", "pxc-1"), ("DestCrossRegion", "cn-shanghai")]
    );
}

/// The request's fields are public, so a built request can be changed; the client checks it again when sending,
/// before anything reaches the network (the endpoint here refuses connections: a transport error would mean the
/// request went out).
#[tokio::test]
async fn a_request_changed_after_build_is_checked_when_sent() {
    let config = alibabacloud_backup::Config::new(alibabacloud_backup::Credentials::new("id", "secret"))
        .endpoint_url("http://127.0.0.1:9")
        .region("cn-hangzhou");
    let client = rds::Client::new(config);
    let mut request =
        rds::DescribeBackupsRequest::builder().db_instance_id("rm-1").page_size(30).build().expect("valid");
    request.page_size = Some(7);
    match client.send_describe_backups(&request).await {
        Err(alibabacloud_backup::OperationError::InvalidRequest(e)) => {
            assert!(e.to_string().contains("PageSize"), "{e}");
        }
        other => panic!("expected the check to refuse PageSize 7 before sending, got {other:?}"),
    }
}
