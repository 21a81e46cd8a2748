//! Redis / Tair backup lifecycle through the generated client against the emulator: CreateBackup starts a job
//! that DescribeBackupTasks follows, the `wait_until_backup_succeeded` waiter (on DescribeBackups) sees it
//! finish, DescribeBackups then lists it (and pages the seeded backups with the paginator), ModifyBackupPolicy
//! changes what DescribeBackupPolicy returns, RestoreInstance accepts an existing backup or a point in time under
//! data flashback, and bad input gets the documented codes.

mod emulator_support;

use std::time::Duration;

use alibabacloud_backup::r_kvstore::{
    self, BackupLogSwitch, BackupProgressStatus, BackupStatus, DescribeBackupsErrorCode, DescribeBackupsRequest,
    RestoreInstanceErrorCode, RestoreType,
};
use alibabacloud_backup::runtime::waiter::WaitError;
use emulator::model::{Outcome, Status, SEED_ANCHOR};
use emulator_support::*;
use time::OffsetDateTime;

/// A poll over the last hour and the next (minute precision on the wire).
fn poll(job: Option<i64>) -> DescribeBackupsRequest {
    let now = OffsetDateTime::now_utc();
    let mut b = DescribeBackupsRequest::builder()
        .instance_id(REDIS)
        .start_time(now - Duration::from_secs(3600))
        .end_time(now + Duration::from_secs(3600));
    if let Some(job) = job {
        b = b.backup_job_id(job);
    }
    b.build().expect("valid")
}

async fn create(c: &r_kvstore::Client) -> i64 {
    let created = c.create_backup().instance_id(REDIS).send().await.expect("CreateBackup");
    created.backup_job_id.expect("a job id").parse().expect("one numeric job id")
}

#[tokio::test]
async fn a_backup_job_runs_then_its_backup_is_listed() {
    let emu = start().await;
    let c = clients(config(&emu)).redis;
    let job = create(&c).await;

    let tasks = c.describe_backup_tasks().instance_id(REDIS).send().await.expect("DescribeBackupTasks");
    let running = tasks.backup_jobs().iter().find(|j| j.backup_job_id == Some(job)).expect("the running job");
    assert_eq!(running.job_mode, Some(r_kvstore::BackupMode::Manual));
    assert_eq!(running.task_action, Some(r_kvstore::TaskAction::TempBackupTask));
    assert_ne!(running.backup_progress_status, Some(BackupProgressStatus::Finished));
    let listed = c.send_describe_backups(&poll(Some(job))).await.expect("DescribeBackups");
    assert!(listed.backups().is_empty(), "not listed while the job runs");

    let backup = c.wait_until_backup_succeeded(poll(None), job).options(quick()).await.expect("succeeds");
    assert_eq!((backup.backup_job_id, backup.backup_status), (Some(job), Some(BackupStatus::Success)));
    assert!(emu.handle().requests("DescribeBackups") >= 2, "it was running first");

    let listed = c.send_describe_backups(&poll(Some(job))).await.expect("DescribeBackups");
    assert_eq!(listed.total_count, Some(1));
    assert_eq!(listed.backups()[0].backup_mode, Some(r_kvstore::BackupMode::Manual));
    assert!(listed.backups()[0].backup_download_url.is_some());
    let tasks = c.describe_backup_tasks().instance_id(REDIS).backup_job_id(job.to_string()).send().await.unwrap();
    assert_eq!(tasks.backup_jobs()[0].backup_progress_status, Some(BackupProgressStatus::Finished));
    let running = c.describe_backup_tasks().instance_id(REDIS).send().await.unwrap();
    assert!(running.backup_jobs().iter().all(|j| j.backup_job_id != Some(job)), "no longer running");
}

