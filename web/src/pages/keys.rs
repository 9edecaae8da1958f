//! The keys of the Region: a lookup box, loading progress and the table.

use crate::components::error_notice::ErrorNotice;
use crate::components::key_table::KeyTable;
use crate::components::progress_bar::ProgressBar;
use crate::state::use_app_state;
use leptos::prelude::*;

/// The keys page.
#[component]
pub(crate) fn KeysPage() -> impl IntoView {
    let state = use_app_state();
    let keys = state.keys;
    let progress = keys.progress;
    let region = move || {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.region.clone()).unwrap_or_default())
    };
    view! {
        <main>
            <h1>"Keys in " {region}</h1>
            <div class="load-status">
                <Show when=move || progress.with(|p| p.running)>
                    <ProgressBar
                        label=Signal::derive(move || progress.with(|p| p.phase.clone()))
                        done=Signal::derive(move || progress.with(|p| p.done))
                        total=Signal::derive(move || progress.with(|p| p.total))
                    />
                </Show>
                {move || progress.with(|p| p.error.clone()).map(|error| view! { <ErrorNotice error=error/> })}
                <button
                    disabled=move || progress.with(|p| p.running)
                    on:click=move |_| keys.reload.update(|n| *n += 1)
                >
                    "Reload"
                </button>
            </div>
            <KeyTable/>
        </main>
    }
}
