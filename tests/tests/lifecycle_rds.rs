//! The RDS backup lifecycle through the generated client against the in-process emulator: CreateBackup starts a
//! job (DescribeBackupTasks, the BackupJobFinished waiter), the finished backup appears in DescribeBackups and
//! DescribeBackupDatabase, DeleteBackup / DeleteBackupFile remove it; ModifyBackupPolicy changes what
//! DescribeBackupPolicy returns; binlog and log backup files and the recovery windows agree with the backups
//! (paginators included); released instances' backups are detached; bad input gets the documented codes.

mod emulator_support;

use std::time::Duration;

use alibabacloud_backup::rds::{self, DescribeBackupTasksRequest};
use alibabacloud_backup::runtime::waiter::WaitError;
use alibabacloud_backup::OperationError;
use emulator::model::{Outcome, Product, SEED_ANCHOR};
use emulator_support::*;

fn poll(instance: &str) -> DescribeBackupTasksRequest {
    DescribeBackupTasksRequest::builder().db_instance_id(instance).build().expect("valid")
}

async fn total(c: &rds::Client, instance: &str) -> i32 {
    let page = c.describe_backups().db_instance_id(instance).send().await.expect("DescribeBackups");
    page.total_record_count.expect("a total")
}

#[tokio::test]
async fn a_created_backup_runs_finishes_is_listed_and_deleted() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let before = total(&c, RDS).await;

    let created = c.create_backup().db_instance_id(RDS).send().await.expect("CreateBackup");
    let job = created.backup_job_id.expect("a job id");
    let tasks = c.describe_backup_tasks().db_instance_id(RDS).send().await.expect("DescribeBackupTasks");
    let running = tasks.items().iter().find(|t| t.backup_job_id.as_deref() == Some(job.as_str())).expect("listed");
    assert_ne!(running.backup_status, Some(rds::BackupJobState::Finished), "still running");
    assert_eq!(running.job_mode, Some(rds::BackupMode::Manual));
    assert_eq!(total(&c, RDS).await, before, "not listed as a backup set while it runs");

    let finished = c.wait_until_backup_job_finished(poll(RDS), &job).options(quick()).await.expect("finishes");
    assert_eq!((finished.backup_status, finished.process), (Some(rds::BackupJobState::Finished), Some(100)));

    // Narrowed to the job, the listing names the backup set it produced.
    let narrowed = c
        .describe_backup_tasks()
        .db_instance_id(RDS)
        .backup_job_id(job.parse().expect("numeric"))
        .send()
        .await
        .expect("narrowed");
    let backup_id = narrowed.items()[0].backup_id.clone().expect("the backup set id");
    let listed = c.describe_backups().db_instance_id(RDS).backup_id(&backup_id).send().await.expect("listed");
    assert_eq!(listed.items().len(), 1);
    assert_eq!(listed.items()[0].backup_mode, Some(rds::BackupMode::Manual));
    assert_eq!(total(&c, RDS).await, before + 1);

    #[allow(deprecated)]
    let dbs = c.describe_backup_database().db_instance_id(RDS).backup_id(&backup_id).send().await.expect("databases");
    assert_eq!(dbs.database_names.as_deref(), Some("db1,db2,orders"));

    c.delete_backup().db_instance_id(RDS).backup_id(&backup_id).send().await.expect("DeleteBackup");
    assert_eq!(total(&c, RDS).await, before);
    let Err(OperationError::Service(e)) = c.delete_backup().db_instance_id(RDS).backup_id(&backup_id).send().await
    else {
        panic!("a deleted backup cannot be deleted again");
    };
    assert_eq!(e.code, rds::DeleteBackupErrorCode::InvalidBackupSetIdNotFound);
}

