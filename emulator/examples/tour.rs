//! The guided tour (`cargo run --example tour`): starts the emulator in this process and runs each of the
//! five operations through the generated client, one progress line per step: create a backup, wait for it,
//! find it in the listing, page through another product's backups, and show a typed service error.
//! Nothing leaves 127.0.0.1.

use std::error::Error;
use std::pin::pin;
use std::time::{Duration, Instant};

use alibabacloud_backup::runtime::credentials::Credentials;
use alibabacloud_backup::runtime::waiter::WaitOptions;
use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds, Config, SignatureVersion};
use emulator::model::SEED_ANCHOR;
use futures::TryStreamExt;

const STEPS: usize = 8;

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

    match rds.describe_backups().db_instance_id("rm-doesnotexist").send().await {
        Err(alibabacloud_backup::OperationError::Service(e)) => {
            let described = e.code.info().and_then(|i| i.description).unwrap_or("-");
            let typed = matches!(e.code, rds::DescribeBackupsErrorCode::InvalidDbInstanceIdNotFound);
            step(
                8,
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
