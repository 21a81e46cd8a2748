#!/usr/bin/env python3
"""Interoperability check: the official Alibaba Cloud Python SDKs against the emulator.

Why this exists: the emulator and the Rust SDK are generated from the same specs and share the signing code,
so they could agree with each other and both be wrong. The official SDKs were written by someone else; if they
can sign requests the emulator accepts (ACS3-HMAC-SHA256 and the RPC HMAC-SHA1 scheme) and parse its answers
into their own models, the emulator speaks the real protocol.

Usage:
  interop.py --emulator PATH            start the emulator binary, call every operation with both signatures
                                        (the five seed calls here, each product's backup lifecycle in
                                        lifecycle_<product>.py), check the answers and errors; exit 1 on any failure
  interop.py --url URL --list N         time listing N backups of rm-emu000001 through the RDS SDK (page size
                                        100), against an emulator already running with --backups N

Needs: alibabacloud-rds20140815, alibabacloud-polardb20170801, alibabacloud-polardbx20200202,
alibabacloud-r-kvstore20150101 (see requirements.txt). Only 127.0.0.1 is contacted.
"""

import argparse
import importlib
import pathlib
import subprocess
import sys
import time

from alibabacloud_polardb20170801 import models as polardb_models
from alibabacloud_polardb20170801.client import Client as PolarDb
from alibabacloud_polardbx20200202 import models as polardbx_models
from alibabacloud_polardbx20200202.client import Client as PolarDbX
from alibabacloud_r_kvstore20150101 import models as redis_models
from alibabacloud_r_kvstore20150101.client import Client as Redis
from alibabacloud_rds20140815 import models as rds_models
from alibabacloud_rds20140815.client import Client as Rds
from alibabacloud_tea_openapi.utils_models import Config

KEY_ID = "LTAI5tEmulatorKey0001"
KEY_SECRET = "emulator-secret-do-not-use-elsewhere"
REGION = "cn-hangzhou"
SIGNATURES = {"ACS3-HMAC-SHA256 (V3)": None, "HMAC-SHA1 (RPC V1)": "v2"}

results = []


def check(condition, what):
    """Records an expectation instead of stopping at the first failure, so one run reports every problem."""
    print(("  ok   " if condition else "  FAIL ") + what)
    results.append((bool(condition), what))


def config(url, algorithm, secret=KEY_SECRET):
    """An SDK configuration pointed at the emulator over plain HTTP. `algorithm` 'v2' selects the RPC HMAC-SHA1
    signature in tea-openapi (do_rpcrequest); None keeps the default ACS3-HMAC-SHA256 (do_request)."""
    endpoint = url.removeprefix("http://")
    c = Config(access_key_id=KEY_ID, access_key_secret=secret, endpoint=endpoint, protocol="http", region_id=REGION)
    if algorithm:
        c.signature_algorithm = algorithm
    return c


def error_of(call):
    """Runs `call` and returns the SDK exception it raises (None if it succeeds)."""
    try:
        call()
    except Exception as e:  # the SDK raises its own exception types; all carry code and status
        return e
    return None


