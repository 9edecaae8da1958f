//! Exports: the results, and the keys' whole rotation histories, as CSV or JSON.

use crate::api::use_api;
use crate::components::error_notice::ErrorNotice;
use crate::export;
use crate::state::use_app_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The export buttons.
#[component]
pub(super) fn ExportSection() -> impl IntoView {
    let api = use_api();
    let bulk = use_app_state().bulk;
    let export_error = RwSignal::new(None::<crate::error::ApiError>);
    let exporting = RwSignal::new(false);
    let export_results = move |json: bool| {
        let items = bulk.items.get_untracked();
        let result = if json {
            export::download(
                "kms-bulk-rotation-results.json",
                "application/json",
                &export::results_json(&items),
            )
        } else {
            export::download(
                "kms-bulk-rotation-results.csv",
                "text/csv",
                &export::results_csv(&items),
            )
        };
        if let Err(message) = result {
            export_error.set(Some(crate::error::ApiError::plain(message)));
        }
    };
    let export_histories = move |json: bool| {
        let key_ids: Vec<String> = bulk
            .items
            .with_untracked(|items| items.iter().map(|i| i.key_id.clone()).collect());
        exporting.set(true);
        spawn_local(async move {
            let result = api.histories(key_ids).await.and_then(|histories| {
                let downloaded = if json {
                    export::download(
                        "kms-rotation-histories.json",
                        "application/json",
                        &export::histories_json(&histories),
                    )
                } else {
                    export::download(
                        "kms-rotation-histories.csv",
                        "text/csv",
                        &export::histories_csv(&histories),
                    )
                };
                downloaded.map_err(crate::error::ApiError::plain)
            });
            exporting.set(false);
            export_error.set(result.err());
        });
    };

    view! {
                <section aria-labelledby="export-h">
                    <h2 id="export-h">"Export"</h2>
                    <div class="buttons">
                        <button on:click=move |_| export_results(false)>"Results (CSV)"</button>
                        <button on:click=move |_| export_results(true)>"Results (JSON)"</button>
                        <button disabled=move || exporting.get() on:click=move |_| export_histories(false)>"Rotation histories (CSV)"</button>
                        <button disabled=move || exporting.get() on:click=move |_| export_histories(true)>"Rotation histories (JSON)"</button>
                    </div>
                    {move || export_error.get().map(|error| view! { <ErrorNotice error=error/> })}
                </section>
    }
}
