//! PolarDB backup lifecycle through the generated client against the in-process emulator: a manual backup from
//! CreateBackup to DescribeBackupTasks, the `wait_until_backup_finished` waiter, DescribeBackups and DeleteBackup;
//! both policies read back as changed; log backups that follow the log policy; a released cluster's kept
//! backups (DescribeDBClustersWithBackups, DescribeDetachedBackups); RestoreTable from a backup set or a point
//! in time; every paginator; and the documented error codes for bad input.

mod emulator_support;

use std::time::Duration;

use alibabacloud_backup::polardb::{
    self, AdvancedDataPolicyChange, BackupFrequency, BackupMode, BackupPolicyLevel, BackupStatus, ClusterReleased,
    DeletionBackupRetention, DescribeBackupsRequest, PolicyAction, PolicyLocation, RetentionType,
};
use alibabacloud_backup::runtime::waiter::WaitError;
use alibabacloud_backup::OperationError;
use emulator::model::Outcome;
use emulator::Emulator;
use emulator_support::*;
use time::OffsetDateTime;

const TABLES: &str = r#"[{"tables":[{"name":"t1","type":"table","newname":"t1_restore"}],"name":"db1","type":"db","newname":"db1_restore"}]"#;

fn poll(cluster: &str) -> DescribeBackupsRequest {
    DescribeBackupsRequest::builder().db_cluster_id(cluster).build().expect("valid")
}

fn client(emu: &Emulator) -> polardb::Client {
    clients(config(emu)).polardb
}

/// The service error of a call that must fail.
macro_rules! code_of {
    ($call:expr) => {
        match $call.await {
            Err(OperationError::Service(e)) => e.code,
            other => panic!("expected a service error, got {other:?}"),
        }
    };
}

#[tokio::test]
async fn a_manual_backup_runs_finishes_is_listed_and_deleted() {
    let emu = start().await;
    let c = client(&emu);
    let created = c.create_backup().db_cluster_id(POLARDB).comment("before upgrade").send().await.expect("created");
    let id = created.backup_job_id.expect("a backup id");

    // Running: a job of DescribeBackupTasks, not yet a backup set.
    let tasks = c.describe_backup_tasks().db_cluster_id(POLARDB).backup_job_id(&id).send().await.unwrap();
    assert_eq!(tasks.items().len(), 1);
    assert_eq!(tasks.items()[0].job_mode, Some(BackupMode::Manual));
    let listed = c.describe_backups().db_cluster_id(POLARDB).backup_id(&id).send().await.unwrap();
    assert_eq!(listed.total_record_count, Some(0), "a running backup is not a backup set yet");

    let set = c.wait_until_backup_finished(poll(POLARDB), &id).options(quick()).await.expect("finishes");
    assert_eq!((set.backup_id.as_deref(), set.backup_status), (Some(id.as_str()), Some(BackupStatus::Success)));
    assert_eq!(set.comment.as_deref(), Some("before upgrade"));
    assert_eq!(set.backup_mode, Some(BackupMode::Manual));
    assert!(emu.handle().requests("DescribeBackups") >= 2, "it was running first");
    let tasks = c.describe_backup_tasks().db_cluster_id(POLARDB).backup_job_id(&id).send().await.unwrap();
    assert!(tasks.items().is_empty(), "the job is over");

    // Newest first, and the manual filter finds it.
    let page = c.describe_backups().db_cluster_id(POLARDB).backup_mode(BackupMode::Manual).send().await.unwrap();
    assert_eq!(page.items()[0].backup_id.as_deref(), Some(id.as_str()));

    c.delete_backup().db_cluster_id(POLARDB).backup_id(&id).send().await.expect("deleted");
    let listed = c.describe_backups().db_cluster_id(POLARDB).backup_id(&id).send().await.unwrap();
    assert_eq!(listed.total_record_count, Some(0));
    let again = c.delete_backup().db_cluster_id(POLARDB).backup_id(&id).send();
    assert_eq!(code_of!(again), polardb::DeleteBackupErrorCode::InvalidBackupSetIdNotFound);
    assert_eq!(emu.handle().backup(id.parse().unwrap()), None);
}

