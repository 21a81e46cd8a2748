//! Any bytes as the body of every operation's response: decoding never panics, and whatever decodes serialises
//! to JSON that decodes again to the same response (what a program stores, it can read back).

#![no_main]

use alibabacloud_backup::{polardb, polardbx, r_kvstore, rds};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(body: &[u8]) {
    let Ok(decoded) = serde_json::from_slice::<T>(body) else {
        return;
    };
    let written = serde_json::to_vec(&decoded).expect("a decoded response serialises");
    let again: T = serde_json::from_slice(&written).expect("what was written decodes again");
    assert_eq!(again, decoded);
}

fuzz_target!(|data: &[u8]| {
    round_trip::<rds::DescribeBackupsResponse>(data);
    round_trip::<polardb::DescribeBackupTasksResponse>(data);
    round_trip::<polardbx::CreateBackupResponse>(data);
    round_trip::<polardbx::DescribeBackupSetListResponse>(data);
    round_trip::<r_kvstore::DescribeClusterBackupListResponse>(data);
});