def run_all(url):
    for name, algorithm in SIGNATURES.items():
        print(f"{name}:")
        c = config(url, algorithm)

        r = Rds(c).describe_backups(rds_models.DescribeBackupsRequest(dbinstance_id="rm-emu000001", page_size=30))
        body = r.body
        check(r.status_code == 200 and len(body.items.backup) == 30, "RDS DescribeBackups: 30 backups on page 1")
        check(str(body.total_record_count) == "120", f"RDS TotalRecordCount = {body.total_record_count!r}")
        check(body.items.backup[0].backup_id is not None and body.items.backup[0].backup_size > 0,
              "RDS backup fields parse")

        r = PolarDb(c).describe_backup_tasks(polardb_models.DescribeBackupTasksRequest(dbcluster_id="pc-emu000001"))
        jobs = r.body.items.backup_job
        check(len(jobs) == 1 and jobs[0].backup_progress_status is not None, "PolarDB DescribeBackupTasks: 1 task")

        pxc = PolarDbX(c)
        created = pxc.create_backup(
            polardbx_models.CreateBackupRequest(region_id=REGION, dbinstance_name="pxc-emu000001"))
        set_id = created.body.data.backup_set_id if created.body.data else None
        check(set_id is not None and created.body.success, f"PolarDB-X CreateBackup: backup set {set_id}")
        listed = pxc.describe_backup_set_list(polardbx_models.DescribeBackupSetListRequest(
            region_id=REGION, dbinstance_name="pxc-emu000001", page_size=30, page_number=1))
        first = listed.body.data[0]
        check(str(first.backup_set_id) == str(set_id) and first.status == 0,
              "PolarDB-X DescribeBackupSetList: the new set first, in progress (0)")

        r = Redis(c).describe_cluster_backup_list(redis_models.DescribeClusterBackupListRequest(
            region_id=REGION, instance_id="r-emu000001", start_time="2024-05-01T00:00Z", end_time="2024-06-01T00:00Z"))
        clusters = r.body.cluster_backups
        check(len(clusters) > 0 and len(clusters[0].backups) == 2, "Redis DescribeClusterBackupList: shards parse")
        check(clusters[0].backups[0].extra_info.custins_db_version == "5.0", "Redis ExtraInfo parses")

        e = error_of(lambda: Rds(c).describe_backups(rds_models.DescribeBackupsRequest(dbinstance_id="rm-nope")))
        check(e is not None and getattr(e, "code", None) == "InvalidDBInstanceId.NotFound",
              f"typed error: {getattr(e, 'code', e)}")
        bad = config(url, algorithm, secret="wrong")
        e = error_of(lambda: Rds(bad).describe_backups(rds_models.DescribeBackupsRequest(dbinstance_id="rm-emu000001")))
        check(e is not None and getattr(e, "code", None) == "SignatureDoesNotMatch",
              f"wrong secret: {getattr(e, 'code', e)}")
        # The emulator's message quotes its string to sign, which shows the scheme the SDK really used.
        scheme = "ACS3-HMAC-SHA256" if algorithm is None else "POST&%2F&"
        check(scheme in str(getattr(e, "message", "")), f"the SDK signed with {name}")


def run_lifecycles(url):
    """Each `lifecycle_<product>.py` beside this file drives one product's backup lifecycle through its official
    SDK: `run(client, models, check, error_of)` gets a client of that product already configured for one signature,
    and is called once per signature."""
    here = pathlib.Path(__file__).parent
    sys.path.insert(0, str(here))
    clients = {"rds": (Rds, rds_models), "polardb": (PolarDb, polardb_models),
               "polardbx": (PolarDbX, polardbx_models), "r_kvstore": (Redis, redis_models),
               "rds_user_backups": (Rds, rds_models), "rds_restore": (Rds, rds_models)}
    for path in sorted(here.glob("lifecycle_*.py")):
        product = path.stem.removeprefix("lifecycle_")
        client, models = clients[product]
        module = importlib.import_module(path.stem)
        for name, algorithm in SIGNATURES.items():
            print(f"{product} lifecycle, {name}:")
            module.run(client(config(url, algorithm)), models, check, error_of)


def list_all(url, count):
    """Lists `count` backups through the RDS SDK, page by page, and reports the time taken."""
    client = Rds(config(url, None))
    seen, page, started = 0, 1, time.perf_counter()
    while True:
        body = client.describe_backups(rds_models.DescribeBackupsRequest(
            dbinstance_id="rm-emu000001", page_size=100, page_number=page)).body
        seen += len(body.items.backup)
        if seen >= int(body.total_record_count) or not body.items.backup:
            break
        page += 1
    elapsed = time.perf_counter() - started
    print(f"python SDK: listed {seen} backups in {page} pages in {elapsed:.2f} s ({seen / elapsed:.0f} backups/s)")
    return 0 if seen == count else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emulator", help="path of the emulator binary to start")
    parser.add_argument("--url", help="URL of an emulator already running")
    parser.add_argument("--list", type=int, help="time listing this many RDS backups instead")
    args = parser.parse_args()
    process = None
    if args.emulator:
        backups = str(args.list or 120)
        process = subprocess.Popen([args.emulator, "--port", "0", "--backups", backups],
                                   stdout=subprocess.PIPE, text=True)
        url = process.stdout.readline().strip()
    elif args.url:
        url = args.url
    else:
        parser.error("give --emulator or --url")
    try:
        print(f"emulator at {url}")
        if args.list:
            return list_all(url, args.list)
        run_all(url)
        run_lifecycles(url)
    finally:
        if process:
            process.terminate()
            process.wait(timeout=10)
    failed = sum(1 for ok, _ in results if not ok)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
