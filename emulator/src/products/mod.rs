//! The product logic: each module implements its product's generated `server::Service` trait on the shared
//! state, turning model records into that product's response shapes (its time formats, its enum codes, its
//! list wrappers). Decoding and parameter checks already happened in the generated `from_params`.

mod polardb;
mod polardbx;
mod r_kvstore;
mod rds;
mod rds_backups;
mod rds_restore;
mod rds_user_backups;

use time::OffsetDateTime;

/// The instant every read of one request uses.
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// A count as the `i32` the response types hold (saturating; lists never get that long).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Whether a time range ends before it starts (each product refuses it with its own code).
fn end_before_start(start: Option<OffsetDateTime>, end: Option<OffsetDateTime>) -> bool {
    matches!((start, end), (Some(start), Some(end)) if end < start)
}

/// The message of the end-before-start refusal, for products whose page documents no code for it.
const END_BEFORE_START: &str = "The specified parameter \"EndTime\" is not valid: it must be later than StartTime.";
