//! The operator's policy: three numbers, held in memory, saved to and loaded from a
//! small JSON file (kms-core's `Policy`).

use crate::export;
use crate::state::use_app_state;
use kms_core::findings::Policy;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The policy form.
#[component]
pub(super) fn PolicyForm() -> impl IntoView {
    let state = use_app_state();
    let policy = state.policy;
    let current = policy.get_untracked();
    let max_days = RwSignal::new(current.max_days_since_rotation.to_string());
    let min_left = RwSignal::new(current.min_on_demand_left.to_string());
    let expiry_days = RwSignal::new(current.material_expiry_days.to_string());
    let problem = RwSignal::new(None::<String>);
    let show = move |p: &Policy| {
        max_days.set(p.max_days_since_rotation.to_string());
        min_left.set(p.min_on_demand_left.to_string());
        expiry_days.set(p.material_expiry_days.to_string());
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let number = |field: RwSignal<String>, name: &str| {
            field
                .with_untracked(|v| v.trim().parse::<u32>())
                .map_err(|_| format!("{name}: enter a whole number"))
        };
        let read = (|| {
            let mut next = policy.get_untracked();
            next.max_days_since_rotation = number(max_days, "Most days since the last rotation")?;
            next.min_on_demand_left = number(min_left, "Fewest on-demand rotations left")?;
            next.material_expiry_days = number(expiry_days, "Imported material expiring within")?;
            next.validate()?;
            Ok::<_, String>(next)
        })();
        match read {
            Ok(next) => {
                policy.set(next);
                problem.set(None);
            }
            Err(message) => problem.set(Some(message)),
        }
    };
    let save = move |_| {
        if let Err(message) = export::download(
            "kms-rotate-policy.json",
            "application/json",
            &policy.get_untracked().to_file(),
        ) {
            problem.set(Some(message));
        }
    };
    let load = move |ev: leptos::ev::Event| {
        let Some(file) = crate::wrapping::chosen_file(&ev) else {
            return;
        };
        spawn_local(async move {
            let read = crate::wrapping::read_file(&file)
                .await
                .and_then(|bytes| Policy::from_file(&String::from_utf8_lossy(&bytes.to_vec())));
            match read {
                Ok(next) => {
                    show(&next);
                    policy.set(next);
                    problem.set(None);
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };
    view! {
        <form class="policy" novalidate=true on:submit=apply aria-labelledby="policy-h" data-testid="policy">
            <h2 id="policy-h">"Your policy"</h2>
            <label>"Most days since the last rotation " <input type="number" min="1" size="6" bind:value=max_days/></label>
            <label>"Fewest on-demand rotations left " <input type="number" min="0" max="25" size="3" bind:value=min_left/></label>
            <label>"Imported material expiring within (days) " <input type="number" min="1" size="5" bind:value=expiry_days/></label>
            <div class="buttons">
                <button type="submit" class="primary">"Apply"</button>
                <button type="button" on:click=save>"Save policy…"</button>
                <label class="file-button">"Load a policy: " <input type="file" accept="application/json,.json" data-testid="policy-load" on:change=load/></label>
            </div>
            {move || problem.get().map(|message| view! { <p class="problem" role="alert">{message}</p> })}
        </form>
    }
}