#[tokio::test]
async fn the_waiter_reports_a_failed_backup_and_walks_the_pages() {
    let emu = start().await;
    let c = client(&emu);
    emu.handle().force_outcomes(&[Outcome::Failed]);
    let id = c.create_backup().db_cluster_id(POLARDB).send().await.unwrap().backup_job_id.unwrap();
    match c.wait_until_backup_finished(poll(POLARDB), &id).options(quick()).await {
        Err(WaitError::Failed(set)) => assert_eq!(set.backup_status, Some(BackupStatus::Failed)),
        other => panic!("expected Failed, got {other:?}"),
    }

    // A finished backup set on page 3 (of 30) is found by walking the pages.
    let sets = c.describe_backups().db_cluster_id(POLARDB).page_number(3).send().await.unwrap();
    let deep = sets.items()[5].clone();
    let deep_id = deep.backup_id.clone().unwrap();
    let found = c.wait_until_backup_finished(poll(POLARDB), &deep_id).options(quick()).await;
    let found = match found {
        Ok(set) => set,
        Err(WaitError::Failed(set)) => set,
        Err(e) => panic!("expected the set of page 3, got {e:?}"),
    };
    assert_eq!(found, deep);
}

#[tokio::test]
async fn manual_backups_are_limited_and_client_tokens_are_idempotent() {
    let emu = start().await;
    let c = client(&emu);
    let first = c.create_backup().db_cluster_id(POLARDB).client_token("tok-1").send().await.unwrap();
    let repeat = c.create_backup().db_cluster_id(POLARDB).client_token("tok-1").send().await.unwrap();
    assert_eq!(first.backup_job_id, repeat.backup_job_id, "the same token starts no second backup");
    c.create_backup().db_cluster_id(POLARDB).send().await.unwrap();
    let third = c.create_backup().db_cluster_id(POLARDB).send().await.unwrap().backup_job_id.unwrap();
    let fourth = c.create_backup().db_cluster_id(POLARDB).send();
    assert_eq!(code_of!(fourth), polardb::CreateBackupErrorCode::BackupTimesExceeded);

    // Deleting one (once finished) makes room.
    c.wait_until_backup_finished(poll(POLARDB), &third).options(quick()).await.unwrap();
    c.delete_backup().db_cluster_id(POLARDB).backup_id(&third).send().await.unwrap();
    c.create_backup().db_cluster_id(POLARDB).send().await.expect("room again");

    let unknown = c.create_backup().db_cluster_id("pc-nope").send();
    assert_eq!(code_of!(unknown), polardb::CreateBackupErrorCode::InvalidDbClusterIdNotFound);
    let unknown = c.describe_backups().db_cluster_id("pc-nope").send();
    assert_eq!(code_of!(unknown), polardb::DescribeBackupsErrorCode::InvalidDbClusterIdNotFound);
}

