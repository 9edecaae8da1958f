//! Component tests: mounted into a real DOM with wasm-bindgen-test (run in headless
//! Chromium with `WASM_BINDGEN_USE_BROWSER=1`).

use super::confirm_dialog::ConfirmDialog;
use super::eligibility_badge::EligibilityBadge;
use super::key_table::{filter_and_sort, KeyTable};
use super::lookup_box::{describe, LookupBox};
use crate::error::explain;
use crate::router::Route;
use crate::state::{AppState, Column, EndpointChoice, KeyRow, Sort};
use kms_core::credentials::Credentials;
use kms_core::eligibility::{check, Eligibility, Ineligibility};
use kms_core::error::{Error, ErrorCode, ServiceError};
use kms_core::model::{
    GetKeyRotationStatusOutput, KeyManager, KeyMetadata, KeySpec, KeyState, KeyUsage,
};
use kms_core::time::Timestamp;
use kms_core::transport::{Clock, TransportError, TransportErrorKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

/// A fresh element in the page to mount into.
fn container() -> web_sys::HtmlElement {
    let document = document();
    let element: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

/// Lets effects and renders scheduled by signal changes run.
async fn settle() {
    kms_fetch::JsClock::new().sleep(20).await;
}

fn text(element: &web_sys::HtmlElement) -> String {
    element.text_content().unwrap_or_default()
}

fn eligible_metadata(key_id: &str) -> KeyMetadata {
    KeyMetadata {
        key_state: Some(KeyState::Enabled),
        key_spec: Some(KeySpec::SymmetricDefault),
        key_usage: Some(KeyUsage::EncryptDecrypt),
        key_manager: Some(KeyManager::Customer),
        description: Some(format!("description of {key_id}")),
        ..KeyMetadata::new(key_id)
    }
}

fn row(i: usize) -> KeyRow {
    let key_id = format!("00000000-0000-4000-8000-{i:012}");
    let mut metadata = eligible_metadata(&key_id);
    if i % 3 == 0 {
        metadata.key_state = Some(KeyState::Disabled);
    }
    let status = GetKeyRotationStatusOutput {
        on_demand_rotation_start_date: (i % 7 == 0)
            .then(|| Timestamp::from_epoch_seconds(1_700_000_000)),
        ..Default::default()
    };
    let mut row = KeyRow::new(key_id, None);
    row.aliases = vec![format!("alias/key-{i:05}")];
    row.eligibility = Some(check(
        &metadata,
        Some(&status),
        Some(&[]),
        Timestamp::from_epoch_seconds(1_700_000_100),
    ));
    row.status = Some(status);
    row.metadata = Some(metadata);
    row.history_read = true;
    row.searchable()
}

#[wasm_bindgen_test]
fn eligibility_badge_lists_every_reason() {
    let parent = container();
    let eligibility = Eligibility {
        reasons: vec![
            Ineligibility::Disabled,
            Ineligibility::LimitReached { used: 25 },
        ],
        on_demand_used: Some(25),
        on_demand_remaining: Some(0),
    };
    let _handle = leptos::mount::mount_to(parent.clone(), move || {
        view! { <EligibilityBadge eligibility=Some(eligibility.clone()) complete=true/> }
    });
    let shown = text(&parent);
    assert!(shown.contains("not eligible"), "{shown}");
    assert_eq!(parent.query_selector_all("li").unwrap().length(), 2);
    let badge = parent.query_selector(".badge").unwrap().unwrap();
    assert_eq!(
        badge.get_attribute("tabindex").as_deref(),
        Some("0"),
        "reasons must be reachable by keyboard"
    );
    assert!(badge.get_attribute("title").unwrap().contains("disabled"));
}

#[wasm_bindgen_test]
fn eligibility_badge_says_checking_until_the_history_is_read() {
    let parent = container();
    let eligibility = Eligibility {
        reasons: vec![],
        on_demand_used: None,
        on_demand_remaining: None,
    };
    let _handle = leptos::mount::mount_to(parent.clone(), move || {
        view! { <EligibilityBadge eligibility=Some(eligibility.clone()) complete=false/> }
    });
    assert!(text(&parent).contains("checking"));
}

#[wasm_bindgen_test]
fn filters_sort_and_flags() {
    let rows: Vec<KeyRow> = (0..30).map(row).collect();
    let by_alias = Sort {
        column: Column::Alias,
        ascending: true,
    };
    assert_eq!(filter_and_sort(&rows, "", false, false, by_alias).len(), 30);
    assert_eq!(
        filter_and_sort(&rows, "KEY-0001", false, false, by_alias),
        (10..20).collect::<Vec<_>>()
    );
    let eligible = filter_and_sort(&rows, "", true, false, by_alias);
    assert!(
        eligible.iter().all(|&i| i % 3 != 0 && i % 7 != 0),
        "{eligible:?}"
    );
    let in_progress = filter_and_sort(&rows, "", false, true, by_alias);
    assert_eq!(in_progress, vec![0, 7, 14, 21, 28]);
    let descending = filter_and_sort(
        &rows,
        "",
        false,
        false,
        Sort {
            column: Column::KeyId,
            ascending: false,
        },
    );
    assert_eq!(descending.first(), Some(&29));
    assert_eq!(
        filter_and_sort(&rows, "disabled", false, false, by_alias).len(),
        10
    );
}

#[wasm_bindgen_test]
async fn key_table_renders_one_page_of_ten_thousand_keys() {
    let parent = container();
    let state = AppState::new();
    state.keys.rows.set((0..10_000).map(row).collect());
    let _handle = leptos::mount::mount_to(parent.clone(), move || {
        provide_context(state);
        view! { <KeyTable/> }
    });
    settle().await;
    let body_rows = || {
        parent
            .query_selector_all("table.keys tbody tr")
            .unwrap()
            .length()
    };
    assert_eq!(body_rows(), 50, "only one page of rows is in the DOM");
    assert!(text(&parent).contains("10,000 of 10,000 keys"));

    state.keys.filter.set("key-0999".to_owned());
    settle().await;
    assert_eq!(body_rows(), 10);
    assert!(text(&parent).contains("10 of 10,000 keys"));

    state.keys.filter.set(String::new());
    state.keys.eligible_only.set(true);
    settle().await;
    let button: web_sys::HtmlElement = parent
        .query_selector_all(".selection-controls button")
        .unwrap()
        .get(0)
        .unwrap()
        .unchecked_into();
    button.click();
    settle().await;
    let expected = (0..10_000).filter(|i| i % 3 != 0 && i % 7 != 0).count();
    assert_eq!(state.keys.selected.with_untracked(|s| s.len()), expected);
}

#[wasm_bindgen_test]
fn lookup_explains_what_is_wrong_and_what_will_happen() {
    assert!(describe("", "us-east-1", None).is_err());
    let problem = describe("1234abcd-12ab-34cd-56ef-1234567890a", "us-east-1", None).unwrap_err();
    assert!(!problem.is_empty());
    assert_eq!(
        describe("alias/payments", "us-east-1", None).unwrap(),
        "alias"
    );
    let arn = "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let said = describe(arn, "us-east-1", Some("111122223333")).unwrap();
    assert!(
        said.contains("switches the Region from us-east-1 to eu-west-1"),
        "{said}"
    );
    assert!(said.contains("account 444455556666"), "{said}");
}

#[wasm_bindgen_test]
async fn lookup_box_validates_as_you_type_and_switches_region() {
    let parent = container();
    let state = AppState::new();
    state.sign_in(
        Credentials::new("ASIAKMSLOCALDEMO0001", "secret", Some("token".into()), None),
        "us-east-1".into(),
        EndpointChoice::default(),
    );
    let _handle = leptos::mount::mount_to(parent.clone(), move || {
        provide_context(state);
        view! { <LookupBox/> }
    });
    let input: web_sys::HtmlInputElement = parent
        .query_selector("input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let button: web_sys::HtmlButtonElement = parent
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let type_text = |value: &str| {
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    };
    type_text("arn:aws:kms:eu-west-1:111122223333:kee/x");
    settle().await;
    assert!(
        parent.query_selector(".problem").unwrap().is_some(),
        "{}",
        text(&parent)
    );
    assert!(button.disabled());
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));

    type_text("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    settle().await;
    assert!(!button.disabled());
    button.click();
    settle().await;
    assert_eq!(
        state
            .session
            .with_untracked(|s| s.as_ref().unwrap().region.clone()),
        "eu-west-1"
    );
    assert!(state.notice.get_untracked().unwrap().contains("eu-west-1"));
    assert!(
        matches!(state.route.get_untracked(), Route::Key(id) if id.starts_with("arn:aws:kms:eu-west-1"))
    );
}

#[wasm_bindgen_test]
fn expiry_keeps_the_page_and_a_new_sign_in_returns_to_it() {
    let state = AppState::new();
    let credentials =
        Credentials::new("ASIAKMSLOCALDEMO0001", "secret", Some("token".into()), None);
    state.sign_in(
        credentials.clone(),
        "us-east-1".into(),
        EndpointChoice::default(),
    );
    state.route.set(Route::Key("alias/payments".into()));
    state.keys.filter.set("pay".into());
    state.keys.selected.update(|s| {
        s.insert("k1".to_owned());
    });
    state.expire("expired");
    assert!(state.session.get_untracked().is_none());
    assert_eq!(
        state.sign_in_reason.get_untracked().as_deref(),
        Some("expired")
    );
    // Fresh temporary credentials have a new access key ID: the place is the same.
    let fresh = Credentials::new(
        "ASIAKMSLOCALDEMO0002",
        "secret2",
        Some("token2".into()),
        None,
    );
    state.sign_in(fresh, "us-east-1".into(), EndpointChoice::default());
    assert_eq!(
        state.route.get_untracked(),
        Route::Key("alias/payments".into())
    );
    assert_eq!(state.keys.filter.get_untracked(), "pay");
    assert!(state.keys.selected.with_untracked(|s| s.contains("k1")));
    // Another Region starts afresh.
    state.sign_in(credentials, "eu-west-1".into(), EndpointChoice::default());
    assert!(state.keys.selected.with_untracked(|s| s.is_empty()));
    assert!(state.sign_in_reason.get_untracked().is_none());
    crate::api::Api::new(state).sign_out();
    assert!(state.session.get_untracked().is_none());
    assert!(
        !crate::api::has_cached_client(),
        "signing out drops the client and its credentials"
    );
    assert_eq!(state.route.get_untracked(), Route::Keys);
}

#[wasm_bindgen_test]
fn errors_are_explained_with_the_request_id() {
    let network = explain(&Error::Transport(TransportError::new(
        TransportErrorKind::Unreachable,
        "Failed to fetch",
    )));
    assert!(
        network
            .summary
            .contains("did not answer or did not allow this origin"),
        "{}",
        network.summary
    );
    let mut conflict = ServiceError::new(ErrorCode::ConflictException, "busy", 400);
    conflict.request_id = Some("req-123".into());
    let explained = explain(&Error::Service(conflict));
    assert!(explained.summary.contains("20 minutes"));
    assert_eq!(explained.request_id.as_deref(), Some("req-123"));
    assert!(explained.to_string().ends_with("(request id req-123)"));
    let limit = explain(&Error::Service(ServiceError::new(
        ErrorCode::LimitExceededException,
        "",
        400,
    )));
    assert!(limit.summary.contains("all 25"));
}

#[wasm_bindgen_test]
fn sign_in_helpers() {
    // The Region and endpoint of a paste: kms-core's parser (tested there in every form).
    let settings = kms_core::credentials::pasted_settings(
        "export AWS_ACCESS_KEY_ID=A\nexport AWS_REGION=eu-west-1\nexport AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4600\n",
    );
    assert_eq!(settings.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        settings.endpoint_url.as_deref(),
        Some("http://127.0.0.1:4600")
    );
}

#[wasm_bindgen_test]
async fn confirm_dialog_focuses_confirm_and_escape_cancels() {
    let parent = container();
    let open = RwSignal::new(false);
    let confirmed = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(parent.clone(), move || {
        view! {
            <ConfirmDialog
                open=open
                title="Rotate this key now?"
                confirm_label="Rotate now"
                on_confirm=Callback::new(move |()| confirmed.update(|n| *n += 1))
            >
                <p>"alias/orders gets new key material"</p>
            </ConfirmDialog>
        }
    });
    assert!(parent.query_selector("[role=dialog]").unwrap().is_none());
    open.set(true);
    settle().await;
    let dialog = parent
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("the dialog shows");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert!(text(&parent).contains("alias/orders gets new key material"));
    let focused = document().active_element().expect("something has focus");
    assert_eq!(focused.text_content().as_deref(), Some("Rotate now"));
    let escape = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &{
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Escape");
        init.set_bubbles(true);
        init
    })
    .unwrap();
    let key = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_bubbles(true);
        init.set_cancelable(true);
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
    };
    focused.dispatch_event(&key("Tab")).unwrap();
    let after_tab = document().active_element().unwrap();
    assert_eq!(
        after_tab.text_content().as_deref(),
        Some("Cancel"),
        "Tab stays in the dialog"
    );
    after_tab.dispatch_event(&key("Tab")).unwrap();
    assert_eq!(
        document()
            .active_element()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Rotate now")
    );
    focused.dispatch_event(&escape).unwrap();
    settle().await;
    assert!(!open.get_untracked());
    assert_eq!(confirmed.get_untracked(), 0);
    open.set(true);
    settle().await;
    let confirm: web_sys::HtmlElement = parent
        .query_selector(".dialog button.primary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    confirm.click();
    settle().await;
    assert_eq!(confirmed.get_untracked(), 1);
    assert!(!open.get_untracked());
}
