//! Deterministic simulation of rotation outcomes under faults (FoundationDB's
//! simulation testing, TigerBeetle's VOPR, on a small scale).
//!
//! Each schedule is a seed. From it come a few keys (rotated minutes earlier or never,
//! some with imported material waiting, some near the 25-rotation limit, some with a
//! rotation in progress), a client clock skew, how far reads lag writes, a fault rate,
//! and a scenario: `start_rotation`, `rotate_and_wait`, `rotate_and_wait` then
//! `wait_for_rotation` after a tracking failure, `wait_for_rotation` of a rotation in
//! progress, the bulk engine (`rotate_each`) followed by `recheck_rotation` of every
//! unconfirmed key, or a bulk job saved at a random moment, its tab going on and closing
//! (maybe with a request on the wire), then reopened from the file, reconciled
//! (`reconcile_job`), resumed and followed. The real client runs against [`model::ModelKms`] through the
//! `Transport` seam, every request under a seeded fault; then every outcome is checked
//! against what the model did:
//!
//! - no call performs more than one rotation of a key;
//! - `Completed` and `Started` only if the model rotated the key for that call (and
//!   `Completed` names the key material the model made current);
//! - `NotCarriedOut` only if it did not;
//! - otherwise `Unconfirmed`; and a re-check never says "not carried out";
//! - across a job's save, close and reopen, no key is rotated twice, and each key's
//!   final state in the job is true of what the model did.
//!
//! `KMS_SIM_SCHEDULES` sets the number of schedules (default 10,000); `KMS_SIM_SEED`
//! runs one schedule and prints it.

pub(crate) mod known_bug;
#[cfg(not(target_arch = "wasm32"))]
mod model;
#[cfg(not(target_arch = "wasm32"))]
mod rng;

#[cfg(not(target_arch = "wasm32"))]
mod driver {
    use super::known_bug::{self, KnownBug};
    use super::model::{
        material_id, FaultProfile, KeyView, Material, ModelKey, ModelKms, SimClock, SimTransport,
        VirtualTime,
    };
    use super::rng::Rng;
    use crate::client::{Client, ClientConfig};
    use crate::credentials::Credentials;
    use crate::error::Error;
    use crate::job::{BulkJob, JobItem, JobState};
    use crate::partition::EndpointConfig;
    use crate::rotation::RotationOutcome;
    use futures::executor::block_on as block;
    use std::rc::Rc;

    const MINUTE: i64 = 60_000;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Scenario {
        StartRotation,
        RotateAndWait,
        RotateThenResume,
        ResumeInProgress,
        Bulk,
        Reopen,
    }

    /// What the schedules ended in.
    #[derive(Debug, Default)]
    struct Tally {
        schedules: u64,
        calls: u64,
        requests: u64,
        completed: u64,
        started: u64,
        not_carried_out: u64,
        unconfirmed: u64,
        performed: u64,
        /// Saved jobs reopened and reconciled; their keys found rotated by then, and
        /// found not rotated (so sent again).
        reopened: u64,
        found_rotated: u64,
        found_not_rotated: u64,
    }

    impl Tally {
        fn count(&mut self, outcome: &RotationOutcome) {
            self.calls += 1;
            match outcome {
                RotationOutcome::Completed(_) => self.completed += 1,
                RotationOutcome::Started(_) => self.started += 1,
                RotationOutcome::NotCarriedOut(_) => self.not_carried_out += 1,
                RotationOutcome::Unconfirmed(_) => self.unconfirmed += 1,
            }
        }
    }

    struct World {
        kms: Rc<ModelKms>,
        client: Client<SimTransport, SimClock>,
        key_ids: Vec<String>,
        /// The key material of a rotation in progress when the schedule began.
        in_progress_material: Vec<Option<String>>,
        scenario: Scenario,
        describe: String,
    }

