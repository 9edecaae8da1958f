//! Where: the Region, and the endpoint (AWS, with FIPS / dual-stack, or Local).

use super::form::Form;
use crate::format::sentence;
use kms_core::key_id::validate_region;
use leptos::prelude::*;

/// Regions offered in the Region field (any valid name may be typed).
const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-south-1",
    "sa-east-1",
    "me-central-1",
    "af-south-1",
    "us-gov-west-1",
    "us-gov-east-1",
    "cn-north-1",
    "cn-northwest-1",
];

/// The Region and endpoint fieldset.
#[component]
pub(super) fn WhereFieldset(form: Form) -> impl IntoView {
    let Form {
        region,
        local,
        local_url,
        fips,
        dual_stack,
        endpoint_from_paste,
        ..
    } = form;
    let region_problem = move || {
        validate_region(region.get().trim())
            .err()
            .map(|e| e.to_string())
    };
    view! {
                <fieldset>
                    <legend>"Where"</legend>
                    <label for="region">"Region"</label>
                    <input
                        id="region"
                        type="text"
                        list="regions"
                        spellcheck="false"
                        aria-invalid=move || region_problem().is_some().to_string()
                        prop:value=move || region.get()
                        on:input=move |ev| region.set(event_target_value(&ev))
                    />
                    <datalist id="regions">
                        {REGIONS.iter().map(|r| view! { <option value=*r></option> }).collect_view()}
                    </datalist>
                    {move || region_problem().map(|p| view! { <p class="problem">{sentence(&p)}</p> })}
                    <div class="choices" role="radiogroup" aria-label="Endpoint">
                        <label>
                            <input type="radio" name="endpoint" prop:checked=move || local.get() on:change=move |_| local.set(true)/>
                            " Local (kms-local)"
                        </label>
                        <label>
                            <input type="radio" name="endpoint" prop:checked=move || !local.get() on:change=move |_| local.set(false)/>
                            " AWS"
                        </label>
                    </div>
                    <Show
                        when=move || local.get()
                        fallback=move || view! {
                            <label>
                                <input type="checkbox" prop:checked=move || fips.get() on:change=move |ev| fips.set(event_target_checked(&ev))/>
                                " FIPS endpoint"
                            </label>
                            <label>
                                <input type="checkbox" prop:checked=move || dual_stack.get() on:change=move |ev| dual_stack.set(event_target_checked(&ev))/>
                                " Dual-stack (IPv6) endpoint"
                            </label>
                        }
                    >
                        <label for="local-url">"Local endpoint URL"</label>
                        <input id="local-url" type="url" spellcheck="false" prop:value=move || local_url.get() on:input=move |ev| local_url.set(event_target_value(&ev))/>
                        {move || endpoint_from_paste.get().filter(|url| *url == local_url.get()).map(|url| view! {
                            <p class="muted" data-testid="endpoint-from-paste">"Taken from the paste (AWS_ENDPOINT_URL_KMS): " <code>{url}</code></p>
                        })}
                    </Show>
                </fieldset>
    }
}
