//! The deterministic generator: the same seed and count give the same instances and backups, byte for byte.
//!
//! Generated backups lie before a fixed instant ([`SEED_ANCHOR`]), one every few hours going back, so tests
//! and the benchmark can filter by time range without depending on the wall clock. Each PolarDB cluster also
//! gets one automated backup task that is running when the emulator starts (DescribeBackupTasks lists
//! running tasks).

use std::time::Duration;

use time::macros::datetime;
use time::OffsetDateTime;

use super::{Backup, Instance, Kind, Mode, Outcome, Product, State};

/// Every generated backup started before this instant (2024-06-01T00:00:00Z).
pub const SEED_ANCHOR: OffsetDateTime = datetime!(2024-06-01 00:00 UTC);

const REGION: &str = "cn-hangzhou";

/// Adds `instances` instances of each product, each with `backups` finished backups, and for each PolarDB
/// cluster one running backup task started at `now`.
pub fn seed(state: &mut State, instances: usize, backups: usize, now: OffsetDateTime) {
    for product in Product::ALL {
        for n in 1..=instances {
            let id = format!("{}-emu{n:06}", product.prefix());
            state.add_instance(Instance { id: id.clone(), product, region: REGION.to_owned() });
            let mut started = SEED_ANCHOR;
            for i in 0..backups {
                let rng = state.rng();
                // Every 4 hours on average (2 to 6), lasting 5 to 35 minutes.
                let gap = 2 * 3600 + rng.below(4 * 3600);
                started -= Duration::from_secs(gap);
                let duration = Duration::from_secs(300 + rng.below(1800));
                let outcome = if rng.chance(0.05) { Outcome::Failed } else { Outcome::Success };
                let mode = if i % 7 == 3 { Mode::Manual } else { Mode::Automated };
                let kind = kind_of(product, i, rng.below(3));
                let size = 1_000_000 + i64::try_from(rng.below(5_000_000_000)).unwrap_or(0);
                let id_value = state.next_id();
                state.insert(Backup {
                    id: id_value,
                    instance: id.clone(),
                    started,
                    duration,
                    ends: started + duration,
                    outcome,
                    mode,
                    kind,
                    size,
                });
            }
            if product == Product::PolarDb {
                let id_value = state.next_id();
                let duration = Duration::from_secs(3600);
                let running = Backup {
                    id: id_value,
                    instance: id.clone(),
                    started: now,
                    duration,
                    ends: now + duration,
                    outcome: Outcome::Success,
                    mode: Mode::Automated,
                    kind: Kind::Full,
                    size: 0,
                };
                state.insert(running);
            }
        }
    }
}

fn kind_of(product: Product, index: usize, roll: u64) -> Kind {
    match product {
        Product::Rds if roll == 0 => Kind::Incremental,
        Product::PolarDbX if index % 2 == 1 => Kind::Fast,
        _ => Kind::Full,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BackupSettings, Filter};
    use super::*;

    fn seeded(seed_value: u64) -> Vec<(u64, OffsetDateTime, i64)> {
        let settings = BackupSettings { delay: Duration::from_secs(1), failure_rate: 0.0 };
        let mut state = State::new(seed_value, settings);
        seed(&mut state, 1, 50, SEED_ANCHOR);
        state
            .list("rm-emu000001", &Filter::default(), SEED_ANCHOR)
            .into_iter()
            .map(|v| (v.backup.id, v.backup.started, v.backup.size))
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_backups() {
        let a = seeded(42);
        assert_eq!(a.len(), 50);
        assert_eq!(a, seeded(42));
        assert_ne!(a, seeded(43));
        assert!(a.iter().all(|(_, started, _)| *started < SEED_ANCHOR));
    }
}
