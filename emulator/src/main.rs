//! `emulator`: run the local emulator until Ctrl-C.
//!
//! Prints the URL on the first line of standard output (scripts read it), then the accepted key, so any client
//! can be pointed at it. The options (`--help` lists them with their defaults, which are [`emulator::Config`]'s)
//! set the port, the generated data, created backups' delay and failure rate, the keys and the limits that keep
//! the emulator standing under abuse. Every value is checked before anything starts (a failure rate of 2.5 or a
//! port of 70000 is refused with exit status 2), and a port that cannot be had is named (exit status 1).

use std::io;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use emulator::{Config, DEFAULT_KEY_ID};

/// A local emulator of the five Alibaba Cloud backup APIs on 127.0.0.1: signatures, state, paging, faults.
#[derive(Debug, Parser)]
#[command(name = "emulator", version, allow_negative_numbers = true)]
struct Args {
    /// The port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = Config::default().port)]
    port: u16,
    /// The seed of the generated instances, backups and fault decisions
    #[arg(long, default_value_t = Config::default().seed)]
    seed: u64,
    /// Finished backups generated per instance
    #[arg(long, value_name = "N", default_value_t = Config::default().backups)]
    backups: usize,
    /// Instances generated per product (rm-emu000001, pc-emu000001, pxc-emu000001, r-emu000001, ...)
    #[arg(long, value_name = "N", value_parser = at_least_one, default_value_t = Config::default().instances)]
    instances: usize,
    /// How long a created backup stays in progress before it succeeds or fails (milliseconds)
    #[arg(long, value_name = "MS", default_value_t = millis(Config::default().backup_delay))]
    backup_delay_ms: u64,
    /// The probability that a created backup fails, from 0 (never) to 1 (always)
    #[arg(long, value_name = "P", value_parser = probability, default_value_t = Config::default().failure_rate)]
    failure_rate: f64,
    /// Accept this AccessKey too, besides the default LTAI5tEmulatorKey0001, whose secret the emulator prints
    /// (repeatable)
    #[arg(long = "key", value_name = "ID:SECRET", value_parser = key_pair)]
    keys: Vec<(String, String)>,
    /// The x-acs-retry-after sent with throttling answers (milliseconds)
    #[arg(long, value_name = "MS", default_value_t = millis(Config::default().retry_after))]
    retry_after_ms: u64,
    /// The largest request body read; a longer one is answered 413 RequestBodyTooLarge (bytes)
    #[arg(long, value_name = "BYTES", default_value_t = Config::default().max_body_bytes)]
    max_body_bytes: usize,
    /// How long a request head, then its body, may take to arrive; also the keep-alive wait (milliseconds)
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..),
          default_value_t = millis(Config::default().header_read_timeout))]
    header_read_timeout_ms: u64,
    /// How long a connection may go without a byte moved either way before it is closed (milliseconds)
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..),
          default_value_t = millis(Config::default().idle_timeout))]
    idle_timeout_ms: u64,
    /// The most connections served at once; more wait until one closes
    #[arg(long, value_name = "N", value_parser = at_least_one, default_value_t = Config::default().max_connections)]
    max_connections: usize,
}

impl Args {
    fn config(self) -> Config {
        let mut config = Config::default()
            .port(self.port)
            .seed(self.seed)
            .backups(self.backups)
            .instances(self.instances)
            .backup_delay(Duration::from_millis(self.backup_delay_ms))
            .failure_rate(self.failure_rate)
            .retry_after(Duration::from_millis(self.retry_after_ms))
            .max_body_bytes(self.max_body_bytes)
            .header_read_timeout(Duration::from_millis(self.header_read_timeout_ms))
            .idle_timeout(Duration::from_millis(self.idle_timeout_ms))
            .max_connections(self.max_connections);
        for (id, secret) in self.keys {
            config = config.key(id, secret);
        }
        config
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn probability(text: &str) -> Result<f64, String> {
    let p: f64 = text.parse().map_err(|_| "not a number".to_owned())?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!("{p} is not between 0 and 1"))
    }
}

fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

fn key_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => Ok((id.to_owned(), secret.to_owned())),
        _ => Err("expected ID:SECRET, both non-empty".to_owned()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = Args::parse().config();
    let (port, instances, backups) = (config.port, config.instances, config.backups);
    let emulator = match emulator::Emulator::start(config).await {
        Ok(emulator) => emulator,
        Err(err) => {
            eprintln!("emulator: {err}");
            if err.kind() == io::ErrorKind::AddrInUse {
                eprintln!("port {port} is taken: stop what holds it, or choose another with --port (0: any free port)");
            }
            return ExitCode::FAILURE;
        }
    };
    println!("{}", emulator.url());
    println!("key: {} / {}", DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET);
    println!("instances: {instances} per product (rm-emu000001, pc-emu000001, pxc-emu000001, r-emu000001, ...), {backups} backups each");
    println!("region: cn-hangzhou; Ctrl-C stops");
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handling available: run until killed.
        std::future::pending::<()>().await;
    }
    ExitCode::SUCCESS
}
