//! Sign-in: paste what the AWS tools print (every format kms-core reads) or type the
//! three fields; choose the Region and the endpoint (AWS, with FIPS / dual-stack, or
//! Local). Nothing typed here is stored anywhere but in memory. An endpoint that the
//! page's Content-Security-Policy blocks is refused here, with how to allow it ([`csp`]).

mod credentials_fieldset;
mod csp_check;
mod form;
mod where_fieldset;

use crate::api::check_endpoint;
use crate::format::sentence;
use crate::state::use_app_state;
use credentials_fieldset::CredentialsFieldset;
use csp_check::csp_problem;
use form::Form;
use leptos::prelude::*;
use leptos::task::spawn_local;
use where_fieldset::WhereFieldset;

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
