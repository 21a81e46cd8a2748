//! Fault injection, per operation: what the emulator does instead of (or after) answering normally.
//!
//! Clients are judged by how they behave when the service misbehaves, so every misbehaviour a client must
//! handle can be switched on per action: as rates ([`FaultPlan`], decided by the seeded generator, for load
//! and soak runs) or as an exact script ([`Fault`] queued `n` times, for tests that must be deterministic).
//! Queued faults are used first.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use crate::rng::Rng;

/// One misbehaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer `Throttling.User` (HTTP 400, with `x-acs-retry-after`) without processing the request.
    Throttle,
    /// Answer `ServiceUnavailable` (HTTP 503) without processing the request.
    Unavailable,
    /// Process the request, then answer `InternalError` (HTTP 500): the client cannot know it succeeded.
    ServerError,
    /// Close the connection without answering and without processing the request.
    Drop,
    /// Process the request, then close the connection without answering.
    DropAfterProcessing,
    /// Answer normally after this extra delay.
    Latency(Duration),
    /// Answer HTTP `status` with `code` (and the configured `x-acs-retry-after` when `retry_after`), instead
    /// of processing the request or, with `after_processing`, once it has been processed: any error answer a
    /// client must survive, such as a 500 that asks to retry after the backup was created.
    Status {
        /// The HTTP status.
        status: u16,
        /// The error code.
        code: &'static str,
        /// Whether the answer carries `x-acs-retry-after`.
        retry_after: bool,
        /// Whether the request is processed before the answer.
        after_processing: bool,
    },
}

/// Rates of faults for one action; each request draws independently.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultPlan {
    /// Probability of [`Fault::Throttle`].
    pub throttle_rate: f64,
    /// Probability of a 5xx answer ([`Fault::ServerError`] after processing).
    pub server_error_rate: f64,
    /// Probability of [`Fault::Drop`].
    pub drop_rate: f64,
    /// Extra delay before every answer.
    pub latency: Duration,
}

/// What to do with one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    /// Sleep this long first.
    pub latency: Duration,
    /// A fault that replaces processing.
    pub before: Option<Fault>,
    /// A fault applied after processing.
    pub after: Option<Fault>,
}

/// The faults of every action.
#[derive(Debug)]
pub struct Faults {
    plans: BTreeMap<String, FaultPlan>,
    queued: BTreeMap<String, VecDeque<Fault>>,
    rng: Rng,
}

/// The action name that applies a plan or queued fault to every action.
pub const ANY_ACTION: &str = "*";

impl Faults {
    /// No faults; rates draw from a generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Faults { plans: BTreeMap::new(), queued: BTreeMap::new(), rng: Rng::new(seed ^ 0xFA17) }
    }

    /// Sets the rates for `action` (or [`ANY_ACTION`]).
    pub fn set_plan(&mut self, action: &str, plan: FaultPlan) {
        self.plans.insert(action.to_owned(), plan);
    }

    /// Queues `fault` for the next `times` requests of `action` (or [`ANY_ACTION`]).
    pub fn inject(&mut self, action: &str, fault: Fault, times: usize) {
        self.queued.entry(action.to_owned()).or_default().extend(std::iter::repeat_n(fault, times));
    }

    /// Removes every plan and queued fault.
    pub fn clear(&mut self) {
        self.plans.clear();
        self.queued.clear();
    }

    /// Decides what happens to the next request of `action`.
    pub fn decide(&mut self, action: &str) -> Decision {
        for key in [action, ANY_ACTION] {
            if let Some(fault) = self.queued.get_mut(key).and_then(VecDeque::pop_front) {
                return decision_for(fault);
            }
        }
        let Some(plan) = self.plans.get(action).or_else(|| self.plans.get(ANY_ACTION)).cloned() else {
            return Decision::default();
        };
        let mut decision = Decision { latency: plan.latency, ..Decision::default() };
        if self.rng.chance(plan.drop_rate) {
            decision.before = Some(Fault::Drop);
        } else if self.rng.chance(plan.throttle_rate) {
            decision.before = Some(Fault::Throttle);
        } else if self.rng.chance(plan.server_error_rate) {
            decision.after = Some(Fault::ServerError);
        }
        decision
    }
}

fn decision_for(fault: Fault) -> Decision {
    match fault {
        Fault::Latency(latency) => Decision { latency, ..Decision::default() },
        Fault::ServerError | Fault::DropAfterProcessing | Fault::Status { after_processing: true, .. } => {
            Decision { after: Some(fault), ..Decision::default() }
        }
        other => Decision { before: Some(other), ..Decision::default() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_faults_come_first_then_run_out() {
        let mut f = Faults::new(1);
        f.inject("CreateBackup", Fault::Throttle, 2);
        f.inject(ANY_ACTION, Fault::ServerError, 1);
        assert_eq!(f.decide("CreateBackup").before, Some(Fault::Throttle));
        assert_eq!(f.decide("CreateBackup").before, Some(Fault::Throttle));
        assert_eq!(f.decide("CreateBackup").after, Some(Fault::ServerError));
        assert_eq!(f.decide("CreateBackup"), Decision::default());
    }

    #[test]
    fn status_faults_replace_or_follow_processing() {
        let before =
            Fault::Status { status: 503, code: "ServiceUnavailable", retry_after: true, after_processing: false };
        let after = Fault::Status { status: 500, code: "InternalError", retry_after: true, after_processing: true };
        let mut f = Faults::new(1);
        f.inject("CreateBackup", before, 1);
        f.inject("CreateBackup", after, 1);
        assert_eq!(f.decide("CreateBackup"), Decision { before: Some(before), ..Decision::default() });
        assert_eq!(f.decide("CreateBackup"), Decision { after: Some(after), ..Decision::default() });
    }

    #[test]
    fn rates_are_drawn_per_request() {
        let mut f = Faults::new(1);
        f.set_plan("A", FaultPlan { throttle_rate: 1.0, latency: Duration::from_millis(5), ..FaultPlan::default() });
        let d = f.decide("A");
        assert_eq!((d.before, d.latency), (Some(Fault::Throttle), Duration::from_millis(5)));
        assert_eq!(f.decide("B"), Decision::default());
        f.set_plan("A", FaultPlan { server_error_rate: 0.5, ..FaultPlan::default() });
        let errors = (0..1000).filter(|_| f.decide("A").after.is_some()).count();
        assert!((400..600).contains(&errors), "{errors}");
    }
}
