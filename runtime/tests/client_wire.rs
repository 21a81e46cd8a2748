//! What the client puts on the wire: method, path, query, headers, signatures (checked by the test
//! server's own implementation), endpoints, and decoding of success bodies.

mod support;

use alibabacloud_backup_runtime::wire::Params;
use alibabacloud_backup_runtime::{Client, Config, RetryPolicy, SignatureVersion};
use support::verify::{self, Kind};
use support::*;

fn params() -> Params {
    let mut p = Params::new();
    p.push("DBInstanceId", "rm-uf6wjk5xxxxxxx");
    p.push("StartTime", "2024-01-01T00:00Z");
    p.push("Comment", "a b*c~d/é+&=");
    p.push("PageSize", "30");
    p
}

#[test]
fn the_verifier_reproduces_the_published_examples() {
    // Signature method V3 example from Alibaba Cloud's "Request syntax and signature method V3".
    let query =
        verify::decode_query("ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai")
            .unwrap();
    let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let headers = [
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-content-sha256", empty),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-version", "2014-05-26"),
    ];
    let (signature, _) = verify::v3_signature("POST", &query, &headers, empty, "YourAccessKeySecret");
    assert_eq!(signature, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");

    // Signature method V1 (RPC) example: DescribeRegions with key `testid` / `testsecret`.
    let query = verify::decode_query(
        "Timestamp=2016-02-23T12%3A46%3A24Z&Format=XML&AccessKeyId=testid&Action=DescribeRegions&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&Version=2014-05-26&SignatureVersion=1.0",
    )
    .unwrap();
    assert_eq!(verify::v1_signature("GET", &query, "testsecret").0, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    assert_eq!(verify::encode("a b*c~d/é+"), "a%20b%2Ac~d%2F%C3%A9%2B");
}

#[tokio::test]
async fn v3_post_sends_every_parameter_in_the_query_with_an_empty_body() {
    let server =
        TestServer::script(vec![Reply::ok(backups_json(&["b1"], Some(1))).header("x-acs-request-id", "hdr-1")]).await;
    let client = Client::new(config(&server).user_agent_suffix("tests/1.0"), &RDS);
    let page: DescribeBackupsResponse = client.call::<_, BackupsError>(&DESCRIBE_BACKUPS, params()).await.unwrap();
    assert_eq!(page.items.backup[0].backup_id, "b1");

    let [request] = server.requests().try_into().unwrap();
    assert_eq!(request.verdict.as_ref().map(|(k, _)| *k), Ok(Kind::V3), "{:?}", request.verdict);
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/"));
    assert!(request.body.is_empty());
    for (name, value) in params().as_slice() {
        assert_eq!(request.param(name), Some(value.as_str()), "{name}");
    }
    assert_eq!(request.header("x-acs-action"), Some("DescribeBackups"));
    assert_eq!(request.header("x-acs-version"), Some("2014-08-15"));
    assert_eq!(request.header("host"), Some(server.url().trim_start_matches("http://")));
    assert_eq!(request.header("x-acs-retry-attempts"), None);
    let agent = request.header("user-agent").unwrap();
    assert!(agent.starts_with("alibabacloud-backup-sdk/") && agent.ends_with("(rust) tests/1.0"), "{agent}");
}

#[tokio::test]
async fn v1_get_signs_in_the_query() {
    let server = TestServer::script(vec![Reply::ok(r#"{"RequestId":"r","BackupJobId":"j"}"#)]).await;
    let client = Client::new(config(&server).signature_version(SignatureVersion::V1), &RDS);
    let _: CreateBackupResponse = client.call::<_, BackupsError>(&DESCRIBE_REGIONS_GET, params()).await.unwrap();
    let [request] = server.requests().try_into().unwrap();
    assert_eq!(request.verdict.as_ref().map(|(k, _)| *k), Ok(Kind::V1), "{:?}", request.verdict);
    assert_eq!(request.method, "GET");
    assert_eq!(request.param("Action"), Some("DescribeRegions"));
    assert_eq!(request.param("Version"), Some("2014-08-15"));
    assert_eq!(request.param("Comment"), Some("a b*c~d/é+&="));
    assert!(request.header("authorization").is_none());
}

#[tokio::test]
async fn the_server_rejects_a_wrong_secret_for_either_signature() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = TestServer::script(vec![Reply::ok(backups_json(&[], None))]).await;
        let wrong = alibabacloud_backup_runtime::credentials::Credentials::new(KEY_ID, "not-the-secret");
        let config = Config::new(wrong).endpoint_url(server.url()).signature_version(version);
        let err = Client::new(config, &RDS)
            .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
            .await
            .unwrap_err();
        assert_eq!(err.service_code(), Some("SignatureDoesNotMatch"), "{version:?}");
        assert!(server.requests()[0].verdict.is_err());
    }
}

#[tokio::test]
async fn a_body_that_does_not_match_the_type_names_the_path() {
    let body = r#"{"RequestId":"r-9","Items":{"Backup":[{"BackupId":"b","BackupSize":"not a number"}]}}"#;
    let server = TestServer::script(vec![Reply::ok(body)]).await;
    let client = Client::new(config(&server), &RDS);
    let err = client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params()).await.unwrap_err();
    match &err {
        alibabacloud_backup_runtime::Error::Decode { status, path, snippet, source, request_id } => {
            assert_eq!((*status, path.as_str()), (200, "Items.Backup[0].BackupSize"));
            assert_eq!(snippet, body);
            assert_eq!(source.line(), 1);
            assert_eq!(request_id.as_deref(), Some("r-9"));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("Items.Backup[0].BackupSize"), "{err}");
    assert!(err.to_string().contains("line 1, column"), "{err}");
    assert!(!err.is_retryable());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn malformed_json_keeps_a_short_snippet() {
    let body = format!("{{\"RequestId\":\"{}", "é".repeat(400));
    let server = TestServer::script(vec![Reply::ok(body)]).await;
    let client = Client::new(config(&server), &RDS);
    let err = client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params()).await.unwrap_err();
    let alibabacloud_backup_runtime::Error::Decode { snippet, .. } = &err else { panic!("{err:?}") };
    assert_eq!(snippet.chars().count(), 201, "200 characters and an ellipsis");
}

#[tokio::test]
async fn a_missing_region_fails_before_sending() {
    let client = Client::new(Config::new(credentials()), &RDS);
    let err = client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params()).await.unwrap_err();
    assert!(matches!(err, alibabacloud_backup_runtime::Error::Endpoint(_)), "{err:?}");
    assert!(err.to_string().contains("no region is configured for Rds"), "{err}");
}

#[tokio::test]
async fn a_malformed_endpoint_url_fails_before_sending() {
    let client = Client::new(Config::new(credentials()).endpoint_url("ftp://example.com"), &RDS);
    let err = client.call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params()).await.unwrap_err();
    assert!(matches!(err, alibabacloud_backup_runtime::Error::Endpoint(_)), "{err:?}");
    assert!(!err.is_retryable());
}

