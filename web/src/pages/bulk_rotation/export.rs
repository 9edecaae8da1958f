//! Exports: the results, and the keys' whole rotation histories, as CSV or JSON.

use crate::api::use_api;
use crate::components::error_notice::ErrorNotice;
use crate::export;
use crate::receipts;
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

    let state = use_app_state();
    let sealed = RwSignal::new(None::<String>);
    let export_receipts = move || {
        let items = bulk.items.get_untracked();
        let account = state.account_id.get_untracked();
        let region = state
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.region.clone()))
            .unwrap_or_default();
        let scope = receipts::RunScope {
            account: account.as_deref(),
            region: &region,
        };
        let entries = receipts::entries(&items, &scope);
        spawn_local(async move {
            let result = receipts::seal(entries).await.and_then(|(text, digest)| {
                export::download("kms-rotation-receipts.json", "application/json", &text)?;
                Ok(digest)
            });
            match result {
                Ok(digest) => sealed.set(Some(digest)),
                Err(message) => export_error.set(Some(crate::error::ApiError::plain(message))),
            }
        });
    };
    let verdict = RwSignal::new(None::<Result<String, String>>);
    let verify_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::wrapping::chosen_file(&ev) else {
            return;
        };
        spawn_local(async move {
            let text = match crate::wrapping::read_file(&file).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes.to_vec()).into_owned(),
                Err(error) => return verdict.set(Some(Err(error))),
            };
            verdict.set(Some(receipts::verify(text).await));
        });
    };
    let has_receipts = move || {
        bulk.items
            .with(|items| items.iter().any(|i| i.receipt.is_some()))
    };

    view! {
                <section aria-labelledby="export-h">
                    <h2 id="export-h">"Export"</h2>
                    <div class="buttons">
                        <button on:click=move |_| export_results(false)>"Results (CSV)"</button>
                        <button on:click=move |_| export_results(true)>"Results (JSON)"</button>
                        <button disabled=move || exporting.get() on:click=move |_| export_histories(false)>"Rotation histories (CSV)"</button>
                        <button disabled=move || exporting.get() on:click=move |_| export_histories(true)>"Rotation histories (JSON)"</button>
                        <button data-testid="export-receipts" disabled=move || !has_receipts() on:click=move |_| export_receipts()>"Receipts (hash-chained JSON)"</button>
                    </div>
                    {move || sealed.get().map(|digest| view! {
                        <p class="success" data-testid="receipts-digest">"Receipts sealed. Digest " <code>{digest}</code> " — keep it apart from the file (a ticket, an email): it proves the file is the one sealed."</p>
                    })}
                    <p>
                        <label>"Verify a receipts file (offline, in this tab): "
                            <input type="file" accept="application/json,.json" data-testid="verify-receipts" on:change=verify_file/>
                        </label>
                    </p>
                    {move || verdict.get().map(|result| match result {
                        Ok(text) => view! { <p class="success" role="status" data-testid="receipts-verdict">{text}</p> }.into_any(),
                        Err(text) => view! { <p class="problem" role="alert" data-testid="receipts-verdict">{text}</p> }.into_any(),
                    })}
                    {move || export_error.get().map(|error| view! { <ErrorNotice error=error/> })}
                </section>
    }
}
