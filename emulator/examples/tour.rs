//! The guided tour (`cargo run --example tour`): starts the emulator in this process and walks the backup lifecycle
//! through the generated client, one progress line per step: create a backup, wait for it, find it in the listing,
//! page through another product's backups, change a backup policy and read it back, back up RDS and wait for the
//! job, and show a typed service error.
//! Nothing leaves 127.0.0.1.

use std::error::Error;
use std::pin::pin;
use std::time::{Duration, Instant};

use alibabacloud_backup::runtime::credentials::Credentials;
use alibabacloud_backup::runtime::waiter::WaitOptions;
use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds, Config, SignatureVersion};
use emulator::model::SEED_ANCHOR;
use futures::TryStreamExt;

const STEPS: usize = 10;

fn step(n: usize, text: impl std::fmt::Display) {
    println!("[{n}/{STEPS}] {text}");
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let settings = emulator::Config::default().backups(250).backup_delay(Duration::from_millis(1500));
    let emu = emulator::Emulator::start(settings).await?;
    step(
        1,
        format!(
            "emulator listening on {} (4 products, 250 backups per instance, key {})",
            emu.url(),
            emulator::DEFAULT_KEY_ID
        ),
    );

    let config = Config::new(Credentials::new(emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET))
        .endpoint_url(emu.url())
        .region("cn-hangzhou");
    let pxc = polardbx::Client::new(config.clone());

    let created = pxc.create_backup().region_id("cn-hangzhou").db_instance_name("pxc-emu000001").send().await?;
    let id =
        created.data.as_ref().and_then(|d| d.backup_set_id.clone()).ok_or("CreateBackup returned no BackupSetId")?;
    step(
        2,
        format!("PolarDB-X CreateBackup: backup set {id} started (request {})", created.request_id.unwrap_or_default()),
    );

    let poll = polardbx::DescribeBackupSetListRequest::builder()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-emu000001")
        .build()?;
    let options = WaitOptions::default().initial_delay(Duration::from_millis(250)).deadline(Duration::from_secs(30));
    let waited = Instant::now();
    let set = pxc.wait_until_backup_set_succeeded(poll.clone(), &id).options(options).await?;
    step(
        3,
        format!(
            "wait_until_backup_set_succeeded: backup set {id} is {} after {:.1}s ({} bytes)",
            set.status.as_ref().map_or("unknown", |s| s.as_str()),
            waited.elapsed().as_secs_f64(),
            set.backup_set_size.unwrap_or_default()
        ),
    );

    let list = pxc.send_describe_backup_set_list(&poll).await?;
    let position =
        list.data().iter().position(|s| s.backup_set_id.as_deref() == Some(id.as_str())).ok_or("not listed")?;
    step(
        4,
        format!(
            "PolarDB-X DescribeBackupSetList: backup set {id} is entry {} of page 1 ({} entries)",
            position + 1,
            list.data().len()
        ),
    );

    let rds = rds::Client::new(config.clone().signature_version(SignatureVersion::V1));
    let mut items = pin!(rds.describe_backups().db_instance_id("rm-emu000001").page_size(100).paginate().items());
    let (mut count, mut bytes, mut failed) = (0u64, 0i64, 0u64);
    while let Some(backup) = items.try_next().await? {
        count += 1;
        bytes += backup.backup_size.unwrap_or_default();
        failed += u64::from(backup.backup_status == Some(rds::BackupStatus::Failed));
    }
    step(
        5,
        format!(
            "RDS DescribeBackups (V1 signature), through the paginator: {count} backups, {failed} failed, {:.1} GB",
            bytes as f64 / 1e9
        ),
    );

    let tasks =
        polardb::Client::new(config.clone()).describe_backup_tasks().db_cluster_id("pc-emu000001").send().await?;
    let task = tasks.items().first().ok_or("no running task")?;
    step(
        6,
        format!(
            "PolarDB DescribeBackupTasks: task {} of pc-emu000001 is {} at {}%",
            task.backup_job_id.as_deref().unwrap_or("?"),
            task.backup_progress_status.as_ref().map_or("unknown", |s| s.as_str()),
            task.process.as_deref().unwrap_or("?")
        ),
    );

    let redis = r_kvstore::Client::new(config.clone())
        .describe_cluster_backup_list()
        .region_id("cn-hangzhou")
        .instance_id("r-emu000001")
        .start_time(SEED_ANCHOR - Duration::from_secs(7 * 86_400))
        .end_time(SEED_ANCHOR)
        .send()
        .await?;
    let shards: usize = redis.cluster_backups().iter().map(|b| b.backups().len()).sum();
    step(
        7,
        format!(
            "Redis DescribeClusterBackupList: {} cluster backups on page 1 for the week before {}, {shards} shard backups",
            redis.cluster_backups().len(),
            SEED_ANCHOR.date()
        ),
    );

    rds.modify_backup_policy()
        .db_instance_id("rm-emu000001")
        .preferred_backup_time("03:00Z-04:00Z")
        .backup_retention_period(14)
        .send()
        .await?;
    let policy = rds.describe_backup_policy().db_instance_id("rm-emu000001").send().await?;
    step(
        8,
        format!(
            "RDS ModifyBackupPolicy, then DescribeBackupPolicy reads it back: window {}, kept {} days",
            policy.preferred_backup_time.as_deref().unwrap_or("?"),
            policy.backup_retention_period.unwrap_or_default()
        ),
    );

    let job = rds.create_backup().db_instance_id("rm-emu000001").send().await?;
    let job_id = job.backup_job_id.ok_or("CreateBackup returned no BackupJobId")?;
    let tasks = rds::DescribeBackupTasksRequest::builder().db_instance_id("rm-emu000001").build()?;
    let options = WaitOptions::default().initial_delay(Duration::from_millis(250)).deadline(Duration::from_secs(30));
    let finished = rds.wait_until_backup_job_finished(tasks, &job_id).options(options).await?;
    // Asked about that one job, DescribeBackupTasks names the backup it made.
    let narrowed =
        rds.describe_backup_tasks().db_instance_id("rm-emu000001").backup_job_id(job_id.parse()?).send().await?;
    let backup_id = narrowed.items().first().and_then(|j| j.backup_id.clone()).unwrap_or_default();
    step(
        9,
        format!(
            "RDS CreateBackup: job {job_id} is {} (wait_until_backup_job_finished); it made backup {backup_id}",
            finished.backup_status.as_ref().map_or("unknown", |s| s.as_str())
        ),
    );

    match rds.describe_backups().db_instance_id("rm-doesnotexist").send().await {
        Err(alibabacloud_backup::OperationError::Service(e)) => {
            let described = e.code.info().and_then(|i| i.description).unwrap_or("-");
            let typed = matches!(e.code, rds::DescribeBackupsErrorCode::InvalidDbInstanceIdNotFound);
            step(
                10,
                format!(
                    "a typed service error: {} (HTTP {}, typed variant matched: {typed}): {} The page says: {described} [request {}]",
                    e.raw_code,
                    e.status,
                    e.message,
                    e.request_id.as_deref().unwrap_or("-")
                ),
            );
        }
        other => return Err(format!("expected InvalidDBInstanceId.NotFound, got {other:?}").into()),
    }
    println!("done in {:.1}s", started.elapsed().as_secs_f64());
    Ok(())
}
