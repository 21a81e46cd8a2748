//! The generated client end to end, against an in-process server on 127.0.0.1 that checks every signature
//! with its own code (the runtime's `tests/support/verify.rs`): each operation's method, path, query, headers
//! and empty body; the page samples decoded through HTTP; typed service errors; requests refused before
//! sending; the paginator; and which failures are retried.

mod client_support;

use std::collections::HashMap;
use std::sync::OnceLock;

use alibabacloud_backup::runtime::build::BuildError;
use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds, OperationError, SignatureVersion};
use client_support::*;
use futures::StreamExt;
use serde_json::{json, Value};
use time::macros::datetime;

/// The body of an operation's `page` sample, from `specs/` (read once for the whole file).
fn page_sample(operation: &str) -> String {
    static SAMPLES: OnceLock<HashMap<String, String>> = OnceLock::new();
    let samples = SAMPLES.get_or_init(|| {
        let api = tests::api();
        let mut pages = HashMap::new();
        for op in api.products.iter().flat_map(|p| &p.operations) {
            if let Some(page) = op.samples.iter().find(|s| s.name == "page") {
                pages.insert(op.name.clone(), page.body.clone());
            }
        }
        pages
    });
    samples.get(operation).unwrap_or_else(|| panic!("{operation} has no page sample")).clone()
}

fn rds_client(server: &TestServer) -> rds::Client {
    rds::Client::new(config(server))
}

/// The one request the server received, checked as a V3-signed call of `action` (see `assert_call`), as its
/// sorted query.
fn only_v3_call(server: &TestServer, method: &str, action: &str, version: &str) -> Vec<(String, String)> {
    let request = server.only_request();
    assert_call(&request, Kind::V3, method, action, version);
    sorted_query(&request)
}

/// An operation's page sample decoded directly (`tests/samples.rs` checks it field by field): a call the server
/// answered with that sample must decode to exactly this.
fn decoded_sample<T: serde::de::DeserializeOwned>(operation: &str) -> T {
    serde_json::from_str(&page_sample(operation)).unwrap_or_else(|e| panic!("the {operation} sample: {e}"))
}

/// An error body as the service writes it.
fn error_body(code: &str, message: &str, request_id: &str) -> String {
    json!({"Code": code, "Message": message, "RequestId": request_id}).to_string()
}

// ---------------------------------------------------------------------------------------------------------
// The five operations on the wire, V3-signed, and their page samples decoded from HTTP.
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn rds_describe_backups_posts_every_parameter_and_decodes_the_page_sample() {
    let server = TestServer::always(Reply::ok(page_sample("DescribeBackups"))).await;
    let page = rds_client(&server)
        .describe_backups()
        .db_instance_id("rm-uf6wjk5xxxxxxx")
        .backup_id("321020562")
        .backup_status(rds::BackupStatus::Success)
        .backup_mode(rds::BackupMode::Automated)
        .start_time(datetime!(2011-06-01 16:00:59 UTC))
        .end_time(datetime!(2011-06-16 00:00:30 +08:00))
        .page_size(50)
        .page_number(2)
        .backup_type(rds::BackupType::FullBackup)
        .resource_group_id("rg-acfmy*****")
        .send()
        .await
        .expect("DescribeBackups succeeds");

    assert_eq!(
        only_v3_call(&server, "POST", "DescribeBackups", RDS_VERSION),
        sorted(&[
            ("DBInstanceId", "rm-uf6wjk5xxxxxxx"),
            ("BackupId", "321020562"),
            ("BackupStatus", "Success"),
            ("BackupMode", "Automated"),
            // yyyy-MM-ddTHH:mmZ: UTC, seconds dropped.
            ("StartTime", "2011-06-01T16:00Z"),
            ("EndTime", "2011-06-15T16:00Z"),
            ("PageSize", "50"),
            ("PageNumber", "2"),
            ("BackupType", "FullBackup"),
            ("ResourceGroupId", "rg-acfmy*****"),
        ])
    );
    let raw_query = server.only_request().raw_query;
    assert!(raw_query.contains("ResourceGroupId=rg-acfmy%2A%2A%2A%2A%2A"), "{raw_query}");

    assert_eq!(page, decoded_sample("DescribeBackups"));
}