#[tokio::test]
async fn a_failed_backup_ends_the_wait_as_failed() {
    let emu = start().await;
    emu.handle().force_outcomes(&[Outcome::Failed]);
    let c = clients(config(&emu)).redis;
    let job = create(&c).await;
    match c.wait_until_backup_succeeded(poll(None), job).options(quick()).await {
        Err(WaitError::Failed(b)) => assert_eq!(b.backup_status, Some(BackupStatus::Failed)),
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn the_paginator_walks_every_finished_backup() {
    let emu = start().await;
    let c = clients(config(&emu)).redis;
    let finished = emu.handle().backups(REDIS).iter().filter(|v| v.status != Status::InProgress).count();
    let items: Vec<r_kvstore::Backup> = c
        .describe_backups()
        .instance_id(REDIS)
        .start_time(SEED_ANCHOR - Duration::from_secs(365 * 24 * 3600))
        .end_time(SEED_ANCHOR)
        .page_size(50)
        .paginate()
        .items()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(items.len(), finished);
    let first = c
        .describe_backups()
        .instance_id(REDIS)
        .start_time(SEED_ANCHOR - Duration::from_secs(365 * 24 * 3600))
        .end_time(SEED_ANCHOR)
        .send()
        .await
        .unwrap();
    assert_eq!(first.total_count.and_then(|t| usize::try_from(t).ok()), Some(finished));
    assert_eq!(first.backups().len(), 30, "the default page size");
}

#[tokio::test]
async fn the_policy_reads_back_what_was_set() {
    let emu = start().await;
    let c = clients(config(&emu)).redis;
    let before = c.describe_backup_policy().instance_id(REDIS).send().await.expect("DescribeBackupPolicy");
    assert_eq!(before.backup_retention_period, Some(7));
    assert_eq!(before.enable_backup_log, Some(BackupLogSwitch::Disabled));
    c.modify_backup_policy()
        .instance_id(REDIS)
        .preferred_backup_time("07:00Z-08:00Z")
        .preferred_backup_period("Tuesday,Monday")
        .backup_retention_period(30)
        .enable_backup_log(BackupLogSwitch::Enabled)
        .send()
        .await
        .expect("ModifyBackupPolicy");
    let after = c.describe_backup_policy().instance_id(REDIS).send().await.unwrap();
    assert_eq!(after.preferred_backup_time.as_deref(), Some("07:00Z-08:00Z"));
    assert_eq!(after.preferred_backup_period.as_deref(), Some("Monday,Tuesday"));
    assert_eq!(after.backup_retention_period, Some(30));
    assert_eq!(after.enable_backup_log, Some(BackupLogSwitch::Enabled));
    let next = after.preferred_next_backup_time.and_then(|t| t.to_datetime()).expect("a next backup time");
    assert_eq!(next.hour(), 7);
    assert!(matches!(next.weekday(), time::Weekday::Monday | time::Weekday::Tuesday));

    let bad = c
        .modify_backup_policy()
        .instance_id(REDIS)
        .preferred_backup_time("07:30Z-09:00Z")
        .preferred_backup_period("Monday")
        .send()
        .await
        .expect_err("not on the hour");
    assert_eq!(bad.service_code(), Some("InvalidParameter"));
    let unknown = c.describe_backup_policy().instance_id("r-nope").send().await.expect_err("unknown");
    assert_eq!(unknown.service_code(), Some("InvalidInstanceId.NotFound"));
}

#[tokio::test]
async fn restores_need_an_existing_backup_or_flashback() {
    let emu = start().await;
    let c = clients(config(&emu)).redis;
    let job = create(&c).await;
    c.wait_until_backup_succeeded(poll(None), job).options(quick()).await.expect("succeeds");
    c.restore_instance().instance_id(REDIS).backup_id(job.to_string()).send().await.expect("restores the backup");

    let code =
        |e: alibabacloud_backup::runtime::Error<RestoreInstanceErrorCode>| e.service_error().map(|s| s.code.clone());
    let missing = c.restore_instance().instance_id(REDIS).send().await.expect_err("no backup");
    assert_eq!(code(missing), Some(RestoreInstanceErrorCode::MissingParameter));
    let unknown = c.restore_instance().instance_id(REDIS).backup_id("999999999").send().await.expect_err("unknown");
    assert_eq!(unknown.service_code(), Some("InvalidBackupId.NotFound"));

    let at = OffsetDateTime::now_utc() - Duration::from_secs(1);
    let pitr = || c.restore_instance().instance_id(REDIS).restore_type(RestoreType::PointInTime);
    let off = pitr().restore_time(at).send().await.expect_err("flashback is off");
    assert_eq!(code(off), Some(RestoreInstanceErrorCode::ServiceNotSupport));
    c.modify_backup_policy()
        .instance_id(REDIS)
        .preferred_backup_time("05:00Z-06:00Z")
        .preferred_backup_period("Monday")
        .enable_backup_log(BackupLogSwitch::Enabled)
        .send()
        .await
        .unwrap();
    let early = pitr().restore_time(at).send().await.expect_err("before flashback was on");
    assert_eq!(code(early), Some(RestoreInstanceErrorCode::InvalidBinlogNotValid));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let at = OffsetDateTime::now_utc() - Duration::from_millis(10);
    pitr().restore_time(at).filter_key("user:*").send().await.expect("restores to the second");
    let both = pitr().restore_time(at).backup_id(job.to_string()).send().await.expect_err("both");
    assert_eq!(code(both), Some(RestoreInstanceErrorCode::ResroreParamNotMatch));
}

#[tokio::test]
async fn bad_input_gets_the_documented_codes() {
    let emu = start().await;
    let c = clients(config(&emu)).redis;
    let now = OffsetDateTime::now_utc();
    let reversed = c
        .describe_backups()
        .instance_id(REDIS)
        .start_time(now)
        .end_time(now - Duration::from_secs(3600))
        .send()
        .await
        .expect_err("end before start");
    assert_eq!(
        reversed.service_error().map(|s| s.code.clone()),
        Some(DescribeBackupsErrorCode::InvalidStartTimeAndEndTimeMalformed)
    );
    for e in [
        c.create_backup()
            .instance_id("r-nope")
            .send()
            .await
            .map(|_| ())
            .expect_err("unknown")
            .service_code()
            .map(str::to_owned),
        c.describe_backup_tasks()
            .instance_id("r-nope")
            .send()
            .await
            .map(|_| ())
            .expect_err("unknown")
            .service_code()
            .map(str::to_owned),
    ] {
        assert_eq!(e.as_deref(), Some("InvalidInstanceId.NotFound"));
    }
    let retention = c.create_backup().instance_id(REDIS).backup_retention_period(3).send().await.expect_err("3 days");
    assert_eq!(retention.service_code(), Some("InvalidParameter"));
}