    fn build(seed: u64) -> World {
        let mut rng = Rng::new(seed);
        let start = 1_700_000_000_000 + rng.range(0, 1_000_000_000);
        let time = VirtualTime::new(start);
        let scenario = match rng.below(6) {
            0 => Scenario::StartRotation,
            1 => Scenario::RotateAndWait,
            2 => Scenario::RotateThenResume,
            3 => Scenario::ResumeInProgress,
            4 => Scenario::Bulk,
            _ => Scenario::Reopen,
        };
        let many = matches!(scenario, Scenario::Bulk | Scenario::Reopen);
        let key_count = 1 + rng.below(if many { 4 } else { 1 });
        let mut keys = Vec::new();
        let mut key_ids = Vec::new();
        let mut in_progress_material = Vec::new();
        for index in 0..key_count {
            let key_id = format!("{:08x}-0000-4000-8000-{index:012x}", seed as u32);
            let external = rng.chance(0.15);
            let prior = match rng.below(20) {
                0 => 24,
                1 => 25,
                n => n % 6,
            };
            let mut materials = vec![Material {
                id: material_id(&key_id, 0),
                state: "CURRENT",
                rotation_type: None,
                date_ms: None,
            }];
            // Rotations done minutes to days earlier, the newest 2–60 minutes ago.
            let newest = start - rng.range(2 * MINUTE, 60 * MINUTE);
            for n in 0..prior {
                materials.iter_mut().for_each(|m| m.state = "NON_CURRENT");
                let kind = if !external && rng.chance(0.2) {
                    "AUTOMATIC"
                } else {
                    "ON_DEMAND"
                };
                materials.push(Material {
                    id: material_id(&key_id, materials.len()),
                    state: "CURRENT",
                    rotation_type: Some(kind),
                    date_ms: Some(
                        newest - i64::try_from(prior - 1 - n).unwrap_or(0) * 7 * 1440 * MINUTE,
                    ),
                });
            }
            if external && rng.chance(0.8) {
                materials.push(Material {
                    id: material_id(&key_id, materials.len()),
                    state: "PENDING_ROTATION",
                    rotation_type: None,
                    date_ms: None,
                });
            }
            let rotation_ms = rng.range(500, 120_000);
            let busy = (scenario == Scenario::ResumeInProgress && index == 0) || rng.chance(0.04);
            let in_progress = busy.then(|| (start - 10_000, start - 10_000 + rotation_ms));
            let view = KeyView {
                materials,
                in_progress,
                external,
            };
            let key = ModelKey::new(&key_id, view, rotation_ms);
            in_progress_material.push(in_progress.map(|_| {
                key.latest()
                    .materials
                    .iter()
                    .find(|m| m.state == "PENDING_ROTATION")
                    .map_or_else(
                        || material_id(&key_id, key.latest().materials.len()),
                        |m| m.id.clone(),
                    )
            }));
            keys.push(key);
            key_ids.push(key_id);
        }
        let skew_ms = match rng.below(10) {
            0 | 1 => rng.range(6 * MINUTE, 15 * MINUTE) * if rng.chance(0.5) { 1 } else { -1 },
            2 => rng.range(-4 * MINUTE, 4 * MINUTE),
            _ => 0,
        };
        let profile = FaultProfile {
            rate: [0.0, 0.1, 0.25, 0.5, 0.8][usize::try_from(rng.below(5)).unwrap_or(0)],
            max_lag_ms: if rng.chance(0.3) {
                0
            } else {
                rng.range(500, 5_000)
            },
            faults_on_reads: rng.chance(0.7),
        };
        let describe = format!(
            "seed {seed}: {scenario:?}, {key_count} key(s), skew {skew_ms} ms, {profile:?}"
        );
        let kms = Rc::new(ModelKms::new(time.clone(), keys, rng, profile));
        let config = ClientConfig::new(EndpointConfig {
            region: "us-east-1".into(),
            ..Default::default()
        });
        let credentials = Credentials::new("AKIDEXAMPLE", "secret", None, None);
        let transport = SimTransport { kms: kms.clone() };
        let clock = SimClock { time, skew_ms };
        let client = Client::new(config, credentials, transport, clock).expect("valid config");
        World {
            kms,
            client,
            key_ids,
            in_progress_material,
            scenario,
            describe,
        }
    }

    /// Lets every delayed request and rotation in progress play out, then checks one
    /// call's outcome for one key against what the model did.
    fn check(
        world: &World,
        key: usize,
        call: u32,
        outcome: &RotationOutcome,
    ) -> Result<(), String> {
        world.kms.time.advance(10 * MINUTE);
        world.kms.settle();
        let performed: Vec<_> = world
            .kms
            .performed
            .borrow()
            .iter()
            .filter(|p| p.key == key && p.call == call)
            .cloned()
            .collect();
        let fail = |what: String| {
            Err(format!(
                "{}\n  key {key}, call {call}: {what}",
                world.describe
            ))
        };
        if performed.len() > 1 {
            return fail(format!("rotated {} times by one call", performed.len()));
        }
        let rotated = performed.len() == 1;
        match outcome {
            RotationOutcome::Completed(done) => {
                if !rotated {
                    return fail(format!(
                        "reported completed ({:?}) but the model did not rotate",
                        done.entry.key_material_id
                    ));
                }
                if done.entry.key_material_id.as_deref() != Some(performed[0].material_id.as_str())
                {
                    return fail(format!(
                        "completed with material {:?}, the model made {} current",
                        done.entry.key_material_id, performed[0].material_id
                    ));
                }
            }
            RotationOutcome::Started(_) if !rotated => {
                return fail("reported started but the model did not rotate".into())
            }
            RotationOutcome::NotCarriedOut(error) if rotated => {
                return fail(format!(
                    "reported not carried out ({error}; retryable: {}) but the model rotated",
                    error.retryable()
                ))
            }
            RotationOutcome::Unconfirmed(unconfirmed)
                if Error::RotationUnconfirmed(unconfirmed.clone()).retryable() =>
            {
                return fail("an unconfirmed rotation says retryable".into());
            }
            _ => {}
        }
        Ok(())
    }

