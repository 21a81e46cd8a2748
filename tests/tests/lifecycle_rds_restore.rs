//! The RDS restore lifecycle through the generated client against the emulator: clone and recovery from a
//! backup or a point in time (the waiters, across pages, until the new instance runs), table restores, the
//! cross-region backup policy (a read after a change returns the change), the cross-region data and log
//! listings that follow it (paginated), the databases of a cross-region backup set, a cross-region table
//! restore, and the documented error codes for bad input.

mod emulator_support;

use std::time::Duration;

use alibabacloud_backup::rds::{
    self, CloneDBInstanceErrorCode, CrossBackupState, CrossBackupSwitch, DdrRestoreType,
    DescribeCrossRegionBackupsErrorCode, DescribeDBInstancesForCloneRequest,
    DescribeInstanceCrossBackupPolicyErrorCode, InstancePayType, InstanceStatus,
    ModifyInstanceCrossBackupPolicyErrorCode, RecoveryDBInstanceErrorCode, RestoreDdrTableErrorCode,
    RestoreTableErrorCode,
};
use alibabacloud_backup::runtime::waiter::WaitOptions;
use emulator_support::*;
use time::OffsetDateTime;

const TABLES: &str = r#"[{"type":"db","name":"orders","newname":"orders_back","tables":[{"type":"table","name":"orders","newname":"orders_back"}]}]"#;

/// A poll of one instance per page, so the waiters must walk pages to find the new instance.
fn poll() -> DescribeDBInstancesForCloneRequest {
    DescribeDBInstancesForCloneRequest::builder().region_id(REGION).page_size(1).build().expect("valid")
}

async fn newest_backup(c: &rds::Client) -> String {
    let page = c.describe_backups().db_instance_id(RDS).backup_status(rds::BackupStatus::Success).send().await;
    page.expect("DescribeBackups").items()[0].backup_id.clone().expect("an id")
}

#[tokio::test]
async fn clone_and_recovery_create_instances_that_become_running() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let backup = newest_backup(&c).await;

    let cloned = c
        .clone_db_instance()
        .db_instance_id(RDS)
        .region_id(REGION)
        .pay_type(InstancePayType::Postpaid)
        .backup_id(&backup)
        .db_instance_description("clone-of-emu1")
        .send()
        .await
        .expect("CloneDBInstance");
    let clone_id = cloned.db_instance_id.clone().expect("the clone's id");
    assert!(cloned.order_id.is_some());
    let listed = c.describe_db_instances_for_clone().region_id(REGION).db_instance_id(&clone_id).send().await;
    let listed = listed.expect("DescribeDBInstancesForClone");
    assert_eq!(listed.items()[0].db_instance_status, Some(InstanceStatus::Creating));
    assert_eq!(listed.items()[0].db_instance_description.as_deref(), Some("clone-of-emu1"));

    let running =
        c.wait_until_cloned_instance_running(poll(), &clone_id).options(restore_quick()).await.expect("the clone runs");
    assert_eq!(running.db_instance_status, Some(InstanceStatus::Running));
    // The clone is an RDS instance the other operations know (it has no backups yet).
    let backups = c.describe_backups().db_instance_id(&clone_id).send().await.expect("the clone's backups");
    assert_eq!(backups.total_record_count, Some(0));

    // A point in time between the oldest backup and now.
    let at = OffsetDateTime::now_utc() - Duration::from_secs(3600);
    let recovered = c
        .recovery_db_instance()
        .db_instance_id(RDS)
        .restore_time(at)
        .db_names("orders,orders_new")
        .send()
        .await
        .expect("RecoveryDBInstance");
    let recovered_id = recovered.db_instance_id.expect("the new instance's id");
    assert_ne!(recovered_id, clone_id);
    let running =
        c.wait_until_recovered_instance_running(poll(), &recovered_id).options(restore_quick()).await.expect("runs");
    assert_eq!(running.db_instance_id, Some(recovered_id));

    // Every instance of the region, page by page: the seeded one and the two new ones.
    let all: Vec<rds::CloneCandidate> = c
        .describe_db_instances_for_clone()
        .region_id(REGION)
        .page_size(1)
        .paginate()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}

#[tokio::test]
async fn table_restores_make_the_instance_restoring_then_running() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let backup = newest_backup(&c).await;
    c.restore_table().db_instance_id(RDS).backup_id(&backup).table_meta(TABLES).send().await.expect("RestoreTable");
    let status = |c: rds::Client| async move {
        let page = c.describe_db_instances_for_clone().region_id(REGION).db_instance_id(RDS).send().await.unwrap();
        page.items()[0].db_instance_status.clone()
    };
    assert_eq!(status(c.clone()).await, Some(InstanceStatus::Restoring));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(status(c.clone()).await, Some(InstanceStatus::Running));
}

