//! The generated client against every fault the emulator injects, for every operation: what is retried,
//! what is not (CreateBackup changes state), and that no backup set is lost or created twice.

mod emulator_support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use alibabacloud_backup::runtime::ErrorCode;
use alibabacloud_backup::Error;
use emulator::model::SEED_ANCHOR;
use emulator::{Fault, FaultPlan, ANY_ACTION};
use emulator_support::*;
use futures::future::join_all;

const ACTIONS: [&str; 5] =
    ["DescribeBackups", "DescribeBackupTasks", "CreateBackup", "DescribeBackupSetList", "DescribeClusterBackupList"];

/// What a call came to, whatever its operation's types.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Ok,
    Service(u16, String),
    Timeout,
    Transport,
    Other(String),
}

fn outcome<T, E: ErrorCode>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(Error::Service(e)) => Outcome::Service(e.status, e.raw_code.clone()),
        Err(Error::Timeout { .. }) => Outcome::Timeout,
        Err(Error::Transport(_)) => Outcome::Transport,
        Err(other) => Outcome::Other(other.to_string()),
    }
}

async fn call(c: &Clients, action: &str) -> Outcome {
    match action {
        "DescribeBackups" => outcome(c.rds.describe_backups().db_instance_id(RDS).send().await),
        "DescribeBackupTasks" => outcome(c.polardb.describe_backup_tasks().db_cluster_id(POLARDB).send().await),
        "CreateBackup" => outcome(c.polardbx.create_backup().region_id(REGION).db_instance_name(PXC).send().await),
        "DescribeBackupSetList" => {
            outcome(c.polardbx.describe_backup_set_list().region_id(REGION).db_instance_name(PXC).send().await)
        }
        "DescribeClusterBackupList" => {
            let b = c.redis.describe_cluster_backup_list().region_id(REGION).instance_id(REDIS);
            outcome(b.start_time(SEED_ANCHOR - Duration::from_secs(86_400)).end_time(SEED_ANCHOR).send().await)
        }
        other => panic!("unknown action {other}"),
    }
}

/// Injects `fault` once into every action and calls each once, all at the same time.
async fn each_action_once(fault: Fault) -> (emulator::Emulator, Vec<(&'static str, Outcome, u64)>) {
    let emu = start().await;
    let c = clients(config(&emu));
    for action in ACTIONS {
        emu.handle().inject(action, fault, 1);
    }
    let outcomes = join_all(ACTIONS.iter().map(|a| call(&c, a))).await;
    let rows = ACTIONS.iter().zip(outcomes).map(|(a, o)| (*a, o, emu.handle().requests(a))).collect();
    (emu, rows)
}

#[tokio::test]
async fn throttling_and_unavailability_are_retried_even_for_create_backup() {
    for fault in [Fault::Throttle, Fault::Unavailable] {
        let (emu, rows) = each_action_once(fault).await;
        for (action, outcome, requests) in rows {
            assert_eq!((outcome, requests), (Outcome::Ok, 2), "{fault:?} {action}: refused, then retried");
        }
        assert_eq!(emu.handle().created_backups(), 1, "{fault:?}");
    }
}

#[tokio::test]
async fn server_errors_are_retried_except_for_create_backup() {
    let (emu, rows) = each_action_once(Fault::ServerError).await;
    for (action, outcome, requests) in rows {
        if action == "CreateBackup" {
            assert_eq!((outcome, requests), (Outcome::Service(500, "InternalError".into()), 1));
        } else {
            assert_eq!((outcome, requests), (Outcome::Ok, 2), "{action}");
        }
    }
    assert_eq!(emu.handle().created_backups(), 1, "processed once, not lost, not repeated");
}

#[tokio::test]
async fn dropped_connections_are_retried_except_for_create_backup() {
    let (emu, rows) = each_action_once(Fault::Drop).await;
    for (action, outcome, requests) in rows {
        if action == "CreateBackup" {
            assert_eq!((outcome, requests), (Outcome::Transport, 1));
        } else {
            assert_eq!((outcome, requests), (Outcome::Ok, 2), "{action}");
        }
    }
    assert_eq!(emu.handle().created_backups(), 0, "dropped before processing");

    let (emu, rows) = each_action_once(Fault::DropAfterProcessing).await;
    let create = rows.iter().find(|r| r.0 == "CreateBackup").map(|r| r.1.clone());
    assert_eq!(create, Some(Outcome::Transport));
    assert_eq!(emu.handle().created_backups(), 1, "processed, then the answer was lost: exactly one backup");
}

#[tokio::test]
async fn latency_past_the_read_timeout_is_retried_except_for_create_backup() {
    let (emu, rows) = each_action_once(Fault::Latency(Duration::from_millis(450))).await;
    for (action, outcome, requests) in rows {
        if action == "CreateBackup" {
            assert_eq!((outcome, requests), (Outcome::Timeout, 1));
        } else {
            assert_eq!((outcome, requests), (Outcome::Ok, 2), "{action}");
        }
    }
    assert!(emu.handle().created_backups() <= 1);

    let (_emu, rows) = each_action_once(Fault::Latency(Duration::from_millis(60))).await;
    assert!(rows.iter().all(|(_, outcome, requests)| *outcome == Outcome::Ok && *requests == 1), "{rows:?}");
}

#[tokio::test]
async fn latency_plans_slow_every_answer() {
    let emu = start().await;
    let c = clients(config(&emu));
    emu.handle()
        .set_faults("DescribeBackupTasks", FaultPlan { latency: Duration::from_millis(40), ..FaultPlan::default() });
    let started = Instant::now();
    assert_eq!(call(&c, "DescribeBackupTasks").await, Outcome::Ok);
    assert!(started.elapsed() >= Duration::from_millis(40));
}

#[tokio::test]
async fn no_backup_set_is_lost_or_duplicated_under_mixed_faults() {
    let emu = start().await;
    let c = clients(config(&emu));
    let plan = FaultPlan { throttle_rate: 0.3, server_error_rate: 0.2, drop_rate: 0.15, latency: Duration::ZERO };
    emu.handle().set_faults(ANY_ACTION, plan);
    let mut confirmed = Vec::new();
    let mut failures = 0;
    for _ in 0..40 {
        match c.polardbx.create_backup().region_id(REGION).db_instance_name(PXC).send().await {
            Ok(created) => confirmed.extend(created.data.and_then(|d| d.backup_set_id)),
            Err(_) => failures += 1,
        }
    }
    emu.handle().clear_faults();
    let stats = emu.handle().stats();
    let create = &stats["CreateBackup"];
    let answered_500 = create.statuses.get(&500).copied().unwrap_or_default();
    assert!(failures > 0 && !confirmed.is_empty(), "the plan produced both outcomes");
    assert!(create.requests <= 40 * 3, "at most three attempts per call");
    // Every processed request created exactly one backup: the confirmed ones, plus those whose answer was a 500.
    assert_eq!(emu.handle().created_backups(), confirmed.len() as u64 + answered_500);

    let mut listed = Vec::new();
    for page in 1.. {
        let list = c.polardbx.describe_backup_set_list().region_id(REGION).db_instance_name(PXC).page_size(100);
        let list = list.page_number(page).send().await.expect("listing without faults");
        if list.data().is_empty() {
            break;
        }
        listed.extend(list.data().iter().filter_map(|s| s.backup_set_id.clone()));
    }
    let unique: HashSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "no backup set listed twice");
    assert!(confirmed.iter().all(|id| unique.contains(id)), "every confirmed backup set is listed");
    assert_eq!(listed.len() as u64, 120 + emu.handle().created_backups());
}
