//! The findings as CSV or JSON: one line per key and check.

use super::FoundKey;
use crate::export;
use crate::state::use_app_state;
use kms_core::findings::Check;
use leptos::prelude::*;

type Found = Memo<[(Check, Vec<FoundKey>); 5]>;

/// The export buttons.
#[component]
pub(super) fn FindingsExport(found: Found) -> impl IntoView {
    let state = use_app_state();
    let problem = RwSignal::new(None::<String>);
    let rows = move || {
        let region = state
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.region.clone()))
            .unwrap_or_default();
        let account = state.account_id.get_untracked().unwrap_or_default();
        let mut out = Vec::new();
        for (check, keys) in found.get_untracked() {
            for key in keys {
                out.push([
                    account.clone(),
                    region.clone(),
                    key.key_id,
                    key.label,
                    check.id().to_owned(),
                    check.title().to_owned(),
                    key.detail,
                ]);
            }
        }
        out
    };
    const HEADER: [&str; 7] = [
        "Account",
        "Region",
        "KeyId",
        "Key",
        "Check",
        "CheckName",
        "Detail",
    ];
    let download = move |json: bool| {
        let rows = rows();
        let result = if json {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|row| {
                    serde_json::Value::Object(
                        HEADER
                            .iter()
                            .zip(row)
                            .map(|(h, v)| ((*h).to_owned(), v.clone().into()))
                            .collect(),
                    )
                })
                .collect();
            let text = serde_json::to_string_pretty(&serde_json::json!({ "Findings": list }))
                .unwrap_or_default();
            export::download("kms-rotation-findings.json", "application/json", &text)
        } else {
            let mut text = export::line(&HEADER);
            for row in &rows {
                text.push_str(&export::line(
                    &row.iter().map(String::as_str).collect::<Vec<_>>(),
                ));
            }
            export::download("kms-rotation-findings.csv", "text/csv", &text)
        };
        problem.set(result.err());
    };
    view! {
        <section aria-labelledby="findings-export-h">
            <h2 id="findings-export-h">"Export"</h2>
            <div class="buttons">
                <button on:click=move |_| download(false)>"Findings (CSV)"</button>
                <button on:click=move |_| download(true)>"Findings (JSON)"</button>
            </div>
            {move || problem.get().map(|message| view! { <p class="problem" role="alert">{message}</p> })}
        </section>
    }
}
