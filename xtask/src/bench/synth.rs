//! Synthetic spec trees for `cargo xtask bench`, built in memory.
//!
//! Every operation is shaped like RDS `DescribeBackups` (specs/rds/DescribeBackups.yaml): 9 request parameters,
//! a paged response whose `list<...>` sits in a `wrapper` and holds a 25-field item struct with a nested wrapped
//! list, a few error codes and one JSON sample that matches. Operation and type names carry the operation's index
//! (`DescribeBackups0042`, `Backup0042`) and every type is local to its operation file, so nothing collides however
//! many operations a product holds.

use codegen::load::SpecFiles;
use codegen::Layout;

/// How many operations one synthetic product holds at most.
pub const OPS_PER_PRODUCT: usize = 100;

/// The folder of a scratch workspace that the generated crates go into.
pub const SDK_DIR: &str = "sdk";

/// How the library names of the synthetic crates begin (`xtask_bench_1000_p003`).
pub const BENCH_CRATE_PREFIX: &str = "xtask_bench_";

/// The SDK's layout with crate names of their own per size: the scratch workspaces share one target dir, and
/// cargo identifies a workspace's path crates by name and relative path, so two sizes' `p000` crates would
/// otherwise share (and overwrite) one another's build state.
pub fn layout(ops: usize) -> Layout {
    Layout {
        facade_package: format!("xtask-bench-{ops}"),
        facade_lib: format!("xtask_bench_{ops}"),
        product_prefix: format!("xtask-bench-{ops}"),
        facade_dev_dependencies: Vec::new(),
        facade_guide: None,
        ..Layout::sdk()
    }
}

/// A tree of `ops` operations, spread over products `p000`, `p001`, ... of at most [`OPS_PER_PRODUCT`] each.
pub fn spec_tree(ops: usize) -> SpecFiles {
    let mut files = SpecFiles::new();
    for index in 0..ops {
        let product = index / OPS_PER_PRODUCT;
        let folder = product_folder(product);
        if index % OPS_PER_PRODUCT == 0 {
            files.insert(format!("{folder}/product.yaml"), product_yaml(product));
        }
        let n = format!("{index:04}");
        files.insert(format!("{folder}/DescribeBackups{n}.yaml"), OPERATION.replace("@N@", &n));
    }
    files
}

/// How many products [`spec_tree`] spreads `ops` operations over.
pub fn product_count(ops: usize) -> usize {
    ops.div_ceil(OPS_PER_PRODUCT)
}

fn product_folder(product: usize) -> String {
    format!("p{product:03}")
}

fn product_yaml(product: usize) -> String {
    PRODUCT.replace("@P@", &format!("{product:03}"))
}

const PRODUCT: &str = r#"# Synthetic product for `cargo xtask bench`.
name: Synthetic Product @P@
code: P@P@
module: p@P@
version: "2014-08-15"
style: RPC
signature: ACS3-HMAC-SHA256
doc: https://www.alibabacloud.com/help/en/rds/developer-reference/api-rds-2014-08-15-overview
endpoints:
  regional: p@P@.{region}.aliyuncs.com
  central: p@P@.aliyuncs.com
  central_regions: [cn-qingdao, cn-beijing, cn-hangzhou, cn-shanghai, cn-shenzhen]
  hosts:
    cn-hangzhou-finance: p@P@-vpc.cn-hangzhou-finance.aliyuncs.com
  source: "synthetic benchmark product"
"#;

/// One operation; `@N@` is replaced by the operation's four-digit index.
const OPERATION: &str = r#"# Synthetic operation for `cargo xtask bench`, shaped like specs/rds/DescribeBackups.yaml.
name: DescribeBackups@N@
summary: Queries the data backup files of an instance (synthetic operation @N@).
description: |
  Supported database engines:

  - RDS MySQL
  - RDS PostgreSQL
  - RDS SQL Server
  - RDS MariaDB
doc: https://www.alibabacloud.com/help/en/rds/developer-reference/api-rds-2014-08-15-describebackups
methods: [POST]
changes_state: false
paging:
  page_number: PageNumber
  page_size: PageSize
  total: TotalRecordCount
  items: Items
