//! Redis / Tair `DescribeClusterBackupList`: cluster backup sets, each holding one backup per shard, in the
//! service's mixed encodings (sizes as strings, the cluster's `IsAvail` a number but the shard's a string,
//! the shard's end time without its `Z`).

use alibabacloud_backup::r_kvstore::{
    server, ClusterBackup, ClusterBackupStatus, DescribeClusterBackupListErrorCode, DescribeClusterBackupListRequest,
    DescribeClusterBackupListResponse, ShardBackup, ShardBackupStatus,
};
use runtime::server::{Context, Fault};
use runtime::time::{TimeFormat, Timestamp};
use time::format_description::FormatItem;
use time::macros::format_description;

use super::{count, end_before_start, now, END_BEFORE_START};
use crate::handle::Shared;
use crate::model::{Filter, Mode, Product, Status, View};

/// Shards per cluster backup.
const SHARDS: u64 = 2;
/// The shard's end time as the service sends it: seconds and no `Z` (see the spec's page_claim).
const NO_ZONE: &[FormatItem<'_>] = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

impl server::Service for Shared {
    async fn describe_cluster_backup_list(
        &self,
        _ctx: &Context,
        request: DescribeClusterBackupListRequest,
    ) -> Result<DescribeClusterBackupListResponse, Fault<DescribeClusterBackupListErrorCode>> {
        let now = now();
        if end_before_start(Some(request.start_time), Some(request.end_time)) {
            return Err(Fault::custom(400, "InvalidParameter", END_BEFORE_START));
        }
        // An id that is not one of ours names no backup: an empty list.
        let id = request
            .cluster_backup_id
            .as_ref()
            .map(|text| text.strip_prefix("cb-emu").and_then(|n| n.parse().ok()).unwrap_or(u64::MAX));
        let filter = Filter { start: Some(request.start_time), end: Some(request.end_time), id, ..Filter::default() };
        let number = request.page_number.unwrap_or(1);
        let size = request.page_size.unwrap_or(30);
        let (page, full_size) = {
            let state = self.state();
            if state.instance(Product::Redis, &request.instance_id, Some(&request.region_id)).is_none() {
                return Err(Fault::custom(404, "InvalidInstanceId.NotFound", "The specified instance is not found."));
            }
            let full_size = state.total_size(&request.instance_id, now);
            (state.page(&request.instance_id, &filter, now, number, size).1, full_size)
        };
        let mut response = DescribeClusterBackupListResponse::default();
        response.page_number = Some(number);
        response.page_size = Some(size);
        response.max_results = Some(count(page.len()));
        response.full_storage_size = Some(full_size);
        response.log_storage_size = Some(0);
        response.free_size = Some(1024 * 1024 * 1024);
        response.cluster_backups = Some(page.iter().map(|v| cluster_backup(v, now)).collect());
        Ok(response)
    }
}

fn cluster_backup(view: &View, now: time::OffsetDateTime) -> ClusterBackup {
    let b = &view.backup;
    let ok = view.status == Status::Success;
    let mut out = ClusterBackup::default();
    out.cluster_backup_id = Some(format!("cb-emu{}", b.id));
    out.cluster_backup_status = Some(match view.status {
        Status::InProgress => ClusterBackupStatus::Running,
        Status::Success => ClusterBackupStatus::Ok,
        Status::Failed => ClusterBackupStatus::Failed,
    });
    out.cluster_backup_size = Some(if ok { b.size } else { 0 });
    out.cluster_backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    if view.status != Status::InProgress {
        out.cluster_backup_end_time = Some(Timestamp::from_datetime(b.finished(), TimeFormat::Second));
    }
    out.cluster_backup_mode = Some(match b.mode {
        Mode::Manual => "Manual".to_owned(),
        Mode::Automated => "Automated".to_owned(),
    });
    out.is_avail = Some(i32::from(ok));
    out.shard_class_memory = Some(1024);
    out.progress = Some(format!("{}%", b.progress(now)));
    if view.status != Status::InProgress {
        out.backups = Some((0..SHARDS).map(|shard| shard_backup(view, shard)).collect());
    }
    out
}

fn shard_backup(view: &View, shard: u64) -> ShardBackup {
    let b = &view.backup;
    let ok = view.status == Status::Success;
    let id = b.id * 10 + shard;
    let name = format!("hins{id}_data_{}.rdb", b.started.unix_timestamp());
    let mut out = ShardBackup::default();
    out.backup_id = Some(id.to_string());
    out.instance_name = Some(format!("{}-shard{shard}", b.instance));
    out.backup_name = Some(name.clone());
    out.backup_download_url = Some(format!("http://rdsbak-emu.oss-cn-hangzhou.aliyuncs.com/{name}"));
    out.backup_intranet_download_url = Some(format!("http://rdsbak-emu.oss-cn-hangzhou-internal.aliyuncs.com/{name}"));
    out.backup_start_time = Some(Timestamp::from_datetime(b.started, TimeFormat::Second));
    out.backup_end_time = b.finished().format(NO_ZONE).ok().map(Timestamp::from_text);
    out.backup_size = Some(if ok { b.size / i64::try_from(SHARDS).unwrap_or(1) } else { 0 });
    out.is_avail = Some(i32::from(ok));
    out.backup_status = Some(if ok { ShardBackupStatus::Ok } else { ShardBackupStatus::Error });
    out.engine = Some("redis".to_owned());
    let mut extra = serde_json::Map::new();
    extra.insert("CustinsDbVersion".to_owned(), serde_json::Value::from("5.0"));
    out.extra_info = Some(serde_json::Value::Object(extra));
    out
}