#[tokio::test]
async fn polardb_describe_backup_tasks_posts_every_parameter_and_decodes_the_page_sample() {
    let server = TestServer::always(Reply::ok(page_sample("DescribeBackupTasks"))).await;
    let page = polardb::Client::new(config(&server))
        .describe_backup_tasks()
        .db_cluster_id("pc-bp1s826a1up******")
        .backup_job_id("11111111")
        .backup_mode(polardb::BackupMode::Manual)
        .send()
        .await
        .expect("DescribeBackupTasks succeeds");

    assert_eq!(
        only_v3_call(&server, "POST", "DescribeBackupTasks", POLARDB_VERSION),
        sorted(&[("DBClusterId", "pc-bp1s826a1up******"), ("BackupJobId", "11111111"), ("BackupMode", "Manual")])
    );

    assert_eq!(page, decoded_sample("DescribeBackupTasks"));
}

#[tokio::test]
async fn polardbx_describe_backup_set_list_gets_with_epoch_millis_and_decodes_the_page_sample() {
    let server = TestServer::always(Reply::ok(page_sample("DescribeBackupSetList"))).await;
    let page = polardbx::Client::new(config(&server))
        .describe_backup_set_list()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-hzrxxxxxx")
        .start_time(datetime!(2021-10-31 19:17:25.123 UTC))
        .end_time(datetime!(2021-11-01 03:17:25.999 +08:00))
        .page_size(30)
        .page_number(1)
        .send()
        .await
        .expect("DescribeBackupSetList succeeds");

    assert_eq!(
        only_v3_call(&server, "GET", "DescribeBackupSetList", POLARDBX_VERSION),
        sorted(&[
            ("RegionId", "cn-hangzhou"),
            ("DBInstanceName", "pxc-hzrxxxxxx"),
            // Epoch milliseconds (2021-10-31T19:17:25Z is 1635707845 s).
            ("StartTime", "1635707845123"),
            ("EndTime", "1635707845999"),
            ("PageSize", "30"),
            ("PageNumber", "1"),
        ])
    );

    assert_eq!(page, decoded_sample("DescribeBackupSetList"));
}

#[tokio::test]
async fn polardbx_create_backup_posts_every_parameter_and_decodes_the_page_sample() {
    let server = TestServer::always(Reply::ok(page_sample("CreateBackup"))).await;
    let created = polardbx::Client::new(config(&server))
        .create_backup()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-hzrxxxxxx")
        .backup_type(polardbx::CreateBackupType::Fast)
        .send()
        .await
        .expect("CreateBackup succeeds");

    assert_eq!(
        only_v3_call(&server, "POST", "CreateBackup", POLARDBX_VERSION),
        sorted(&[("RegionId", "cn-hangzhou"), ("DBInstanceName", "pxc-hzrxxxxxx"), ("BackupType", "0")])
    );

    assert_eq!(created, decoded_sample("CreateBackup"));
}

#[tokio::test]
async fn r_kvstore_describe_cluster_backup_list_gets_with_minute_times_and_decodes_the_page_sample() {
    let server = TestServer::always(Reply::ok(page_sample("DescribeClusterBackupList"))).await;
    let page = r_kvstore::Client::new(config(&server))
        .describe_cluster_backup_list()
        .region_id("cn-zhangjiakou")
        .instance_id("r-t4nj72oug5r5646qog")
        .cluster_backup_id("cb-hyxdof5x9kqbtust")
        .page_size(30)
        .page_number(1)
        .start_time(datetime!(2018-12-03 07:01:45 UTC))
        .end_time(datetime!(2021-05-13 08:00 +08:00))
        .send()
        .await
        .expect("DescribeClusterBackupList succeeds");

    assert_eq!(
        only_v3_call(&server, "GET", "DescribeClusterBackupList", R_KVSTORE_VERSION),
        sorted(&[
            ("RegionId", "cn-zhangjiakou"),
            ("InstanceId", "r-t4nj72oug5r5646qog"),
            ("ClusterBackupId", "cb-hyxdof5x9kqbtust"),
            ("PageSize", "30"),
            ("PageNumber", "1"),
            // yyyy-MM-ddTHH:mmZ for both (see the spec's format decision).
            ("StartTime", "2018-12-03T07:01Z"),
            ("EndTime", "2021-05-13T00:00Z"),
        ])
    );

    assert_eq!(page, decoded_sample("DescribeClusterBackupList"));
}

