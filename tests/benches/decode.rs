//! Decoding a 100-item DescribeBackups page: the generated `rds::DescribeBackupsResponse` (lenient numbers,
//! unwrapped lists, string-coded enums, kept timestamps) against a plain hand-written serde struct of the same
//! shape (wrapper structs, numbers and strings as they arrive, no leniency), plus the generated type through
//! the client's own decode path (`serde_path_to_error` over a slice deserializer).
//!
//! `cargo bench -p tests --bench decode -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use alibabacloud_backup::rds;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use serde_json::{json, Value};

/// The page sample's backup repeated `n` times with distinct `BackupId`s (and sizes), counts as strings.
fn page_of(n: usize) -> Vec<u8> {
    let mut doc: Value = serde_json::from_str(&tests::sample("rds/DescribeBackups", "page")).expect("sample is JSON");
    let template = doc["Items"]["Backup"][0].clone();
    let items: Vec<Value> = (0..n)
        .map(|i| {
            let mut item = template.clone();
            item["BackupId"] = json!(format!("{}", 321_020_562 + i));
            item["BackupSize"] = json!(2_167_808 + i as i64 * 4096);
            item
        })
        .collect();
    doc["PageRecordCount"] = json!(n.to_string());
    doc["TotalRecordCount"] = json!(n.to_string());
    doc["Items"]["Backup"] = Value::Array(items);
    serde_json::to_vec(&doc).expect("serialises")
}

/// What a user would write by hand for the same document.
#[allow(dead_code)]
mod hand {
    use super::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct DescribeBackupsResponse {
        pub request_id: String,
        pub total_ecs_snapshot_size: i64,
        pub page_record_count: String,
        pub total_record_count: String,
        pub page_number: String,
        pub items: Items,
    }

    #[derive(Deserialize)]
    pub struct Items {
        #[serde(rename = "Backup")]
        pub backup: Vec<Backup>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Backup {
        pub storage_class: String,
        pub encryption: String,
        pub backup_status: String,
        pub store_status: String,
        pub consistent_time: i64,
        pub backup_type: String,
        pub copy_only_backup: String,
        pub backup_end_time: String,
        pub meta_status: String,
        pub backup_initiator: String,
        #[serde(rename = "BackupIntranetDownloadURL")]
        pub backup_intranet_download_url: String,
        pub backup_method: String,
        pub backup_start_time: String,
        #[serde(rename = "BackupDownloadURL")]
        pub backup_download_url: String,
        pub is_avail: i64,
        pub backup_id: String,
        #[serde(rename = "HostInstanceID")]
        pub host_instance_id: String,
        pub backup_size: i64,
        pub backup_mode: String,
        #[serde(rename = "DBInstanceId")]
        pub db_instance_id: String,
        pub checksum: String,
        #[serde(rename = "BackupDownloadLinkByDB")]
        pub backup_download_link_by_db: Links,
        pub resource_group_id: String,
        pub engine: String,
        pub engine_version: String,
    }

    #[derive(Deserialize)]
    pub struct Links {
        #[serde(rename = "BackupDownloadLinkByDB")]
        pub links: Vec<Link>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Link {
        pub intranet_download_link: String,
        pub data_base: String,
        pub download_link: String,
    }
}

fn decode(c: &mut Criterion) {
    let body = page_of(100);
    // Both decode the same document to the same items before anything is timed.
    let generated: rds::DescribeBackupsResponse = serde_json::from_slice(&body).expect("generated decodes");
    let handmade: hand::DescribeBackupsResponse = serde_json::from_slice(&body).expect("hand-written decodes");
    assert_eq!(generated.items().len(), 100);
    assert_eq!(handmade.items.backup.len(), 100);
    assert_eq!(generated.items()[99].backup_id.as_deref(), Some(handmade.items.backup[99].backup_id.as_str()));

    let mut group = c.benchmark_group("decode_describe_backups_100");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| serde_json::from_slice::<rds::DescribeBackupsResponse>(black_box(&body)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| serde_json::from_slice::<hand::DescribeBackupsResponse>(black_box(&body)).unwrap())
    });
    // As `runtime::client` decodes a success body: with the path of a failure tracked.
    group.bench_function("generated_client_path", |b| {
        b.iter(|| {
            let mut de = serde_json::Deserializer::from_slice(black_box(&body));
            let value: rds::DescribeBackupsResponse = serde_path_to_error::deserialize(&mut de).unwrap();
            de.end().unwrap();
            value
        })
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
