//! Who is signed in (access key masked, account when known), where, the time left, and
//! "Sign out".

use crate::format::duration;
use crate::router::Route;
use crate::state::use_app_state;
use leptos::prelude::*;

/// The header of the app.
#[component]
pub(crate) fn SessionBar() -> impl IntoView {
    let state = use_app_state();
    let api = crate::api::Api::new(state);
    let signed_in = move || state.session.with(Option::is_some);
    let who = move || {
        state.session.with(|session| {
            session
                .as_ref()
                .map(|s| s.credentials.masked_access_key_id())
                .unwrap_or_default()
        })
    };
    let account = move || state.account_id.get();
    let place = move || {
        state.session.with(|session| {
            session
                .as_ref()
                .map(|s| format!("{} · {}", s.region, s.endpoint.label()))
                .unwrap_or_default()
        })
    };
    let time_left = move || {
        let now = state.now.get();
        state.session.with(|session| {
            session
                .as_ref()
                .and_then(|s| s.credentials.millis_until_expiry(now))
                .map(|left| (left, format!("{} left", duration(left))))
        })
    };
    let nav = move |route: Route, label: &'static str| {
        let current = {
            let route = route.clone();
            move || {
                let here = state.route.get();
                here == route || (route == Route::Keys && matches!(here, Route::Key(_)))
            }
        };
        view! {
            <a
                href=route.hash()
                class:current=current.clone()
                aria-current=move || current().then_some("page")
            >
                {label}
            </a>
        }
    };
    view! {
        <header class="top">
            <span class="brand">"kms-rotate"</span>
            <Show when=signed_in>
                <nav aria-label="Pages">
                    {nav(Route::Keys, "Keys")}
                    {nav(Route::Findings, "Findings")}
                    {nav(Route::Bulk, "Bulk rotation")}
                </nav>
                <div class="session" data-testid="session">
                    <span title="Access key ID (masked)">
                        "Signed in as " <code data-testid="who">{who}</code>
                    </span>
                    {move || account().map(|a| view! { <span>"account " <code>{a}</code></span> })}
                    <span>{place}</span>
                    {move || {
                        time_left()
                            .map(|(left, text)| {
                                view! {
                                    <span class="time-left" class:soon={left < 5 * 60 * 1000} data-testid="time-left">
                                        {text}
                                    </span>
                                }
                            })
                    }}
                    <button on:click=move |_| api.sign_out()>"Sign out"</button>
                </div>
            </Show>
        </header>
    }
}
