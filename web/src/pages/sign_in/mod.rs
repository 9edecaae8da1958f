//! Sign-in: paste what the AWS tools print (every format kms-core reads) or type the
//! three fields; choose the Region and the endpoint (AWS, with FIPS / dual-stack, or
//! Local). Nothing typed here is stored anywhere but in memory. An endpoint that the
//! page's Content-Security-Policy blocks is refused here, with how to allow it ([`csp`]).

mod credentials_fieldset;
mod csp_check;
mod where_fieldset;

use crate::api::check_endpoint;
use crate::format::sentence;
use crate::state::{use_app_state, EndpointChoice, LOCAL_ENDPOINT};
use credentials_fieldset::CredentialsFieldset;
use csp_check::csp_problem;
use kms_core::credentials::{parse_pasted, validate_access_key_id, Credentials};
use leptos::prelude::*;
use leptos::task::spawn_local;
use where_fieldset::WhereFieldset;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Paste,
    Fields,
}

/// What the form holds, shared by its fieldsets: `Copy`, signals only.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub(super) mode: RwSignal<Mode>,
    pub(super) pasted: RwSignal<String>,
    pub(super) access_key: RwSignal<String>,
    pub(super) secret: RwSignal<String>,
    pub(super) token: RwSignal<String>,
    pub(super) region: RwSignal<String>,
    pub(super) local: RwSignal<bool>,
    pub(super) local_url: RwSignal<String>,
    pub(super) fips: RwSignal<bool>,
    pub(super) dual_stack: RwSignal<bool>,
    /// The endpoint a paste named (kms-local prints AWS_ENDPOINT_URL_KMS), to say so.
    pub(super) endpoint_from_paste: RwSignal<Option<String>>,
}

impl Form {
    /// A form filled with the last session's Region and endpoint.
    fn new(last_region: String, last_endpoint: &EndpointChoice) -> Self {
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
        let endpoint_from_paste = RwSignal::new(None::<String>);
        Self {
            mode,
            pasted,
            access_key,
            secret,
            token,
            region,
            local,
            local_url,
            fips,
            dual_stack,
            endpoint_from_paste,
        }
    }

    /// The credentials as pasted or typed, or what is wrong with them.
    pub(super) fn credentials(&self) -> Result<Credentials, String> {
        let Self {
            mode,
            pasted,
            access_key,
            secret,
            token,
            ..
        } = *self;
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
    }

    /// The endpoint chosen.
    pub(super) fn endpoint(&self) -> EndpointChoice {
        let Self {
            local,
            local_url,
            fips,
            dual_stack,
            ..
        } = *self;
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
    }
}

/// The sign-in page.
#[component]
pub(crate) fn SignIn() -> impl IntoView {
    let state = use_app_state();
    let (last_region, last_endpoint) = state.last_settings.get_untracked();
    let form = Form::new(last_region, &last_endpoint);
    let Form {
        pasted,
        secret,
        token,
        region,
        ..
    } = form;
    let problem = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let submit = move || {
        let credentials = match form.credentials() {
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
        let choice = form.endpoint();
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
                <CredentialsFieldset form=form/>
                <WhereFieldset form=form/>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
                <button type="submit" class="primary" disabled=move || checking.get()>
                    {move || if checking.get() { "Checking the endpoint…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
