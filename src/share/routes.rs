//! The public port's routes. Nothing else is served: every other path is 404.
//!
//! - `GET /`: the question form; `POST /ask`: a question, stored before the phone is told
//!   (303 to `GET /thanks`, Post/Redirect/Get), or the form again with what went wrong;
//! - `GET /display`: the room display; `GET /v1/display/stream`: its snapshots as
//!   server-sent events; `GET /v1/display/snapshot`: the current one as JSON;
//! - `GET /qr.svg`: the QR code of the question page.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use chrono::Timelike;
use futures_util::Stream;
use serde::Serialize;
use tokio::sync::{oneshot, watch};

use super::inbox::{Inbox, Request, Stored};
use super::limits::{Limiter, is_random_hex, random_hex};
use super::pages::{self, CONTENT_SECURITY_POLICY, Form};
use super::snapshot::RoomSnapshot;
use crate::live::{MAX_SUBMISSION_CHARS, MAX_SUBMITTER_NAME_CHARS, check_submission};
use crate::sanitize;

/// The largest form body taken: 500 characters of four bytes, each written as three
/// (`%F0`), a name, the token and the nonce fit with room to spare.
pub const MAX_BODY: usize = 8 << 10;

/// What every handler shares.
pub struct Server {
    title: String,
    names: bool,
    /// The event's form token: a form from elsewhere, or from before a restart, lacks it.
    token: String,
    urls: Vec<String>,
    inbox: Inbox,
    limiter: Mutex<Limiter>,
    snapshots: watch::Receiver<RoomSnapshot>,
    /// Makes nonces unique should the system's randomness fail.
    forms: AtomicU64,
}

type Shared = Arc<Server>;

impl Server {
    pub fn new(
        title: String,
        names: bool,
        token: String,
        urls: Vec<String>,
        inbox: Inbox,
        snapshots: watch::Receiver<RoomSnapshot>,
    ) -> Server {
        Server {
            title,
            names,
            token,
            urls,
            inbox,
            limiter: Mutex::new(Limiter::default()),
            snapshots,
            forms: AtomicU64::new(0),
        }
    }

    /// A new form's nonce.
    fn nonce(&self) -> String {
        random_hex().unwrap_or_else(|| {
            format!("{:032x}", u128::from(self.forms.fetch_add(1, Ordering::Relaxed)))
        })
    }

    /// The question form (status `status`), with what was typed and what went wrong.
    fn form(&self, status: StatusCode, text: &str, name: &str, error: Option<&str>) -> Response {
        self.form_with(status, &self.nonce(), text, name, error)
    }

    fn form_with(
        &self,
        status: StatusCode,
        nonce: &str,
        text: &str,
        name: &str,
        error: Option<&str>,
    ) -> Response {
        let page = pages::phone(&Form {
            title: &self.title,
            token: &self.token,
            nonce,
            text,
            name,
            names: self.names,
            error,
        });
        (status, Html(page)).into_response()
    }

    /// The address the display's QR code shows: the one the display itself was opened at
    /// when it is one of the laptop's (the projector is on the room's network), else the
    /// first.
    fn phone_url(&self, host: Option<&str>) -> &str {
        let opened = host.and_then(|host| {
            let url = format!("http://{host}/");
            let addr = host.parse::<SocketAddr>().ok()?;
            (!addr.ip().is_loopback()).then_some(())?;
            self.urls.iter().find(|u| **u == url)
        });
        opened.or(self.urls.first()).map_or("", String::as_str)
    }
}

/// The router of the public port, with its security headers and body limit.
pub fn app(server: Server) -> Router {
    Router::new()
        .route("/", get(phone))
        .route("/ask", get(to_form).post(ask).layer(DefaultBodyLimit::max(MAX_BODY)))
        .route("/thanks", get(thanks))
        .route("/display", get(display))
        .route("/v1/display/stream", get(stream))
        .route("/v1/display/snapshot", get(snapshot))
        .route("/qr.svg", get(qr))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(axum::middleware::map_response(secure))
        .with_state(Arc::new(server))
}