#[test]
fn regions_choose_the_documented_host() {
    let host =
        |region: &str| Client::new(Config::new(credentials()).region(region), &RDS).endpoint().unwrap().base_url();
    assert_eq!(host("cn-hangzhou"), "https://rds.aliyuncs.com/");
    assert_eq!(host("eu-west-1"), "https://rds.eu-west-1.aliyuncs.com/");
}

#[test]
fn debug_output_never_shows_the_secret() {
    let config = Config::new(credentials()).region("cn-hangzhou").retry_policy(RetryPolicy::none());
    let client = Client::new(config.clone(), &RDS);
    for text in [format!("{config:?}"), format!("{client:?}"), format!("{config:#?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("cn-hangzhou"), "{text}");
    }
}

#[tokio::test]
async fn sts_tokens_are_signed_and_sent() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let server = TestServer::script(vec![Reply::ok(backups_json(&[], None))]).await;
        let sts = credentials().with_security_token("sts-token/+=");
        let config = Config::new(sts).endpoint_url(server.url()).signature_version(version);
        Client::new(config, &RDS)
            .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
            .await
            .unwrap();
        let [request] = server.requests().try_into().unwrap();
        assert!(request.verdict.is_ok(), "{version:?}: {:?}", request.verdict);
        let token = request.header("x-acs-security-token").or_else(|| request.param("SecurityToken"));
        assert_eq!(token, Some("sts-token/+="), "{version:?}");
    }
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = TestServer::script(vec![Reply::ok(backups_json(&[], None))]).await;
    let config = Config::new(Unavailable).endpoint_url(server.url());
    let err = Client::new(config, &RDS)
        .call::<DescribeBackupsResponse, BackupsError>(&DESCRIBE_BACKUPS, params())
        .await
        .unwrap_err();
    assert!(matches!(err, alibabacloud_backup_runtime::Error::Credentials(_)), "{err:?}");
    assert!(err.to_string().contains("no credentials in this test"), "{err}");
    assert!(!err.is_retryable());
    assert_eq!(server.count(), 0);
}

/// What the official client puts on every request besides the signature: `accept: application/json`, a POST's
/// `content-length: 0`, and V1's `Format=json`.
#[tokio::test]
async fn requests_ask_for_json_and_an_empty_post_says_so() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        for operation in [&DESCRIBE_BACKUPS, &DESCRIBE_REGIONS_GET] {
            let server = TestServer::script(vec![Reply::ok(backups_json(&[], None))]).await;
            let client = Client::new(config(&server).signature_version(version), &RDS);
            let _: DescribeBackupsResponse = client.call::<_, BackupsError>(operation, params()).await.unwrap();
            let request = server.only_request();
            let case = format!("{version:?} {}", request.method);
            request.signed();
            let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
            assert_eq!(accept, ["application/json"], "{case}");
            let lengths: Vec<_> = request.headers.get_all("content-length").iter().collect();
            match request.method.as_str() {
                "POST" => assert_eq!(lengths, ["0"], "{case}"),
                _ => assert!(lengths.is_empty(), "{case}: {lengths:?}"),
            }
            assert!(request.body.is_empty(), "{case}");
            let format = request.param("Format");
            assert_eq!(format, (version == SignatureVersion::V1).then_some("json"), "{case}");
        }
    }
}
