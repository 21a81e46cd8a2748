//! The README's quick start, compiled with the tests (and the README's copy compared with it) so it stays true.
//!
//! Run against the real service with credentials in the environment (or any of the official credential
//! sources: ~/.aliyun/config.json, ~/.alibabacloud/credentials.ini, the ECS RAM role, ALIBABA_CLOUD_CREDENTIALS_URI):
//! `ALIBABA_CLOUD_ACCESS_KEY_ID=.. ALIBABA_CLOUD_ACCESS_KEY_SECRET=.. cargo run -p alibabacloud-backup-sdk --example quick_start -- rm-xxxx`
//! or against the emulator: `ALIBABA_CLOUD_ENDPOINT=http://127.0.0.1:8080` with its key and `rm-emu000001`.

use alibabacloud_backup::{polardbx, rds, Config, OperationError};
use time::macros::datetime;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let instance = std::env::args().nth(1).unwrap_or_else(|| "rm-uf6wjk5xxxxxxx".to_owned());

    // Credentials: the official chain (environment ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET[/SECURITY_TOKEN], ACK's
    // OIDC role, ~/.aliyun/config.json profiles, ~/.alibabacloud/credentials.ini, the ECS RAM role,
    // ALIBABA_CLOUD_CREDENTIALS_URI), or explicit: Config::new(Credentials::new(id, secret)). The endpoint follows
    // the product's rule unless ALIBABA_CLOUD_ENDPOINT (or ALIBABA_CLOUD_ENDPOINT_RDS, ...) overrides it.
    let config = Config::from_env()?.region("cn-hangzhou");
    let rds = rds::Client::new(config.clone());

    // One call: parameters are checked before sending (PageSize must be 30, 50 or 100).
    let page = rds
        .describe_backups()
        .db_instance_id(&instance)
        .start_time(datetime!(2024-01-01 00:00 UTC)) // sent as 2024-01-01T00:00Z
        .end_time(datetime!(2024-02-01 00:00 UTC))
        .backup_status(rds::BackupStatus::Success)
        .page_size(50)
        .send()
        .await?;
    println!("{:?} backups in all (request {:?})", page.total_record_count, page.request_id);
    for b in page.items() {
        println!("{:?} {:?} {:?} bytes", b.backup_id, b.backup_status, b.backup_size);
    }

    // Every backup, page after page: the paginator stops at the last page.
    let mut backups = rds.describe_backups().db_instance_id(&instance).page_size(100).paginate().items();
    while let Some(backup) = backups.try_next().await? {
        println!("{:?} ends {:?}", backup.backup_id, backup.backup_end_time.as_ref().and_then(|t| t.to_datetime()));
    }

    // Typed errors: the documented codes of the operation, transport problems apart.
    let polardbx = polardbx::Client::new(config);
    match polardbx.create_backup().region_id("cn-hangzhou").db_instance_name("pxc-xxxx").send().await {
        Ok(created) => println!("backup set {:?}", created.data.and_then(|d| d.backup_set_id)),
        Err(OperationError::Service(e)) => {
            println!("the service said {} ({}): {} [request {:?}]", e.raw_code, e.status, e.message, e.request_id)
        }
        Err(e) if e.is_timeout() => println!("no answer in time; check before retrying a backup: {e}"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
