//! Shared pieces of the client tests: a local server that checks signatures independently, hand-written
//! response and error-code types standing in for generated ones, and configuration helpers.
#![allow(dead_code, unused_imports)]

pub mod dropping;
pub mod relay;
pub mod server;
pub mod trace;
pub mod verify;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_backup_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials};
use alibabacloud_backup_runtime::{
    Config, EndpointRule, ErrorCode, Method, OperationInfo, Page, RetryPolicy, ServiceInfo, SignatureVersion,
};
use futures::future::BoxFuture;
use serde::Deserialize;

pub use dropping::DroppingServer;
pub use relay::Relay;
pub use server::{Recorded, Reply, TestServer};

pub const KEY_ID: &str = "LTAI-test-key-id";
pub const SECRET: &str = "test-secret-do-not-log";

pub static RDS: ServiceInfo = ServiceInfo {
    product_code: "Rds",
    api_version: "2014-08-15",
    signature: SignatureVersion::V3,
    endpoints: EndpointRule {
        regional: "rds.{region}.aliyuncs.com",
        central: Some("rds.aliyuncs.com"),
        central_regions: &["cn-hangzhou", "cn-shanghai"],
        hosts: &[],
    },
};

pub static DESCRIBE_BACKUPS: OperationInfo = OperationInfo::new("DescribeBackups", Method::Post, false);
pub static DESCRIBE_REGIONS_GET: OperationInfo = OperationInfo::new("DescribeRegions", Method::Get, false);
pub static CREATE_BACKUP: OperationInfo = OperationInfo::new("CreateBackup", Method::Post, true);

/// A stand-in for the generated `DescribeBackupsResponse`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBackupsResponse {
    pub request_id: String,
    #[serde(default)]
    pub total_record_count: Option<u64>,
    #[serde(default)]
    pub page_number: i32,
    pub items: BackupList,
}

#[derive(Debug, Deserialize)]
pub struct BackupList {
    #[serde(rename = "Backup", default)]
    pub backup: Vec<Backup>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Backup {
    pub backup_id: String,
    pub backup_size: u64,
}

impl Page for DescribeBackupsResponse {
    type Item = Backup;
    fn items(&self) -> &[Backup] {
        &self.items.backup
    }
    fn into_items(self) -> Vec<Backup> {
        self.items.backup
    }
    fn total_items(&self) -> Option<u64> {
        self.total_record_count
    }
}

/// A stand-in for the generated `CreateBackupResponse`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateBackupResponse {
    pub request_id: String,
    pub backup_job_id: String,
}

/// A stand-in for a generated per-operation error-code enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupsError {
    InvalidDbInstanceIdNotFound,
    Throttling,
    Unknown(String),
}

impl ErrorCode for BackupsError {
    fn from_code(code: &str) -> Self {
        match code {
            "InvalidDBInstanceId.NotFound" => BackupsError::InvalidDbInstanceIdNotFound,
            "Throttling" => BackupsError::Throttling,
            other => BackupsError::Unknown(other.to_owned()),
        }
    }
    fn code(&self) -> &str {
        match self {
            BackupsError::InvalidDbInstanceIdNotFound => "InvalidDBInstanceId.NotFound",
            BackupsError::Throttling => "Throttling",
            BackupsError::Unknown(code) => code,
        }
    }
}

pub type Error = alibabacloud_backup_runtime::Error<BackupsError>;

pub fn credentials() -> Credentials {
    Credentials::new(KEY_ID, SECRET)
}

/// Quick retries and short timeouts, pointed at the test server.
pub fn config(server: &TestServer) -> Config {
    Config::new(credentials())
        .endpoint_url(server.url())
        .connect_timeout(Duration::from_millis(500))
        .read_timeout(Duration::from_millis(200))
        .retry_policy(fast_retries())
}

pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::standard().with_base_delay(Duration::from_millis(2)).with_max_delay(Duration::from_millis(10))
}

pub fn backups_json(ids: &[&str], total: Option<u64>) -> String {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"BackupId":"{id}","BackupSize":1024}}"#)).collect();
    let total = total.map(|t| format!(r#","TotalRecordCount":{t}"#)).unwrap_or_default();
    format!(r#"{{"RequestId":"list-req","Items":{{"Backup":[{}]}}{total}}}"#, items.join(","))
}

/// Credentials that count how often they are asked for: once per attempt, even when nothing is sent.
#[derive(Debug, Clone, Default)]
pub struct Counting {
    pub count: Arc<AtomicUsize>,
}

impl Counting {
    pub fn get(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

/// Credentials that are never available.
#[derive(Debug)]
pub struct Unavailable;

impl ProvideCredentials for Unavailable {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async { Err(CredentialsError::not_configured("test", "no credentials in this test")) })
    }
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.count.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(credentials()) })
    }
}
