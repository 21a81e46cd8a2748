//! PolarDB-X backup lifecycle through the generated client against the emulator: a set CreateBackup started is
//! shown by DescribeBackupSet (in progress, then with its files once the `wait_until_backup_set_succeeded` waiter
//! returns), UpdateBackupPolicy changes what DescribeBackupPolicy returns and keeps what was not sent, and bad
//! input is refused (before sending where the spec says so, by the emulator otherwise).

mod emulator_support;

use alibabacloud_backup::polardbx::{
    BackupModel, BackupSetStatus, BackupWay, CreateBackupType, DescribeBackupSetListRequest, ForceCleanOnHighSpaceUsage,
};
use emulator_support::*;

#[tokio::test]
async fn describe_backup_set_follows_a_created_set() {
    let emu = start().await;
    let c = clients(config(&emu)).polardbx;
    let created = c.create_backup().region_id(REGION).db_instance_name(PXC).send().await.expect("CreateBackup");
    let id = created.data.and_then(|d| d.backup_set_id).expect("an id");
    let set = c.describe_backup_set().region_id(REGION).db_instance_name(PXC).backup_set_id(&id).send().await;
    let set = set.expect("DescribeBackupSet");
    let first = &set.data()[0];
    assert_eq!(first.backup_set_id.map(|n| n.to_string()), Some(id.clone()));
    assert_eq!(first.status, Some(BackupSetStatus::InProgress));
    assert_eq!(first.backup_model, Some(BackupModel::Manual));
    assert!(first.oss_list().is_empty(), "no file before it finishes");

    let poll = DescribeBackupSetListRequest::builder().region_id(REGION).db_instance_name(PXC).build().unwrap();
    c.wait_until_backup_set_succeeded(poll, &id).options(quick()).await.expect("succeeds");
    let set = c.describe_backup_set().db_instance_name(PXC).backup_set_id(&id).send().await.expect("no region");
    let done = &set.data()[0];
    assert_eq!(done.status, Some(BackupSetStatus::Succeeded));
    assert!(done.end_time.is_some() && done.backup_set_size.unwrap_or(0) > 0);
    assert_eq!(done.oss_list().len(), 1);
    assert!(done.oss_list()[0].download_link.as_deref().is_some_and(|l| l.contains(PXC)));

    let missing = c.describe_backup_set().db_instance_name(PXC).backup_set_id("424242").send().await;
    assert_eq!(missing.expect_err("unknown set").service_code(), Some("InvalidBackupSetId.NotFound"));
    let other = c.describe_backup_set().db_instance_name("pxc-nope").backup_set_id(&id).send().await;
    assert_eq!(other.expect_err("unknown instance").service_code(), Some("InvalidDBInstanceName.NotFound"));
}

#[tokio::test]
async fn update_backup_policy_changes_what_describe_returns() {
    let emu = start().await;
    let c = clients(config(&emu)).polardbx;
    let before = c.describe_backup_policy().region_id(REGION).db_instance_name(PXC).send().await.unwrap();
    let before = before.data.expect("a policy");
    assert_eq!(before.backup_period.as_deref(), Some("1111111"));
    assert_eq!(before.db_instance_name.as_deref(), Some(PXC));

    let updated = c
        .update_backup_policy()
        .region_id(REGION)
        .db_instance_name(PXC)
        .backup_period("1001000")
        .backup_plan_begin("04:00Z")
        .backup_set_retention(30)
        .backup_type(CreateBackupType::Fast)
        .backup_way(BackupWay::Logical)
        .force_clean_on_high_space_usage(ForceCleanOnHighSpaceUsage::Disabled)
        .is_cross_region_data_backup_enabled(true)
        .dest_cross_region("cn-shanghai")
        .send()
        .await
        .expect("UpdateBackupPolicy");
    let returned = updated.data.expect("the policy after the change");
    let read = c.describe_backup_policy().region_id(REGION).db_instance_name(PXC).send().await.unwrap();
    let read = read.data.expect("a policy");
    assert_eq!(returned, read, "the update returns what a read returns");
    assert_eq!(read.backup_period.as_deref(), Some("1001000"));
    assert_eq!(read.backup_plan_begin.as_deref(), Some("04:00Z"));
    assert_eq!(read.backup_set_retention, Some(30));
    assert_eq!(read.backup_way.as_deref(), Some("L"));
    assert_eq!(read.force_clean_on_high_space_usage, Some(ForceCleanOnHighSpaceUsage::Disabled));
    assert_eq!(read.is_cross_region_data_backup_enabled, Some(true));
    assert_eq!(read.dest_cross_region.as_deref(), Some("cn-shanghai"));
    assert_eq!(read.local_log_retention, before.local_log_retention, "not sent, so unchanged");

    // Checked before sending (the spec's range), then by the emulator (the page's rules).
    let range = c.update_backup_policy().region_id(REGION).db_instance_name(PXC).remove_log_retention(3).send().await;
    assert!(range.expect_err("out of range").service_error().is_none(), "refused by the builder");
    let one_day =
        c.update_backup_policy().region_id(REGION).db_instance_name(PXC).backup_period("1000000").send().await;
    assert_eq!(one_day.expect_err("one day").service_code(), Some("InvalidParameter"));
    let no_region = c
        .update_backup_policy()
        .region_id(REGION)
        .db_instance_name(PXC)
        .is_cross_region_log_backup_enabled(true)
        .send()
        .await;
    assert_eq!(no_region.expect_err("no destination").service_code(), Some("InvalidParameter"));
    let unknown = c.describe_backup_policy().region_id(REGION).db_instance_name("pxc-nope").send().await;
    assert_eq!(unknown.expect_err("unknown").service_code(), Some("InvalidDBInstanceName.NotFound"));
    let still = c.describe_backup_policy().region_id(REGION).db_instance_name(PXC).send().await.unwrap();
    assert_eq!(still.data.and_then(|d| d.backup_period).as_deref(), Some("1001000"), "refused changes change nothing");
}
