//! Applies one backup policy (the same window, weekdays and retention) to an RDS instance, a PolarDB cluster and
//! a Redis instance, then reads each policy back to confirm it. `cargo run -p emulator --example enforce_policy`
//! runs it against an emulator started in this process; [`enforce`] is the part to copy.

use std::error::Error;

use alibabacloud_backup::{polardb, r_kvstore, rds, Config, Credentials};

/// One policy for every product.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The daily backup window, in UTC: `02:00Z-03:00Z`.
    pub window: String,
    /// The weekdays with a backup, in English: `["Monday", "Thursday"]`.
    pub weekdays: Vec<String>,
    /// How many days a data backup is kept.
    pub retention_days: i32,
}

/// The clients and the resources the policy applies to.
pub struct Targets<'a> {
    pub rds: (&'a rds::Client, &'a str),
    pub polardb: (&'a polardb::Client, &'a str),
    pub redis: (&'a r_kvstore::Client, &'a str),
}

/// Sets `policy` on every target, then reads each back; returns one line per product saying what it now has.
pub async fn enforce(policy: &Policy, t: &Targets<'_>) -> Result<Vec<String>, Box<dyn Error + Send + Sync>> {
    let days = policy.weekdays.join(",");
    let (rds_client, instance) = t.rds;
    rds_client
        .modify_backup_policy()
        .db_instance_id(instance)
        .preferred_backup_time(&policy.window)
        .preferred_backup_period(&days)
        .backup_retention_period(policy.retention_days)
        .send()
        .await?;
    let (polardb_client, cluster) = t.polardb;
    polardb_client
        .modify_backup_policy()
        .db_cluster_id(cluster)
        .preferred_backup_time(&policy.window)
        .preferred_backup_period(&days)
        .data_level1_backup_retention_period(policy.retention_days)
        .send()
        .await?;
    let (redis_client, redis_instance) = t.redis;
    redis_client
        .modify_backup_policy()
        .instance_id(redis_instance)
        .preferred_backup_time(&policy.window)
        .preferred_backup_period(&days)
        .backup_retention_period(policy.retention_days)
        .send()
        .await?;

    let rds_now = rds_client.describe_backup_policy().db_instance_id(instance).send().await?;
    let polardb_now = polardb_client.describe_backup_policy().db_cluster_id(cluster).send().await?;
    let redis_now = redis_client.describe_backup_policy().instance_id(redis_instance).send().await?;
    Ok(vec![
        format!(
            "RDS {instance}: {:?} on {:?}, kept {:?} days",
            rds_now.preferred_backup_time, rds_now.preferred_backup_period, rds_now.backup_retention_period
        ),
        format!(
            "PolarDB {cluster}: {:?} on {:?}, kept {:?} days",
            polardb_now.preferred_backup_time,
            polardb_now.preferred_backup_period,
            polardb_now.data_level1_backup_retention_period
        ),
        format!(
            "Redis {redis_instance}: {:?} on {:?}, kept {:?} days",
            redis_now.preferred_backup_time, redis_now.preferred_backup_period, redis_now.backup_retention_period
        ),
    ])
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let emu = emulator::Emulator::start(emulator::Config::default()).await?;
    let config = Config::new(Credentials::new(emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET))
        .endpoint_url(emu.url())
        .region("cn-hangzhou");
    let (rds_client, polardb_client, redis_client) =
        (rds::Client::new(config.clone()), polardb::Client::new(config.clone()), r_kvstore::Client::new(config));
    let policy = Policy {
        window: "02:00Z-03:00Z".to_owned(),
        weekdays: vec!["Monday".to_owned(), "Thursday".to_owned()],
        retention_days: 7,
    };
    let targets = Targets {
        rds: (&rds_client, "rm-emu000001"),
        polardb: (&polardb_client, "pc-emu000001"),
        redis: (&redis_client, "r-emu000001"),
    };
    for line in enforce(&policy, &targets).await? {
        println!("{line}");
    }
    Ok(())
}
