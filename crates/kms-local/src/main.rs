//! The `kms-local` command: parses flags, loads the data set, prints the demo
//! credentials and serves until interrupted. Everything else is in the library.

use clap::Parser;
use kms_local::clock::OsClock;
use kms_local::seed::Seed;
use kms_local::{demo, server, App, Config, Server};
use std::net::IpAddr;
use std::process::ExitCode;
use std::sync::Arc;

/// A local AWS KMS endpoint: KMS JSON 1.1 with SigV4 checks, the rotation rules, CORS
/// for the console, demo keys and fault injection.
#[derive(Debug, Parser)]
#[command(name = "kms-local", version)]
struct Cli {
    /// Port to listen on (0: any free port, printed at start-up).
    #[arg(long, default_value_t = 4599)]
    port: u16,
    /// Address to listen on. Non-loopback addresses need --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Allow a non-loopback --bind (the admin API still answers only local clients).
    #[arg(long)]
    allow_remote: bool,
    /// Also answer requests for this host name (repeatable). localhost, *.localhost,
    /// loopback addresses and the --bind address are always answered; other names are
    /// refused so that a web page cannot reach kms-local by DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    allow_hosts: Vec<String>,
    /// Load this seed file (JSON; see the README) instead of the demo data set.
    #[arg(long, value_name = "FILE")]
    seed: Option<std::path::PathBuf>,
    /// Add N generated keys (scale-00001...) to the data set.
    #[arg(long, value_name = "N", default_value_t = 0)]
    keys: u32,
    /// How long an on-demand rotation takes, in seconds.
    #[arg(long, value_name = "S", default_value_t = 3.0)]
    rotation_seconds: f64,
    /// Run the store clock (automatic rotation schedules) X times faster than real time.
    #[arg(long, value_name = "X", default_value_t = 1.0)]
    clock_speed: f64,
    /// Allow this origin cross-origin (repeatable; replaces the defaults
    /// http://127.0.0.1:8080 and http://localhost:8080; "*" allows any).
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Switch request quotas (ThrottlingException) off.
    #[arg(long)]
    no_quotas: bool,
    /// Do not print a line per request.
    #[arg(long)]
    quiet: bool,
}

fn config(cli: &Cli) -> Result<Config, String> {
    if !cli.bind.is_loopback() && !cli.allow_remote {
        return Err(format!(
            "refusing to listen on {}: kms-local is for this machine; pass --allow-remote to listen beyond loopback",
            cli.bind
        ));
    }
    if !(cli.rotation_seconds.is_finite() && cli.rotation_seconds >= 0.0) {
        return Err("--rotation-seconds must be 0 or more".into());
    }
    if !(cli.clock_speed.is_finite() && cli.clock_speed > 0.0) {
        return Err("--clock-speed must be more than 0".into());
    }
    let seed = match &cli.seed {
        Some(path) => {
            let text = std::fs::read(path)
                .map_err(|e| format!("cannot read seed file {}: {e}", path.display()))?;
            Seed::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => demo::seed().map_err(|e| format!("the built-in demo data set is broken: {e}"))?,
    };
    let mut config = Config::new(Arc::new(OsClock));
    config.seed = seed.with_generated_keys(cli.keys);
    config.rotation_millis = (cli.rotation_seconds * 1000.0) as i64;
    config.clock_speed = cli.clock_speed;
    if !cli.cors_origins.is_empty() {
        config.cors_origins = cli.cors_origins.clone();
    }
    config.served_hosts = cli.allow_hosts.clone();
    config.served_hosts.push(cli.bind.to_string());
    // Listening on every interface serves every address the machine has.
    config.serve_any_address = cli.bind.is_unspecified();
    config.quotas = !cli.no_quotas;
    config.log_requests = !cli.quiet;
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match config(&cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kms-local: {e}");
            return ExitCode::from(2);
        }
    };
    let demo_credentials = config.seed.credentials.is_empty()
        || config
            .seed
            .credentials
            .iter()
            .any(|c| c.access_key_id == demo::DEMO_ACCESS_KEY_ID);
    let app = match App::new(config) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("kms-local: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind((cli.bind, cli.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kms-local: cannot listen on {}:{}: {e}", cli.bind, cli.port);
            return ExitCode::from(1);
        }
    };
    let server = match Server::serve(app, listener) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kms-local: {e}");
            return ExitCode::from(1);
        }
    };
    let url = server.url();
    let url = url.trim_end_matches('/');
    eprintln!(
        "kms-local listening on {url}  (admin API: {url}{})",
        server::ADMIN_PREFIX
    );
    if demo_credentials {
        eprintln!("Demo credentials (local only, safe to share):\n");
        eprintln!("{}", demo::export_block(url, "us-east-1"));
    }
    let port = server.addr().port();
    eprintln!(
        "Per-Region hosts (KMS and STS): http://kms.{{region}}.localhost:{port}, http://sts.{{region}}.localhost:{port}"
    );
    tokio::select! {
        result = server.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kms-local: {e}");
                ExitCode::from(1)
            }
        },
        _ = tokio::signal::ctrl_c() => {
            eprintln!("kms-local: stopping");
            ExitCode::SUCCESS
        }
    }
}
