//! kms-local: a local AWS KMS endpoint for development, demos and tests.
//!
//! It speaks the KMS JSON 1.1 protocol on `POST /`, verifies SigV4 signatures, enforces
//! the documented rotation rules (the 25 on-demand rotations, the 20-minute conflict
//! window, key types and states), serves CORS for the console, starts with demo keys,
//! and injects faults on request. Everything is in memory.
//!
//! The crate is laid out as the server is: [`server`] (HTTP, CORS, the request
//! pipeline), [`auth`] (signatures and credentials), [`sts`] (STS `AssumeRole` and
//! `GetCallerIdentity` at the same address), [`estate`] (roles, Regions not enabled,
//! assumed-role sessions), `store` (keys per account and Region), `ops` (one module per operation), `rules` (rotation rules), [`seed`] and
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
#![expect(
    clippy::field_reassign_with_default,
    reason = "kms-core's wire shapes are #[non_exhaustive]: outside kms-core they can only \
              be built from Default and then assigned, the form this lint would replace"
)]

mod admin;
mod app;
pub mod auth;
mod body;
pub mod clock;
mod config;
mod conn_clock;
pub mod demo;
mod envelope;
mod error;
pub mod estate;
pub mod faults;
pub mod import_token;
pub mod local_only;
pub mod ops;
pub mod quota;
pub mod request_log;
pub mod rules;
pub mod seed;
pub mod server;
mod store;
pub mod sts;
mod timefmt;
mod wrapping;

pub use server::{App, Config};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

/// How long connections may take to finish their requests once the server stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

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
        let router = app.router();
        let clocks = ConnClocks {
            header: app.config.header_timeout,
            idle: app.config.idle_timeout,
        };
        let task = tokio::spawn(accept_loop(listener, router, clocks, stopped));
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

/// How long a connection may take over its request headers, and may sit idle.
#[derive(Clone, Copy, Debug)]
struct ConnClocks {
    header: Duration,
    idle: Duration,
}

/// Accepts connections until `stopped`, then lets open ones finish (for a while).
async fn accept_loop(
    listener: TcpListener,
    router: Router,
    clocks: ConnClocks,
    mut stopped: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    let (shutdown, shutting_down) = watch::channel(false);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    // Answers go out at once: with Nagle's algorithm on, a response
                    // written in two parts waits for the client's delayed ACK (some
                    // 40 ms) before its second part leaves, on every keep-alive request.
                    let _ = stream.set_nodelay(true);
                    let conn = serve_connection(stream, peer, router.clone(), clocks, shutting_down.clone());
                    connections.spawn(conn);
                }
                // Out of file descriptors and the like: pause rather than spin; the
                // listener itself stays good.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    let _ = shutdown.send(true);
    let drained = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drained).await.is_err() {
        connections.abort_all();
    }
    Ok(())
}

/// Serves one connection with HTTP/1.1, under the header and idle clocks of
/// [`conn_clock`] (hyper's own header timeout is off: it would also cut idle
/// connections at the header limit).
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    clocks: ConnClocks,
    mut shutting_down: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        // What axum's `into_make_service_with_connect_info` would add: the admin API
        // answers loopback peers only.
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request.map(Body::new))
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(None)
        .keep_alive(true);
    let io = conn_clock::TimedIo::new(stream, clocks.header, clocks.idle);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = shutting_down.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
