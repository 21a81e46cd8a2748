//! The generated waiter (`wait_until_backup_set_succeeded`) against the emulator: success, a failed backup
//! (an error of its own, not a timeout), the deadline, a permanent error, and polling through injected faults.

mod emulator_support;

use std::time::Duration;

use alibabacloud_backup::polardbx::{self, BackupSetStatus, DescribeBackupSetListRequest};
use alibabacloud_backup::runtime::waiter::WaitError;
use emulator::model::Outcome;
use emulator::Fault;
use emulator_support::*;

fn poll(instance: &str) -> DescribeBackupSetListRequest {
    DescribeBackupSetListRequest::builder().region_id(REGION).db_instance_name(instance).build().expect("valid")
}

async fn create(c: &polardbx::Client) -> String {
    let created = c.create_backup().region_id(REGION).db_instance_name(PXC).send().await.expect("created");
    created.data.and_then(|d| d.backup_set_id).expect("an id")
}

#[tokio::test]
async fn waits_until_the_backup_succeeds() {
    let emu = start().await;
    let c = clients(config(&emu)).polardbx;
    let id = create(&c).await;
    let set = c.wait_until_backup_set_succeeded(poll(PXC), &id).options(quick()).await.expect("succeeds");
    assert_eq!((set.backup_set_id, set.status), (Some(id), Some(BackupSetStatus::Succeeded)));
    assert!(emu.handle().requests("DescribeBackupSetList") >= 2, "it was in progress first");
}

#[tokio::test]
async fn a_failed_backup_is_an_error_not_a_timeout() {
    let emu = start().await;
    emu.handle().force_outcomes(&[Outcome::Failed]);
    let c = clients(config(&emu)).polardbx;
    let id = create(&c).await;
    match c.wait_until_backup_set_succeeded(poll(PXC), &id).options(quick()).await {
        Err(WaitError::Failed(set)) => assert_eq!(set.status, Some(BackupSetStatus::Failed)),
        other => panic!("expected Failed, got {other:?}"),
    }
}

#[tokio::test]
async fn the_deadline_ends_the_wait_with_the_last_state() {
    let emu = start().await;
    emu.handle().set_backup_delay(Duration::from_secs(60));
    let c = clients(config(&emu)).polardbx;
    let id = create(&c).await;
    // The builder's own setters, then `.wait()` (the same as awaiting it).
    let wait = c
        .wait_until_backup_set_succeeded(poll(PXC), &id)
        .initial_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(50))
        .max_wait(Duration::from_millis(250));
    match wait.wait().await {
        Err(WaitError::Timeout { last: Some(set), elapsed }) => {
            assert_eq!(set.status, Some(BackupSetStatus::InProgress));
            assert!(elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(2), "{elapsed:?}");
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_permanent_error_ends_the_wait_at_once() {
    let emu = start().await;
    let c = clients(config(&emu)).polardbx;
    let result = c.wait_until_backup_set_succeeded(poll("pxc-nope"), "1").options(quick()).await;
    match result {
        Err(WaitError::Call(e)) => assert_eq!(e.service_code(), Some("InvalidDBInstanceName.NotFound")),
        other => panic!("expected Call, got {other:?}"),
    }
    assert_eq!(emu.handle().requests("DescribeBackupSetList"), 1);
}

#[tokio::test]
async fn the_wait_survives_faults_on_its_polls() {
    let emu = start().await;
    let c = clients(config(&emu)).polardbx;
    let id = create(&c).await;
    let h = emu.handle();
    // More faults in a row than the client's own three attempts absorb: the waiter polls through them.
    for fault in [Fault::Throttle, Fault::ServerError, Fault::Drop, Fault::Unavailable, Fault::Throttle] {
        h.inject("DescribeBackupSetList", fault, 1);
    }
    h.inject("DescribeBackupSetList", Fault::Latency(Duration::from_millis(400)), 1);
    let set =
        c.wait_until_backup_set_succeeded(poll(PXC), &id).options(quick()).await.expect("succeeds despite faults");
    assert_eq!(set.status, Some(BackupSetStatus::Succeeded));
    assert_eq!(h.created_backups(), 1);
}

#[tokio::test]
async fn a_backup_set_listed_on_a_later_page_is_found() {
    let emu = start().await;
    let c = clients(config(&emu)).polardbx;
    let first = create(&c).await;
    let second = create(&c).await;
    // One set per page: whichever of the two the emulator lists second is on page 2 (the seeded sets follow).
    let one_per_page = DescribeBackupSetListRequest::builder()
        .region_id(REGION)
        .db_instance_name(PXC)
        .page_size(1)
        .build()
        .expect("valid");
    let page_one = c.send_describe_backup_set_list(&one_per_page).await.expect("listed");
    let on_page_one = page_one.data()[0].backup_set_id.clone().expect("an id");
    let later = if on_page_one == first { second } else { first };
    let set =
        c.wait_until_backup_set_succeeded(one_per_page, &later).options(quick()).await.expect("found on its page");
    assert_eq!(set.backup_set_id, Some(later));
    assert!(emu.handle().requests("DescribeBackupSetList") >= 3, "the waiter read more than the first page");
}