#[tokio::test]
async fn the_backup_policy_reads_back_as_changed() {
    let emu = start().await;
    let c = client(&emu);
    let before = c.describe_backup_policy().db_cluster_id(POLARDB).send().await.unwrap();
    assert_eq!(before.preferred_backup_time.as_deref(), Some("07:00Z-08:00Z"));
    assert_eq!(before.backup_retention_policy_on_cluster_deletion, Some(DeletionBackupRetention::Nothing));
    assert_eq!(before.backup_policy_level, Some(BackupPolicyLevel::Normal));
    let next = before.preferred_next_backup_time.and_then(|t| t.to_datetime()).expect("a next backup time");
    assert!(next > OffsetDateTime::now_utc());

    c.modify_backup_policy()
        .db_cluster_id(POLARDB)
        .preferred_backup_time("02:00Z-03:00Z")
        .preferred_backup_period("Monday,Wednesday")
        .data_level1_backup_retention_period(10)
        .data_level2_backup_retention_period(-1)
        .backup_retention_policy_on_cluster_deletion(DeletionBackupRetention::All)
        .send()
        .await
        .expect("modified");
    let after = c.describe_backup_policy().db_cluster_id(POLARDB).send().await.unwrap();
    assert_eq!(after.preferred_backup_time.as_deref(), Some("02:00Z-03:00Z"));
    assert_eq!(after.preferred_backup_period.as_deref(), Some("Monday,Wednesday"));
    assert_eq!(after.data_level1_backup_retention_period, Some(10));
    assert_eq!(after.data_level2_backup_retention_period, Some(-1));
    assert_eq!(after.backup_retention_policy_on_cluster_deletion, Some(DeletionBackupRetention::All));
    assert_eq!(after.backup_frequency, Some(BackupFrequency::Normal), "unchanged");

    // High frequency makes every day a backup day.
    c.modify_backup_policy()
        .db_cluster_id(POLARDB)
        .backup_frequency(BackupFrequency::Every2Hours)
        .send()
        .await
        .unwrap();
    let high = c.describe_backup_policy().db_cluster_id(POLARDB).send().await.unwrap();
    assert_eq!(high.backup_frequency, Some(BackupFrequency::Every2Hours));
    assert_eq!(
        high.preferred_backup_period.as_deref(),
        Some("Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday")
    );

    use polardb::ModifyBackupPolicyErrorCode as E;
    let bad = c.modify_backup_policy().db_cluster_id(POLARDB).preferred_backup_time("02:00Z-04:00Z").send();
    assert_eq!(code_of!(bad), E::InvalidPreferredBackupTimeMalformed);
    let bad = c.modify_backup_policy().db_cluster_id(POLARDB).preferred_backup_period("Monday").send();
    assert_eq!(code_of!(bad), E::InvalidPreferredBackupPeriodMalformed);
    let bad = c.modify_backup_policy().db_cluster_id(POLARDB).data_level2_backup_retention_period(10).send();
    assert_eq!(code_of!(bad), E::InvalidDataLevel2BackupRetentionPeriodMalformed);
    let bad = c.modify_backup_policy().db_cluster_id("pc-nope").send();
    assert_eq!(code_of!(bad), E::InvalidDbClusterIdNotFound);

    // Advanced policies need the advanced level, which cannot be left.
    let mut change = AdvancedDataPolicyChange::default();
    change.action_type = Some(PolicyAction::Create);
    change.src_type = Some(PolicyLocation::Level1);
    change.dest_type = Some(PolicyLocation::Level2);
    change.retention_type = Some(RetentionType::Days);
    change.retention_value = Some("30".to_owned());
    let early = c.modify_backup_policy().db_cluster_id(POLARDB).advanced_data_policies(vec![change.clone()]).send();
    assert_eq!(code_of!(early), E::IncorrectBackupPolicy);
    c.modify_backup_policy()
        .db_cluster_id(POLARDB)
        .backup_policy_level(BackupPolicyLevel::Advanced)
        .advanced_data_policies(vec![change])
        .send()
        .await
        .expect("advanced");
    let advanced = c.describe_backup_policy().db_cluster_id(POLARDB).send().await.unwrap();
    assert_eq!(advanced.backup_policy_level, Some(BackupPolicyLevel::Advanced));
    let policy = &advanced.advanced_data_policies()[0];
    assert_eq!(
        (policy.dest_type.clone(), policy.retention_value.as_deref()),
        (Some(PolicyLocation::Level2), Some("30"))
    );
    let mut delete = AdvancedDataPolicyChange::default();
    delete.action_type = Some(PolicyAction::Delete);
    delete.policy_id = policy.policy_id.clone();
    c.modify_backup_policy().db_cluster_id(POLARDB).advanced_data_policies(vec![delete]).send().await.unwrap();
    let emptied = c.describe_backup_policy().db_cluster_id(POLARDB).send().await.unwrap();
    assert!(emptied.advanced_data_policies().is_empty());
    let back = c.modify_backup_policy().db_cluster_id(POLARDB).backup_policy_level(BackupPolicyLevel::Normal).send();
    assert_eq!(code_of!(back), E::IncorrectBackupPolicy);
}