/// Serves `app` on `listener` until `shut` says stop (or its sender is gone); the requests
/// under way then have [`super::GRACE`] to finish, and whatever is left is dropped with the
/// runtime.
pub fn serve(
    runtime: tokio::runtime::Runtime,
    listener: std::net::TcpListener,
    app: Router,
    shut: oneshot::Receiver<()>,
) -> std::io::Result<()> {
    use futures_util::future::{Either, select};
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let (stopping, stopped) = oneshot::channel::<()>();
        let server = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = shut.await;
                let _ = stopping.send(());
            });
        let server = std::pin::pin!(std::future::IntoFuture::into_future(server));
        match select(server, stopped).await {
            // Ended by itself, before anyone asked.
            Either::Left((result, _)) => result,
            Either::Right((_, server)) => {
                let _ = tokio::time::timeout(super::GRACE, server).await;
                Ok(())
            }
        }
    })
}

/// The headers of every response: a strict Content-Security-Policy, no sniffing, no
/// referrer, nothing cached (the pages show the moment's state and a form token).
async fn secure(mut response: Response) -> Response {
    static POLICY: std::sync::LazyLock<HeaderValue> = std::sync::LazyLock::new(|| {
        HeaderValue::from_str(&CONTENT_SECURITY_POLICY)
            .unwrap_or(HeaderValue::from_static("default-src 'none'"))
    });
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, POLICY.clone());
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

async fn phone(State(server): State<Shared>) -> Response {
    server.form(StatusCode::OK, "", "", None)
}

/// `GET /ask` (a reload, a bookmark): the form.
async fn to_form() -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response()
}

async fn thanks(State(server): State<Shared>) -> Response {
    Html(pages::thanks(&server.title)).into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html(pages::not_found())).into_response()
}

/// The fields of a question form as sent.
#[derive(Default)]
struct Posted {
    token: Option<String>,
    nonce: Option<String>,
    text: Option<String>,
    name: Option<String>,
}

/// Reads a form body: None when it is not well formed (a `%` without two hex digits after
/// it, or bytes that are not UTF-8 once decoded). A browser never sends such a body.
fn posted(body: &[u8]) -> Option<Posted> {
    let escapes_whole = body.iter().enumerate().filter(|(_, b)| **b == b'%').all(|(i, _)| {
        body.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_whole || percent_encoding::percent_decode(body).decode_utf8().is_err() {
        return None;
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    let mut form = Posted::default();
    for (key, value) in pairs {
        let field = match key.as_str() {
            "token" => &mut form.token,
            "nonce" => &mut form.nonce,
            "text" => &mut form.text,
            "name" => &mut form.name,
            _ => continue,
        };
        // A field sent twice is not a form this page made.
        if field.replace(value).is_some() {
            return None;
        }
    }
    Some(form)
}

/// What was typed, as the form shows it again: its lines kept, control characters gone.
fn as_typed(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|&c| c == '\n' || !sanitize::is_forbidden(c))
        .collect()
}

/// `POST /ask`: checks the form, takes one from the client's bucket, hands the question to
/// the inbox's writer and answers once it is durable.
async fn ask(
    State(server): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let why = format!(
                "That was too much to send at once: a question has at most {MAX_SUBMISSION_CHARS} characters."
            );
            return server.form(StatusCode::PAYLOAD_TOO_LARGE, "", "", Some(&why));
        }
        Err(_) => {
            let why = "The question did not arrive whole. Please send it again.";
            return server.form(StatusCode::BAD_REQUEST, "", "", Some(why));
        }
    };
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    if !form_type {
        let why = "Questions are sent with the form on this page.";
        return server.form(StatusCode::UNSUPPORTED_MEDIA_TYPE, "", "", Some(why));
    }
    let Some(form) = posted(&body) else {
        let why = "The question did not arrive whole. Please send it again.";
        return server.form(StatusCode::BAD_REQUEST, "", "", Some(why));
    };
    let sent_text = form.text.clone().unwrap_or_default();
    let sent_name =
        if server.names { form.name.clone().unwrap_or_default() } else { String::new() };
    let (typed, typed_name) = (as_typed(&sent_text), as_typed(&sent_name));
    // The same form sent again keeps its nonce: stored once however often it comes.
    let sent_nonce = form.nonce.filter(|n| is_random_hex(n));
    let whole = sent_nonce.is_some();
    let nonce = sent_nonce.unwrap_or_else(|| server.nonce());
    let again =
        |status, why: &str| server.form_with(status, &nonce, &typed, &typed_name, Some(why));
    let (Some(token), Some(_), true) = (form.token, form.text, whole) else {
        return again(
            StatusCode::BAD_REQUEST,
            "The question did not arrive whole. Please send it again.",
        );
    };
    if token != server.token {
        return again(
            StatusCode::FORBIDDEN,
            "This form is out of date (the question page restarted since it was opened). Your question is kept below: please send it again.",
        );
    }
    // Cleaned from what was sent: escape sequences go whole, line breaks become spaces.
    let text = sanitize::clean_line(&sent_text);
    let name = Some(sanitize::clean_line(&sent_name)).filter(|n| !n.is_empty());
    if text.is_empty() {
        return again(StatusCode::BAD_REQUEST, "Please write your question before sending it.");
    }
    let chars = text.chars().count();
    if chars > MAX_SUBMISSION_CHARS {
        let why = format!(
            "Your question is {chars} characters long; the most is {MAX_SUBMISSION_CHARS}. Please shorten it."
        );
        return again(StatusCode::BAD_REQUEST, &why);
    }
    let name_chars = name.as_deref().map_or(0, |n| n.chars().count());
    if name_chars > MAX_SUBMITTER_NAME_CHARS {
        let why = format!(
            "Your name is {name_chars} characters long; the most is {MAX_SUBMITTER_NAME_CHARS}."
        );
        return again(StatusCode::BAD_REQUEST, &why);
    }
    if check_submission(&text, name.as_deref()).is_err() {
        return again(
            StatusCode::BAD_REQUEST,
            "This question cannot be stored. Please rephrase it.",
        );
    }
    let limited = server
        .limiter
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take(peer.ip(), Instant::now());
    if let Err(wait) = limited {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let why = format!(
            "You have sent several questions in a short time. Please wait {seconds} seconds, then send this one again."
        );
        let mut response = again(StatusCode::TOO_MANY_REQUESTS, &why);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    let (reply, stored) = oneshot::channel();
    let request = Request { text, name, nonce: nonce.clone(), reply };
    let stored = match server.inbox.send(request) {
        Ok(()) => stored.await.unwrap_or(Stored::No),
        Err(_) => Stored::No,
    };
    match stored {
        Stored::Yes => (StatusCode::SEE_OTHER, [(header::LOCATION, "/thanks")]).into_response(),
        Stored::No => {
            again(StatusCode::SERVICE_UNAVAILABLE, "Your question was not saved. Please try again.")
        }
    }
}

/// What a display receives: the snapshot as of the moment it is sent, with the server's
/// wall clock (the page counts on from both with its own monotonic clock).
#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    snapshot: RoomSnapshot,
    /// "19:05".
    server_time: String,
    /// Milliseconds since the server's local midnight.
    server_ms: u64,
}

