//! A modal confirmation: says what will happen, confirm or cancel (Escape cancels).

use leptos::prelude::*;

/// Shows `children` with Confirm and Cancel buttons while `open` is true.
#[component]
pub(crate) fn ConfirmDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
    /// The heading.
    #[prop(into)]
    title: Signal<String>,
    /// The confirm button's label.
    #[prop(into)]
    confirm_label: Signal<String>,
    /// Called on confirm.
    on_confirm: Callback<()>,
    /// What will happen.
    children: ChildrenFn,
) -> impl IntoView {
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(button) = confirm_ref.get() {
                let _ = button.focus();
            }
        }
    });
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop">
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="dialog-title"
                    on:keydown=move |ev| {
                        match ev.key().as_str() {
                            "Escape" => open.set(false),
                            // Keep Tab inside the dialog: it has two buttons.
                            "Tab" => {
                                ev.prevent_default();
                                let on_confirm = confirm_ref.get().is_some_and(|button| {
                                    document().active_element().as_deref() == Some(button.as_ref())
                                });
                                let next = if on_confirm { cancel_ref.get() } else { confirm_ref.get() };
                                if let Some(button) = next {
                                    let _ = button.focus();
                                }
                            }
                            _ => {}
                        }
                    }
                >
                    <h2 id="dialog-title">{move || title.get()}</h2>
                    {move || children.with_value(|children| children())}
                    <div class="dialog-buttons">
                        <button
                            class="primary"
                            node_ref=confirm_ref
                            on:click=move |_| {
                                open.set(false);
                                on_confirm.run(());
                            }
                        >
                            {move || confirm_label.get()}
                        </button>
                        <button node_ref=cancel_ref on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
