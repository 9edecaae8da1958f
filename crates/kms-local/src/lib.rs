//! kms-local: a local AWS KMS endpoint for development, demos and tests.
//!
//! It speaks the KMS JSON 1.1 protocol on `POST /`, verifies SigV4 signatures, enforces
//! the documented rotation rules (the 25 on-demand rotations, the 20-minute conflict
//! window, key types and states), serves CORS for the console, starts with demo keys,
//! and injects faults on request. Everything is in memory.
//!
//! The crate is laid out as the server is: [`server`] (HTTP, CORS, the request
//! pipeline), [`auth`] (signatures and credentials), `store` (keys per account and
//! Region), `ops` (one module per operation), `rules` (rotation rules), [`seed`] and
//! [`demo`] (data sets), [`faults`], [`quota`], `admin` (the admin API) and [`clock`].
//!
//! Start it in-process, as tests do:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use kms_local::{clock::OsClock, Config, Server};
//! let server = Server::start(Config::new(std::sync::Arc::new(OsClock)), "127.0.0.1:0").await?;
//! println!("KMS at {}", server.url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
// kms-core's wire shapes are #[non_exhaustive]: outside kms-core they can only be built
// from `Default` and then assigned, which this lint mistakes for a style slip.
#![allow(clippy::field_reassign_with_default)]

mod admin;
pub mod auth;
pub mod clock;
pub mod demo;
mod error;
pub mod faults;
pub mod ops;
pub mod quota;
pub mod request_log;
pub mod rules;
pub mod seed;
pub mod server;
mod store;
mod timefmt;

pub use server::{App, Config};

use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running server on a TCP port.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    app: App,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Loads `config` and serves it on `bind` (such as `127.0.0.1:0` for a free port).
    pub async fn start(config: Config, bind: &str) -> std::io::Result<Self> {
        let app = App::new(config)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
        let listener = TcpListener::bind(bind).await?;
        Self::serve(app, listener)
    }

    /// Serves `app` on an already bound listener.
    pub fn serve(app: App, listener: TcpListener) -> std::io::Result<Self> {
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let service = app
            .router()
            .into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            axum::serve(listener, service)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Self {
            addr,
            app,
            stop: Some(stop),
            task,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The application (state and router).
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Stops serving and waits for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Waits until the server stops (it stops only on error or `shutdown`).
    pub async fn wait(self) -> std::io::Result<()> {
        match self.task.await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}
