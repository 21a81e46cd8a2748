//! `emulator`: run the local emulator until Ctrl-C.
//!
//! Prints the URL on the first line of standard output (scripts read it), then the accepted key, so any
//! client can be pointed at it: `--port` (0 picks a free one), `--seed`, `--backups N` per instance,
//! `--instances N` per product, `--backup-delay-ms`, `--failure-rate`, `--key ID:SECRET` (repeatable).

use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: emulator [--port N] [--seed N] [--backups N] [--instances N] [--backup-delay-ms N] \
                     [--failure-rate F] [--key ID:SECRET]...";

fn parse(args: &[String]) -> Result<emulator::Config, String> {
    let mut config = emulator::Config::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        let number = |text: String| text.parse::<u64>().map_err(|_| format!("{flag}: {text:?} is not a number"));
        match flag.as_str() {
            "--port" => config.port = u16::try_from(number(value()?)?).map_err(|_| "--port: too large".to_owned())?,
            "--seed" => config.seed = number(value()?)?,
            "--backups" => config.backups = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?,
            "--instances" => config.instances = usize::try_from(number(value()?)?).map_err(|e| e.to_string())?,
            "--backup-delay-ms" => config.backup_delay = Duration::from_millis(number(value()?)?),
            "--failure-rate" => {
                let text = value()?;
                config.failure_rate = text.parse().map_err(|_| format!("--failure-rate: {text:?} is not a number"))?;
            }
            "--key" => {
                let text = value()?;
                let (id, secret) = text.split_once(':').ok_or("--key takes ID:SECRET")?;
                config.keys.push((id.to_owned(), secret.to_owned()));
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let (instances, backups) = (config.instances, config.backups);
    let emulator = match emulator::Emulator::start(config).await {
        Ok(emulator) => emulator,
        Err(err) => {
            eprintln!("cannot listen: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", emulator.url());
    println!("key: {} / {}", emulator::DEFAULT_KEY_ID, emulator::DEFAULT_KEY_SECRET);
    println!("instances: {instances} per product (rm-emu000001, pc-emu000001, pxc-emu000001, r-emu000001, ...), {backups} backups each");
    println!("region: cn-hangzhou; Ctrl-C stops");
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handling available: run until killed.
        std::future::pending::<()>().await;
    }
    ExitCode::SUCCESS
}