request:
  - name: BackupId
    type: string
    description: The ID of the backup set.
    example: "327329803"
  - name: DBInstanceId
    type: string
    required: true
    description: The instance ID. You can call the DescribeDBInstances operation to query the instance ID.
    example: rm-uf6wjk5xxxxxxx
  - name: BackupStatus
    type: BackupStatus@N@
    description: The status of the backup set.
    example: Success
  - name: StartTime
    type: time
    format: yyyy-MM-ddTHH:mmZ
    description: The beginning of the time range to query, in the yyyy-MM-ddTHH:mmZ format (UTC).
    example: "2011-06-01T16:00Z"
  - name: EndTime
    type: time
    format: yyyy-MM-ddTHH:mmZ
    description: |
      The end of the time range to query, in the yyyy-MM-ddTHH:mmZ format (UTC). The end time must be later than
      the start time.

      Note: We recommend that you specify a time range that is as short as possible to avoid timeout.
    example: "2011-06-15T16:00Z"
  - name: PageSize
    type: integer
    allowed: [30, 50, 100]
    default: 30
    description: "The number of entries per page. Valid values: 30, 50, 100. Default value: 30."
    example: 30
  - name: PageNumber
    type: integer
    min: 1
    default: 1
    description: "The number of the page to return. Valid values: any non-zero positive integer. Default value: 1."
    example: 1
  - name: BackupType
    type: BackupType@N@
    description: The backup type.
    example: FullBackup
  - name: ResourceGroupId
    type: string
    description: The resource group ID.
    example: rg-acfmy*****
response:
  description: The response parameters.
  fields:
    - name: RequestId
      type: string
      required: true
      description: The ID of the request.
      example: 1A6D328C-84B8-40DC-BF49-6C73984D7494
    - name: PageRecordCount
      type: integer
      wire: string
      required: true
      description: The number of backup sets on the current page.
      example: 30
    - name: TotalRecordCount
      type: integer
      wire: string
      required: true
      description: The total number of entries returned.
      example: 100
    - name: PageNumber
      type: integer
      wire: string
      required: true
      description: The page number of the returned page.
      example: 1
    - name: Items
      type: list<Backup@N@>
      wrapper: Backup
      description: The returned backup sets.
types:
  - name: Backup@N@
    kind: struct
    description: The details of a backup set.
    fields:
      - name: BackupId
        type: string
        description: The ID of the backup set.
        example: "321020562"
      - name: DBInstanceId
        type: string
        description: The instance ID.
        example: rm-uf6wjk5xxxxxxx
      - name: BackupStatus
        type: BackupStatus@N@
        description: The state of the backup set.
        example: Success
      - name: BackupMode
        type: BackupMode@N@
        description: The backup mode of the backup set.
        example: Automated
      - name: BackupType
        type: BackupType@N@
        description: The backup type of the backup set.
        example: FullBackup
      - name: BackupMethod
        type: BackupMethod@N@
        description: The method that is used to generate the backup set.
        example: Physical
      - name: Engine
        type: Engine@N@
        description: The type of the database engine.
        example: MySQL
      - name: EngineVersion
        type: string
        description: The version of the database engine.
        example: "8.0"
      - name: BackupStartTime
        type: time
        format: yyyy-MM-ddTHH:mmZ
        description: The start time of the backup, in the yyyy-MM-ddTHH:mmZ format (UTC).
        example: "2019-02-03T12:20Z"
      - name: BackupEndTime
        type: time
        format: yyyy-MM-ddTHH:mmZ
        description: The end time of the backup task, in the yyyy-MM-ddTHH:mmZ format (UTC).
        example: "2019-02-13T12:20Z"
      - name: ExpectExpireTime
        type: time
        format: yyyy-MM-ddTHH:mm:ssZ
        description: The current expiration time of the backup set, in the yyyy-MM-ddTHH:mm:ssZ format (UTC).
        example: "2019-03-13T12:20:00Z"
      - name: BackupSize
        type: long
        description: "The size of the data backup file. Unit: bytes."
        example: 2167808
      - name: ConsistentTime
        type: long
        description: The point in time at which the data in the backup set is consistent (Unix time, in seconds).
        example: 1576506856
      - name: TotalBackupSize
        type: long
        description: "The total size of the backup set. Unit: bytes."
        example: 4335616
      - name: StorageClass
        type: StorageClass@N@
        description: The storage class of the backup set.
        example: "0"
      - name: BackupDownloadURL
        type: string
        description: The URL that is used to download the backup set over the Internet.
        example: http://rdsbak-hz-v3.oss-cn-hangzhou.aliyuncs.com/xxxxx
      - name: BackupIntranetDownloadURL
        type: string
        description: The URL that is used to download the backup set over an internal network.
        example: http://rdsbak-hz-v3.oss-cn-hangzhou-internal.aliyuncs.com/xxxxx
      - name: HostInstanceID
        type: string
        description: The ID of the instance that generates the backup set.
        example: "5882781"
      - name: Checksum
        type: string
        description: The checksum, calculated with the CRC64 algorithm.
        example: 1835830439**********
      - name: Encryption
        type: string
        description: The encryption information about the backup set (a JSON document in a string).
        example: "{}"
      - name: ResourceGroupId
        type: string
        description: The resource group ID.
        example: rg-acfmy*****
      - name: BackupLocation
        type: string
        description: The location where the backup set is stored.
        example: OSS
      - name: BackupDBNames
        type: string
        description: The names of the databases in the backup set, separated by commas.
        example: db1,db2
      - name: RetentionDays
        type: integer
        wire: string
        description: The number of days for which the backup set is retained.
        example: 7
      - name: BackupDownloadLinkByDB
        type: list<DownloadLink@N@>
        wrapper: BackupDownloadLinkByDB
        description: The URLs from which the backups of individual databases can be downloaded.
  - name: DownloadLink@N@
    kind: struct
    description: The download URLs of the backup of one database.
    fields:
      - name: DataBase
        type: string
        description: The name of the database.
        example: dbs
      - name: DownloadLink
        type: string
        description: The URL from which the backup of this database can be downloaded over the Internet.
        example: https://cn-hangzhou.bak.rds.aliyuncs.com/backup.zip
      - name: IntranetDownloadLink
        type: string
        description: The URL from which the backup of this database can be downloaded over an internal network.
        example: https://cn-hangzhou-internal.bak.rds.aliyuncs.com/backup.zip
  - name: BackupStatus@N@
    kind: enum
    description: The state of a backup set.
    values:
      - value: Success
        description: The backup set was created.
      - value: Failed
        description: The backup set could not be created.
  - name: BackupMode@N@
    kind: enum
    description: How a backup was started.
    values:
      - value: Automated
        description: A scheduled backup.
      - value: Manual
        description: A backup started by a user.
  - name: BackupType@N@
    kind: enum
    description: What a backup contains.
    values:
      - value: FullBackup
        description: A full backup.
      - value: IncrementalBackup
        description: An incremental backup.
  - name: BackupMethod@N@
    kind: enum
    description: How a backup set was produced.
    values:
      - value: Snapshot
        description: A snapshot backup.
      - value: Physical
        description: A physical backup.
      - value: Logical
        description: A logical backup.
  - name: Engine@N@
    kind: enum
    description: A database engine.
    values:
      - value: MySQL
        description: MySQL.
      - value: PostgreSQL
        description: PostgreSQL.
      - value: SQLServer
        description: SQL Server.
      - value: MariaDB
        description: MariaDB.
  - name: StorageClass@N@
    kind: enum
    description: The storage class of a backup set.
    values:
      - value: "0"
        rust_name: Regular
        description: regular storage
      - value: "1"
        rust_name: Archive
        description: archive storage
