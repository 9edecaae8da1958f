//! What the sign-in form holds, and the credentials and endpoint it names.

use crate::state::{EndpointChoice, LOCAL_ENDPOINT};
use kms_core::credentials::{parse_pasted, validate_access_key_id, Credentials};
use leptos::prelude::*;

/// Paste, or type the three fields.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Paste,
    Fields,
}

/// What the form holds, shared by its fieldsets: `Copy`, signals only.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub(super) mode: RwSignal<Mode>,
    pub(super) pasted: RwSignal<String>,
    pub(super) access_key: RwSignal<String>,
    pub(super) secret: RwSignal<String>,
    pub(super) token: RwSignal<String>,
    pub(super) region: RwSignal<String>,
    pub(super) local: RwSignal<bool>,
    pub(super) local_url: RwSignal<String>,
    pub(super) fips: RwSignal<bool>,
    pub(super) dual_stack: RwSignal<bool>,
    /// The endpoint a paste named (kms-local prints AWS_ENDPOINT_URL_KMS), to say so.
    pub(super) endpoint_from_paste: RwSignal<Option<String>>,
}

impl Form {
    /// A form filled with the last session's Region and endpoint.
    pub(super) fn new(last_region: String, last_endpoint: &EndpointChoice) -> Self {
        let mode = RwSignal::new(Mode::Paste);
        let pasted = RwSignal::new(String::new());
        let access_key = RwSignal::new(String::new());
        let secret = RwSignal::new(String::new());
        let token = RwSignal::new(String::new());
        let region = RwSignal::new(last_region);
        let local = RwSignal::new(matches!(last_endpoint, EndpointChoice::Local { .. }));
        let local_url = RwSignal::new(match &last_endpoint {
            EndpointChoice::Local { url } => url.clone(),
            EndpointChoice::Aws { .. } => LOCAL_ENDPOINT.to_owned(),
        });
        let fips = RwSignal::new(matches!(
            last_endpoint,
            EndpointChoice::Aws { fips: true, .. }
        ));
        let dual_stack = RwSignal::new(matches!(
            last_endpoint,
            EndpointChoice::Aws {
                dual_stack: true,
                ..
            }
        ));
        let endpoint_from_paste = RwSignal::new(None::<String>);
        Self {
            mode,
            pasted,
            access_key,
            secret,
            token,
            region,
            local,
            local_url,
            fips,
            dual_stack,
            endpoint_from_paste,
        }
    }

    /// The credentials as pasted or typed, or what is wrong with them.
    pub(super) fn credentials(&self) -> Result<Credentials, String> {
        let Self {
            mode,
            pasted,
            access_key,
            secret,
            token,
            ..
        } = *self;
        match mode.get() {
            Mode::Paste => parse_pasted(&pasted.get()).map_err(|e| e.to_string()),
            Mode::Fields => {
                let id = access_key.get().trim().to_owned();
                validate_access_key_id(&id).map_err(|e| e.to_string())?;
                let secret = secret.get().trim().to_owned();
                if secret.is_empty() {
                    return Err("the secret access key is empty".to_owned());
                }
                let token = Some(token.get().trim().to_owned()).filter(|t| !t.is_empty());
                Ok(Credentials::new(id, secret, token, None))
            }
        }
    }

    /// The endpoint chosen.
    pub(super) fn endpoint(&self) -> EndpointChoice {
        let Self {
            local,
            local_url,
            fips,
            dual_stack,
            ..
        } = *self;
        if local.get() {
            EndpointChoice::Local {
                url: local_url.get().trim().to_owned(),
            }
        } else {
            EndpointChoice::Aws {
                fips: fips.get(),
                dual_stack: dual_stack.get(),
            }
        }
    }
}
