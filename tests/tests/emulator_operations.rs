//! The generated client against the emulator, for every operation, with both signatures: answers decode,
//! filters and pages agree with the emulator's own state, documented errors arrive typed, and the emulator
//! checks parameters and encodes answers the way the service does.

mod emulator_support;

use std::collections::HashSet;
use std::time::Duration;

use alibabacloud_backup::runtime::signing::SignatureVersion;
use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds, OperationError};
use emulator::model::{Kind, Mode, Status, SEED_ANCHOR};
use emulator_support::*;

#[tokio::test]
async fn every_operation_answers_with_both_signatures() {
    let emu = start().await;
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let c = clients(config(&emu).signature_version(version));
        let page = c.rds.describe_backups().db_instance_id(RDS).send().await.expect("DescribeBackups");
        assert_eq!((page.page_number, page.page_record_count, page.total_record_count), (Some(1), Some(30), Some(120)));
        assert_eq!(page.items().len(), 30);

        let tasks = c.polardb.describe_backup_tasks().db_cluster_id(POLARDB).send().await.expect("DescribeBackupTasks");
        assert_eq!(tasks.items().len(), 1, "the seeded running task");
        assert_eq!(tasks.items()[0].task_action, Some(polardb::TaskAction::NormalBackupTask));

        let created =
            c.polardbx.create_backup().region_id(REGION).db_instance_name(PXC).send().await.expect("CreateBackup");
        let id = created.data.and_then(|d| d.backup_set_id).expect("a backup set id");
        let list = c
            .polardbx
            .describe_backup_set_list()
            .region_id(REGION)
            .db_instance_name(PXC)
            .send()
            .await
            .expect("DescribeBackupSetList");
        let newest = list.data().first().expect("a backup set");
        assert_eq!(newest.backup_set_id, Some(id), "newest first");
        assert_eq!(newest.status, Some(polardbx::BackupSetStatus::InProgress));

        let redis = c
            .redis
            .describe_cluster_backup_list()
            .region_id(REGION)
            .instance_id(REDIS)
            .start_time(SEED_ANCHOR - Duration::from_secs(30 * 24 * 3600))
            .end_time(SEED_ANCHOR)
            .send()
            .await
            .expect("DescribeClusterBackupList");
        assert!(!redis.cluster_backups().is_empty());
        assert_eq!(redis.cluster_backups()[0].backups().len(), 2, "one backup per shard");
    }
    assert_eq!(emu.handle().created_backups(), 2);
    assert!(emu.handle().auth_failures().is_empty());
}

#[tokio::test]
async fn rds_filters_agree_with_the_emulators_state() {
    let emu = start().await;
    let c = clients(config(&emu));
    let state = emu.handle().backups(RDS);
    let count = |f: &dyn Fn(&emulator::model::View) -> bool| state.iter().filter(|v| f(v)).count();
    let total = |page: rds::DescribeBackupsResponse| {
        page.total_record_count.and_then(|t| usize::try_from(t).ok()).unwrap_or_default()
    };

    let failed = c.rds.describe_backups().db_instance_id(RDS).backup_status(rds::BackupStatus::Failed).send().await;
    assert_eq!(total(failed.unwrap()), count(&|v| v.status == Status::Failed));
    let manual = c.rds.describe_backups().db_instance_id(RDS).backup_mode(rds::BackupMode::Manual).send().await;
    assert_eq!(total(manual.unwrap()), count(&|v| v.backup.mode == Mode::Manual));
    let incremental =
        c.rds.describe_backups().db_instance_id(RDS).backup_type(rds::BackupType::IncrementalBackup).send().await;
    assert_eq!(total(incremental.unwrap()), count(&|v| v.backup.kind == Kind::Incremental));

    // Minute precision on the wire: pick bounds on whole minutes.
    let start = SEED_ANCHOR - Duration::from_secs(10 * 24 * 3600);
    let end = SEED_ANCHOR - Duration::from_secs(3 * 24 * 3600);
    let ranged = c.rds.describe_backups().db_instance_id(RDS).start_time(start).end_time(end).page_size(100).send();
    let ranged = ranged.await.unwrap();
    let expected = count(&|v| v.backup.started >= start && v.backup.started <= end);
    assert!(expected > 10);
    assert_eq!(total(ranged.clone()), expected);
    for b in ranged.items() {
        let at = b.backup_start_time.as_ref().and_then(|t| t.to_datetime()).expect("a start time");
        assert!(at >= start && at <= end, "{at}");
    }
    let one = c.rds.describe_backups().db_instance_id(RDS).backup_id(state[5].backup.id.to_string()).send().await;
    assert_eq!(one.unwrap().items()[0].backup_id, Some(state[5].backup.id.to_string()));
}