    /// A bulk job saved after `save_after` outcomes; the tab goes on to `close_after`
    /// and closes, maybe with one more request on the wire; the job is reopened from the
    /// file 0–10 minutes later, reconciled, resumed and followed.
    fn run_reopen(world: &World, seed: u64, tally: &mut Tally) -> Result<(), String> {
        let client = &world.client;
        let kms = world.kms.clone();
        let mut rng = Rng::new(seed ^ 0x0005_eed0_f70b);
        let fail = |what: String| Err(format!("{}\n  {what}", world.describe));
        // The inventory, read before the job; keys rotating then are not planned (the
        // console's plan holds eligible keys only).
        kms.quiet.set(true);
        let mut planned = Vec::new();
        for (index, key_id) in world.key_ids.iter().enumerate() {
            let before = block(client.read_rotation_baseline(key_id)).ok();
            if before
                .as_ref()
                .is_some_and(|b| b.in_progress_since.is_none())
            {
                planned.push((index, JobItem::waiting(key_id, None, before)));
            }
        }
        kms.quiet.set(false);
        let (indexes, items): (Vec<usize>, Vec<JobItem>) = planned.into_iter().unzip();
        let key_ids: Vec<String> = indexes.iter().map(|&i| world.key_ids[i].clone()).collect();
        let n = key_ids.len();
        let mut job = BulkJob::new("us-east-1", None, items, client.now());
        let save_after = usize::try_from(rng.below(n as u64 + 1)).unwrap_or(0);
        let close_after =
            save_after + usize::try_from(rng.below((n - save_after) as u64 + 1)).unwrap_or(0);
        let mut saved = (save_after == 0).then(|| job.to_file(client.now()));
        if close_after > 0 {
            block(client.rotate_each(
                &key_ids,
                |at, outcome| {
                    job.items[at].record(&outcome);
                    tally.count(&outcome);
                    kms.call
                        .set(u32::try_from(indexes.get(at + 1).copied().unwrap_or(0)).unwrap_or(0));
                    if at + 1 == save_after {
                        saved = Some(job.to_file(client.now()));
                    }
                    at + 1 < close_after
                },
                std::future::pending(),
            ));
        }
        // The tab closes, perhaps with the next key's request on the wire: it acts
        // within the signature's validity, or never.
        if close_after < n && rng.chance(0.4) {
            let late = rng.range(0, crate::job::SIGNATURE_VALIDITY_MS);
            kms.in_flight(
                indexes[close_after],
                kms.time.now() + late,
                u32::try_from(indexes[close_after]).unwrap_or(0),
            );
        }
        let Some(saved) = saved else {
            return fail("the job was never saved".into());
        };
        kms.time.advance(if rng.chance(0.5) {
            rng.range(0, 30_000)
        } else {
            rng.range(0, 10 * MINUTE)
        });
        let mut job = match BulkJob::from_file(&saved) {
            Ok(job) => job,
            Err(error) => return fail(format!("the saved job does not read back: {error}")),
        };
        kms.call.set(2000);
        let reopened_at = client.now();
        let mut reconciled = false;
        for _ in 0..4 {
            let found = |_: usize, r: &crate::job::Reconciled, _: &JobItem| match r {
                crate::job::Reconciled::Started(_) => tally.found_rotated += 1,
                crate::job::Reconciled::NotRotated => tally.found_not_rotated += 1,
                _ => {}
            };
            if block(client.reconcile_job(&mut job, reopened_at, found)).is_ok() {
                tally.reopened += 1;
                reconciled = true;
                break;
            }
        }
        if reconciled {
            let waiting: Vec<usize> = (0..n)
                .filter(|&i| job.items[i].state == JobState::Waiting)
                .collect();
            let resend: Vec<String> = waiting.iter().map(|&i| key_ids[i].clone()).collect();
            kms.call.set(
                waiting
                    .first()
                    .map_or(0, |&i| u32::try_from(indexes[i]).unwrap_or(0)),
            );
            block(client.rotate_each(
                &resend,
                |at, outcome| {
                    job.items[waiting[at]].record(&outcome);
                    tally.count(&outcome);
                    kms.call.set(
                        waiting
                            .get(at + 1)
                            .map_or(0, |&i| u32::try_from(indexes[i]).unwrap_or(0)),
                    );
                    true
                },
                std::future::pending(),
            ));
            for item in &mut job.items {
                if let Some(started) = item.started_rotation() {
                    let followed = block(client.wait_for_rotation(
                        &started.key_id,
                        Some(&started),
                        |_| {},
                        std::future::pending(),
                    ));
                    if let Ok(done) = followed {
                        item.complete(&done);
                    }
                }
            }
        }
        kms.time.advance(10 * MINUTE);
        kms.settle();
        for (at, item) in job.items.iter().enumerate() {
            let key = indexes[at];
            let performed: Vec<_> = kms
                .performed
                .borrow()
                .iter()
                .filter(|p| p.key == key)
                .cloned()
                .collect();
            if performed.len() > 1 {
                return fail(format!(
                    "key {key} rotated {} times across save, close and reopen ({:?})",
                    performed.len(),
                    item.state
                ));
            }
            let rotated = performed.len() == 1;
            let wrong = match item.state {
                JobState::Completed => {
                    !rotated
                        || item
                            .completed
                            .as_ref()
                            .and_then(|e| e.key_material_id.as_deref())
                            != Some(performed[0].material_id.as_str())
                }
                JobState::Started => !rotated,
                JobState::NotCarriedOut => rotated,
                JobState::Waiting => reconciled && rotated,
                _ => false,
            };
            if wrong {
                return fail(format!(
                    "key {key}: the job says {:?} ({}) but the model rotated it {} time(s)",
                    item.state,
                    item.message,
                    performed.len()
                ));
            }
        }
        Ok(())
    }

