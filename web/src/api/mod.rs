//! The only module that talks to KMS: views call these functions and never build
//! requests. It owns the client (one per session generation) and notices expired
//! credentials (which send the user back to the sign-in page, keeping the page they
//! were on). By concern: [`keys`] fills the keys table (kms-core's inventory load),
//! [`key`] reads and rotates one key, [`tags`] reads the tags and last use the table
//! shows after its first paint, [`bulk`] runs bulk rotations, [`job`] saves and reopens
//! them, [`findings`] applies fixes in bulk; failures are put
//! into words by [`crate::error`].

mod bulk;
mod findings;
mod import;
mod job;
mod key;
mod keys;
mod tags;

pub(crate) use findings::FixProgress;
pub(crate) use keys::set_focus;

use crate::error::{explain, is_expiry, page_origin, ApiError};
use crate::format::sentence;
use crate::state::{use_app_state, AppState, Session};
use kms_core::client::{Client, ClientConfig};
use kms_core::credentials::Credentials;
use kms_core::error::Error;
use kms_core::model::{KeyMetadata, ListKeysInput};
use kms_core::quota::Paced;
use kms_core::retry::RetryPolicy;
use kms_core::time::Timestamp;
use kms_core::transport::TransportErrorKind;
use kms_fetch::{FetchTransport, JsClock};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

type ConsoleClient = Client<Paced<FetchTransport, JsClock>, JsClock, Credentials>;

thread_local! {
    /// The client of the current session generation. The browser runs one thread.
    static CLIENT: RefCell<Option<(u64, Rc<ConsoleClient>)>> = const { RefCell::new(None) };
    /// The current key-loading run: older runs stop writing when it changes.
    static LOAD_RUN: Cell<u64> = const { Cell::new(0) };
}

/// The handle views use; `Copy`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Api {
    state: AppState,
}

/// Before a session starts: asks the endpoint for one key with these credentials, so
/// that sign-in says once, plainly, what is wrong (nothing answering, a wrong key, an
/// expired token) instead of the keys page failing afterwards.
pub(crate) async fn check_endpoint(
    credentials: Credentials,
    region: &str,
    endpoint: &crate::state::EndpointChoice,
) -> Result<(), String> {
    let config = endpoint.config(region);
    let url = config
        .resolve()
        .map(|resolved| resolved.url)
        .map_err(|error| sentence(&error.to_string()))?;
    let client = Client::new(
        ClientConfig::new(config),
        credentials,
        kms_fetch::FetchTransport::default(),
        JsClock::new(),
    )
    .map_err(|error| explain(&error).summary)?;
    let probe = ListKeysInput {
        limit: Some(1),
        marker: None,
    };
    match client.list_keys(&probe).await {
        Ok(_) => Ok(()),
        Err(Error::Transport(transport))
            if matches!(
                transport.kind,
                TransportErrorKind::Unreachable | TransportErrorKind::NotConnected
            ) =>
        {
            Err(format!(
                "Nothing answered at {url}, or it does not allow this page ({}) to call it. Check the URL and the port, and that the endpoint is running (scripts/run.sh prints kms-local's).",
                page_origin()
            ))
        }
        Err(error) if is_expiry(&error) => Err(
            "These credentials have expired (the endpoint says so). Get fresh ones and paste them again."
                .to_owned(),
        ),
        Err(error) => Err(explain(&error).summary),
    }
}

/// A client of the session's credentials and endpoint for `region` (the session's, or a
/// multi-Region key's replica Region).
fn client_in(session: &Session, region: &str) -> Result<Rc<ConsoleClient>, ApiError> {
    let mut config = ClientConfig::new(session.endpoint.config(region));
    // Five attempts rather than three: a bulk run shares the account's quota with
    // other tools, and throttled requests are refused whole (safe to send again).
    config.retry = RetryPolicy::with_max_attempts(5);
    Client::new(
        config,
        session.credentials.clone(),
        Paced::new(FetchTransport::default(), JsClock::new()),
        JsClock::new(),
    )
    .map(Rc::new)
    .map_err(|error| explain(&error))
}

/// Forgets the cached client, which holds the credentials, and stops a key load in
/// progress (its requests check the load run before each key).
fn forget_client() {
    CLIENT.with_borrow_mut(|cached| *cached = None);
    LOAD_RUN.with(|run| run.set(run.get() + 1));
}

/// Whether a client (and so credentials) is cached: for tests of sign-out.
#[cfg(test)]
pub(crate) fn has_cached_client() -> bool {
    CLIENT.with_borrow(Option::is_some)
}

/// The API handle of the app.
pub(crate) fn use_api() -> Api {
    Api::new(use_app_state())
}

impl Api {
    /// An API over `state`'s session.
    pub(crate) fn new(state: AppState) -> Self {
        Self { state }
    }

    fn session(&self) -> Result<Session, ApiError> {
        self.state
            .session
            .get_untracked()
            .ok_or_else(|| ApiError::plain("You are signed out. Sign in to continue."))
    }

    fn client(&self) -> Result<Rc<ConsoleClient>, ApiError> {
        let session = self.session()?;
        if let Some(client) = CLIENT.with_borrow(|cached| {
            cached
                .as_ref()
                .filter(|(generation, _)| *generation == session.generation)
                .map(|(_, client)| client.clone())
        }) {
            return Ok(client);
        }
        let client = client_in(&session, &session.region)?;
        CLIENT.with_borrow_mut(|cached| *cached = Some((session.generation, client.clone())));
        Ok(client)
    }

    /// Signs out: the credentials, the client that holds them and everything loaded
    /// with them are forgotten, and any load or bulk run stops.
    pub(crate) fn sign_out(&self) {
        self.state.bulk.stop_requested.set(true);
        forget_client();
        self.state.sign_out();
    }

    /// Explains `error`, and signs out (keeping the page) when the credentials expired.
    fn fail(&self, error: &Error) -> ApiError {
        if is_expiry(error) {
            forget_client();
            self.state.expire(
                "Your credentials expired. Sign in again with fresh ones to continue where you left off.",
            );
        }
        explain(error)
    }

    fn now(&self) -> Timestamp {
        crate::clock::now()
    }

    fn learn_account(&self, metadata: &KeyMetadata) {
        if let Some(account) = &metadata.aws_account_id {
            if self.state.account_id.get_untracked().as_ref() != Some(account) {
                self.state.account_id.set(Some(account.clone()));
            }
        }
    }
}