#[tokio::test]
async fn the_paginator_lists_every_backup_once_in_order() {
    let emu = start().await;
    let c = clients(config(&emu));
    let items: Vec<rds::Backup> =
        c.rds.describe_backups().db_instance_id(RDS).page_size(50).paginate().items().try_collect().await.unwrap();
    let ids: Vec<String> = items.iter().filter_map(|b| b.backup_id.clone()).collect();
    let expected: Vec<String> = emu.handle().backups(RDS).iter().map(|v| v.backup.id.to_string()).collect();
    assert_eq!(ids, expected);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 120);
    assert_eq!(emu.handle().requests("DescribeBackups"), 3, "120 items in pages of 50: exactly three pages");
}

#[tokio::test]
async fn other_listings_page_by_number_and_size() {
    let emu = start().await;
    let c = clients(config(&emu));
    let mut seen = HashSet::new();
    for number in 1..=5 {
        let page = c.polardbx.describe_backup_set_list().region_id(REGION).db_instance_name(PXC).page_size(30);
        let page = page.page_number(number).send().await.unwrap();
        assert_eq!(page.data().len(), if number <= 4 { 30 } else { 0 }, "page {number}");
        seen.extend(page.data().iter().filter_map(|s| s.backup_set_id.clone()));
    }
    assert_eq!(seen.len(), 120);

    let redis = c.redis.describe_cluster_backup_list().region_id(REGION).instance_id(REDIS);
    let redis = redis.start_time(SEED_ANCHOR - Duration::from_secs(365 * 24 * 3600)).end_time(SEED_ANCHOR);
    let page = redis.clone().page_size(50).page_number(3).send().await.unwrap();
    assert_eq!((page.page_number, page.page_size, page.cluster_backups().len()), (Some(3), Some(50), 20));
    assert_eq!(page.max_results, Some(20));
}

#[tokio::test]
async fn documented_errors_arrive_typed() {
    let emu = start().await;
    let c = clients(config(&emu));
    let Err(OperationError::Service(e)) = c.rds.describe_backups().db_instance_id("rm-nope").send().await else {
        panic!("an unknown instance is a service error");
    };
    assert_eq!((e.status, e.code.clone()), (400, rds::DescribeBackupsErrorCode::InvalidDbInstanceIdNotFound));
    assert!(e.request_id.is_some() && e.host_id.is_some() && e.recommend.is_some());

    let reversed = c.rds.describe_backups().db_instance_id(RDS).start_time(SEED_ANCHOR);
    let Err(OperationError::Service(e)) = reversed.end_time(SEED_ANCHOR - Duration::from_secs(60)).send().await else {
        panic!("an end before the start is refused");
    };
    assert_eq!(e.code, rds::DescribeBackupsErrorCode::InvalidParameterCombination);

    let Err(OperationError::Service(e)) = c.polardb.describe_backup_tasks().db_cluster_id("pc-nope").send().await
    else {
        panic!("an unknown cluster is a service error");
    };
    assert_eq!(e.code, polardb::DescribeBackupTasksErrorCode::InvalidDbClusterIdNotFound);

    let wrong_region = c.redis.describe_cluster_backup_list().region_id("cn-beijing").instance_id(REDIS);
    let wrong_region = wrong_region.start_time(SEED_ANCHOR).end_time(SEED_ANCHOR).send().await;
    assert_eq!(wrong_region.unwrap_err().service_code(), Some("InvalidInstanceId.NotFound"));
    let unknown = c.polardbx.create_backup().region_id(REGION).db_instance_name("pxc-nope").send().await;
    let code = unknown.unwrap_err().service_error().map(|e| (e.status, e.code.clone()));
    assert_eq!(code, Some((404, polardbx::CreateBackupErrorCode::Unknown("InvalidDBInstanceName.NotFound".into()))));
    assert_eq!(emu.handle().created_backups(), 0);
}

