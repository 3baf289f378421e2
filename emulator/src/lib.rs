//! `tenantry-emulator`: a tenancy served over Microsoft Graph v1.0 and
//! Azure Resource Manager, with an identity endpoint in the Microsoft
//! identity platform's shape, over HTTPS with a CA it makes, so that code
//! using Microsoft's own client libraries (azure-identity, azure-mgmt-*,
//! msgraph-sdk, @azure/*) can be tested against it unmodified, as code
//! that calls AWS is tested against moto.
//!
//! Reads come from the tenancy; writes (role assignments, users,
//! `elevateAccess`, the subscription policy) go through core's rules as
//! the signed-in account, and every refusal is the service's own status
//! and code (CLIENTS.md §3, §4). A token for one directory sees nothing of
//! another.
//!
//! - [`Emulator`]: start on a tokio runtime, stop, read the state;
//! - [`Background`]: the same on a runtime of its own, for callers
//!   without one (the Python and Node bindings, plain tests).
//!
//! Signing in: client credentials where `client_id` is an account's
//! sign-in name and `client_secret` the configured secret, against the
//! authority `url()` with instance discovery off.

mod arm;
mod errors;
mod graph;
mod http;
mod identity;
mod query;
mod server;
mod skus;
mod tls;
mod token;
mod view;

use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use server::{Served, Shared};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tenantry::{Error, Result, Tenancy};
pub use tenantry_connect::Secret;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

/// The client secret the in-process emulators (Python's and Node's
/// `serve`) configure unless given another.
pub const DEFAULT_SECRET: &str = "tenantry-emulator-secret";

/// How the emulator serves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The client secret every sign-in must present.
    pub secret: Secret,
    /// The address to listen on (default 127.0.0.1).
    pub host: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Where `ca.pem` is written; a new temporary directory (removed on
    /// stop) when absent.
    pub tls_dir: Option<PathBuf>,
    /// The most items in any list's page, forcing paging.
    pub page_size: Option<usize>,
    /// The URL next links and endpoints name instead of the request's
    /// host (behind a proxy).
    pub public_url: Option<String>,
    /// Log nothing on stderr.
    pub quiet: bool,
    /// How long a connection may take to finish its TLS handshake, and
    /// then to send a request's headers (default 10 s): a client that
    /// dribbles them (slowloris) is cut off instead of holding a task.
    pub slow_client_timeout: std::time::Duration,
}

impl Config {
    /// A configuration with this secret, on 127.0.0.1 and a free port.
    pub fn new(secret: Secret) -> Config {
        Config {
            secret,
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            tls_dir: None,
            page_size: None,
            public_url: None,
            slow_client_timeout: std::time::Duration::from_secs(10),
            quiet: false,
        }
    }
}

/// A running emulator.
pub struct Emulator {
    url: String,
    ca: PathBuf,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// The temporary TLS directory made for this run, removed on stop.
    scratch: Option<PathBuf>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .field("ca", &self.ca)
            .finish_non_exhaustive()
    }
}

/// A directory of its own under the system's temporary directory.
fn scratch_dir() -> PathBuf {
    let mut tag = [0u8; 8];
    let _ = getrandom::fill(&mut tag);
    let tag: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    std::env::temp_dir().join(format!("tenantry-emulator-{}-{tag}", std::process::id()))
}

/// The emulator's whole request handling — identity, Graph, ARM — as an
/// axum router over `tenancy`, without a socket or TLS: what
/// [`Emulator::start`] serves, for tests and fuzzing that send requests
/// straight to it (`tower::ServiceExt::oneshot`).
pub fn router(tenancy: Tenancy, config: Config) -> Result<axum::Router> {
    Ok(app(Arc::new(Shared::new(config, Served::new(tenancy)?))))
}

fn app(shared: Arc<Shared>) -> axum::Router {
    axum::Router::new()
        .fallback(server::handle)
        .with_state(shared)
}