    fn run_schedule(seed: u64, tally: &mut Tally) -> Result<(), String> {
        let world = build(seed);
        let client = &world.client;
        let first = world.key_ids[0].as_str();
        let never = std::future::pending;
        match world.scenario {
            Scenario::StartRotation => {
                let outcome = RotationOutcome::of_request(block(client.start_rotation(first)));
                tally.count(&outcome);
                check(&world, 0, 0, &outcome)?;
            }
            Scenario::RotateAndWait => {
                let outcome =
                    RotationOutcome::of_wait(block(client.rotate_and_wait(first, |_| {}, never())));
                tally.count(&outcome);
                check(&world, 0, 0, &outcome)?;
            }
            Scenario::RotateThenResume => {
                let result = block(client.rotate_and_wait(first, |_| {}, never()));
                let mut outcome = RotationOutcome::of_wait(result);
                if let RotationOutcome::Started(started) = &outcome {
                    // Tracking failed: follow the same rotation again, as "keep tracking" does.
                    let resumed =
                        block(client.wait_for_rotation(first, Some(started), |_| {}, never()));
                    outcome = RotationOutcome::of_wait(resumed);
                }
                tally.count(&outcome);
                check(&world, 0, 0, &outcome)?;
            }
            Scenario::ResumeInProgress => {
                world.kms.call.set(u32::MAX);
                let result = block(client.wait_for_rotation(first, None, |_| {}, never()));
                let outcome = RotationOutcome::of_wait(result);
                tally.count(&outcome);
                let expected = world.in_progress_material[0].as_deref();
                match &outcome {
                    RotationOutcome::Completed(done)
                        if done.entry.key_material_id.as_deref() != expected =>
                    {
                        return Err(format!(
                            "{}\n  followed the wrong rotation: {:?}, expected {expected:?}",
                            world.describe, done.entry.key_material_id
                        ));
                    }
                    RotationOutcome::Completed(_) | RotationOutcome::Started(_) => {}
                    other if world.kms.performed.borrow().is_empty() => {
                        // Reads failed: a plain error is fine when nothing was sent.
                        let _ = other;
                    }
                    _ => {
                        return Err(format!(
                            "{}\n  wait_for_rotation sent a rotation",
                            world.describe
                        ))
                    }
                }
                if !world.kms.performed.borrow().is_empty() {
                    return Err(format!(
                        "{}\n  wait_for_rotation rotated the key",
                        world.describe
                    ));
                }
            }
            Scenario::Reopen => run_reopen(&world, seed, tally)?,
            Scenario::Bulk => {
                let mut outcomes = Vec::new();
                let kms = world.kms.clone();
                block(client.rotate_each(
                    &world.key_ids,
                    |index, outcome| {
                        outcomes.push((index, outcome));
                        kms.call.set(u32::try_from(index + 1).unwrap_or(u32::MAX));
                        true
                    },
                    never(),
                ));
                if outcomes.len() != world.key_ids.len() {
                    return Err(format!("{}\n  the bulk run skipped keys", world.describe));
                }
                for (index, outcome) in &outcomes {
                    tally.count(outcome);
                    let call = u32::try_from(*index).unwrap_or(u32::MAX);
                    check(&world, *index, call, outcome)?;
                }
                // A minute later, re-check every unconfirmed key, twice at most.
                for (index, outcome) in &outcomes {
                    let RotationOutcome::Unconfirmed(unconfirmed) = outcome else {
                        continue;
                    };
                    let call = u32::try_from(*index).unwrap_or(u32::MAX);
                    world.kms.call.set(1000 + call);
                    for _ in 0..2 {
                        world.kms.time.advance(MINUTE);
                        let recheck = block(client.recheck_rotation(unconfirmed));
                        tally.count(&recheck);
                        check(&world, *index, call, &recheck)?;
                        if let RotationOutcome::NotCarriedOut(_) = recheck {
                            return Err(format!(
                                "{}\n  key {index}: a re-check said not carried out",
                                world.describe
                            ));
                        }
                        check(
                            &world,
                            *index,
                            1000 + call,
                            &RotationOutcome::NotCarriedOut(Error::WaitTimedOut(0)),
                        )?;
                        if matches!(recheck, RotationOutcome::Started(_)) {
                            break;
                        }
                    }
                }
            }
        }
        tally.schedules += 1;
        tally.requests += world.kms.requests.get();
        tally.performed += u64::try_from(world.kms.performed.borrow().len()).unwrap_or(0);
        Ok(())
    }

