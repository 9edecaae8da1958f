//! A labelled progress bar; indeterminate while the total is unknown.

use crate::format::count;
use leptos::prelude::*;

/// Shows `done` of `total` with a label.
#[component]
pub(crate) fn ProgressBar(
    /// What is going on.
    #[prop(into)]
    label: Signal<String>,
    /// Steps done.
    #[prop(into)]
    done: Signal<usize>,
    /// Steps in all; 0 while unknown.
    #[prop(into)]
    total: Signal<usize>,
) -> impl IntoView {
    let text = move || {
        let (done, total) = (done.get(), total.get());
        if total == 0 {
            format!("{}: {}", label.get(), count(done))
        } else {
            format!("{}: {} of {}", label.get(), count(done), count(total))
        }
    };
    view! {
        <div class="progress">
            <progress
                max=move || total.get().max(1).to_string()
                value=move || { (total.get() > 0).then(|| done.get().to_string()) }
                aria-label=move || label.get()
            ></progress>
            <span class="progress-text" aria-live="polite">{text}</span>
        </div>
    }
}