/// One function calling two products' operations, with `?` into the one `Error` type.
async fn newest_backup_then_backup_set(
    c: &Clients,
    instance: &str,
) -> Result<Option<String>, alibabacloud_backup::Error> {
    let page = c.rds.describe_backups().db_instance_id(instance).page_size(30).send().await?;
    let created = c.polardbx.create_backup().region_id(REGION).db_instance_name(PXC).send().await?;
    Ok(page.items().first().and_then(|b| b.backup_id.clone()).or(created.data.and_then(|d| d.backup_set_id)))
}

#[tokio::test]
async fn errors_of_every_operation_compose_with_question_mark_and_keep_their_typed_code() {
    let emu = start().await;
    let c = clients(config(&emu));
    assert!(newest_backup_then_backup_set(&c, RDS).await.expect("both calls succeed").is_some());

    let err = newest_backup_then_backup_set(&c, "rm-nope").await.expect_err("an unknown instance");
    assert_eq!(err.service_code(), Some("InvalidDBInstanceId.NotFound"));
    let service = err.service_error().expect("a service error");
    assert_eq!(service.code.to_string(), "InvalidDBInstanceId.NotFound");
    assert_eq!(service.code.info().map(|i| i.http_status), Some(400), "the reference's documentation is kept");
    assert_eq!(
        service.code.downcast_ref::<rds::DescribeBackupsErrorCode>(),
        Some(&rds::DescribeBackupsErrorCode::InvalidDbInstanceIdNotFound),
        "the operation's typed code is kept"
    );
    assert_eq!(service.code.downcast_ref::<polardbx::CreateBackupErrorCode>(), None);
    assert_eq!(emu.handle().created_backups(), 1, "the second call ran only in the first case");

    // `{:#}` prints the cause chain one per line; `{}` one paragraph.
    let invalid: Result<_, alibabacloud_backup::Error> =
        c.rds.describe_backups().page_size(7).send().await.map_err(Into::into);
    let err = invalid.expect_err("no instance id and a page size the service refuses");
    let (plain, chain) = (err.to_string(), format!("{err:#}"));
    assert!(!plain.contains('\n') && plain.starts_with("the request was not sent"), "{plain}");
    assert!(chain.starts_with(&plain), "{chain}");
}

