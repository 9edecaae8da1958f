//! Save the bulk job to a file at any moment, and reopen a saved one: kms-core
//! reconciles each key with KMS first, so nothing is rotated twice and no result is lost.

use crate::api::use_api;
use crate::components::error_notice::ErrorNotice;
use crate::components::local_time::LocalTime;
use crate::export;
use crate::state::use_app_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The job file's controls.
#[component]
pub(super) fn JobFile() -> impl IntoView {
    let api = use_api();
    let bulk = use_app_state().bulk;
    let problem = RwSignal::new(None::<crate::error::ApiError>);
    let saved = RwSignal::new(None::<kms_core::time::Timestamp>);
    let save = move |_| {
        let result = api.job_file().and_then(|text| {
            export::download("kms-bulk-rotation-job.json", "application/json", &text)
                .map_err(crate::error::ApiError::plain)
        });
        match result {
            Ok(()) => {
                saved.set(Some(crate::clock::now()));
                problem.set(None);
            }
            Err(error) => problem.set(Some(error)),
        }
    };
    let open = move |ev: leptos::ev::Event| {
        let Some(file) = crate::wrapping::chosen_file(&ev) else {
            return;
        };
        problem.set(None);
        spawn_local(async move {
            let text = match crate::wrapping::read_file(&file).await {
                Ok(bytes) => String::from_utf8_lossy(&bytes.to_vec()).into_owned(),
                Err(error) => return problem.set(Some(crate::error::ApiError::plain(error))),
            };
            if let Err(error) = api.reopen_job(text).await {
                problem.set(Some(error));
            }
        });
    };
    let has_items = move || bulk.items.with(|items| !items.is_empty());
    view! {
        <section aria-labelledby="job-h" data-testid="job-file">
            <h2 id="job-h">"Job file"</h2>
            <p class="muted">
                "Save this job (plan, each key's outcome, request ids, the keys' rotations before) at any moment; open it later, in a new tab, to finish it. Reopening reads every unfinished key again: a key KMS shows rotated since the job began is followed, never sent again."
            </p>
            <div class="buttons">
                <button data-testid="job-save" disabled=move || !has_items() on:click=save>"Save job…"</button>
                <label class="file-button">"Open a saved job: "
                    <input type="file" accept="application/json,.json" data-testid="job-open" disabled=move || bulk.running.get() on:change=open/>
                </label>
            </div>
            {move || saved.get().map(|at| view! {
                <p class="success" role="status" data-testid="job-saved">"Job saved at " <LocalTime time=at/> ". Later outcomes are not in the file: save again before closing the tab."</p>
            })}
            {move || bulk.checking_until.get().map(|until| view! {
                <p class="notice" role="status" data-testid="job-checking">
                    "Checking every unfinished key against KMS. Keys with no sign of a rotation are read again at " <LocalTime time=until/>
                    ": a request the closed tab sent may still act until then (KMS refuses requests signed more than 5 minutes earlier), and only after that can a key be called not rotated and sent."
                </p>
            })}
            {move || problem.get().map(|error| view! { <ErrorNotice error=error/> })}
        </section>
    }
}