errors:
  - status: 400
    code: InvalidStartTime.Format
    message: Specified start time is not valid.
    description: The start time is invalid.
  - status: 400
    code: InvalidEndTime.Format
    message: Specified end time is not valid.
  - status: 404
    code: InvalidDBInstanceId.NotFound
    message: The DBInstanceId provided does not exist in records.
    description: The instance cannot be found.
  - status: 500
    code: InternalError
    message: The request processing has failed due to some unknown error.
samples:
  - name: page
    source: page
    description: The JSON sample of the page.
    body: |
      {
        "RequestId": "1A6D328C-84B8-40DC-BF49-6C73984D7494",
        "PageRecordCount": "1",
        "TotalRecordCount": "1",
        "PageNumber": "1",
        "Items": {
          "Backup": [
            {
              "BackupId": "321020562",
              "DBInstanceId": "rm-uf6wjk5xxxxxxx",
              "BackupStatus": "Success",
              "BackupMode": "Automated",
              "BackupType": "FullBackup",
              "BackupMethod": "Physical",
              "Engine": "MySQL",
              "EngineVersion": "8.0",
              "BackupStartTime": "2019-02-03T12:20Z",
              "BackupEndTime": "2019-02-13T12:20Z",
              "ExpectExpireTime": "2019-03-13T12:20:00Z",
              "BackupSize": 2167808,
              "ConsistentTime": 1576506856,
              "TotalBackupSize": 4335616,
              "StorageClass": "0",
              "BackupDownloadURL": "http://rdsbak-hz-v3.oss-cn-hangzhou.aliyuncs.com/xxxxx",
              "BackupIntranetDownloadURL": "http://rdsbak-hz-v3.oss-cn-hangzhou-internal.aliyuncs.com/xxxxx",
              "HostInstanceID": "5882781",
              "Checksum": "1835830439**********",
              "Encryption": "{}",
              "ResourceGroupId": "rg-acfmy*****",
              "BackupLocation": "OSS",
              "BackupDBNames": "db1,db2",
              "RetentionDays": "7",
              "BackupDownloadLinkByDB": {
                "BackupDownloadLinkByDB": [
                  {
                    "DataBase": "dbs",
                    "DownloadLink": "https://cn-hangzhou.bak.rds.aliyuncs.com/backup.zip",
                    "IntranetDownloadLink": "https://cn-hangzhou-internal.bak.rds.aliyuncs.com/backup.zip"
                  }
                ]
              }
            }
          ]
        }
      }
"#;