// ---------------------------------------------------------------------------------------------------------
// Signature V1, chosen in the configuration, for a POST and a GET operation.
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn signature_v1_puts_common_parameters_and_signature_in_the_query() {
    let server = TestServer::with(|request, _| match request.param("Action") {
        Some("DescribeBackups") => Reply::ok(page_sample("DescribeBackups")),
        _ => Reply::ok(page_sample("DescribeClusterBackupList")),
    })
    .await;
    let config = config(&server).signature_version(SignatureVersion::V1);

    let page = rds::Client::new(config.clone())
        .describe_backups()
        .db_instance_id("rm-uf6wjk5xxxxxxx")
        .start_time(datetime!(2011-06-01 16:00 UTC))
        .send()
        .await
        .expect("V1 DescribeBackups succeeds");
    assert_eq!(page.items().len(), 1);
    let clusters = r_kvstore::Client::new(config)
        .describe_cluster_backup_list()
        .region_id("cn-zhangjiakou")
        .instance_id("r-1")
        .start_time(datetime!(2018-12-03 07:01 UTC))
        .end_time(datetime!(2018-12-04 07:01 UTC))
        .send()
        .await
        .expect("V1 DescribeClusterBackupList succeeds");
    assert_eq!(clusters.cluster_backups().len(), 1);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let expectations = [
        (
            "POST",
            "DescribeBackups",
            RDS_VERSION,
            vec![("DBInstanceId", "rm-uf6wjk5xxxxxxx"), ("StartTime", "2011-06-01T16:00Z")],
        ),
        (
            "GET",
            "DescribeClusterBackupList",
            R_KVSTORE_VERSION,
            vec![
                ("RegionId", "cn-zhangjiakou"),
                ("InstanceId", "r-1"),
                ("StartTime", "2018-12-03T07:01Z"),
                ("EndTime", "2018-12-04T07:01Z"),
            ],
        ),
    ];
    for (request, (method, action, version, own)) in requests.iter().zip(expectations) {
        assert_call(request, Kind::V1, method, action, version);
        let (_, nonce) = request.signed();
        let timestamp = request.param("Timestamp").expect("Timestamp");
        let signature = request.param("Signature").expect("Signature");
        let mut expected = own;
        expected.extend([
            ("AccessKeyId", KEY_ID),
            ("Action", action),
            ("Format", "json"),
            ("Signature", signature),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("Timestamp", timestamp),
            ("Version", version),
        ]);
        assert_eq!(sorted_query(request), sorted(&expected), "{action}");
    }
}

