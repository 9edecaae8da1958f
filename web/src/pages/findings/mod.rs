//! Findings: the loaded keys that break AWS's rotation check (Security Hub KMS.4) or
//! the operator's policy, counted per check, each with its keys, a way to the keys
//! table filtered by it, and its fix in bulk; exportable as CSV and JSON.

mod export;
mod fix;
mod policy;

use crate::router::Route;
use crate::state::use_app_state;
use kms_core::findings::{Check, Fix};
use leptos::prelude::*;

/// One key breaking one check, as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundKey {
    /// The key ID.
    pub(crate) key_id: String,
    /// How people name it.
    pub(crate) label: String,
    /// What exactly.
    pub(crate) detail: String,
    /// Whether it can be rotated on demand now.
    pub(crate) eligible: bool,
}

/// The findings page.
#[component]
pub(crate) fn FindingsPage() -> impl IntoView {
    let state = use_app_state();
    let keys = state.keys;
    // Computed again when the rows or the policy change (not every second).
    let found = Memo::new(move |_| {
        let policy = state.policy.get();
        let now = crate::clock::now();
        keys.rows.with(|rows| {
            Check::ALL.map(|check| {
                let matching: Vec<FoundKey> = rows
                    .iter()
                    .flat_map(|row| {
                        row.findings(&policy, now)
                            .into_iter()
                            .filter(move |f| f.check == check)
                            .map(move |f| FoundKey {
                                key_id: row.key_id.clone(),
                                label: row.label(),
                                detail: f.detail,
                                eligible: row.is_eligible(),
                            })
                    })
                    .collect();
                (check, matching)
            })
        })
    });
    let loading = move || keys.progress.with(|p| p.running);
    view! {
        <main class="findings">
            <h1>"Findings"</h1>
            <p class="muted">
                {move || format!(
                    "Checks over the {} keys loaded in this Region{}. AWS's own check finds keys but cannot fix them; here each finding has its fix.",
                    keys.rows.with(Vec::len),
                    if loading() { " (still loading: counts grow as keys are read)" } else { "" },
                )}
            </p>
            <policy::PolicyForm/>
            <table class="findings-table" data-testid="findings">
                <thead><tr><th scope="col">"Check"</th><th scope="col">"Keys"</th><th scope="col">"Fix"</th></tr></thead>
                <tbody>
                    {move || found.get().into_iter().map(|(check, matching)| view! {
                        <FindingRow check=check matching=matching/>
                    }).collect_view()}
                </tbody>
            </table>
            <export::FindingsExport found=found/>
        </main>
    }
}

/// One check: its count, its keys, and its fix.
#[component]
fn FindingRow(check: Check, matching: Vec<FoundKey>) -> impl IntoView {
    let state = use_app_state();
    let count = matching.len();
    let show_in_table = move |_| {
        state.keys.finding.set(Some(check));
        state.keys.page.set(0);
        state.go(Route::Keys);
    };
    let fix = match check.fix() {
        Fix::EnableAutomaticRotation if count > 0 => {
            view! { <fix::EnableRotation key_ids=matching.iter().map(|k| k.key_id.clone()).collect()/> }.into_any()
        }
        Fix::RotateNow if count > 0 => {
            let eligible: Vec<String> = matching.iter().filter(|k| k.eligible).map(|k| k.key_id.clone()).collect();
            view! { <fix::RotateNow key_ids=eligible/> }.into_any()
        }
        Fix::ImportMaterial if count > 0 => view! { <span>"Import material again with a later expiry, on each key's page."</span> }.into_any(),
        Fix::ReviewAlias if count > 0 => view! { <span>"Point the alias at another key, or cancel the deletion (each key's page)."</span> }.into_any(),
        _ => view! { <span class="muted">"Nothing to fix."</span> }.into_any(),
    };
    view! {
        <tr data-check=check.id()>
            <th scope="row">
                {check.title()}
                {(count > 0).then(|| view! {
                    <details>
                        <summary>"Keys"</summary>
                        <ul>
                            {matching.into_iter().take(200).map(|k| view! {
                                <li><a href=Route::Key(k.key_id.clone()).hash()>{k.label}</a>": "{k.detail}</li>
                            }).collect_view()}
                        </ul>
                    </details>
                })}
            </th>
            <td data-testid="finding-count">
                {count}
                {(count > 0).then(|| view! { " " <button class="link" on:click=show_in_table>"Show in the keys table"</button> })}
            </td>
            <td>{fix}</td>
        </tr>
    }
}
