//! Whether a key can be rotated on demand now; the reasons show on hover and focus.

use kms_core::eligibility::Eligibility;
use leptos::prelude::*;

/// The reasons, one sentence each.
pub(crate) fn reasons(eligibility: &Eligibility) -> Vec<String> {
    eligibility
        .reasons
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A badge: "eligible", "not eligible" (with reasons) or "checking".
#[component]
pub(crate) fn EligibilityBadge(
    /// The verdict, once known.
    eligibility: Option<Eligibility>,
    /// Whether the history was read (without it the count of rotations is unknown).
    complete: bool,
) -> impl IntoView {
    match eligibility {
        Some(eligibility) if !eligibility.is_eligible() => {
            let reasons = reasons(&eligibility);
            let title = reasons.join("\n");
            view! {
                <span class="badge badge-no" tabindex="0" title=title>
                    "not eligible"
                    <span class="tip" role="tooltip">
                        <ul>{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                    </span>
                </span>
            }
            .into_any()
        }
        Some(_) if complete => view! { <span class="badge badge-ok">"eligible"</span> }.into_any(),
        _ => view! { <span class="badge badge-unknown">"checking…"</span> }.into_any(),
    }
}