#[tokio::test]
async fn log_backups_follow_the_log_policy_page_by_page() {
    let emu = start().await;
    let c = client(&emu);
    let policy = c.describe_log_backup_policy().db_cluster_id(POLARDB).send().await.unwrap();
    assert_eq!(
        (policy.log_backup_retention_period, policy.log_backup_another_region_retention_period),
        (Some(7), Some(0))
    );
    assert_eq!(policy.enable_backup_log, Some(polardb::LogBackupSwitch::Enabled));

    let now = OffsetDateTime::now_utc();
    let (start, end) = (now - Duration::from_secs(30 * 24 * 3600), now + Duration::from_secs(3600));
    let logs =
        || c.describe_backup_logs().db_cluster_id(POLARDB).start_time(start).end_time(end).page_size(30).paginate();
    let all: Vec<polardb::BackupLog> = logs().items().try_collect().await.unwrap();
    // 7 days of complete hourly files (one more or less at the edges of the hour).
    assert!((167..=169).contains(&all.len()), "{}", all.len());
    let first = c.describe_backup_logs().db_cluster_id(POLARDB).start_time(start).end_time(end).send().await.unwrap();
    assert_eq!(first.total_record_count, Some(i32::try_from(all.len()).unwrap()));
    let ids: std::collections::HashSet<_> = all.iter().filter_map(|l| l.backup_log_id.clone()).collect();
    assert_eq!(ids.len(), all.len(), "ids are unique across pages");

    c.modify_log_backup_policy()
        .db_cluster_id(POLARDB)
        .log_backup_retention_period(3)
        .log_backup_another_region_region("cn-beijing")
        .log_backup_another_region_retention_period(30)
        .send()
        .await
        .unwrap();
    let policy = c.describe_log_backup_policy().db_cluster_id(POLARDB).send().await.unwrap();
    assert_eq!(policy.log_backup_retention_period, Some(3));
    assert_eq!(policy.log_backup_another_region_region.as_deref(), Some("cn-beijing"));
    assert_eq!(policy.log_backup_another_region_retention_period, Some(30));
    let kept: Vec<polardb::BackupLog> = logs().items().try_collect().await.unwrap();
    assert!((71..=73).contains(&kept.len()), "{}", kept.len());
    let copies = c
        .describe_backup_logs()
        .db_cluster_id(POLARDB)
        .start_time(start)
        .end_time(end)
        .backup_region("cn-beijing")
        .send()
        .await
        .unwrap();
    assert!(copies.total_record_count.unwrap_or_default() > 0, "the cross-region copies are listed");
    let elsewhere =
        c.describe_backup_logs().db_cluster_id(POLARDB).start_time(start).end_time(end).backup_region("cn-shanghai");
    assert_eq!(elsewhere.send().await.unwrap().total_record_count, Some(0));

    use polardb::ModifyLogBackupPolicyErrorCode as E;
    let bad = c.modify_log_backup_policy().db_cluster_id(POLARDB).log_backup_retention_period(2).send();
    assert_eq!(code_of!(bad), E::InvalidLogBackupRetentionPeriodMalformed);
    let bad = c.modify_log_backup_policy().db_cluster_id(POLARDB).log_backup_another_region_retention_period(5).send();
    assert_eq!(code_of!(bad), E::InvalidLogBackupAnotherRegionRetentionPeriodMalformed);
    let reversed = c.describe_backup_logs().db_cluster_id(POLARDB).start_time(end).end_time(start).send();
    assert_eq!(code_of!(reversed), polardb::DescribeBackupLogsErrorCode::InvalidEndTimeMalformed);
    let unknown = c.describe_log_backup_policy().db_cluster_id("pc-nope").send();
    assert_eq!(code_of!(unknown), polardb::DescribeLogBackupPolicyErrorCode::InvalidDbClusterIdNotFound);
}

#[tokio::test]
async fn a_released_cluster_keeps_its_backups_until_they_are_deleted() {
    let emu = start().await;
    let c = client(&emu);
    let listed =
        |deleted: ClusterReleased| c.describe_db_clusters_with_backups().region_id(REGION).is_deleted(deleted).send();
    assert_eq!(listed(ClusterReleased::Existing).await.unwrap().total_record_count, Some(1));
    assert_eq!(listed(ClusterReleased::Released).await.unwrap().total_record_count, Some(0));
    let detached = c.describe_detached_backups().db_cluster_id(POLARDB).send().await.unwrap();
    assert_eq!(detached.total_record_count, Some(0), "a running cluster has no detached backups");

    c.modify_backup_policy()
        .db_cluster_id(POLARDB)
        .backup_retention_policy_on_cluster_deletion(DeletionBackupRetention::All)
        .send()
        .await
        .unwrap();
    let finished = emu.handle().backups(POLARDB).len() - 1; // the seeded running task is dropped
    assert!(emu.handle().release_polardb_cluster(POLARDB));

    let gone = c.describe_backups().db_cluster_id(POLARDB).send();
    assert_eq!(code_of!(gone), polardb::DescribeBackupsErrorCode::InvalidDbClusterIdNotFound);
    assert_eq!(listed(ClusterReleased::Existing).await.unwrap().total_record_count, Some(0));
    let released = listed(ClusterReleased::Released).await.unwrap();
    let cluster = &released.items()[0];
    assert_eq!(cluster.db_cluster_id.as_deref(), Some(POLARDB));
    assert_eq!(cluster.db_cluster_status, Some(polardb::ClusterStatus::Deleted));
    assert!(cluster.deleted_time.is_some());

    let kept: Vec<polardb::DetachedBackup> = c
        .describe_detached_backups()
        .db_cluster_id(POLARDB)
        .page_size(50)
        .paginate()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(kept.len(), finished);
    let ids: Vec<String> = kept.iter().filter_map(|b| b.backup_id.clone()).collect();
    for chunk in ids.chunks(40) {
        c.delete_backup().db_cluster_id(POLARDB).backup_id(chunk.join(",")).send().await.expect("deleted");
    }
    assert_eq!(listed(ClusterReleased::Released).await.unwrap().total_record_count, Some(0));
    let forgotten = c.describe_detached_backups().db_cluster_id(POLARDB).send();
    assert_eq!(code_of!(forgotten), polardb::DescribeDetachedBackupsErrorCode::InvalidDbClusterIdNotFound);
}