    fn schedules() -> u64 {
        std::env::var("KMS_SIM_SCHEDULES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000)
    }

    #[test]
    fn rotation_outcomes_are_true_under_every_fault_schedule() {
        let mut tally = Tally::default();
        if let Some(seed) = std::env::var("KMS_SIM_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
        {
            let result = run_schedule(seed, &mut tally);
            println!("{}: {result:?}\n{tally:?}", build(seed).describe);
            result.unwrap();
            return;
        }
        let count = schedules();
        let failures: Vec<String> = (0..count)
            .filter_map(|seed| run_schedule(seed, &mut tally).err())
            .collect();
        println!(
            "simulation: {} schedules, {} calls, {} requests, {} rotations performed; outcomes: \
             {} completed, {} started, {} not carried out, {} unconfirmed; {} saved jobs \
             reopened, their keys found rotated {} times and not rotated {} times",
            tally.schedules,
            tally.calls,
            tally.requests,
            tally.performed,
            tally.completed,
            tally.started,
            tally.not_carried_out,
            tally.unconfirmed,
            tally.reopened,
            tally.found_rotated,
            tally.found_not_rotated
        );
        assert!(
            failures.is_empty(),
            "{} of {count} schedules broke an invariant; the first few:\n{}",
            failures.len(),
            failures
                .iter()
                .take(6)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert_eq!(tally.schedules, count);
        assert!(
            tally.completed > 0
                && tally.started > 0
                && tally.not_carried_out > 0
                && tally.unconfirmed > 0,
            "every outcome must occur: {tally:?}"
        );
    }

    /// The simulation is only worth its green if it goes red on the bugs it is for.
    #[test]
    fn the_simulation_catches_each_known_bug() {
        for bug in [
            KnownBug::TimeWindow,
            KnownBug::UntrackedFailure,
            KnownBug::RecheckSaysNotSent,
            KnownBug::TrustSavedJob,
            KnownBug::NoInFlightWait,
        ] {
            let caught = known_bug::with(bug, || {
                (0..schedules().max(3000)).find_map(|seed| {
                    run_schedule(seed, &mut Tally::default())
                        .err()
                        .map(|e| (seed, e))
                })
            });
            let Some((seed, failure)) = caught else {
                panic!("the simulation did not catch {bug:?}")
            };
            println!(
                "simulation caught {bug:?} at seed {seed}: {}",
                failure.lines().last().unwrap_or_default()
            );
        }
    }
}
