//! The key's tags and its last tracked use (`ListResourceTags`, `GetKeyLastUsage`),
//! read after the rest of the page.

use crate::api::use_api;
use crate::components::error_notice::ErrorNotice;
use crate::components::local_time::LocalTime;
use kms_core::model::GetKeyLastUsageOutput;
use leptos::prelude::*;

/// The section.
#[component]
pub(super) fn TagsAndLastUse(key_id: String) -> impl IntoView {
    let api = use_api();
    let read = LocalResource::new(move || api.tags_and_last_use(key_id.clone()));
    view! {
        <section aria-labelledby="usage-h" data-testid="tags-and-use">
            <h2 id="usage-h">"Tags and last use"</h2>
            <Suspense fallback=|| view! { <p aria-busy="true">"Reading tags and last use…"</p> }>
                {move || read.get().map(|result| match result {
                    Ok((tags, usage)) => view! {
                        {if tags.is_empty() {
                            view! { <p class="muted">"No tags."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="tags" data-testid="tags">
                                    {tags.into_iter().map(|t| view! { <li><code>{format!("{} = {}", t.tag_key, t.tag_value)}</code></li> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {last_use(usage)}
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The last use in words, as `GetKeyLastUsage`'s documentation reads its answer: no
/// `KeyLastUsage` means no tracked use since the tracking start date.
fn last_use(usage: GetKeyLastUsageOutput) -> impl IntoView {
    let since = usage.tracking_start_date;
    let created_after = usage.tracked_since_creation();
    let tracked = since.map(|t| {
        view! {
            {if created_after { " Tracked since the key was created, " } else { " Tracked since " }}
            <LocalTime time=t/> "."
        }
    });
    match usage.last_use().cloned() {
        Some(last) => view! {
            <p data-testid="last-use">
                "Last used by " <code>{last.operation.map(|o| o.to_string()).unwrap_or_default()}</code>
                {last.timestamp.map(|t| view! { " at " <LocalTime time=t/> })} "."
                {last.cloud_trail_event_id.map(|id| view! { " CloudTrail event " <code>{id}</code> "." })}
                {tracked}
            </p>
        }.into_any(),
        None => view! {
            <p data-testid="last-use">"Not used by a tracked (cryptographic) operation since tracking started." {tracked}</p>
        }.into_any(),
    }
}
