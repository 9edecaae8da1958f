//! A failure, in plain words, with what KMS said and the request id to quote.

use crate::error::ApiError;
use leptos::prelude::*;

/// Shows `error`.
#[component]
pub(crate) fn ErrorNotice(
    /// The failure.
    error: ApiError,
) -> impl IntoView {
    let ApiError {
        summary,
        detail,
        request_id,
        ..
    } = error;
    view! {
        <div class="error-notice" role="alert">
            <p class="summary">{summary}</p>
            {detail.map(|detail| view! { <p class="detail">{detail}</p> })}
            {request_id.map(|id| view! { <p class="request-id">"Request id: " <code>{id}</code></p> })}
        </div>
    }
}

/// Shows the errors an `ErrorBoundary` caught.
pub(crate) fn error_boundary_fallback(errors: ArcRwSignal<leptos::error::Errors>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| match error.downcast_ref::<ApiError>() {
                Some(api_error) => view! { <ErrorNotice error=api_error.clone()/> }.into_any(),
                None => view! { <div class="error-notice" role="alert"><p>{error.to_string()}</p></div> }
                    .into_any(),
            })
            .collect_view()
    }
}
