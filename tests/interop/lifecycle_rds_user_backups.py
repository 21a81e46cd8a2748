"""RDS user backups through the official SDK (alibabacloud-rds20140815) against the emulator: ImportUserBackupFile,
ListUserBackupFiles, UpdateUserBackupFile and DeleteUserBackupFile are each called, with checks that the answers
parse and agree with each other (the import progresses to BackupSuccess, the update shows in the list, the delete
removes it, unknown ids get InvalidBackupSetID.NotFound). `run` is called once per signature by interop.py."""

import time

REGION = "cn-hangzhou"
FILE = '{"Bucket":"mybucket", "Object":"backups/employees_qp.xb","Location":"cn-hangzhou"}'


def listed(client, models, backup_id):
    return client.list_user_backup_files(models.ListUserBackupFilesRequest(
        region_id=REGION, backup_id=backup_id)).body.records


def wait_imported(client, models, backup_id):
    """Polls ListUserBackupFiles (narrowed to the id) until the import is final; returns its last record."""
    for _ in range(200):
        records = listed(client, models, backup_id)
        if records and records[0].status in ("BackupSuccess", "Failed"):
            return records[0]
        time.sleep(0.05)
    return None


def run(client, models, check, error_of):
    body = client.import_user_backup_file(models.ImportUserBackupFileRequest(
        region_id=REGION, bucket_region=REGION, backup_file=FILE, engine_version="5.7", comment="nightly dump",
        retention=7, zone_id="cn-hangzhou-b", restore_size=40)).body
    backup_id = body.backup_id
    check(body.status is True and backup_id and backup_id.startswith("b-"), f"ImportUserBackupFile: {backup_id}")

    first = listed(client, models, backup_id)
    check(len(first) == 1 and first[0].status in ("Importing", "CheckSuccess"),
          f"ListUserBackupFiles lists the running import: {[r.status for r in first]}")
    done = wait_imported(client, models, backup_id)
    check(done is not None and done.status == "BackupSuccess" and int(done.finish_time) >= int(done.creation_time),
          "the import reaches BackupSuccess with its finish time")
    if done is not None:
        check(done.oss_bucket == "mybucket" and done.oss_file_name == "employees_qp.xb" and done.restore_size == "40"
              and done.retention == 7 and done.comment == "nightly dump" and isinstance(done.oss_file_size, int),
              "the record describes the imported file")

    by_status = client.list_user_backup_files(models.ListUserBackupFilesRequest(
        region_id=REGION, status="BackupSuccess", comment="nightly")).body.records
    check(any(r.backup_id == backup_id for r in by_status), "ListUserBackupFiles filters by status and comment")

    updated = client.update_user_backup_file(models.UpdateUserBackupFileRequest(
        region_id=REGION, backup_id=backup_id, comment="kept for audit", retention=90)).body
    check(updated.backup_id == backup_id, "UpdateUserBackupFile answers the id")
    after = listed(client, models, backup_id)
    check(after and after[0].comment == "kept for audit" and after[0].retention == 90,
          "UpdateUserBackupFile changes what ListUserBackupFiles shows")

    deleted = client.delete_user_backup_file(models.DeleteUserBackupFileRequest(
        region_id=REGION, backup_id=backup_id)).body
    check(deleted.backup_id == backup_id, "DeleteUserBackupFile answers the id")
    check(not listed(client, models, backup_id), "DeleteUserBackupFile removes it from the list")

    e = error_of(lambda: client.delete_user_backup_file(models.DeleteUserBackupFileRequest(
        region_id=REGION, backup_id=backup_id)))
    check(getattr(e, "code", None) == "InvalidBackupSetID.NotFound",
          f"DeleteUserBackupFile again: {getattr(e, 'code', e)}")
    e = error_of(lambda: client.update_user_backup_file(models.UpdateUserBackupFileRequest(
        region_id=REGION, backup_id="b-nosuchbackup", retention=3)))
    check(getattr(e, "code", None) == "InvalidBackupSetID.NotFound",
          f"UpdateUserBackupFile of an unknown id: {getattr(e, 'code', e)}")
    e = error_of(lambda: client.import_user_backup_file(models.ImportUserBackupFileRequest(
        region_id=REGION, bucket_region=REGION, backup_file="not json")))
    check(getattr(e, "code", None) == "InvalidBackupFile.Format",
          f"ImportUserBackupFile of a malformed BackupFile: {getattr(e, 'code', e)}")