#[tokio::test]
async fn the_cross_region_policy_drives_the_cross_region_listings() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let policy = c.describe_instance_cross_backup_policy().db_instance_id(RDS).region_id(REGION).send().await.unwrap();
    assert_eq!(policy.backup_enabled, Some(CrossBackupState::Disable));
    let since = OffsetDateTime::now_utc() - Duration::from_secs(10 * 365 * 24 * 3600);
    let until = OffsetDateTime::now_utc();
    let none = c
        .describe_cross_region_backups()
        .db_instance_id(RDS)
        .region_id(REGION)
        .start_time(since)
        .end_time(until)
        .send()
        .await
        .unwrap();
    assert_eq!(none.total_record_count, Some(0), "no copies while cross-region backup is off");

    let changed = c
        .modify_instance_cross_backup_policy()
        .db_instance_id(RDS)
        .region_id(REGION)
        .backup_enabled(CrossBackupSwitch::On)
        .log_backup_enabled(CrossBackupSwitch::On)
        .cross_backup_region("cn-shanghai")
        .retention(1825)
        .send()
        .await
        .expect("ModifyInstanceCrossBackupPolicy");
    assert_eq!((changed.backup_enabled, changed.retention), (Some(CrossBackupState::Enable), Some(1825)));
    let policy = c.describe_instance_cross_backup_policy().db_instance_id(RDS).region_id(REGION).send().await.unwrap();
    assert_eq!(policy.backup_enabled, Some(CrossBackupState::Enable));
    assert_eq!(policy.log_backup_enabled, Some(CrossBackupState::Enable));
    assert_eq!(policy.cross_backup_region.as_deref(), Some("cn-shanghai"));
    assert_eq!(policy.retention, Some(1825));
    assert!(policy.backup_enabled_time.is_some());

    let instances = c.describe_cross_region_backup_db_instance().region_id(REGION).send().await.unwrap();
    assert_eq!(instances.total_records, Some(1));
    assert_eq!(instances.items()[0].db_instance_id.as_deref(), Some(RDS));

    // The copies are the instance's succeeded backups within the retention window, in pages.
    let copies: Vec<rds::CrossRegionBackup> = c
        .describe_cross_region_backups()
        .db_instance_id(RDS)
        .region_id(REGION)
        .start_time(since)
        .end_time(until)
        .page_size(50)
        .paginate()
        .items()
        .try_collect()
        .await
        .unwrap();
    let succeeded: Vec<String> = emu
        .handle()
        .backups(RDS)
        .iter()
        .filter(|v| v.status == emulator::model::Status::Success)
        .map(|v| v.backup.id.to_string())
        .collect();
    let ids: Vec<String> = copies.iter().map(|b| b.cross_backup_id.unwrap().to_string()).collect();
    assert_eq!(ids, succeeded);
    assert!(copies.iter().all(|b| b.cross_backup_region.as_deref() == Some("cn-shanghai")));

    // Hourly log files: a 5-hour range well in the past holds 5 files.
    let start = OffsetDateTime::now_utc().replace_minute(0).unwrap().replace_second(0).unwrap()
        - Duration::from_secs(48 * 3600);
    let logs: Vec<rds::CrossRegionLogBackup> = c
        .describe_cross_region_log_backup_files()
        .db_instance_id(RDS)
        .region_id(REGION)
        .start_time(start)
        .end_time(start + Duration::from_secs(5 * 3600))
        .page_size(30)
        .paginate()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(logs.len(), 5);

    // The databases of one copy, then a cross-region table restore from it.
    let set = ids[0].clone();
    let meta = c.describe_cross_backup_meta_list().backup_set_id(&set).pattern("test").send().await.unwrap();
    assert_eq!(meta.db_instance_name.as_deref(), Some(RDS));
    assert_eq!(meta.items().len(), 2);
    assert!(meta.items().iter().all(|m| m.tables.is_none()), "a fuzzy search names databases only");
    let meta = c.describe_cross_backup_meta_list().backup_set_id(&set).get_db_name("orders").send().await.unwrap();
    assert_eq!(meta.items()[0].tables.as_deref(), Some("order_items,orders,payments"));
    let paged: Vec<rds::BackupMeta> = c
        .describe_cross_backup_meta_list()
        .backup_set_id(&set)
        .page_size(1)
        .paginate()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(paged.len(), 4);
    let restored = c
        .restore_ddr_table()
        .db_instance_id(RDS)
        .restore_type(DdrRestoreType::BackupSet)
        .backup_id(&set)
        .table_meta(TABLES)
        .send()
        .await
        .expect("RestoreDdrTable");
    assert_eq!(restored.db_instance_id.as_deref(), Some(RDS));

    // Switching off removes the copies.
    c.modify_instance_cross_backup_policy()
        .db_instance_id(RDS)
        .region_id(REGION)
        .backup_enabled(CrossBackupSwitch::Off)
        .send()
        .await
        .unwrap();
    let policy = c.describe_instance_cross_backup_policy().db_instance_id(RDS).region_id(REGION).send().await.unwrap();
    assert_eq!(
        (policy.backup_enabled, policy.log_backup_enabled),
        (Some(CrossBackupState::Disable), Some(CrossBackupState::Disable))
    );
    let instances = c.describe_cross_region_backup_db_instance().region_id(REGION).send().await.unwrap();
    assert_eq!(instances.total_records, Some(0));
}

