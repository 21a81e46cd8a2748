//! Finds the newest successful backup of a Redis instance and restores the instance from it.
//! `cargo run -p emulator --example restore_newest` runs it against an emulator started in this process;
//! [`restore_newest`] is the part to copy.

use std::error::Error;
use std::time::Duration;

use alibabacloud_backup::{r_kvstore, Config, Credentials};
use time::OffsetDateTime;

/// Restores `instance` from its newest successful backup of the last `within`; returns that backup's id, or
/// `None` (and restores nothing) when there is none.
pub async fn restore_newest(
    client: &r_kvstore::Client,
    instance: &str,
    within: Duration,
) -> Result<Option<i64>, Box<dyn Error + Send + Sync>> {
    // The API takes minutes (`2024-01-01T10:20Z`): the end is the next minute, so a backup of this minute counts.
    let now = OffsetDateTime::now_utc();
    let end = now + Duration::from_secs(60);
    let mut backups =
        client.describe_backups().instance_id(instance).start_time(now - within).end_time(end).paginate().items();
    let mut newest: Option<(OffsetDateTime, i64)> = None;
    while let Some(backup) = backups.try_next().await? {
        let succeeded = backup.backup_status == Some(r_kvstore::BackupStatus::Success);
        let ended = backup.backup_end_time.as_ref().and_then(|t| t.to_datetime());
        if let (true, Some(ended), Some(id)) = (succeeded, ended, backup.backup_id) {
            if newest.is_none_or(|(best, _)| ended > best) {
                newest = Some((ended, id));
            }
        }
    }
    let Some((_, id)) = newest else { return Ok(None) };
    client.restore_instance().instance_id(instance).backup_id(id.to_string()).send().await?;
    Ok(Some(id))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let emu = emulator::Emulator::start(emulator::Config::default().backup_delay(Duration::from_millis(200))).await?;
    let config = Config::new(Credentials::new(emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET))
        .endpoint_url(emu.url())
        .region("cn-hangzhou");
    let client = r_kvstore::Client::new(config);
    // A fresh backup first, so that there is one to restore from.
    let job = client.create_backup().instance_id("r-emu000001").send().await?;
    let job_id: i64 = job.backup_job_id.ok_or("CreateBackup returned no BackupJobID")?.parse()?;
    let now = OffsetDateTime::now_utc();
    let poll = r_kvstore::DescribeBackupsRequest::builder()
        .instance_id("r-emu000001")
        .start_time(now - Duration::from_secs(3600))
        .end_time(now + Duration::from_secs(3600))
        .build()?;
    client.wait_until_backup_succeeded(poll, job_id).max_wait(Duration::from_secs(60)).await?;
    match restore_newest(&client, "r-emu000001", Duration::from_secs(7 * 24 * 3600)).await? {
        Some(id) => println!("r-emu000001 restored from backup {id}"),
        None => println!("r-emu000001 has no successful backup in the last 7 days"),
    }
    Ok(())
}
