//! Shared pieces of the emulator tests: an emulator with quick settings, clients pointed at it, and a raw
//! signed request for the cases the generated client never produces (stale times, reused nonces, bad input).
#![allow(dead_code)]

use std::time::Duration;

use alibabacloud_backup::runtime::credentials::Credentials;
use alibabacloud_backup::runtime::signing::{self, SignatureVersion, SigningContext, SigningRequest};
use alibabacloud_backup::runtime::waiter::WaitOptions;
use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds, Config, RetryPolicy};
use emulator::{Emulator, DEFAULT_KEY_ID, DEFAULT_KEY_SECRET};
use time::OffsetDateTime;

pub const RDS: &str = "rm-emu000001";
pub const POLARDB: &str = "pc-emu000001";
pub const PXC: &str = "pxc-emu000001";
pub const REDIS: &str = "r-emu000001";
pub const REGION: &str = "cn-hangzhou";

/// An emulator with 120 backups per instance, backups that finish in 150 ms, and a 5 ms retry-after.
pub async fn start() -> Emulator {
    let config = emulator::Config::default()
        .backups(120)
        .backup_delay(Duration::from_millis(150))
        .retry_after(Duration::from_millis(5));
    Emulator::start(config).await.expect("the emulator starts")
}

/// Quick retries (3 attempts, a few ms apart) and a 300 ms read timeout.
pub fn config(emu: &Emulator) -> Config {
    Config::new(Credentials::new(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET))
        .endpoint_url(emu.url())
        .region(REGION)
        .read_timeout(Duration::from_millis(300))
        .retry_policy(
            RetryPolicy::standard().with_base_delay(Duration::from_millis(2)).with_max_delay(Duration::from_millis(10)),
        )
}

pub struct Clients {
    pub rds: rds::Client,
    pub polardb: polardb::Client,
    pub polardbx: polardbx::Client,
    pub redis: r_kvstore::Client,
}

pub fn clients(config: Config) -> Clients {
    Clients {
        rds: rds::Client::new(config.clone()),
        polardb: polardb::Client::new(config.clone()),
        polardbx: polardbx::Client::new(config.clone()),
        redis: r_kvstore::Client::new(config),
    }
}

/// A request signed by hand, to send with [`send`].
pub struct Raw {
    pub version: SignatureVersion,
    pub action: &'static str,
    pub api_version: &'static str,
    pub params: Vec<(&'static str, String)>,
    pub secret: String,
    pub key_id: String,
    pub at: OffsetDateTime,
    pub nonce: String,
}

impl Raw {
    pub fn new(action: &'static str, api_version: &'static str, params: &[(&'static str, &str)]) -> Raw {
        Raw {
            version: SignatureVersion::V3,
            action,
            api_version,
            params: params.iter().map(|(k, v)| (*k, (*v).to_owned())).collect(),
            secret: DEFAULT_KEY_SECRET.to_owned(),
            key_id: DEFAULT_KEY_ID.to_owned(),
            at: OffsetDateTime::now_utc(),
            nonce: signing::new_nonce(),
        }
    }
}

/// Signs and sends `raw` with POST; returns the status, the `x-acs-retry-after` header and the JSON body.
pub async fn send(emu: &Emulator, raw: &Raw) -> (u16, Option<String>, serde_json::Value) {
    let host = emu.url().trim_start_matches("http://").to_owned();
    let creds = Credentials::new(raw.key_id.clone(), raw.secret.clone());
    let request = SigningRequest {
        method: "POST",
        host: &host,
        action: raw.action,
        version: raw.api_version,
        params: &raw.params,
        form: &[],
        headers: &[],
    };
    let signed = signing::sign(
        raw.version,
        &request,
        &SigningContext { credentials: &creds, timestamp: raw.at, nonce: &raw.nonce },
    );
    let mut builder = reqwest::Client::new().post(format!("{}/?{}", emu.url(), signed.query));
    for (name, value) in signed.headers.iter().filter(|(n, _)| n != "host") {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let response = builder.send().await.expect("the emulator answers");
    let status = response.status().as_u16();
    let retry_after = response.headers().get("x-acs-retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = response.json().await.expect("a JSON body");
    (status, retry_after, body)
}

/// Asserts the service's error document: exactly its five keys, with this code.
pub fn assert_error(body: &serde_json::Value, code: &str) {
    let object = body.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["Code", "HostId", "Message", "Recommend", "RequestId"], "{body}");
    assert_eq!(body["Code"], code, "{body}");
}

/// Waiter options for the emulator's short backups: poll every few tens of milliseconds, give up after 3 s.
pub fn quick() -> WaitOptions {
    WaitOptions::default()
        .initial_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(80))
        .deadline(Duration::from_secs(3))
}
