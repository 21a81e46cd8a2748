//! Load benchmark (not a test): many concurrent clients against the emulator on 127.0.0.1 for a bounded
//! time, then one client listing every backup of an instance through the paginator.
//!
//! `cargo run --release -p emulator --example load -- [--clients 64] [--seconds 10] [--backups 10000]`
//!
//! Each client is a generated SDK client (signing with V3, parsing every answer) calling the four Describe
//! operations in turn; the emulator runs in the same process, so client and server share the machine's
//! cores. Reports requests per second and p50 / p99 / max latency, then the time to list `--backups`
//! backups with DescribeBackups pages of 100. With `--url` it loads an emulator already running instead.

use std::error::Error;
use std::pin::pin;
use std::time::{Duration, Instant};

use alibabacloud_backup::runtime::credentials::Credentials;
use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds, Config, RetryPolicy};
use emulator::model::SEED_ANCHOR;
use futures::TryStreamExt;

/// Load benchmark: concurrent SDK clients against the emulator, then a paginated listing of every backup.
#[derive(Debug, clap::Parser)]
#[command(name = "load")]
struct Args {
    /// Concurrent clients
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), default_value_t = 64)]
    clients: u16,
    /// How long the clients send requests
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=600), default_value_t = 10)]
    seconds: u64,
    /// Backups of the instance the paginator lists (and of every other instance)
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    backups: usize,
    /// Load an emulator already running at this loopback URL (http://127.0.0.1:PORT) instead of one in this
    /// process
    #[arg(long, value_parser = loopback_url)]
    url: Option<String>,
}

/// A load test sends traffic to this machine only.
fn loopback_url(url: &str) -> Result<String, String> {
    let host = url.strip_prefix("http://").map(|rest| rest.split(['/', '?']).next().unwrap_or(rest));
    let host = host.map(|h| h.rsplit_once(':').map_or(h, |(host, _port)| host));
    match host {
        Some(h) if h.starts_with("127.") || h == "localhost" || h == "[::1]" => Ok(url.to_owned()),
        _ => Err("expected http://127.0.0.1:PORT (or another loopback address)".to_owned()),
    }
}

/// Latencies of every request one client made, and how many failed.
async fn client(config: Config, until: Instant) -> (Vec<Duration>, u64) {
    let rds = rds::Client::new(config.clone());
    let polardb = polardb::Client::new(config.clone());
    let pxc = polardbx::Client::new(config.clone());
    let redis = r_kvstore::Client::new(config);
    let (mut latencies, mut errors) = (Vec::new(), 0);
    let mut n = 0u64;
    while Instant::now() < until {
        let started = Instant::now();
        let ok = match n % 4 {
            0 => rds.describe_backups().db_instance_id("rm-emu000001").send().await.is_ok(),
            1 => polardb.describe_backup_tasks().db_cluster_id("pc-emu000001").send().await.is_ok(),
            2 => pxc
                .describe_backup_set_list()
                .region_id("cn-hangzhou")
                .db_instance_name("pxc-emu000001")
                .send()
                .await
                .is_ok(),
            _ => redis
                .describe_cluster_backup_list()
                .region_id("cn-hangzhou")
                .instance_id("r-emu000001")
                .start_time(SEED_ANCHOR - Duration::from_secs(7 * 86_400))
                .end_time(SEED_ANCHOR)
                .send()
                .await
                .is_ok(),
        };
        latencies.push(started.elapsed());
        errors += u64::from(!ok);
        n += 1;
    }
    (latencies, errors)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args = <Args as clap::Parser>::parse();
    let local = match &args.url {
        Some(_) => None,
        None => Some(emulator::Emulator::start(emulator::Config::default().backups(args.backups)).await?),
    };
    let url = args.url.clone().or_else(|| local.as_ref().map(|e| e.url().to_owned())).ok_or("no emulator")?;
    let config = Config::new(Credentials::new(emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET))
        .endpoint_url(&url)
        .region("cn-hangzhou")
        .retry_policy(RetryPolicy::none());
    println!(
        "emulator at {url}; {} clients for {} s; {} backups per instance",
        args.clients, args.seconds, args.backups
    );

    let started = Instant::now();
    let until = started + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = (0..args.clients).map(|_| tokio::spawn(client(config.clone(), until))).collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    println!(
        "load: {} requests in {elapsed:.1} s = {:.0} req/s; {errors} errors; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );

    let client = rds::Client::new(config);
    let started = Instant::now();
    let mut items = pin!(client.describe_backups().db_instance_id("rm-emu000001").page_size(100).paginate().items());
    let mut count = 0usize;
    while items.try_next().await?.is_some() {
        count += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "paginator: listed {count} backups ({} pages of 100) in {elapsed:.2} s = {:.0} backups/s",
        count.div_ceil(100),
        count as f64 / elapsed
    );
    if count != args.backups && args.url.is_none() {
        return Err(format!("listed {count}, expected {}", args.backups).into());
    }
    Ok(())
}
