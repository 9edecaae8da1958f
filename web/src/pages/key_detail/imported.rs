//! The key page's section for keys with imported key material (origin `EXTERNAL`):
//! material waiting for rotation (with "Delete pending material"), the import steps for
//! new material, and for a multi-Region primary a board of every Region's copy of the
//! pending material, importing it into each replica.

use super::import_material::ImportMaterial;
use crate::api::use_api;
use crate::components::error_notice::ErrorNotice;
use crate::components::local_time::LocalTime;
use crate::state::KeyDetail;
use kms_core::eligibility::material_expiring;
use kms_core::model::{ImportState, KeyMaterialState, KeyState, MultiRegionKeyType};
use leptos::prelude::*;

/// The section, for an `EXTERNAL` key.
#[component]
pub(super) fn ImportedMaterial(detail: KeyDetail, reload: Callback<()>) -> impl IntoView {
    let api = use_api();
    let key_id = detail.metadata.key_id.clone();
    let config = detail.metadata.multi_region_configuration.clone();
    let role = config
        .as_ref()
        .and_then(|c| c.multi_region_key_type.clone());
    if role == Some(MultiRegionKeyType::Replica) {
        return view! {
            <section aria-labelledby="import-h">
                <h2 id="import-h">"Imported key material"</h2>
                <p class="notice">"New key material is imported on the primary key first; its page then imports the same material into this replica."</p>
            </section>
        }
        .into_any();
    }
    let pending = detail.history.iter().find(|e| {
        matches!(
            e.key_material_state,
            Some(
                KeyMaterialState::PendingRotation
                    | KeyMaterialState::PendingMultiRegionImportAndRotation
            )
        )
    });
    let pending_id = pending.and_then(|e| e.key_material_id.clone());
    let awaiting_first = detail.metadata.key_state == Some(KeyState::PendingImport)
        && detail
            .history
            .iter()
            .all(|e| e.import_state != Some(ImportState::Imported));
    // Material KMS deleted (by request or at its expiry) is imported again, as itself.
    let reimport = detail
        .history
        .iter()
        .find(|e| e.import_state == Some(ImportState::PendingImport))
        .and_then(|e| e.key_material_id.clone());
    let expiring = material_expiring(&detail.metadata, crate::clock::now());
    let delete = Action::new_local(move |(key, material): &(String, String)| {
        let (key, material) = (key.clone(), material.clone());
        async move {
            api.delete_material(key, material).await?;
            reload.run(());
            Ok::<(), crate::error::ApiError>(())
        }
    });
    let replicas: Vec<String> = config
        .map(|c| {
            c.replica_keys
                .into_iter()
                .filter_map(|r| r.region)
                .collect()
        })
        .unwrap_or_default();
    view! {
        <section aria-labelledby="import-h" data-testid="imported-section">
            <h2 id="import-h">"Imported key material"</h2>
            {expiring.map(|t| view! {
                <p class="notice" data-testid="material-expiring">
                    "The current key material expires " <LocalTime time=t/>
                    ". When it does, KMS deletes it and the key is unusable until the same material is imported again."
                </p>
            })}
            {match pending_id.clone() {
                Some(id) => view! {
                    <p data-testid="pending-material">
                        "New key material " <code>{id.clone()}</code>
                        {if replicas.is_empty() { " is imported and waits for rotation: “Rotate now” makes it current." } else { " is imported into the primary; once every replica Region has it too, “Rotate now” makes it current in all of them." }}
                        " "
                        <button data-testid="delete-pending" disabled=move || delete.pending().get()
                            on:click={ let (key, id) = (key_id.clone(), id.clone()); move |_| { delete.dispatch((key.clone(), id.clone())); } }>
                            "Delete pending material"
                        </button>
                    </p>
                    {(!replicas.is_empty()).then(|| view! { <RegionBoard key_id=key_id.clone() material_id=id replicas=replicas.clone() reload=reload/> })}
                }.into_any(),
                None => {
                    let intro = match (&reimport, awaiting_first) {
                        (Some(id), _) => format!("The key's key material {id} was deleted or has expired: import the same material again to use the key."),
                        (None, true) => "This key has no key material yet: the first material imported becomes current at once.".to_owned(),
                        (None, false) => "Import new key material, then rotate on demand to make it current.".to_owned(),
                    };
                    view! {
                        <p data-testid="import-intro">{intro}</p>
                        <ImportMaterial key_id=key_id.clone() region=None existing=reimport.clone() on_imported=reload/>
                    }.into_any()
                }
            }}
            {move || delete.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error=error/> })}
        </section>
    }
    .into_any()
}

/// Each replica Region's copy of the pending material, with the import steps where missing.
#[component]
fn RegionBoard(
    key_id: String,
    material_id: String,
    replicas: Vec<String>,
    reload: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    view! {
        <table class="region-board" data-testid="region-board">
            <caption>"The new material in each Region"</caption>
            <thead><tr><th scope="col">"Region"</th><th scope="col">"State"</th></tr></thead>
            <tbody>
                <tr><td>"primary (this Region)"</td><td>"imported"</td></tr>
                {replicas.into_iter().map(|region| {
                    let (key, material, at) = (key_id.clone(), material_id.clone(), region.clone());
                    let state = LocalResource::new(move || api.materials_in(key.clone(), at.clone()));
                    let (key, material_for_import) = (key_id.clone(), material.clone());
                    view! {
                        <tr data-testid="board-region">
                            <td>{region.clone()}</td>
                            <td>
                                <Suspense fallback=|| "checking…">
                                    {move || {
                                        let (region, key, material) = (region.clone(), key.clone(), material_for_import.clone());
                                        state.get().map(move |result| match result {
                                            Ok(entries) => {
                                                let imported = entries.iter().any(|e| e.key_material_id.as_deref() == Some(material.as_str()) && e.import_state == Some(ImportState::Imported));
                                                if imported {
                                                    view! { <span data-testid="board-state">"imported"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <span data-testid="board-state">"waiting for import"</span>
                                                        <ImportMaterial key_id=key region=Some(region) existing=Some(material) on_imported=reload/>
                                                    }.into_any()
                                                }
                                            }
                                            Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
                                        })
                                    }}
                                </Suspense>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
