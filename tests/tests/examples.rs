//! The examples users copy (`emulator/examples/`), run against the emulator here: each example's function is
//! compiled into this test (the example files are included as modules) and its result checked against the
//! emulator's state, so an example that stops working fails the tests, not a user.

mod emulator_support;

#[allow(dead_code)]
#[path = "../../emulator/examples/backup_all.rs"]
mod backup_all;
#[allow(dead_code)]
#[path = "../../emulator/examples/clean_up.rs"]
mod clean_up;
#[allow(dead_code)]
#[path = "../../emulator/examples/enforce_policy.rs"]
mod enforce_policy;
#[allow(dead_code)]
#[path = "../../emulator/examples/restore_newest.rs"]
mod restore_newest;

use std::time::Duration;

use alibabacloud_backup::{polardb, r_kvstore, rds};
use emulator_support::*;

#[tokio::test]
async fn backup_all_backs_up_every_existing_cluster_and_waits() {
    let emu = start().await;
    let c = clients(config(&emu));
    let done = backup_all::backup_all(&c.polardb, REGION, Duration::from_secs(30)).await.expect("backs up");
    assert!(!done.is_empty(), "the emulator has PolarDB clusters");
    for (cluster, backup) in &done {
        assert_eq!(backup.backup_status, Some(polardb::BackupStatus::Success), "{cluster}: {backup:?}");
        assert_eq!(backup.db_cluster_id.as_deref(), Some(cluster.as_str()));
    }
}

#[tokio::test]
async fn enforce_policy_sets_and_reads_back_one_policy_everywhere() {
    let emu = start().await;
    let c = clients(config(&emu));
    let policy = enforce_policy::Policy {
        window: "02:00Z-03:00Z".to_owned(),
        weekdays: vec!["Monday".to_owned(), "Thursday".to_owned()],
        retention_days: 7,
    };
    let targets =
        enforce_policy::Targets { rds: (&c.rds, RDS), polardb: (&c.polardb, POLARDB), redis: (&c.redis, REDIS) };
    let lines = enforce_policy::enforce(&policy, &targets).await.expect("enforced");
    assert_eq!(lines.len(), 3);
    for line in &lines {
        assert!(
            line.contains("02:00Z-03:00Z") && line.contains("Monday,Thursday") && line.contains("Some(7)"),
            "{line}"
        );
    }
}

#[tokio::test]
async fn restore_newest_picks_the_newest_successful_backup() {
    let emu = start().await;
    let c = clients(config(&emu));
    let within = Duration::from_secs(3650 * 24 * 3600);
    let id = restore_newest::restore_newest(&c.redis, REDIS, within).await.expect("restored").expect("a backup");
    // It is the newest successful one the listing has.
    let now = time::OffsetDateTime::now_utc();
    let all: Vec<r_kvstore::Backup> = c
        .redis
        .describe_backups()
        .instance_id(REDIS)
        .start_time(now - within)
        .end_time(now)
        .paginate()
        .items()
        .try_collect()
        .await
        .expect("listed");
    let newest = all
        .iter()
        .filter(|b| b.backup_status == Some(r_kvstore::BackupStatus::Success))
        .max_by_key(|b| b.backup_end_time.as_ref().and_then(|t| t.to_datetime()))
        .and_then(|b| b.backup_id);
    assert_eq!(Some(id), newest);
}

#[tokio::test]
async fn clean_up_deletes_only_old_manual_backups() {
    let emu = start().await;
    let c = clients(config(&emu));
    let age = Duration::from_secs(30 * 24 * 3600);
    let deleted = clean_up::delete_manual_backups_older_than(&c.rds, RDS, age).await.expect("cleaned");
    assert!(!deleted.is_empty(), "the seed has old manual backups");
    let left: Vec<rds::Backup> = c
        .rds
        .describe_backups()
        .db_instance_id(RDS)
        .page_size(100)
        .paginate()
        .items()
        .try_collect()
        .await
        .expect("listed");
    let cutoff = time::OffsetDateTime::now_utc() - age;
    for b in &left {
        assert!(!deleted.contains(b.backup_id.as_ref().expect("an id")), "deleted backups are gone");
        let old = b.backup_end_time.as_ref().and_then(|t| t.to_datetime()).is_some_and(|t| t < cutoff);
        assert!(!(old && b.backup_mode == Some(rds::BackupMode::Manual)), "an old manual backup is left: {b:?}");
    }
    // Running it again finds nothing more to delete.
    assert!(clean_up::delete_manual_backups_older_than(&c.rds, RDS, age).await.expect("cleaned").is_empty());
}
