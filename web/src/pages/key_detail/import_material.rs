//! Importing new key material into a key with origin `EXTERNAL`, in three steps:
//! the wrapping key and token (`GetParametersForImport`); the wrapped material, uploaded
//! from an HSM or offline machine, or wrapped here from a plaintext file; then the import
//! (`ImportKeyMaterial`). The same steps import the pending material into a multi-Region
//! replica (`region`, with `existing` material: `EXISTING_KEY_MATERIAL`).

use crate::api::use_api;
use crate::components::error_notice::ErrorNotice;
use crate::components::local_time::LocalTime;
use crate::error::ApiError;
use crate::export::download_bytes;
use crate::wrapping::{bytes_of, chosen_file, pem, read_file, wrap};
use kms_core::model::{
    AlgorithmSpec, Blob, ExpirationModel, GetParametersForImportOutput, ImportKeyMaterialInput,
    ImportType, WrappingKeySpec,
};
use kms_core::time::Timestamp;
use leptos::prelude::*;

/// The wrapping algorithms offered (WebCrypto wraps with each in the page).
const ALGORITHMS: [AlgorithmSpec; 4] = [
    AlgorithmSpec::RsaesOaepSha256,
    AlgorithmSpec::RsaAesKeyWrapSha256,
    AlgorithmSpec::RsaesOaepSha1,
    AlgorithmSpec::RsaAesKeyWrapSha1,
];
const SPECS: [WrappingKeySpec; 3] = [
    WrappingKeySpec::Rsa4096,
    WrappingKeySpec::Rsa3072,
    WrappingKeySpec::Rsa2048,
];
/// The longest expiry KMS accepts, in days from the import.
const MAX_EXPIRY_DAYS: u32 = 365;

