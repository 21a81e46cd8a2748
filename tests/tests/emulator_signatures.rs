//! The emulator refuses what the service's gateway refuses, with its codes and statuses: a wrong secret, an
//! unknown key, a missing or stale timestamp, a reused nonce; and accepts both schemes from the client.

mod emulator_support;

use std::time::Duration;

use alibabacloud_backup::runtime::credentials::Credentials;
use alibabacloud_backup::runtime::signing::SignatureVersion;
use alibabacloud_backup::{rds, OperationError};
use emulator_support::*;

fn describe() -> Raw {
    Raw::new("DescribeBackups", rds::SERVICE.api_version, &[("DBInstanceId", RDS)])
}

#[tokio::test]
async fn bad_signatures_and_keys_are_refused_with_the_gateway_codes() {
    let emu = start().await;
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let ok = Raw { version, ..describe() };
        assert_eq!(send(&emu, &ok).await.0, 200, "{version:?}");

        let wrong_secret = Raw { version, secret: "not-the-secret".into(), ..describe() };
        let (status, _, body) = send(&emu, &wrong_secret).await;
        assert_eq!(status, 400, "{body}");
        assert_error(&body, "SignatureDoesNotMatch");

        let unknown = Raw { version, key_id: "LTAI-nobody".into(), ..describe() };
        let (status, _, body) = send(&emu, &unknown).await;
        assert_eq!(status, 404, "{body}");
        assert_error(&body, "InvalidAccessKeyId.NotFound");

        let stale = Raw { version, at: time::OffsetDateTime::now_utc() - Duration::from_secs(20 * 60), ..describe() };
        let (status, _, body) = send(&emu, &stale).await;
        assert_eq!(status, 400, "{body}");
        assert_error(&body, "InvalidTimeStamp.Expired");

        let replayed = Raw { version, nonce: format!("reused-{version:?}"), ..describe() };
        assert_eq!(send(&emu, &replayed).await.0, 200);
        let (status, _, body) = send(&emu, &replayed).await;
        assert_eq!(status, 400, "{body}");
        assert_error(&body, "SignatureNonceUsed");
    }
    let failures = emu.handle().auth_failures();
    assert_eq!(failures.get("SignatureDoesNotMatch"), Some(&2));
    assert_eq!(failures.get("SignatureNonceUsed"), Some(&2));
}

#[tokio::test]
async fn missing_timestamps_and_unsigned_requests_are_refused() {
    let emu = start().await;
    let client = reqwest::Client::new();
    let v1 = "Action=DescribeBackups&Version=2014-08-15&AccessKeyId=LTAI5tEmulatorKey0001&SignatureMethod=HMAC-SHA1\
              &SignatureVersion=1.0&SignatureNonce=n1&Signature=abc&DBInstanceId=rm-emu000001";
    let response = client.post(format!("{}/?{v1}", emu.url())).send().await.expect("an answer");
    assert_eq!(response.status().as_u16(), 400);
    assert_error(&response.json().await.expect("JSON"), "MissingTimestamp");

    let v3 = client
        .post(format!("{}/?DBInstanceId={RDS}", emu.url()))
        .header("x-acs-action", "DescribeBackups")
        .header("x-acs-version", "2014-08-15")
        .header("x-acs-signature-nonce", "n2")
        .header("authorization", "ACS3-HMAC-SHA256 Credential=LTAI5tEmulatorKey0001,SignedHeaders=host,Signature=00")
        .send()
        .await
        .expect("an answer");
    assert_eq!(v3.status().as_u16(), 400);
    assert_error(&v3.json().await.expect("JSON"), "Missingx-acs-date");

    let unsigned = client.post(format!("{}/?Action=DescribeBackups", emu.url())).send().await.expect("an answer");
    assert_eq!(unsigned.status().as_u16(), 400);
    assert_error(&unsigned.json().await.expect("JSON"), "IncompleteSignature");
}

#[tokio::test]
async fn the_generated_client_gets_typed_authentication_errors() {
    let emu = start().await;
    let config = config_with_key(&emu, "LTAI-nobody", "x");
    let err = rds::Client::new(config).describe_backups().db_instance_id(RDS).send().await.unwrap_err();
    let OperationError::Service(e) = &err else { panic!("a service error: {err}") };
    assert_eq!((e.status, e.raw_code.as_str()), (404, "InvalidAccessKeyId.NotFound"));
    assert!(!err.is_retryable(), "a bad key is not retried");
    assert_eq!(emu.handle().requests("DescribeBackups"), 1);

    emu.handle().add_key("LTAI-rotated", "new-secret");
    let rotated = config_with_key(&emu, "LTAI-rotated", "new-secret");
    assert!(rds::Client::new(rotated).describe_backups().db_instance_id(RDS).send().await.is_ok());
}

fn config_with_key(emu: &emulator::Emulator, id: &str, secret: &str) -> alibabacloud_backup::Config {
    alibabacloud_backup::Config::new(Credentials::new(id, secret)).endpoint_url(emu.url()).region(REGION)
}