/// Action, API version, parameters, expected status and code.
type Case = (&'static str, &'static str, Vec<(&'static str, &'static str)>, u16, &'static str);

#[tokio::test]
async fn parameters_are_checked_as_the_spec_says() {
    let emu = start().await;
    let rds_version = rds::SERVICE.api_version;
    let cases: [Case; 6] = [
        ("DescribeBackups", rds_version, vec![], 400, "MissingDBInstanceId"),
        ("DescribeBackups", rds_version, vec![("DBInstanceId", RDS), ("PageSize", "7")], 400, "InvalidParameter"),
        (
            "DescribeBackups",
            rds_version,
            vec![("DBInstanceId", RDS), ("StartTime", "yesterday")],
            400,
            "InvalidStartTime.Format",
        ),
        (
            "DescribeBackups",
            rds_version,
            vec![("DBInstanceId", RDS), ("BackupStatus", "Lost")],
            400,
            "InvalidParameter",
        ),
        (
            "DescribeBackupTasks",
            polardb::SERVICE.api_version,
            vec![("DBClusterId", POLARDB), ("BackupMode", "Sometimes")],
            400,
            "InvalidBackupMode.Malformed",
        ),
        ("DescribeNothing", rds_version, vec![], 404, "InvalidApi.NotFound"),
    ];
    for (action, version, params, status, code) in cases {
        let (got, _, body) = send(&emu, &Raw::new(action, version, &params)).await;
        assert_eq!(got, status, "{action} {params:?}: {body}");
        assert_error(&body, code);
    }
    let (status, _, body) =
        send(&emu, &Raw::new("DescribeBackups", rds_version, &[("DBInstanceId", RDS), ("PageNumber", "0")])).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn answers_have_the_services_wire_shape() {
    let emu = start().await;
    let (status, _, body) =
        send(&emu, &Raw::new("DescribeBackups", rds::SERVICE.api_version, &[("DBInstanceId", RDS)])).await;
    assert_eq!(status, 200);
    assert!(
        body["TotalRecordCount"].is_string() && body["PageNumber"].is_string() && body["PageRecordCount"].is_string()
    );
    assert!(body["Items"]["Backup"].is_array(), "the list wrapper");
    assert!(body["RequestId"].as_str().is_some_and(|id| id.len() == 36));
    assert!(body["Items"]["Backup"][0]["BackupSize"].is_number());

    let params = [("RegionId", REGION), ("DBInstanceName", PXC)];
    let (_, _, body) = send(&emu, &Raw::new("DescribeBackupSetList", polardbx::SERVICE.api_version, &params)).await;
    let set = &body["Data"][0];
    assert!(set["BackupSetId"].is_string() && set["BeginTime"].is_number() && set["Status"].is_number(), "{set}");

    let params = [
        ("RegionId", REGION),
        ("InstanceId", REDIS),
        ("StartTime", "2020-01-01T00:00Z"),
        ("EndTime", "2024-06-01T00:00Z"),
    ];
    let (_, _, body) =
        send(&emu, &Raw::new("DescribeClusterBackupList", r_kvstore::SERVICE.api_version, &params)).await;
    let cluster = &body["ClusterBackups"][0];
    assert!(cluster["ClusterBackupSize"].is_string() && cluster["IsAvail"].is_number(), "{cluster}");
    let shard = &cluster["Backups"][0];
    assert!(shard["BackupSize"].is_string() && shard["IsAvail"].is_string(), "{shard}");
    assert!(shard["BackupEndTime"].as_str().is_some_and(|t| !t.ends_with('Z')), "{shard}");
}

/// `RegionId` defaults to the client's region: a builder made by a client configured with one needs no
/// `region_id(..)`; a free-standing builder has no client, so a required `RegionId` must be set; one set by
/// hand wins over the client's.
#[tokio::test]
async fn the_region_defaults_from_the_clients_configuration() {
    let emu = start().await;
    let c = clients(config(&emu));
    let created =
        c.polardbx.create_backup().db_instance_name(PXC).send().await.expect("CreateBackup, region from config");
    assert!(created.data.and_then(|d| d.backup_set_id).is_some());
    let listed = c.polardbx.describe_backup_set_list().db_instance_name(PXC).send().await.expect("listed");
    assert!(!listed.data().is_empty());
    let free = polardbx::CreateBackupRequest::builder().db_instance_name(PXC).build();
    assert!(free.is_err_and(|e| e.to_string().contains("RegionId")), "no client, no region");
    let explicit = polardbx::CreateBackupRequest::builder().region_id("cn-beijing").db_instance_name(PXC);
    assert_eq!(explicit.build().expect("built").region_id, "cn-beijing");
    // Through a client without a region, the required parameter is missing again.
    let no_region = polardbx::Client::new(
        alibabacloud_backup::Config::new(alibabacloud_backup::Credentials::new("id", "secret")).endpoint_url(emu.url()),
    );
    let missing = no_region.create_backup().db_instance_name(PXC).send().await;
    assert!(matches!(missing, Err(OperationError::InvalidRequest(_))), "{missing:?}");
}
