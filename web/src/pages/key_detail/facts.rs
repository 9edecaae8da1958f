//! What DescribeKey says of the key, and its multi-Region copies.

use super::multi_region::MultiRegionLinks;
use crate::components::local_time::LocalTime;
use kms_core::model::KeyMetadata;
use leptos::prelude::*;

/// The key's facts.
#[component]
pub(super) fn KeyFacts(metadata: KeyMetadata, aliases: Vec<String>) -> impl IntoView {
    view! {
        <section aria-labelledby="meta-h">
            <h2 id="meta-h">"Key"</h2>
            <dl class="meta">
                <dt>"Key ID"</dt><dd><code data-testid="key-id">{metadata.key_id.clone()}</code></dd>
                <dt>"ARN"</dt><dd><code>{metadata.arn.clone().unwrap_or_default()}</code></dd>
                <dt>"Aliases"</dt><dd>{if aliases.is_empty() { "none".to_owned() } else { aliases.join(", ") }}</dd>
                <dt>"Description"</dt><dd>{metadata.description.clone().unwrap_or_default()}</dd>
                <dt>"State"</dt><dd data-testid="key-state">{metadata.key_state.as_ref().map(ToString::to_string).unwrap_or_default()}</dd>
                <dt>"Spec / usage"</dt><dd>{format!("{} / {}", metadata.effective_key_spec().map(ToString::to_string).unwrap_or_default(), metadata.key_usage.as_ref().map(ToString::to_string).unwrap_or_default())}</dd>
                <dt>"Manager"</dt><dd>{metadata.key_manager.as_ref().map(ToString::to_string).unwrap_or_default()}</dd>
                <dt>"Origin"</dt><dd>{metadata.origin.as_ref().map(ToString::to_string).unwrap_or_default()}</dd>
                <dt>"Created"</dt><dd>{metadata.creation_date.map(|t| view! { <LocalTime time=t/> })}</dd>
                {metadata.custom_key_store_id.clone().map(|id| view! { <dt>"Custom key store"</dt><dd><code>{id}</code></dd> })}
                {metadata.deletion_date.map(|t| view! { <dt>"Deletion date"</dt><dd><LocalTime time=t/></dd> })}
            </dl>
            <MultiRegionLinks metadata=metadata.clone()/>
        </section>
    }
}