/// The import steps for `key_id` (in `region`, a replica's, when given).
#[component]
pub(super) fn ImportMaterial(
    key_id: String,
    /// A replica's Region; the session's when `None`.
    region: Option<String>,
    /// The ID of material already imported into the primary (for a replica).
    existing: Option<String>,
    /// Told when an import succeeded, to read the key again.
    on_imported: Callback<()>,
) -> impl IntoView {
    let api = use_api();
    let algorithm = RwSignal::new(AlgorithmSpec::RsaesOaepSha256);
    let spec = RwSignal::new(WrappingKeySpec::Rsa4096);
    let wrapped = RwSignal::new(None::<(String, String)>); // (base64, where it came from)
    let problem = RwSignal::new(None::<String>);
    let description = RwSignal::new(String::new());
    let expires = RwSignal::new(true);
    let days = RwSignal::new("365".to_owned());
    let key = StoredValue::new(key_id);
    let at = StoredValue::new(region);
    let existing = StoredValue::new(existing);
    let parameters = Action::new_local(move |(a, s): &(AlgorithmSpec, WrappingKeySpec)| {
        wrapped.set(None);
        api.import_parameters(key.get_value(), at.get_value(), a.clone(), s.clone())
    });
    let params = move || parameters.value().get().and_then(Result::ok);
    let valid_days = move || match days.get().trim().parse::<u32>() {
        Ok(d @ 1..=MAX_EXPIRY_DAYS) => Ok(d),
        _ => Err(format!(
            "enter a whole number of days from 1 to {MAX_EXPIRY_DAYS}"
        )),
    };
    let import = Action::new_local(move |input: &ImportKeyMaterialInput| {
        let input = input.clone();
        async move {
            let id = api.import_material(at.get_value(), input).await?;
            on_imported.run(());
            Ok::<String, ApiError>(id)
        }
    });
    let use_wrapped_file = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else { return };
        leptos::task::spawn_local(async move {
            match read_file(&file)
                .await
                .and_then(|bytes| crate::wrapping::base64(&bytes))
            {
                Ok(text) => {
                    problem.set(None);
                    wrapped.set(Some((text, format!("uploaded {}", file.name()))));
                }
                Err(error) => problem.set(Some(error)),
            }
        });
    };
    let wrap_here = move |ev: leptos::ev::Event| {
        let (Some(file), Some(p)) = (chosen_file(&ev), params()) else {
            return;
        };
        let algorithm = algorithm.get_untracked();
        leptos::task::spawn_local(async move {
            let public_key = p.public_key.unwrap_or_default();
            let result = match read_file(&file).await {
                Ok(material) if material.length() != 32 => {
                    material.fill(0, 0, material.length());
                    Err(format!("{} holds {} bytes; a symmetric encryption key takes exactly 32 bytes of key material", file.name(), material.length()))
                }
                Ok(material) => wrap(public_key.base64(), algorithm.as_str(), material).await,
                Err(error) => Err(error),
            };
            match result {
                Ok(text) => {
                    problem.set(None);
                    wrapped.set(Some((
                        text,
                        format!("wrapped in this page from {}", file.name()),
                    )));
                }
                Err(error) => problem.set(Some(error)),
            }
        });
    };
    let submit = move || {
        let (Some(p), Some((material, _))) = (params(), wrapped.get_untracked()) else {
            return;
        };
        let expiring = expires.get_untracked();
        let valid_to = match (expiring, valid_days()) {
            (true, Ok(d)) => Some(Timestamp::from_epoch_millis(
                crate::clock::now().epoch_millis() + i64::from(d) * 86_400_000,
            )),
            (true, Err(_)) => return,
            (false, _) => None,
        };
        let text = description.get_untracked();
        import.dispatch(ImportKeyMaterialInput {
            key_id: key.get_value(),
            import_token: p.import_token.unwrap_or_default(),
            encrypted_key_material: Blob(material),
            valid_to,
            expiration_model: Some(if expiring {
                ExpirationModel::KeyMaterialExpires
            } else {
                ExpirationModel::KeyMaterialDoesNotExpire
            }),
            import_type: Some(if existing.get_value().is_some() {
                ImportType::ExistingKeyMaterial
            } else {
                ImportType::NewKeyMaterial
            }),
            key_material_description: (!text.trim().is_empty()).then(|| text.trim().to_owned()),
            key_material_id: existing.get_value(),
        });
    };
    view! {
        <div class="import-material" data-testid="import-material">
            <h3>"1. Wrapping key and import token"</h3>
            <form on:submit=move |ev| { ev.prevent_default(); parameters.dispatch((algorithm.get_untracked(), spec.get_untracked())); }>
                <label>"Wrapping algorithm "
                    <select data-testid="wrapping-algorithm" on:change=move |ev| algorithm.set(AlgorithmSpec::from_wire(&event_target_value(&ev)))>
                        {ALGORITHMS.iter().map(|a| view! { <option value=a.as_str() selected=*a == AlgorithmSpec::RsaesOaepSha256>{a.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <label>" Wrapping key "
                    <select data-testid="wrapping-key-spec" on:change=move |ev| spec.set(WrappingKeySpec::from_wire(&event_target_value(&ev)))>
                        {SPECS.iter().map(|s| view! { <option value=s.as_str() selected=*s == WrappingKeySpec::Rsa4096>{s.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                " "
                <button type="submit" data-testid="get-parameters" disabled=move || parameters.pending().get()>"Get wrapping key and token"</button>
            </form>
            {move || parameters.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error=error/> })}
            {move || params().map(|p| downloads(p, key.get_value()))}
            <Show when=move || params().is_some()>
                <h3>"2. The wrapped key material"</h3>
                <p>
                    <label>"Upload material wrapped elsewhere (an HSM, an offline machine): "
                        <input type="file" data-testid="upload-wrapped" on:change=use_wrapped_file/>
                    </label>
                </p>
                <p class="notice">
                    <label>"Or wrap here from a file of 32 bytes of plaintext key material. Only where your policy allows plaintext key material in a browser: it is read into this tab's memory for the wrap, then zeroed; nothing is stored or sent unwrapped. "
                        <input type="file" data-testid="wrap-here" on:change=wrap_here/>
                    </label>
                </p>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                {move || wrapped.get().map(|(_, from)| view! { <p class="success" data-testid="wrapped-ready">"Wrapped material ready: " {from} "."</p> })}
            </Show>
            <Show when=move || wrapped.get().is_some()>
                <h3>"3. Import"</h3>
                <form class="import-form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    <label>"Description (optional) "
                        <input type="text" maxlength="256" data-testid="material-description" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))/>
                    </label>
                    <label>
                        <input type="checkbox" data-testid="material-expires" prop:checked=move || expires.get() on:change=move |ev| expires.set(event_target_checked(&ev))/>
                        " Expires after (days, 1–365) "
                    </label>
                    <input type="number" min="1" max="365" aria-label="Days until the material expires" disabled=move || !expires.get() prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                    <span class="problem" aria-live="polite">{move || expires.get().then(|| valid_days().err()).flatten()}</span>
                    " "
                    <button type="submit" class="primary" data-testid="import-now" disabled=move || import.pending().get() || (expires.get() && valid_days().is_err())>
                        {move || match (existing.get_value().is_some(), at.get_value().is_some()) {
                            (true, true) => "Import into this Region",
                            (true, false) => "Import the same material again",
                            _ => "Import as new key material",
                        }}
                    </button>
                </form>
            </Show>
            {move || import.value().get().map(|result| match result {
                Ok(id) => view! { <p class="success" role="status" data-testid="imported">"Imported key material " <code>{id}</code> "."</p> }.into_any(),
                Err(error) => view! { <ErrorNotice error=error/> }.into_any(),
            })}
        </div>
    }
}

/// The wrapping key (DER and PEM) and the import token as files, and how long they last.
fn downloads(p: GetParametersForImportOutput, key_id: String) -> impl IntoView {
    let public_key = p.public_key.clone().unwrap_or_default();
    let token = p.import_token.clone().unwrap_or_default();
    let name = key_id.chars().take(8).collect::<String>();
    let save = move |file: String, base64: String| {
        if let Ok(bytes) = bytes_of(&base64) {
            let _ = download_bytes(&file, &bytes);
        }
    };
    let (der, token_text, pem_text) = (
        public_key.base64().to_owned(),
        token.base64().to_owned(),
        pem(public_key.base64()),
    );
    let pem_name = format!("wrapping-key-{name}.pem");
    view! {
        <p data-testid="parameters-ready">
            "Valid until " {p.parameters_valid_to.map(|t| view! { <LocalTime time=t/> })} " (24 hours). "
            <button class="link" on:click={ let (der, name) = (der.clone(), name.clone()); move |_| save(format!("wrapping-key-{name}.der"), der.clone()) }>"Download the wrapping key (DER)"</button>
            " · "
            <button class="link" on:click=move |_| { let _ = crate::export::download(&pem_name, "application/x-pem-file", &pem_text); }>"(PEM)"</button>
            " · "
            <button class="link" on:click=move |_| save(format!("import-token-{name}.bin"), token_text.clone())>"Download the import token"</button>
        </p>
    }
}
