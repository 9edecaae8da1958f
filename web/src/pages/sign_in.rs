//! Sign-in: paste what the AWS tools print (every format kms-core reads) or type the
//! three fields; choose the Region and the endpoint (AWS, with FIPS / dual-stack, or
//! Local). Nothing typed here is stored anywhere but in memory. An endpoint that the
//! page's Content-Security-Policy blocks is refused here, with how to allow it ([`csp`]).

use crate::api::check_endpoint;
use crate::csp;
use crate::format::{duration, sentence};
use crate::state::{use_app_state, EndpointChoice, LOCAL_ENDPOINT};
use kms_core::credentials::{parse_pasted, pasted_settings, validate_access_key_id, Credentials};
use kms_core::key_id::validate_region;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

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

/// The policies of the page's `<meta http-equiv="Content-Security-Policy">` tags.
fn page_policies() -> Vec<String> {
    let Ok(metas) =
        document().query_selector_all(r#"meta[http-equiv="Content-Security-Policy" i]"#)
    else {
        return Vec::new();
    };
    (0..metas.length())
        .filter_map(|i| metas.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|meta| meta.get_attribute("content"))
        .collect()
}

/// Why the page's Content-Security-Policy would block every request to `url` (which
/// the browser would only report as a failed fetch), if it would. No policy: `None`.
fn csp_problem(url: &str) -> Option<String> {
    let target = csp::Target::parse(url)?;
    let page = window()
        .location()
        .origin()
        .ok()
        .and_then(|origin| csp::Target::parse(&origin));
    if csp::policies_allow(&page_policies(), &target, page.as_ref()) {
        return None;
    }
    let origin = target.origin();
    Some(if target.host_expressible() {
        format!(
            "This console's Content-Security-Policy does not allow connections to {origin}. Rebuild it with KMS_CONSOLE_CONNECT_SRC='{origin}' (see web/README.md)."
        )
    } else {
        format!(
            "This console's Content-Security-Policy does not allow connections to {origin}, and no policy can name that host: browsers accept only letters, digits, '-' and '.' there (no IPv6 address, no '_'). Reach the endpoint by a host name instead (for kms-local, http://localhost or http://127.0.0.1 with its port); if that name is not loopback, rebuild the console with KMS_CONSOLE_CONNECT_SRC set to its origin (see web/README.md)."
        )
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Paste,
    Fields,
}

/// The sign-in page.
#[component]
pub(crate) fn SignIn() -> impl IntoView {
    let state = use_app_state();
    let (last_region, last_endpoint) = state.last_settings.get_untracked();
    let mode = RwSignal::new(Mode::Paste);
    let pasted = RwSignal::new(String::new());
    let access_key = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let region = RwSignal::new(last_region);
    let local = RwSignal::new(matches!(last_endpoint, EndpointChoice::Local { .. }));
    let local_url = RwSignal::new(match &last_endpoint {
        EndpointChoice::Local { url } => url.clone(),
        EndpointChoice::Aws { .. } => LOCAL_ENDPOINT.to_owned(),
    });
    let fips = RwSignal::new(matches!(
        last_endpoint,
        EndpointChoice::Aws { fips: true, .. }
    ));
    let dual_stack = RwSignal::new(matches!(
        last_endpoint,
        EndpointChoice::Aws {
            dual_stack: true,
            ..
        }
    ));
    let problem = RwSignal::new(None::<String>);
    // The endpoint a paste named (kms-local prints AWS_ENDPOINT_URL_KMS), to say so.
    let endpoint_from_paste = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);

    let credentials = move || -> Result<Credentials, String> {
        match mode.get() {
            Mode::Paste => parse_pasted(&pasted.get()).map_err(|e| e.to_string()),
            Mode::Fields => {
                let id = access_key.get().trim().to_owned();
                validate_access_key_id(&id).map_err(|e| e.to_string())?;
                let secret = secret.get().trim().to_owned();
                if secret.is_empty() {
                    return Err("the secret access key is empty".to_owned());
                }
                let token = Some(token.get().trim().to_owned()).filter(|t| !t.is_empty());
                Ok(Credentials::new(id, secret, token, None))
            }
        }
    };
    let endpoint = move || {
        if local.get() {
            EndpointChoice::Local {
                url: local_url.get().trim().to_owned(),
            }
        } else {
            EndpointChoice::Aws {
                fips: fips.get(),
                dual_stack: dual_stack.get(),
            }
        }
    };
    let found = move || {
        let text_given = match mode.get() {
            Mode::Paste => !pasted.with(|p| p.trim().is_empty()),
            Mode::Fields => !access_key.with(String::is_empty),
        };
        if !text_given {
            return None;
        }
        let now = state.now.get();
        Some(credentials().map(|c| {
            let expiry = match c.millis_until_expiry(now) {
                Some(left) if left <= 0 => "already expired".to_owned(),
                Some(left) => format!("expire in {}", duration(left)),
                None => "expiry unknown".to_owned(),
            };
            let kind = if c.is_temporary() {
                "temporary"
            } else {
                "long-term"
            };
            format!(
                "Found {kind} credentials for {} ({expiry}).",
                c.masked_access_key_id()
            )
        }))
    };
    let region_problem = move || {
        validate_region(region.get().trim())
            .err()
            .map(|e| e.to_string())
    };
    let submit = move || {
        let credentials = match credentials() {
            Ok(credentials) => credentials,
            Err(message) => return problem.set(Some(sentence(&message))),
        };
        let now = crate::clock::now();
        if credentials.is_expired(now) {
            return problem.set(Some(
                "These credentials have expired. Get fresh ones and paste them again.".to_owned(),
            ));
        }
        let region_name = region.get().trim().to_owned();
        let choice = endpoint();
        let resolved = match choice.config(&region_name).resolve() {
            Ok(resolved) => resolved,
            Err(error) => return problem.set(Some(sentence(&error.to_string()))),
        };
        if let Some(message) = csp_problem(&resolved.url) {
            return problem.set(Some(message));
        }
        problem.set(None);
        checking.set(true);
        spawn_local(async move {
            let checked = check_endpoint(credentials.clone(), &region_name, &choice).await;
            checking.set(false);
            if let Err(message) = checked {
                return problem.set(Some(message));
            }
            pasted.set(String::new());
            secret.set(String::new());
            token.set(String::new());
            state.sign_in(credentials, region_name, choice);
        });
    };
    view! {
        <main class="sign-in">
            <h1>"Sign in"</h1>
            {move || state.sign_in_reason.get().map(|reason| view! { <p class="notice" role="status" data-testid="sign-in-reason">{reason}</p> })}
            <p class="muted">
                "Use short-lived credentials. They stay in this tab's memory only — never stored, never sent anywhere but the endpoint, and forgotten at expiry or sign-out."
            </p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
                <fieldset>
                    <legend>"Credentials"</legend>
                    <div class="choices" role="radiogroup">
                        <label>
                            <input type="radio" name="mode" prop:checked=move || mode.get() == Mode::Paste on:change=move |_| mode.set(Mode::Paste)/>
                            " Paste"
                        </label>
                        <label>
                            <input type="radio" name="mode" prop:checked=move || mode.get() == Mode::Fields on:change=move |_| mode.set(Mode::Fields)/>
                            " Type the fields"
                        </label>
                    </div>
                    <Show
                        when=move || mode.get() == Mode::Paste
                        fallback=move || view! {
                            <label for="access-key">"Access key ID"</label>
                            <input id="access-key" type="text" autocomplete="off" spellcheck="false" prop:value=move || access_key.get() on:input=move |ev| access_key.set(event_target_value(&ev))/>
                            <label for="secret-key">"Secret access key"</label>
                            <input id="secret-key" type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev))/>
                            <label for="session-token">"Session token " <span class="muted">"(for temporary credentials)"</span></label>
                            <input id="session-token" type="password" autocomplete="off" prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev))/>
                        }
                    >
                        <label for="pasted">"Paste credentials"</label>
                        <textarea
                            id="pasted"
                            rows="7"
                            spellcheck="false"
                            autocomplete="off"
                            aria-describedby="pasted-help"
                            placeholder="export AWS_ACCESS_KEY_ID=ASIA…\nexport AWS_SECRET_ACCESS_KEY=…\nexport AWS_SESSION_TOKEN=…\n\n— or the JSON of aws configure export-credentials or aws sts assume-role, or an INI profile"
                            prop:value=move || pasted.get()
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                let settings = pasted_settings(&text);
                                if let Some(found) = settings.region {
                                    region.set(found);
                                }
                                if let Some(url) = settings.endpoint_url {
                                    local.set(true);
                                    local_url.set(url.clone());
                                    endpoint_from_paste.set(Some(url));
                                }
                                pasted.set(text);
                            }
                        ></textarea>
                        <p id="pasted-help" class="muted">
                            "export / set / $Env: / fish lines, aws configure export-credentials JSON, aws sts assume-role JSON, or an INI profile block."
                        </p>
                    </Show>
                    <p class="parse-result" aria-live="polite" data-testid="parse-result">
                        {move || match found() {
                            None => view! { <span></span> }.into_any(),
                            Some(Ok(text)) => view! { <span class="ok">{text}</span> }.into_any(),
                            Some(Err(problem)) => view! { <span class="problem">{sentence(&problem)}</span> }.into_any(),
                        }}
                    </p>
                </fieldset>
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
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="submit" class="primary" disabled=move || checking.get()>
                    {move || if checking.get() { "Checking the endpoint…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
