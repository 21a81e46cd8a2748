//! Deletes the manual backups of an RDS instance that are older than N days (automated backups expire with the
//! backup policy). `cargo run -p emulator --example clean_up` runs it against an emulator started in this process;
//! [`delete_manual_backups_older_than`] is the part to copy.

use std::error::Error;
use std::time::Duration;

use alibabacloud_backup::{rds, Config, Credentials};
use time::OffsetDateTime;

/// Deletes every manual backup of `instance` that finished more than `age` ago; returns the ids deleted. The ids
/// are collected first and deleted after, so the listing's pages do not shift under the paginator.
pub async fn delete_manual_backups_older_than(
    client: &rds::Client,
    instance: &str,
    age: Duration,
) -> Result<Vec<String>, Box<dyn Error + Send + Sync>> {
    let cutoff = OffsetDateTime::now_utc() - age;
    let mut backups = client
        .describe_backups()
        .db_instance_id(instance)
        .backup_mode(rds::BackupMode::Manual)
        .page_size(100)
        .paginate()
        .items();
    let mut old = Vec::new();
    while let Some(backup) = backups.try_next().await? {
        let ended = backup.backup_end_time.as_ref().and_then(|t| t.to_datetime());
        if let (Some(ended), Some(id)) = (ended, backup.backup_id) {
            if ended < cutoff {
                old.push(id);
            }
        }
    }
    for id in &old {
        client.delete_backup().db_instance_id(instance).backup_id(id).send().await?;
    }
    Ok(old)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let emu = emulator::Emulator::start(emulator::Config::default()).await?;
    let config = Config::new(Credentials::new(emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET))
        .endpoint_url(emu.url())
        .region("cn-hangzhou");
    let client = rds::Client::new(config);
    let deleted =
        delete_manual_backups_older_than(&client, "rm-emu000001", Duration::from_secs(30 * 24 * 3600)).await?;
    println!("deleted {} manual backups older than 30 days: {deleted:?}", deleted.len());
    Ok(())
}