fn shown(snapshot: &RoomSnapshot) -> String {
    let wall = chrono::Local::now();
    let snapshot = snapshot.advanced_to(Instant::now());
    let server_ms = u64::from(wall.num_seconds_from_midnight()) * 1000
        + u64::from(wall.nanosecond().min(999_999_999) / 1_000_000);
    let shown = Shown {
        snapshot,
        server_time: format!("{:02}:{:02}", wall.hour(), wall.minute()),
        server_ms,
    };
    serde_json::to_string(&shown).unwrap_or_else(|_| "{}".to_string())
}

async fn display(State(server): State<Shared>, headers: HeaderMap) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let url = server.phone_url(host);
    Html(pages::display(&server.title, &super::qr::svg(url), url)).into_response()
}

/// The display stream: the current snapshot at once, then each one published.
async fn stream(
    State(server): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let snapshots = server.snapshots.clone();
    let events =
        futures_util::stream::unfold((snapshots, true), |(mut snapshots, first)| async move {
            if !first && snapshots.changed().await.is_err() {
                // The server is stopping.
                return None;
            }
            let data = shown(&snapshots.borrow_and_update());
            let event = Event::default().data(data);
            let event = if first { event.retry(Duration::from_secs(2)) } else { event };
            Some((Ok(event), (snapshots, false)))
        });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn snapshot(State(server): State<Shared>) -> Response {
    let data = shown(&server.snapshots.borrow());
    ([(header::CONTENT_TYPE, "application/json")], data).into_response()
}

async fn qr(State(server): State<Shared>, headers: HeaderMap) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let image = super::qr::svg(server.phone_url(host));
    ([(header::CONTENT_TYPE, "image/svg+xml")], image).into_response()
}
