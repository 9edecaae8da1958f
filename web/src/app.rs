//! The app: provides the shared state, follows the location hash, ticks the clock,
//! forgets credentials at expiry, loads the keys of the Region, and shows the page.

use crate::api::Api;
use crate::components::lookup_box::LookupBox;
use crate::components::session_bar::SessionBar;
use crate::pages::bulk_rotation::BulkRotationPage;
use crate::pages::findings::FindingsPage;
use crate::pages::key_detail::KeyDetailPage;
use crate::pages::keys::KeysPage;
use crate::pages::sign_in::SignIn;
use crate::router::Route;
use crate::state::{AppState, Session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// The console: sign-in until there is a session, then the page the hash names.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let api = Api::new(state);

    let read_hash = move || {
        let hash = window().location().hash().unwrap_or_default();
        let route = Route::parse(&hash);
        if state.route.get_untracked() != route {
            state.route.set(route);
        }
    };
    read_hash();
    let hash_listener = window_event_listener(leptos::ev::hashchange, move |_| read_hash());
    // A run in progress lives in this tab's memory: leaving would stop it half-way
    // (a saved job file can finish it later, but only what it holds).
    let unload_listener = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if state.bulk.busy() {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        hash_listener.remove();
        unload_listener.remove();
    });

    let ticker = set_interval_with_handle(
        move || state.now.set(crate::clock::now()),
        Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(ticker) = ticker {
            ticker.clear();
        }
    });

    Effect::new(move |_| {
        let now = state.now.get();
        let expired = state
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.credentials.is_expired(now)));
        if expired {
            state.expire(
                "Your credentials expired. Sign in again with fresh ones to continue where you left off.",
            );
        }
    });

    let scope = Memo::new(move |_| state.session.with(|s| s.as_ref().map(Session::data_scope)));
    Effect::new(move |previous: Option<u64>| {
        let reload = state.keys.reload.get();
        if scope.get().is_some() {
            let force = previous.is_some_and(|previous| previous != reload);
            spawn_local(api.load_keys(force));
        }
        reload
    });

    let signed_in = Memo::new(move |_| state.session.with(Option::is_some));
    view! {
        <a class="skip" href="#content">"Skip to content"</a>
        <SessionBar/>
        {move || state.notice.get().map(|notice| view! {
            <div class="notice app-notice" role="status" data-testid="app-notice">
                <span>{notice}</span>
                <button on:click=move |_| state.notice.set(None)>"Dismiss"</button>
            </div>
        })}
        <div id="content">
            {move || {
                if !signed_in.get() {
                    return view! { <SignIn/> }.into_any();
                }
                let page = match state.route.get() {
                    Route::Keys => view! { <KeysPage/> }.into_any(),
                    Route::Key(identifier) => view! { <KeyDetailPage identifier=identifier/> }.into_any(),
                    Route::Bulk => view! { <BulkRotationPage/> }.into_any(),
                    Route::Findings => view! { <FindingsPage/> }.into_any(),
                };
                view! {
                    <div class="lookup-bar"><LookupBox/></div>
                    {page}
                }
                .into_any()
            }}
        </div>
    }
}
