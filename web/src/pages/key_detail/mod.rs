//! One key: metadata, rotation status and history; "Rotate now" with a confirmation,
//! live tracking until KMS shows the rotation complete; automatic rotation settings;
//! multi-Region primary and replicas.

mod automatic_rotation;
mod facts;
mod import_material;
mod imported;
mod multi_region;
mod usage;
mod view;

use view::KeyView;

use crate::api::use_api;
use crate::components::error_notice::error_boundary_fallback;
use crate::error::ApiError;
use crate::router::Route;
use crate::state::use_app_state;
use kms_core::rotation::{CompletedRotation, RotationProgress, StartedRotation};
use leptos::prelude::*;

/// The key page for `identifier` (key ID, key ARN, alias name or alias ARN).
#[component]
pub(crate) fn KeyDetailPage(
    /// What the URL names.
    identifier: String,
) -> impl IntoView {
    let api = use_api();
    let state = use_app_state();
    let tracking = RwSignal::new(None::<RotationProgress>);
    let rotate =
        Action::new_local(move |key_id: &String| api.rotate_and_wait(key_id.clone(), tracking));
    let follow = Action::new_local(
        move |(key_id, started): &(String, Option<StartedRotation>)| {
            api.wait_for_rotation(key_id.clone(), started.clone(), tracking)
        },
    );
    let save_settings = Action::new_local(
        move |(key_id, enabled, days): &(String, bool, Option<u32>)| {
            api.set_automatic_rotation(key_id.clone(), *enabled, *days)
        },
    );
    // Bumped after an import or a deleted material: the key is read again.
    let changed = RwSignal::new(0u32);
    let reload = Callback::new(move |()| changed.update(|n| *n += 1));
    let identifier = StoredValue::new(identifier);
    let detail = LocalResource::new(move || {
        state.session.with(|s| s.as_ref().map(|s| s.generation));
        rotate.version().get();
        follow.version().get();
        save_settings.version().get();
        changed.get();
        api.key_detail(identifier.get_value())
    });
    // A rotation already in progress when the page opens is followed to its end.
    Effect::new(move |_| {
        let Some(Ok(detail)) = detail.get() else {
            return;
        };
        let in_progress = detail
            .status
            .as_ref()
            .is_some_and(|s| s.on_demand_rotation_start_date.is_some());
        if in_progress && !rotate.pending().get_untracked() && !follow.pending().get_untracked() {
            follow.dispatch((detail.metadata.key_id.clone(), None));
        }
    });
    view! {
        <main class="key-detail">
            <p><a href=Route::Keys.hash()>"← All keys"</a></p>
            <Transition fallback=|| view! { <p aria-busy="true">"Loading the key…"</p> }>
                <ErrorBoundary fallback=error_boundary_fallback>
                    {move || Suspend::new(async move {
                        detail.await.map(|detail| view! {
                            <KeyView detail=detail rotate=rotate follow=follow save_settings=save_settings tracking=tracking reload=reload/>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

pub(super) type RotateAction = Action<String, Result<CompletedRotation, ApiError>>;
pub(super) type FollowAction =
    Action<(String, Option<StartedRotation>), Result<CompletedRotation, ApiError>>;
pub(super) type SettingsAction = Action<(String, bool, Option<u32>), Result<(), ApiError>>;