#[tokio::test]
async fn a_failed_job_ends_the_wait_with_failed_and_a_database_backup_holds_its_databases() {
    let emu = start().await;
    emu.handle().force_outcomes(&[Outcome::Failed]);
    let c = clients(config(&emu)).rds;
    let job = c.create_backup().db_instance_id(RDS).send().await.expect("created").backup_job_id.expect("id");
    match c.wait_until_backup_job_finished(poll(RDS), &job).options(quick()).await {
        Err(WaitError::Failed(j)) => assert_eq!(j.backup_status, Some(rds::BackupJobState::Failed)),
        other => panic!("expected Failed, got {other:?}"),
    }

    let job = c
        .create_backup()
        .db_instance_id(RDS)
        .backup_strategy(rds::BackupStrategy::Database)
        .db_name("db2")
        .backup_method(rds::BackupMethod::Logical)
        .send()
        .await
        .expect("a database backup")
        .backup_job_id
        .expect("id");
    c.wait_until_backup_job_finished(poll(RDS), &job).options(quick()).await.expect("finishes");
    let narrowed = c.describe_backup_tasks().db_instance_id(RDS).backup_job_id(job.parse().unwrap()).send().await;
    let backup_id = narrowed.unwrap().items()[0].backup_id.clone().expect("id");
    #[allow(deprecated)]
    let dbs = c.describe_backup_database().db_instance_id(RDS).backup_id(&backup_id).send().await.unwrap();
    assert_eq!(dbs.database_names.as_deref(), Some("db2"));

    // DeleteBackupFile by ID reports what it deleted.
    let deleted = c.delete_backup_file().db_instance_id(RDS).backup_id(&backup_id).send().await.expect("deleted");
    assert_eq!(deleted.deleted_bakset_ids(), [backup_id.parse::<i64>().unwrap()]);

    let Err(OperationError::Service(e)) = c.create_backup().db_instance_id(RDS).db_name("nope").send().await else {
        panic!("an unknown database is refused");
    };
    assert_eq!(e.code, rds::CreateBackupErrorCode::InvalidDbNotFound);
}

#[tokio::test]
async fn delete_backup_file_by_time_removes_older_backups() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let before = total(&c, RDS).await;
    let cutoff =
        (SEED_ANCHOR - Duration::from_secs(5 * 24 * 3600)).format(&time::format_description::well_known::Rfc3339);
    let deleted =
        c.delete_backup_file().db_instance_id(RDS).backup_time(cutoff.unwrap()).send().await.expect("deleted");
    let n = i32::try_from(deleted.deleted_bakset_ids().len()).unwrap();
    assert!(n > 0 && n < before);
    assert_eq!(total(&c, RDS).await, before - n);
}

#[tokio::test]
async fn a_policy_change_is_what_the_policy_reads() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let p = c.describe_backup_policy().db_instance_id(RDS).send().await.expect("policy");
    assert_eq!((p.backup_retention_period, p.enable_backup_log.clone()), (Some(7), Some(rds::EnableBackupLog::On)));

    let changed = c
        .modify_backup_policy()
        .db_instance_id(RDS)
        .preferred_backup_time("02:00Z-03:00Z")
        .preferred_backup_period("Tuesday,Saturday")
        .backup_retention_period(30)
        .enable_backup_log(rds::EnableBackupLog::False)
        .compress_type(rds::CompressType::Zlib)
        .released_keep_policy(rds::ReleasedKeepPolicy::Latest)
        .send()
        .await
        .expect("ModifyBackupPolicy");
    assert_eq!(changed.enable_backup_log, Some(rds::EnableBackupLog::Off));
    assert_eq!(changed.compress_type, Some(rds::CompressType::Zlib));

    let p = c.describe_backup_policy().db_instance_id(RDS).send().await.expect("policy");
    assert_eq!(p.preferred_backup_time.as_deref(), Some("02:00Z-03:00Z"));
    assert_eq!(p.preferred_backup_period.as_deref(), Some("Tuesday,Saturday"));
    assert_eq!(p.backup_retention_period, Some(30));
    assert_eq!(p.backup_log, Some(rds::LogBackupSwitch::Disabled));
    assert_eq!(p.released_keep_policy, Some(rds::ReleasedKeepPolicy::Latest));
    emu.handle().add_instance(Product::Rds, "rm-other", REGION);
    let other = c.describe_backup_policy().db_instance_id("rm-other").send().await.expect("another instance");
    assert_eq!(other.backup_retention_period, Some(7), "one instance's policy only");

    let Err(OperationError::Service(e)) = c.describe_backup_policy().db_instance_id("rm-nope").send().await else {
        panic!("unknown instance");
    };
    assert_eq!(e.code, rds::DescribeBackupPolicyErrorCode::InvalidDbInstanceNotFound);
    let Err(OperationError::Service(e)) = c.modify_backup_policy().db_instance_id("rm-nope").send().await else {
        panic!("unknown instance");
    };
    assert_eq!(e.code, rds::ModifyBackupPolicyErrorCode::InvalidDbInstanceIdNotFound);
}

