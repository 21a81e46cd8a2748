//! The generated client against every fault the emulator injects, for every operation: what is retried, what
//! is not (CreateBackup changes state: only a throttling refusal or a connection never made sends it again),
//! and that no backup set is lost or created twice.

mod emulator_support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use alibabacloud_backup::runtime::ErrorCode;
use alibabacloud_backup::OperationError;
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

fn outcome<T, E: ErrorCode>(result: Result<T, OperationError<E>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Ok,
        Err(OperationError::Service(e)) => Outcome::Service(e.status, e.raw_code.clone()),
        Err(OperationError::Timeout { .. }) => Outcome::Timeout,
        Err(OperationError::Transport(_)) => Outcome::Transport,
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
async fn throttling_is_retried_even_for_create_backup() {
    let (emu, rows) = each_action_once(Fault::Throttle).await;
    for (action, outcome, requests) in rows {
        assert_eq!((outcome, requests), (Outcome::Ok, 2), "{action}: refused, then retried");
    }
    assert_eq!(emu.handle().created_backups(), 1);
}

#[tokio::test]
async fn unavailability_is_retried_except_for_create_backup() {
    let (emu, rows) = each_action_once(Fault::Unavailable).await;
    for (action, outcome, requests) in rows {
        if action == "CreateBackup" {
            // A 503 does not say the request was never started: the caller decides.
            assert_eq!((outcome, requests), (Outcome::Service(503, "ServiceUnavailable".into()), 1));
        } else {
            assert_eq!((outcome, requests), (Outcome::Ok, 2), "{action}");
        }
    }
    assert_eq!(emu.handle().created_backups(), 0, "refused before processing");
}

/// CreateBackup against every fault that may leave it processed, one call each: the call creates exactly one
/// backup set and says so, or fails with an error and creates at most one, and is never sent a second time
/// unless the service refused it by throttling.
#[tokio::test]
async fn create_backup_ends_with_one_backup_set_or_a_clear_error_under_every_fault() {
    let mut faults =
        vec![Fault::Throttle, Fault::Unavailable, Fault::ServerError, Fault::Drop, Fault::DropAfterProcessing];
    for status in 500..600u16 {
        for retry_after in [false, true] {
            for after_processing in [false, true] {
                faults.push(Fault::Status { status, code: "InternalError", retry_after, after_processing });
            }
        }
    }
    faults.push(Fault::Status { status: 503, code: "Throttling.System", retry_after: true, after_processing: false });
    // Last: the emulator may still be working on this one when the client has given up.
    faults.push(Fault::Latency(Duration::from_millis(450)));
    let emu = start().await;
    let c = clients(config(&emu));
    for fault in faults {
        let (created_before, requests_before) = (emu.handle().created_backups(), emu.handle().requests("CreateBackup"));
        emu.handle().inject("CreateBackup", fault, 1);
        let outcome = call(&c, "CreateBackup").await;
        let created = emu.handle().created_backups() - created_before;
        let sent = emu.handle().requests("CreateBackup") - requests_before;
        let refusal = matches!(fault, Fault::Throttle | Fault::Status { code: "Throttling.System", .. });
        match outcome {
            Outcome::Ok => assert_eq!((created, sent), (1, if refusal { 2 } else { 1 }), "{fault:?}"),
            Outcome::Service(..) | Outcome::Timeout | Outcome::Transport => {
                assert!(!refusal, "{fault:?}: a refusal is retried");
                assert_eq!(sent, 1, "{fault:?}: sent again");
                assert!(created <= 1, "{fault:?}: {created} backup sets");
            }
            Outcome::Other(text) => panic!("{fault:?}: {text}"),
        }
    }
}

#[tokio::test]
async fn create_backup_fails_cleanly_when_the_emulator_is_not_listening() {
    let emu = start().await;
    let c = clients(config(&emu));
    let handle = emu.handle().clone();
    drop(emu);
    // The listener closes with the task; wait until connecting fails.
    let refused = async {
        while tokio::net::TcpStream::connect(handle.url().trim_start_matches("http://")).await.is_ok() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), refused).await.expect("the port closes");
    let result = c.polardbx.create_backup().region_id(REGION).db_instance_name(PXC).send().await;
    match result {
        Err(OperationError::Transport(t)) => assert!(t.is_connect() && !t.may_have_been_sent(), "{t}"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    assert_eq!(handle.created_backups(), 0);
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