#[tokio::test]
async fn clusters_with_backups_page() {
    let config = emulator::Config::default().instances(45).backups(2);
    let emu = Emulator::start(config).await.expect("the emulator starts");
    let c = client(&emu);
    let all: Vec<polardb::ClusterWithBackups> = c
        .describe_db_clusters_with_backups()
        .region_id(REGION)
        .page_size(30)
        .paginate()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 45);
    assert!(all.iter().all(|c| c.is_deleted == Some(ClusterReleased::Existing)));
    let some = c.describe_db_clusters_with_backups().region_id(REGION).db_cluster_ids("pc-emu000002,pc-emu000007");
    assert_eq!(some.send().await.unwrap().total_record_count, Some(2));
    let elsewhere = c.describe_db_clusters_with_backups().region_id("cn-beijing").send().await.unwrap();
    assert_eq!(elsewhere.total_record_count, Some(0));
}

#[tokio::test]
async fn restore_table_needs_a_backup_set_or_a_covered_point_in_time() {
    let emu = start().await;
    let c = client(&emu);
    let sets = c.describe_backups().db_cluster_id(POLARDB).backup_status(BackupStatus::Success).send().await.unwrap();
    let id = sets.items()[0].backup_id.clone().unwrap();
    c.restore_table().db_cluster_id(POLARDB).table_meta(TABLES).backup_id(&id).send().await.expect("from a backup set");
    let at = OffsetDateTime::now_utc() - Duration::from_secs(3600);
    let at = at.replace_nanosecond(0).unwrap();
    c.restore_table().db_cluster_id(POLARDB).table_meta(TABLES).restore_time(at).send().await.expect("to a time");
    let restores = emu.handle().polardb_table_restores();
    assert_eq!(restores.len(), 2);
    assert_eq!(restores[0].backup, Some(id.parse().unwrap()));
    assert_eq!((restores[1].backup, restores[1].time), (None, at));

    use polardb::RestoreTableErrorCode as E;
    let r = || c.restore_table().db_cluster_id(POLARDB).table_meta(TABLES);
    assert_eq!(code_of!(r().backup_id("999999999").send()), E::InvalidBackupSetIdNotFound);
    let old = OffsetDateTime::now_utc() - Duration::from_secs(8 * 24 * 3600);
    assert_eq!(code_of!(r().restore_time(old).send()), E::InvalidRestoreTimeFormat);
    assert_eq!(code_of!(r().send()), E::InvalidRestoreTypeNotFound);
    let bad_meta = c.restore_table().db_cluster_id(POLARDB).table_meta("not json").backup_id(&id).send();
    assert_eq!(code_of!(bad_meta), E::InvalidParametersFormat);
    let unknown = c.restore_table().db_cluster_id("pc-nope").table_meta(TABLES).backup_id(&id).send();
    assert_eq!(code_of!(unknown), E::InvalidDbClusterIdNotFound);

    // Logs kept 3 days cannot reach 5 days back.
    c.modify_log_backup_policy().db_cluster_id(POLARDB).log_backup_retention_period(3).send().await.unwrap();
    let five_days = OffsetDateTime::now_utc() - Duration::from_secs(5 * 24 * 3600);
    assert_eq!(code_of!(r().restore_time(five_days).send()), E::InvalidBackupNotFound);
    assert_eq!(emu.handle().polardb_table_restores().len(), 2, "refused restores are not recorded");
}