#[tokio::test]
async fn log_files_and_recovery_windows_agree_with_the_backups() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    let start = SEED_ANCHOR - Duration::from_secs(365 * 24 * 3600);
    let window = c.describe_local_available_recovery_time().db_instance_id(RDS).send().await.expect("window");
    let (begin, end) = (window.recovery_begin_time.unwrap(), window.recovery_end_time.unwrap());

    let binlogs: Vec<rds::BinlogFile> = c
        .describe_binlog_files()
        .db_instance_id(RDS)
        .start_time(start)
        .end_time(SEED_ANCHOR)
        .page_size(30)
        .paginate()
        .items()
        .try_collect()
        .await
        .expect("every page");
    let first = c.describe_binlog_files().db_instance_id(RDS).start_time(start).end_time(SEED_ANCHOR).send().await;
    let first = first.expect("page 1");
    assert_eq!(usize::try_from(first.total_record_count.unwrap()).unwrap(), binlogs.len());
    assert!(binlogs.len() > 30, "more than one page");
    // Newest first: the newest file ends where the recovery window ends, the oldest begins where it begins.
    assert_eq!(binlogs.first().unwrap().log_end_time.as_ref().unwrap().to_datetime(), end.to_datetime());
    assert_eq!(binlogs.last().unwrap().log_begin_time.as_ref().unwrap().to_datetime(), begin.to_datetime());
    let bytes: i64 = binlogs.iter().filter_map(|f| f.file_size).sum();
    assert_eq!(first.total_file_size, Some(bytes));

    let logs: Vec<rds::LogBackupFile> = c
        .describe_log_backup_files()
        .db_instance_id(RDS)
        .start_time(start)
        .end_time(SEED_ANCHOR)
        .paginate()
        .items()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(logs.len(), binlogs.len());

    // The cross-region window of a backup starts at its consistent point.
    let page = c.describe_backups().db_instance_id(RDS).backup_status(rds::BackupStatus::Success).send().await;
    let b = page.unwrap().items()[0].clone();
    let id: i32 = b.backup_id.as_deref().unwrap().parse().unwrap();
    let cross = c.describe_available_recovery_time().cross_backup_id(id).send().await.expect("cross window");
    assert_eq!(cross.recovery_begin_time.unwrap().to_datetime(), b.backup_end_time.unwrap().to_datetime());
    assert_eq!(cross.recovery_end_time.unwrap().to_datetime(), end.to_datetime());

    let Err(OperationError::Service(e)) = c.describe_available_recovery_time().cross_backup_id(1).send().await else {
        panic!("unknown cross-region backup");
    };
    assert_eq!(e.code, rds::DescribeAvailableRecoveryTimeErrorCode::InvalidBackupSetIdNotFound);
    let reversed = c.describe_binlog_files().db_instance_id(RDS).start_time(SEED_ANCHOR).end_time(start).send().await;
    let Err(OperationError::Service(e)) = reversed else { panic!("end before start") };
    assert_eq!(e.code, rds::DescribeBinlogFilesErrorCode::InvalidParameterCombination);
    let unknown = c.describe_local_available_recovery_time().db_instance_id("rm-nope").send().await;
    let Err(OperationError::Service(e)) = unknown else { panic!("unknown instance") };
    assert_eq!(e.code, rds::DescribeLocalAvailableRecoveryTimeErrorCode::InvalidDbInstanceNotFound);
}

#[tokio::test]
async fn a_released_instances_backups_are_detached() {
    let emu = start().await;
    let c = clients(config(&emu)).rds;
    emu.handle().add_instance(Product::Rds, "rm-emu000002", REGION);
    for _ in 0..2 {
        let job = c.create_backup().db_instance_id("rm-emu000002").send().await.unwrap().backup_job_id.unwrap();
        c.wait_until_backup_job_finished(poll("rm-emu000002"), &job).options(quick()).await.expect("finishes");
    }
    let kept = total(&c, "rm-emu000002").await;
    assert_eq!(kept, 2);
    let empty = c.describe_detached_backups().region(REGION).send().await.expect("none yet");
    assert_eq!(empty.total_record_count, Some(0));
    assert!(emu.handle().release_instance("rm-emu000002"));
    assert!(!emu.handle().instances().iter().any(|i| i.product == Product::Rds && i.id == "rm-emu000002"));

    let detached: Vec<rds::DetachedBackup> =
        c.describe_detached_backups().region(REGION).page_size(50).paginate().items().try_collect().await.unwrap();
    assert_eq!(detached.len(), usize::try_from(kept).unwrap());
    assert!(detached.iter().all(|b| b.db_instance_id.as_deref() == Some("rm-emu000002")));
    let elsewhere = c.describe_detached_backups().region("cn-beijing").send().await.unwrap();
    assert_eq!(elsewhere.total_record_count, Some(0));
    let Err(OperationError::Service(e)) = c.describe_backup_tasks().db_instance_id("rm-emu000002").send().await else {
        panic!("a released instance is not found");
    };
    assert_eq!(e.code, rds::DescribeBackupTasksErrorCode::InvalidDbInstanceNotFound);
}
