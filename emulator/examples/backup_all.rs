//! Backs up every PolarDB cluster of a region and waits until each backup has finished, as a nightly job would
//! before maintenance. `cargo run -p emulator --example backup_all` runs it against an emulator started in this
//! process; [`backup_all`] is the part to copy into an application.

use std::error::Error;
use std::time::Duration;

use alibabacloud_backup::{polardb, Config, Credentials};

/// Starts a backup of every cluster of `region` that is not released, then waits for each; returns each cluster
/// with its backup as last listed (`backup_status` says `Success`).
pub async fn backup_all(
    client: &polardb::Client,
    region: &str,
    max_wait: Duration,
) -> Result<Vec<(String, polardb::Backup)>, Box<dyn Error + Send + Sync>> {
    let mut clusters = client
        .describe_db_clusters_with_backups()
        .region_id(region)
        .is_deleted(polardb::ClusterReleased::Existing)
        .paginate()
        .items();
    let mut started = Vec::new();
    while let Some(cluster) = clusters.try_next().await? {
        let Some(id) = cluster.db_cluster_id else { continue };
        let job = client.create_backup().db_cluster_id(&id).send().await?;
        let backup_id = job.backup_job_id.ok_or("CreateBackup returned no BackupJobId")?;
        started.push((id, backup_id));
    }
    let mut finished = Vec::new();
    for (cluster, backup_id) in started {
        let poll = polardb::DescribeBackupsRequest::builder().db_cluster_id(&cluster).build()?;
        let backup = client.wait_until_backup_finished(poll, backup_id).max_wait(max_wait).await?;
        finished.push((cluster, backup));
    }
    Ok(finished)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let emu = emulator::Emulator::start(emulator::Config::default().backup_delay(Duration::from_millis(300))).await?;
    let config = Config::new(Credentials::new(emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET))
        .endpoint_url(emu.url())
        .region("cn-hangzhou");
    let client = polardb::Client::new(config);
    for (cluster, backup) in backup_all(&client, "cn-hangzhou", Duration::from_secs(60)).await? {
        println!("{cluster}: backup {} is {:?}", backup.backup_id.unwrap_or_default(), backup.backup_status);
    }
    Ok(())
}