#[tokio::test]
async fn values_that_need_percent_encoding_are_sent_and_signed_exactly() {
    let server = TestServer::always(Reply::ok(page_sample("DescribeBackupTasks"))).await;
    let awkward = "pc-1 2+3/4*5~6&7=8,9;%中文é";
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        polardb::Client::new(config(&server).signature_version(version))
            .describe_backup_tasks()
            .db_cluster_id(awkward)
            .backup_job_id("")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for (request, kind) in requests.iter().zip([Kind::V3, Kind::V1]) {
        assert_call(request, kind, "POST", "DescribeBackupTasks", POLARDB_VERSION);
        assert_eq!(request.param("DBClusterId"), Some(awkward));
        assert_eq!(request.param("BackupJobId"), Some(""));
        // RFC 3986: space is %20 (never +), `*` is %2A, `~` stays, UTF-8 bytes in upper-case hex.
        assert!(
            request.raw_query.contains("DBClusterId=pc-1%202%2B3%2F4%2A5~6%267%3D8%2C9%3B%25%E4%B8%AD%E6%96%87%C3%A9"),
            "{}",
            request.raw_query
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_documented_error_code_becomes_the_operations_typed_code_with_the_pages_info() {
    let body = json!({
        "Code": "InvalidStartTime.Format",
        "Message": "Specified start time is not valid.",
        "RequestId": "ERR-REQ-1",
        "HostId": "rds.aliyuncs.com",
        "Recommend": "https://api.aliyun.com/troubleshoot?q=InvalidStartTime.Format",
    });
    let server = TestServer::always(Reply::json(400, body.to_string())).await;
    let err = rds_client(&server)
        .describe_backups()
        .db_instance_id("rm-1")
        .start_time(datetime!(2011-06-01 16:00 UTC))
        .send()
        .await
        .expect_err("a 400 is an error");

    assert_eq!(server.count(), 1, "a 400 is not retried");
    assert_eq!(err.request_id(), Some("ERR-REQ-1"));
    assert_eq!(err.service_code(), Some("InvalidStartTime.Format"));
    assert!(!err.is_retryable());
    let OperationError::Service(e) = &err else { panic!("expected OperationError::Service, got {err:?}") };
    assert_eq!(e.code, rds::DescribeBackupsErrorCode::InvalidStartTimeFormat);
    assert_eq!(e.status, 400);
    assert_eq!(e.raw_code, "InvalidStartTime.Format");
    assert_eq!(e.message, "Specified start time is not valid.");
    assert_eq!(e.request_id.as_deref(), Some("ERR-REQ-1"));
    assert_eq!(e.host_id.as_deref(), Some("rds.aliyuncs.com"));
    assert_eq!(e.recommend.as_deref(), Some("https://api.aliyun.com/troubleshoot?q=InvalidStartTime.Format"));
    // The row of the page's error table (specs/rds/DescribeBackups.yaml).
    let info = e.code.info().expect("a documented code has info");
    assert_eq!(info.code, "InvalidStartTime.Format");
    assert_eq!(info.http_status, 400);
    assert_eq!(info.message, "Specified start time is not valid.");
    assert_eq!(info.description, Some("The start time is invalid."));
    let shown = err.to_string();
    assert!(shown.contains("InvalidStartTime.Format") && shown.contains("ERR-REQ-1"), "{shown}");
}

#[tokio::test]
async fn an_undocumented_error_code_is_kept_as_unknown_with_its_request_id() {
    let body = json!({
        "Code": "Backup.SomethingNew",
        "Message": "A code the page does not list.",
        "RequestId": "ERR-REQ-2",
        "HostId": "rds.aliyuncs.com",
        "Recommend": "https://api.aliyun.com/troubleshoot?q=Backup.SomethingNew",
    });
    let server = TestServer::always(Reply::json(403, body.to_string())).await;
    let err = rds_client(&server).describe_backups().db_instance_id("rm-1").send().await.expect_err("403");

    assert_eq!(server.count(), 1);
    let OperationError::Service(e) = &err else { panic!("expected OperationError::Service, got {err:?}") };
    assert_eq!(e.code, rds::DescribeBackupsErrorCode::Unknown("Backup.SomethingNew".to_owned()));
    assert_eq!(e.code.info(), None);
    assert_eq!((e.status, e.message.as_str()), (403, "A code the page does not list."));
    assert_eq!(err.request_id(), Some("ERR-REQ-2"));

    // Without a RequestId in the body, the x-acs-request-id header supplies it; undocumented codes of
    // operations whose page lists none are Unknown too.
    let body = json!({"Code": "InvalidRegionId.NotFound", "Message": "no such region"}).to_string();
    let server = TestServer::always(Reply::json(404, body).header("x-acs-request-id", "HDR-REQ-3")).await;
    let err = polardbx::Client::new(config(&server))
        .describe_backup_set_list()
        .region_id("cn-nowhere")
        .db_instance_name("pxc-1")
        .send()
        .await
        .expect_err("404");
    let OperationError::Service(e) = &err else { panic!("expected OperationError::Service, got {err:?}") };
    assert_eq!(e.code, polardbx::DescribeBackupSetListErrorCode::Unknown("InvalidRegionId.NotFound".to_owned()));
    assert_eq!(e.request_id.as_deref(), Some("HDR-REQ-3"));
    assert_eq!(err.request_id(), Some("HDR-REQ-3"));
}

#[tokio::test]
async fn a_success_body_that_does_not_match_the_type_is_a_decode_error_and_not_retried() {
    let mut doc: Value = serde_json::from_str(&page_sample("DescribeBackups")).unwrap();
    doc["Items"]["Backup"][0]["BackupSize"] = json!("two megabytes");
    let server = TestServer::always(Reply::ok(doc.to_string())).await;
    let err = rds_client(&server).describe_backups().db_instance_id("rm-1").send().await.expect_err("bad body");
    assert_eq!(server.count(), 1);
    let OperationError::Decode { status, path, request_id, .. } = &err else {
        panic!("expected OperationError::Decode, got {err:?}")
    };
    assert_eq!(*status, 200);
    assert_eq!(path, "Items.Backup[0].BackupSize");
    assert_eq!(request_id.as_deref(), Some("1A6D328C-84B8-40DC-BF49-6C73984D7494"));
}

#[tokio::test]
async fn requests_the_builder_refuses_are_returned_by_send_and_never_reach_the_server() {
    let server = TestServer::always(Reply::ok(page_sample("DescribeBackups"))).await;
    let client = rds_client(&server);

    let err = client.describe_backups().page_size(30).send().await.expect_err("DBInstanceId is required");
    let OperationError::InvalidRequest(build) = &err else {
        panic!("expected OperationError::InvalidRequest, got {err:?}")
    };
    assert_eq!(*build, BuildError::MissingParameter { operation: "DescribeBackups", parameter: "DBInstanceId" });

    let err = client.describe_backups().db_instance_id("rm-1").page_size(40).send().await.expect_err("PageSize 40");
    let OperationError::InvalidRequest(build) = &err else {
        panic!("expected OperationError::InvalidRequest, got {err:?}")
    };
    let BuildError::InvalidValue { operation, parameter, value, .. } = build else {
        panic!("expected InvalidValue, got {build:?}")
    };
    assert_eq!((*operation, *parameter, value.as_str()), ("DescribeBackups", "PageSize", "40"));
    assert!(err.to_string().contains("30, 50, 100"), "{err}");

    // The paginator reports the same error as its only item.
    let items: Vec<_> =
        client.describe_backups().db_instance_id("rm-1").page_size(40).paginate().items().collect().await;
    assert!(
        matches!(items.as_slice(), [Err(OperationError::InvalidRequest(BuildError::InvalidValue { .. }))]),
        "{items:?}"
    );

    // Required parameters of other operations, including required times.
    let err = r_kvstore::Client::new(config(&server))
        .describe_cluster_backup_list()
        .region_id("cn-hangzhou")
        .instance_id("r-1")
        .start_time(datetime!(2024-01-01 0:00 UTC))
        .send()
        .await
        .expect_err("EndTime is required");
    assert!(
        matches!(&err, OperationError::InvalidRequest(BuildError::MissingParameter { parameter: "EndTime", .. })),
        "{err:?}"
    );
    let err = polardbx::Client::new(config(&server))
        .create_backup()
        .region_id("cn-hangzhou")
        .send()
        .await
        .expect_err("DBInstanceName is required");
    assert!(
        matches!(
            &err,
            OperationError::InvalidRequest(BuildError::MissingParameter { parameter: "DBInstanceName", .. })
        ),
        "{err:?}"
    );

    assert_eq!(server.count(), 0, "nothing may be sent for a request the builder refuses");
}

// ---------------------------------------------------------------------------------------------------------
// Paging through DescribeBackups.
// ---------------------------------------------------------------------------------------------------------

/// A DescribeBackups page as the service writes it: the page sample's backup repeated with ids
/// `900000001..`, and the counts as strings.
fn backups_page(total: usize, page: usize, size: usize) -> String {
    let mut doc: Value = serde_json::from_str(&page_sample("DescribeBackups")).expect("the sample is JSON");
    let template = doc["Items"]["Backup"][0].clone();
    let first = (page - 1) * size + 1;
    let items: Vec<Value> = (first..=total.min(page * size))
        .map(|n| {
            let mut item = template.clone();
            item["BackupId"] = json!(format!("{}", 900_000_000 + n));
            item
        })
        .collect();
    doc["PageRecordCount"] = json!(items.len().to_string());
    doc["TotalRecordCount"] = json!(total.to_string());
    doc["PageNumber"] = json!(page.to_string());
    doc["Items"]["Backup"] = Value::Array(items);
    doc.to_string()
}

/// A server holding `total` backups, paged by the request's `PageNumber` and `PageSize` (30 when absent).
async fn backups_listing(total: usize) -> TestServer {
    TestServer::with(move |request, _| {
        let number = |name: &str, default: usize| request.param(name).map_or(default, |v| v.parse().unwrap());
        Reply::ok(backups_page(total, number("PageNumber", 1), number("PageSize", 30)))
    })
    .await
}

fn wire_pages(server: &TestServer) -> Vec<(String, String)> {
    server
        .requests()
        .iter()
        .map(|r| {
            assert_call(r, Kind::V3, "POST", "DescribeBackups", RDS_VERSION);
            assert_eq!(r.param("DBInstanceId"), Some("rm-paged"));
            (r.param("PageNumber").unwrap_or("-").to_owned(), r.param("PageSize").unwrap_or("-").to_owned())
        })
        .collect()
}

/// Every backup of `rm-paged`, paged 30 at a time from `first_page` (the builder's default when `None`).
async fn paginated_backups(server: &TestServer, first_page: Option<i32>) -> Vec<rds::Backup> {
    let client = rds_client(server);
    let mut builder = client.describe_backups().db_instance_id("rm-paged").page_size(30);
    if let Some(page) = first_page {
        builder = builder.page_number(page);
    }
    builder.paginate().items().try_collect().await.expect("every page succeeds")
}

fn ids(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|n| format!("{}", 900_000_000 + n)).collect()
}

#[tokio::test]
async fn paginating_seven_backups_in_pages_of_thirty_takes_one_request() {
    let server = backups_listing(7).await;
    let items = paginated_backups(&server, None).await;
    let got: Vec<String> = items.iter().map(|b| b.backup_id.clone().unwrap()).collect();
    assert_eq!(got, ids(1..=7));
    assert_eq!(wire_pages(&server), [("1".to_owned(), "30".to_owned())]);
}

#[tokio::test]
async fn paginating_sixty_five_backups_in_pages_of_thirty_takes_exactly_three_requests() {
    let server = backups_listing(65).await;
    let items = paginated_backups(&server, None).await;
    let got: Vec<String> = items.iter().map(|b| b.backup_id.clone().unwrap()).collect();
    assert_eq!(got, ids(1..=65));
    assert!(items.iter().all(|b| b.backup_status == Some(rds::BackupStatus::Success)));
    let expected: Vec<(String, String)> = ["1", "2", "3"].iter().map(|p| ((*p).to_owned(), "30".to_owned())).collect();
    assert_eq!(wire_pages(&server), expected);
    // Each page is its own signed call.
    let nonces: std::collections::HashSet<String> = server.requests().iter().map(|r| r.signed().1.to_owned()).collect();
    assert_eq!(nonces.len(), 3);
}

#[tokio::test]
async fn pages_of_an_exact_multiple_stop_without_asking_for_an_empty_page() {
    let server = backups_listing(60).await;
    let client = rds_client(&server);
    let pages: Vec<rds::DescribeBackupsResponse> = client
        .describe_backups()
        .db_instance_id("rm-paged")
        .page_size(30)
        .paginate()
        .pages()
        .try_collect()
        .await
        .unwrap();
    let summary: Vec<[i32; 4]> = pages
        .iter()
        .map(|p| {
            let count = i32::try_from(p.items().len()).expect("a page's item count");
            [p.page_number, p.page_record_count, p.total_record_count, Some(count)].map(Option::unwrap_or_default)
        })
        .collect();
    assert_eq!(summary, [[1, 30, 60, 30], [2, 30, 60, 30]]);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn paginating_from_page_two_stops_at_the_last_page() {
    let server = backups_listing(65).await;
    let items = paginated_backups(&server, Some(2)).await;
    assert_eq!(items.len(), 35);
    let expected: Vec<(String, String)> = ["2", "3"].iter().map(|p| ((*p).to_owned(), "30".to_owned())).collect();
    assert_eq!(wire_pages(&server), expected);
}

// ---------------------------------------------------------------------------------------------------------
// Retries.
// ---------------------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_backup_answered_500_is_sent_exactly_once() {
    let server = TestServer::always(Reply::json(500, error_body("InternalError", "boom", "ERR-500"))).await;
    let err = polardbx::Client::new(config(&server))
        .create_backup()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-1")
        .send()
        .await
        .expect_err("500");

    assert_eq!(server.count(), 1, "CreateBackup changes state: a 500 may have created the backup");
    let OperationError::Service(e) = &err else { panic!("expected OperationError::Service, got {err:?}") };
    assert_eq!((e.status, e.raw_code.as_str()), (500, "InternalError"));
    assert_eq!(e.code, polardbx::CreateBackupErrorCode::Unknown("InternalError".to_owned()));
    assert_eq!(err.request_id(), Some("ERR-500"));
    assert_call(&server.only_request(), Kind::V3, "POST", "CreateBackup", POLARDBX_VERSION);
}

#[tokio::test]
async fn create_backup_throttled_is_retried_because_the_service_did_nothing() {
    let throttled = error_body("Throttling.User", "slow down", "ERR-T");
    let server = TestServer::script(vec![Reply::json(400, throttled), Reply::ok(page_sample("CreateBackup"))]).await;
    let created = polardbx::Client::new(config(&server))
        .create_backup()
        .region_id("cn-hangzhou")
        .db_instance_name("pxc-1")
        .send()
        .await
        .expect("the second attempt succeeds");
    assert_eq!(created.data.and_then(|d| d.backup_set_id).as_deref(), Some("627833"));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn describe_backups_answered_503_then_200_is_retried_and_succeeds() {
    let unavailable = error_body("InternalError", "busy", "ERR-503");
    let server =
        TestServer::script(vec![Reply::json(503, unavailable), Reply::ok(page_sample("DescribeBackups"))]).await;
    let page = rds_client(&server)
        .describe_backups()
        .db_instance_id("rm-1")
        .send()
        .await
        .expect("the second attempt succeeds");
    assert_eq!(page.items().len(), 1);
    assert_eq!(page.request_id.as_deref(), Some("1A6D328C-84B8-40DC-BF49-6C73984D7494"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_call(request, Kind::V3, "POST", "DescribeBackups", RDS_VERSION);
        assert_eq!(sorted_query(request), sorted(&[("DBInstanceId", "rm-1")]));
    }
    assert_eq!(requests[0].header("x-acs-retry-attempts"), None);
    assert_eq!(requests[1].header("x-acs-retry-attempts"), Some("1"));
    let auth = requests[1].header("authorization").unwrap_or_default();
    assert!(auth.contains(";x-acs-retry-attempts;"), "the retry counter is signed: {auth}");
    assert_ne!(requests[0].signed().1, requests[1].signed().1, "each attempt is signed with a fresh nonce");
}

#[tokio::test]
async fn describe_backups_failing_every_time_is_tried_exactly_the_policys_three_times() {
    let server = TestServer::always(Reply::json(503, error_body("ServiceUnavailable", "busy", "ERR-503"))).await;
    let err = rds_client(&server).describe_backups().db_instance_id("rm-1").send().await.expect_err("503");
    assert_eq!(server.count(), 3);
    assert_eq!(err.service_code(), Some("ServiceUnavailable"));
    let attempts: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("x-acs-retry-attempts").map(str::to_owned)).collect();
    assert_eq!(attempts, [None, Some("1".to_owned()), Some("2".to_owned())]);
}
