use super::*;
use crate::model::{GetKeyRotationStatusOutput, KeyMaterialState, RotationType};

fn entry(
    id: &str,
    state: KeyMaterialState,
    kind: Option<RotationType>,
    secs: Option<i64>,
) -> RotationsListEntry {
    RotationsListEntry {
        key_material_id: Some(id.to_owned()),
        key_material_state: Some(state),
        rotation_type: kind,
        rotation_date: secs.map(Timestamp::from_epoch_seconds),
        ..Default::default()
    }
}

fn status(start: Option<i64>) -> GetKeyRotationStatusOutput {
    GetKeyRotationStatusOutput {
        on_demand_rotation_start_date: start.map(Timestamp::from_epoch_seconds),
        ..Default::default()
    }
}

fn history_before() -> Vec<RotationsListEntry> {
    vec![
        entry("m0", KeyMaterialState::NonCurrent, None, None),
        entry(
            "m1",
            KeyMaterialState::Current,
            Some(RotationType::OnDemand),
            Some(1_000),
        ),
    ]
}

fn baseline() -> RotationBaseline {
    RotationBaseline::new(
        "k",
        &status(None),
        &history_before(),
        Timestamp::from_epoch_seconds(2_000),
    )
}

#[test]
fn a_rotation_completed_minutes_before_the_request_is_not_evidence() {
    // Path 1 of issue 9: the entry is recent, but it was there before the request.
    let b = baseline();
    assert!(!b.shows_new_rotation(Some(&status(None)), Some(&history_before())));
}

#[test]
fn a_new_start_date_a_new_entry_or_a_new_current_material_is_evidence() {
    let b = baseline();
    assert!(b.shows_new_rotation(Some(&status(Some(1_990))), None));
    let mut after = history_before();
    after[1].key_material_state = Some(KeyMaterialState::NonCurrent);
    after.push(entry(
        "m2",
        KeyMaterialState::Current,
        Some(RotationType::OnDemand),
        Some(2_010),
    ));
    assert!(b.shows_new_rotation(None, Some(&after)));
    assert_eq!(
        b.new_on_demand_entry(&after)
            .and_then(|e| e.key_material_id.as_deref()),
        Some("m2")
    );
}

#[test]
fn imported_material_made_current_is_a_new_rotation() {
    let mut before = history_before();
    before.push(entry("p", KeyMaterialState::PendingRotation, None, None));
    let b = RotationBaseline::new(
        "k",
        &status(None),
        &before,
        Timestamp::from_epoch_seconds(2_000),
    );
    let after = vec![
        entry("m0", KeyMaterialState::NonCurrent, None, None),
        entry(
            "m1",
            KeyMaterialState::NonCurrent,
            Some(RotationType::OnDemand),
            Some(1_000),
        ),
        entry(
            "p",
            KeyMaterialState::Current,
            Some(RotationType::OnDemand),
            Some(2_050),
        ),
    ];
    assert!(b.shows_new_rotation(None, Some(&after)));
    assert_eq!(
        b.new_on_demand_entry(&after)
            .and_then(|e| e.key_material_id.as_deref()),
        Some("p")
    );
}

#[test]
fn an_automatic_rotation_is_not_evidence_of_an_on_demand_one() {
    let b = baseline();
    let mut after = history_before();
    after[1].key_material_state = Some(KeyMaterialState::NonCurrent);
    after.push(entry(
        "a",
        KeyMaterialState::Current,
        Some(RotationType::Automatic),
        Some(2_010),
    ));
    assert!(!b.shows_new_rotation(Some(&status(None)), Some(&after)));
}

#[test]
fn the_start_date_already_in_progress_is_not_evidence() {
    let b = RotationBaseline::new(
        "k",
        &status(Some(1_500)),
        &history_before(),
        Timestamp::from_epoch_seconds(2_000),
    );
    assert!(!b.shows_new_rotation(Some(&status(Some(1_500))), Some(&history_before())));
}

#[test]
fn outcomes_classify_errors_by_what_they_prove() {
    let unconfirmed = Error::RotationUnconfirmed(RotationUnconfirmed {
        key_id: "k".into(),
        cause: Box::new(Error::WaitTimedOut(1)),
        sent_at: Timestamp::default(),
        baseline: Box::new(baseline()),
    });
    assert_eq!(
        RotationOutcome::of_request(Err(unconfirmed)).as_str(),
        "UNCONFIRMED"
    );
    let started = StartedRotation {
        key_id: "k".into(),
        started_at: Timestamp::default(),
        request_id: None,
        baseline: baseline(),
    };
    let tracking = tracking_failed(started, Error::WaitTimedOut(1));
    assert!(!tracking.retryable());
    assert!(tracking.rotation_started());
    assert_eq!(RotationOutcome::of_wait(Err(tracking)).as_str(), "STARTED");
    assert_eq!(
        RotationOutcome::of_wait(Err(Error::WaitTimedOut(1))).as_str(),
        "NOT_CARRIED_OUT"
    );
}
