//! A multi-Region key's primary and replicas, each a link to its page.

use crate::router::Route;
use crate::state::use_app_state;
use kms_core::key_id::KeyIdentifier;
use kms_core::model::{MultiRegionKey, MultiRegionKeyType};
use leptos::prelude::*;

/// Links to the primary and the replicas of a multi-Region key.
#[component]
pub(super) fn MultiRegionLinks(metadata: kms_core::model::KeyMetadata) -> impl IntoView {
    let state = use_app_state();
    let Some(config) = metadata.multi_region_configuration.clone() else {
        return ().into_any();
    };
    let here = state
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.region.clone()).unwrap_or_default());
    let this_arn = metadata.arn.clone();
    let link = move |key: MultiRegionKey| {
        let arn = key.arn.clone().unwrap_or_default();
        let region = key.region.clone().unwrap_or_default();
        let this = if this_arn.as_deref() == Some(arn.as_str()) {
            " (this key)"
        } else {
            ""
        };
        let label = format!("{region}: {arn}{this}");
        let here = here.clone();
        view! {
            <button
                class="link"
                on:click=move |_| {
                    let Ok(id) = KeyIdentifier::parse(&arn) else { return };
                    if region != here {
                        state.switch_region(&region, format!("Switched the Region from {here} to {region} to open the multi-Region key there."));
                    }
                    state.go(Route::Key(id.to_string()));
                }
            >
                {label}
            </button>
        }
    };
    let role = config.multi_region_key_type.clone();
    let primary = config.primary_key.clone();
    let replicas = config.replica_keys.clone();
    view! {
        <div class="multi-region" data-testid="multi-region">
            <h3>"Multi-Region"</h3>
            {match role {
                Some(MultiRegionKeyType::Replica) => view! {
                    <p class="notice">"This is a replica. Rotation happens on the primary key and reaches the replicas from there: rotate the primary."</p>
                }.into_any(),
                _ => view! { <p>"This is the primary key; rotating it rotates its replicas too."</p> }.into_any(),
            }}
            <p>"Primary: " {primary.map(|p| link.clone()(p))}</p>
            <p>"Replicas:"</p>
            <ul>{replicas.into_iter().map(|r| view! { <li>{link.clone()(r)}</li> }).collect_view()}</ul>
        </div>
    }
    .into_any()
}
