//! Signatures per second, V3 (`ACS3-HMAC-SHA256`) and V1 (`HMAC-SHA1`), for a DescribeBackups-sized request:
//! every parameter of the operation set, as the generated client sends them.
//!
//! `cargo bench -p alibabacloud-backup-runtime --bench signing -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use alibabacloud_backup_runtime::credentials::Credentials;
use alibabacloud_backup_runtime::signing::{self, SignatureVersion, SigningContext, SigningRequest};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use time::macros::datetime;

/// The parameters of a DescribeBackups call with every parameter set (ten, as `to_params` pushes them).
fn describe_backups_params() -> Vec<(&'static str, String)> {
    [
        ("DBInstanceId", "rm-uf6wjk5xxxxxxx"),
        ("BackupId", "321020562"),
        ("BackupStatus", "Success"),
        ("BackupMode", "Automated"),
        ("StartTime", "2011-06-01T16:00Z"),
        ("EndTime", "2011-06-15T16:00Z"),
        ("PageSize", "30"),
        ("PageNumber", "1"),
        ("BackupType", "FullBackup"),
        ("ResourceGroupId", "rg-acfmy*****"),
    ]
    .into_iter()
    .map(|(name, value)| (name, value.to_owned()))
    .collect()
}

fn signing(c: &mut Criterion) {
    let credentials = Credentials::new("LTAI5tXXXXXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    let params = describe_backups_params();
    let request = SigningRequest {
        method: "POST",
        host: "rds.aliyuncs.com",
        action: "DescribeBackups",
        version: "2014-08-15",
        params: &params,
        form: &[],
        headers: &[],
    };
    let nonce = signing::new_nonce();
    let context =
        SigningContext { credentials: &credentials, timestamp: datetime!(2024-05-01 10:22:32 UTC), nonce: &nonce };

    let mut group = c.benchmark_group("sign_describe_backups");
    group.throughput(Throughput::Elements(1));
    for (name, version) in [("v3", SignatureVersion::V3), ("v1", SignatureVersion::V1)] {
        group.bench_function(name, |b| b.iter(|| signing::sign(version, black_box(&request), black_box(&context))));
    }
    // What one attempt pays in all: a fresh nonce and the current time as well as the signature.
    for (name, version) in [("v3_fresh_nonce", SignatureVersion::V3), ("v1_fresh_nonce", SignatureVersion::V1)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let nonce = signing::new_nonce();
                let context = SigningContext {
                    credentials: &credentials,
                    timestamp: time::OffsetDateTime::now_utc(),
                    nonce: &nonce,
                };
                signing::sign(version, black_box(&request), &context)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
