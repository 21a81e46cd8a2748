"""PolarDB-X backup lifecycle through the official SDK (alibabacloud-polardbx20200202): DescribeBackupSet shows
the set CreateBackup started, first in progress then succeeded with its file; UpdateBackupPolicy changes what
DescribeBackupPolicy returns; unknown sets and instances get their codes."""

import time

REGION = "cn-hangzhou"
PXC = "pxc-emu000001"


def run(client, models, check, error_of):
    created = client.create_backup(models.CreateBackupRequest(region_id=REGION, dbinstance_name=PXC))
    set_id = created.body.data.backup_set_id
    detail = client.describe_backup_set(models.DescribeBackupSetRequest(
        region_id=REGION, dbinstance_name=PXC, backup_set_id=set_id)).body.data[0]
    check(str(detail.backup_set_id) == str(set_id) and detail.status == 0 and detail.backup_model == 1,
          f"DescribeBackupSet: set {set_id} in progress, manual")
    deadline = time.time() + 15
    while detail.status == 0 and time.time() < deadline:
        time.sleep(0.3)
        detail = client.describe_backup_set(models.DescribeBackupSetRequest(
            region_id=REGION, dbinstance_name=PXC, backup_set_id=set_id)).body.data[0]
    check(detail.status == 1 and len(detail.osslist) == 1 and detail.osslist[0].download_link,
          "DescribeBackupSet: succeeded, with its OSS file")

    policy = client.describe_backup_policy(models.DescribeBackupPolicyRequest(
        region_id=REGION, dbinstance_name=PXC)).body.data
    check(policy.dbinstance_name == PXC and policy.backup_period is not None, "DescribeBackupPolicy parses")
    updated = client.update_backup_policy(models.UpdateBackupPolicyRequest(
        region_id=REGION, dbinstance_name=PXC, backup_period="0110000", backup_plan_begin="02:00Z",
        backup_set_retention=14, backup_way="P", force_clean_on_high_space_usage=0,
        is_cross_region_log_backup_enabled=True, dest_cross_region="cn-beijing", cross_region_filter_value="x"))
    check(updated.body.success and updated.body.data.backup_period == "0110000", "UpdateBackupPolicy returns the change")
    read = client.describe_backup_policy(models.DescribeBackupPolicyRequest(
        region_id=REGION, dbinstance_name=PXC)).body.data
    check((read.backup_period, read.backup_plan_begin, read.backup_set_retention, read.dest_cross_region,
           read.is_cross_region_log_backup_enabled, read.force_clean_on_high_space_usage,
           read.cross_region_filter_value) == ("0110000", "02:00Z", 14, "cn-beijing", True, 0, "x"),
          "DescribeBackupPolicy reads the change back")

    e = error_of(lambda: client.describe_backup_set(models.DescribeBackupSetRequest(
        region_id=REGION, dbinstance_name=PXC, backup_set_id="424242")))
    check(getattr(e, "code", None) == "InvalidBackupSetId.NotFound", f"unknown set: {getattr(e, 'code', e)}")
    e = error_of(lambda: client.update_backup_policy(models.UpdateBackupPolicyRequest(
        region_id=REGION, dbinstance_name=PXC, backup_period="1000000")))
    check(getattr(e, "code", None) == "InvalidParameter", f"one backup day: {getattr(e, 'code', e)}")
    e = error_of(lambda: client.describe_backup_policy(models.DescribeBackupPolicyRequest(
        region_id=REGION, dbinstance_name="pxc-nope")))
    check(getattr(e, "code", None) == "InvalidDBInstanceName.NotFound", f"unknown instance: {getattr(e, 'code', e)}")