#[tokio::test]
async fn bad_input_gets_the_documented_codes() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let code = |e: rds::OperationError<CloneDBInstanceErrorCode>| e.service_error().map(|e| e.code.clone());
    let clone = c.clone_db_instance().db_instance_id("rm-nope").pay_type(InstancePayType::Postpaid).backup_id("1");
    assert_eq!(code(clone.send().await.unwrap_err()), Some(CloneDBInstanceErrorCode::InvalidDbInstanceIdNotFound));
    let clone = c.clone_db_instance().db_instance_id(RDS).pay_type(InstancePayType::Postpaid);
    assert_eq!(code(clone.send().await.unwrap_err()), Some(CloneDBInstanceErrorCode::RequiredParamNotFound));
    let clone = c.clone_db_instance().db_instance_id(RDS).pay_type(InstancePayType::Postpaid).backup_id("999999999");
    assert_eq!(code(clone.send().await.unwrap_err()), Some(CloneDBInstanceErrorCode::ParametersInvalid));

    let recovery = c.recovery_db_instance().backup_id("999999999").db_names("a").send().await.unwrap_err();
    assert_eq!(recovery.service_error().map(|e| e.code.clone()), Some(RecoveryDBInstanceErrorCode::InvalidBackupSet));

    let restore = c.restore_table().db_instance_id(RDS).table_meta(TABLES).send().await.unwrap_err();
    assert_eq!(
        restore.service_error().map(|e| e.code.clone()),
        Some(RestoreTableErrorCode::MissBackupSetAndRestoreTimeNotFound)
    );
    let backup = newest_backup(&c).await;
    let restore = c.restore_table().db_instance_id(RDS).backup_id(&backup).table_meta("[]").send().await.unwrap_err();
    assert_eq!(restore.service_error().map(|e| e.code.clone()), Some(RestoreTableErrorCode::InvalidParamTableMeta));

    let ddr = c
        .restore_ddr_table()
        .db_instance_id(RDS)
        .restore_type(DdrRestoreType::BackupSet)
        .backup_id("999999999")
        .table_meta(TABLES)
        .send()
        .await
        .unwrap_err();
    assert_eq!(ddr.service_error().map(|e| e.code.clone()), Some(RestoreDdrTableErrorCode::InvalidBackupSetIdNotFound));

    let policy = c.describe_instance_cross_backup_policy().db_instance_id("rm-nope").region_id(REGION).send().await;
    assert_eq!(
        policy.unwrap_err().service_error().map(|e| e.code.clone()),
        Some(DescribeInstanceCrossBackupPolicyErrorCode::InvalidDbInstanceIdNotFound)
    );
    let modify = c.modify_instance_cross_backup_policy().db_instance_id(RDS).region_id(REGION);
    let no_region = modify.backup_enabled(CrossBackupSwitch::On).send().await.unwrap_err();
    assert_eq!(
        no_region.service_error().map(|e| e.code.clone()),
        Some(ModifyInstanceCrossBackupPolicyErrorCode::ParameterAbsence)
    );
    let modify = c.modify_instance_cross_backup_policy().db_instance_id(RDS).region_id(REGION);
    let nothing = modify.send().await.unwrap_err();
    assert_eq!(
        nothing.service_error().map(|e| e.code.clone()),
        Some(ModifyInstanceCrossBackupPolicyErrorCode::ParameterLeastAssociate)
    );
    // The policy is unchanged by refused requests.
    let policy = c.describe_instance_cross_backup_policy().db_instance_id(RDS).region_id(REGION).send().await.unwrap();
    assert_eq!(policy.backup_enabled, Some(CrossBackupState::Disable));

    let listing = c.describe_cross_region_backups().db_instance_id(RDS).region_id(REGION).send().await.unwrap_err();
    assert_eq!(
        listing.service_error().map(|e| e.code.clone()),
        Some(DescribeCrossRegionBackupsErrorCode::ParameterAbsence)
    );
    let meta = c.describe_cross_backup_meta_list().backup_set_id("999999999").send().await.unwrap_err();
    assert_eq!(
        meta.service_error().map(|e| e.code.clone()),
        Some(rds::DescribeCrossBackupMetaListErrorCode::InvalidBackupSetIdNotFound)
    );
}

/// The shared waiter options with a 5 s deadline: a clone or recovery takes longer than a backup here.
fn restore_quick() -> WaitOptions {
    quick().deadline(Duration::from_secs(5))
}
