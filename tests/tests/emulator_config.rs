//! The generated clients configured from the environment against the emulator, as the quick start is run there
//! (`ALIBABA_CLOUD_ENDPOINT` and the emulator's key, nothing in the code), and a per-call override of the
//! timeouts through the product client's runtime client.

mod emulator_support;

use std::time::Duration;

use alibabacloud_backup::runtime::credentials::Env;
use alibabacloud_backup::runtime::error::TimeoutPhase;
use alibabacloud_backup::runtime::Overrides;
use alibabacloud_backup::{polardbx, rds, Config, OperationError, RetryPolicy};
use emulator::{DEFAULT_KEY_ID, DEFAULT_KEY_SECRET};
use emulator_support::*;

#[tokio::test]
async fn the_quick_start_configuration_reaches_the_emulator_from_the_environment() {
    let emu = start().await;
    let env = Env::from_vars([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", DEFAULT_KEY_ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", DEFAULT_KEY_SECRET),
        ("ALIBABA_CLOUD_ENDPOINT", emu.url()),
        ("ALIBABA_CLOUD_READ_TIMEOUT", "300"),
    ]);
    // The quick start's first line, with its variables read from `env` instead of the process.
    let config = Config::from_env_with(env).unwrap().region(REGION);
    let rds = rds::Client::new(config.clone());
    let page = rds.describe_backups().db_instance_id(RDS).send().await.unwrap();
    assert_eq!(page.items().len(), 30);
    let polardbx = polardbx::Client::new(config);
    polardbx.describe_backup_set_list().region_id(REGION).db_instance_name(PXC).send().await.unwrap();
    assert!(emu.handle().auth_failures().is_empty());
}

#[tokio::test]
async fn a_call_can_wait_longer_than_the_client_on_the_same_connections() {
    let emu = start().await;
    emu.handle().inject("DescribeBackups", emulator::Fault::Latency(Duration::from_millis(500)), 2);
    let rds = rds::Client::new(config(&emu).retry_policy(RetryPolicy::none()));
    let err = rds.describe_backups().db_instance_id(RDS).send().await.unwrap_err();
    assert!(matches!(err, OperationError::Timeout { phase: TimeoutPhase::Read, .. }), "{err:?}");

    let patient = rds.with_overrides(Overrides::new().read_timeout(Duration::from_secs(5)));
    let page = patient.describe_backups().db_instance_id(RDS).send().await.unwrap();
    assert_eq!(page.items().len(), 30);
    // The same through the runtime client, with a request built beforehand.
    let request = rds::DescribeBackupsRequest::builder().db_instance_id(RDS).build().unwrap();
    let page = rds.runtime().with_overrides(Overrides::new().read_timeout(Duration::from_secs(5)));
    assert_eq!(page.send(&request).await.unwrap().items().len(), 30);
}
