//! A key's rotation history, newest first, a page at a time.

use crate::components::local_time::LocalTime;
use crate::components::pager::{shown_page, Pager};
use kms_core::model::{ImportState, KeyMaterialState, RotationType, RotationsListEntry};
use leptos::prelude::*;

/// Entries per page.
const PAGE: usize = 10;

/// How an entry came to be, and its material's state, in words.
pub(crate) fn material_words(entry: &RotationsListEntry) -> (String, String) {
    let pending = matches!(
        entry.key_material_state,
        Some(
            KeyMaterialState::PendingRotation
                | KeyMaterialState::PendingMultiRegionImportAndRotation
        )
    );
    let kind = match &entry.rotation_type {
        Some(RotationType::OnDemand) => "on demand".to_owned(),
        Some(RotationType::Automatic) => "automatic".to_owned(),
        Some(other) => other.to_string(),
        None if pending => "new imported material".to_owned(),
        None => "initial material".to_owned(),
    };
    let mut state = match &entry.key_material_state {
        Some(KeyMaterialState::Current) => "current".to_owned(),
        Some(KeyMaterialState::NonCurrent) => "previous".to_owned(),
        Some(KeyMaterialState::PendingRotation) => "imported, waiting for rotation".to_owned(),
        Some(KeyMaterialState::PendingMultiRegionImportAndRotation) => {
            "waiting for import into every replica Region, then rotation".to_owned()
        }
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if entry.import_state == Some(ImportState::PendingImport) {
        state.push_str(" — deleted or expired: import the same material again to use it");
    }
    (kind, state)
}

/// The history table.
#[component]
pub(crate) fn RotationHistory(
    /// Entries, newest first.
    #[prop(into)]
    history: Signal<Vec<RotationsListEntry>>,
) -> impl IntoView {
    let page = RwSignal::new(0usize);
    let pages = move || history.with(|h| h.len().div_ceil(PAGE).max(1));
    let rows = move || {
        let start = shown_page(page.get(), pages()) * PAGE;
        history.with(|h| {
            h.iter()
                .skip(start)
                .take(PAGE)
                .cloned()
                .enumerate()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show
            when=move || history.with(|h| !h.is_empty())
            fallback=|| view! { <p class="muted">"No rotations yet."</p> }
        >
            <table class="history" data-testid="history">
                <caption class="visually-hidden">"Rotation history, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date (local time)"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Key material ID"</th>
                        <th scope="col">"Material state"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=rows
                        key=|(i, entry)| (*i, entry.key_material_id.clone(), entry.rotation_date)
                        children=move |(_, entry)| {
                            let (kind, state) = material_words(&entry);
                            let material = entry.key_material_id.clone().unwrap_or_default();
                            view! {
                                <tr>
                                    <td>
                                        {entry
                                            .rotation_date
                                            .map(|time| view! { <LocalTime time=time/> }.into_any())
                                            .unwrap_or_else(|| view! { <span class="muted">"—"</span> }.into_any())}
                                    </td>
                                    <td>{kind}</td>
                                    <td><code class="material" title=material.clone()>{material.clone()}</code></td>
                                    <td>{state}</td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
            <Show when=move || { pages() > 1 }>
                <Pager page=page pages=Signal::derive(pages) previous="Newer" next="Older"/>
            </Show>
        </Show>
    }
}