impl Emulator {
    /// Starts serving `tenancy` on the current tokio runtime: binds the
    /// port, makes and writes the certificates, then accepts connections
    /// until [`Emulator::stop`].
    pub async fn start(tenancy: Tenancy, config: Config) -> Result<Emulator> {
        let (dir, scratch) = match &config.tls_dir {
            Some(d) => (d.clone(), None),
            None => {
                let d = scratch_dir();
                (d.clone(), Some(d))
            }
        };
        let certificates = tls::make(&dir)?;
        let address = SocketAddr::new(config.host, config.port);
        let listener = TcpListener::bind(address)
            .await
            .map_err(|e| Error::io(address, e))?;
        let bound = listener.local_addr().map_err(|e| Error::io(address, e))?;
        let host = if bound.ip().is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            bound.ip()
        };
        let url = match host {
            IpAddr::V6(ip) => format!("https://[{ip}]:{}", bound.port()),
            IpAddr::V4(ip) => format!("https://{ip}:{}", bound.port()),
        };
        let slow = config.slow_client_timeout;
        let shared = Arc::new(Shared::new(config, Served::new(tenancy)?));
        let app = app(shared.clone());
        let acceptor = TlsAcceptor::from(certificates.config);
        let (stop, mut stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    accepted = listener.accept() => {
                        let Ok((tcp, _)) = accepted else { continue };
                        let _ = tcp.set_nodelay(true);
                        let acceptor = acceptor.clone();
                        let service = TowerToHyperService::new(app.clone());
                        tokio::spawn(async move {
                            let handshake = tokio::time::timeout(slow, acceptor.accept(tcp));
                            let Ok(Ok(tls)) = handshake.await else { return };
                            let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                            builder
                                .http1()
                                .timer(hyper_util::rt::TokioTimer::new())
                                .header_read_timeout(slow);
                            let _ = builder.serve_connection(TokioIo::new(tls), service).await;
                        });
                    }
                }
            }
        });
        Ok(Emulator {
            url,
            ca: certificates.ca_path,
            shared,
            stop: Some(stop),
            task: Some(task),
            scratch,
        })
    }

    /// `https://127.0.0.1:PORT`: the authority, Graph's host (`/v1.0`)
    /// and ARM's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The CA certificate the clients must trust.
    pub fn ca(&self) -> &Path {
        &self.ca
    }

    /// The client secret sign-ins present.
    pub fn secret(&self) -> &Secret {
        &self.shared.config.secret
    }

    /// The served tenancy's snapshot, as it is now.
    pub fn snapshot(&self) -> String {
        self.shared.snapshot()
    }

    /// Stops accepting connections and answers the final snapshot.
    pub async fn stop(mut self) -> String {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.shared.snapshot()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(dir) = self.scratch.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// An emulator on a runtime of its own (two worker threads), for callers
/// that have none.
pub struct Background {
    emulator: Emulator,
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for Background {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Background")
            .field("emulator", &self.emulator)
            .finish_non_exhaustive()
    }
}

impl Background {
    /// Starts serving `tenancy`.
    pub fn start(tenancy: Tenancy, config: Config) -> Result<Background> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("tenantry-emulator")
            .enable_all()
            .build()
            .map_err(|e| Error::io("the emulator's runtime", e))?;
        let emulator = runtime.block_on(Emulator::start(tenancy, config))?;
        Ok(Background { emulator, runtime })
    }

    /// See [`Emulator::url`].
    pub fn url(&self) -> &str {
        self.emulator.url()
    }

    /// See [`Emulator::ca`].
    pub fn ca(&self) -> &Path {
        self.emulator.ca()
    }

    /// See [`Emulator::secret`].
    pub fn secret(&self) -> &Secret {
        self.emulator.secret()
    }

    /// See [`Emulator::snapshot`].
    pub fn snapshot(&self) -> String {
        self.emulator.snapshot()
    }

    /// Stops serving and answers the final snapshot.
    pub fn stop(self) -> String {
        let Background { emulator, runtime } = self;
        let snapshot = runtime.block_on(emulator.stop());
        runtime.shutdown_background();
        snapshot
    }
}
