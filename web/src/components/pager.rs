//! Previous and next over the pages of a list, written once for every paged list.

use leptos::prelude::*;

/// The page shown, from 0, kept within `pages` (a list that shrank leaves it past the
/// end).
pub(crate) fn shown_page(page: usize, pages: usize) -> usize {
    page.min(pages.max(1) - 1)
}

/// Buttons to the previous and next page, and what is shown in words ("Page 2 of 5"
/// unless `label` says more); `children` (such as a page-size choice) come after.
#[component]
pub(crate) fn Pager(
    /// The page shown, from 0.
    page: RwSignal<usize>,
    /// How many pages there are.
    #[prop(into)]
    pages: Signal<usize>,
    /// What is shown, in words.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// The "previous" button's words.
    #[prop(default = "Previous")]
    previous: &'static str,
    /// The "next" button's words.
    #[prop(default = "Next")]
    next: &'static str,
    /// More controls.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let shown = move || shown_page(page.get(), pages.get());
    let label = move || match label {
        Some(label) => label.get(),
        None => format!("Page {} of {}", shown() + 1, pages.get().max(1)),
    };
    view! {
        <div class="pager">
            <button disabled=move || shown() == 0 on:click=move |_| page.set(shown().saturating_sub(1))>
                {previous}
            </button>
            <span>{label}</span>
            <button disabled=move || shown() + 1 >= pages.get() on:click=move |_| page.set(shown() + 1)>
                {next}
            </button>
            {children.map(|children| children())}
        </div>
    }
}
