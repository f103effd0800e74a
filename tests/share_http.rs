//! The public server of `convene run --share` through its HTTP API, as phones and the
//! projector's browser use it: on 127.0.0.1, a port the system chooses, a record in a
//! temporary folder.

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::event::{Change, DeviceId, Entry};
use convene::live::{Live, Now};
use convene::record;
use convene::share::{BURST, RoomSnapshot, Share, ShareConfig, ShareEvent};

const TITLE: &str = "Porsgrunn Citizen Lab 2026";
const HUB: DeviceId = DeviceId::new(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);

/// A server over a fresh record, and what it tells the live screen.
struct Served {
    _data: tempfile::TempDir,
    record: PathBuf,
    share: Share,
    events: Receiver<ShareEvent>,
    base: String,
}

fn serve_with(names: bool) -> Served {
    let data = tempfile::tempdir().unwrap();
    let agenda = parse_agenda(DEMO_AGENDA).agenda.unwrap();
    let now = chrono::Local::now().fixed_offset();
    let (created, _) = record::create(data.path(), HUB, &agenda, DEMO_AGENDA, now).unwrap();
    let dir = created.dir.clone();
    drop(created);
    let (share, events) = start(&dir, names);
    let base = format!("http://127.0.0.1:{}", share.port());
    Served { _data: data, record: dir, share, events, base }
}

fn serve() -> Served {
    serve_with(false)
}

fn start(record: &Path, names: bool) -> (Share, Receiver<ShareEvent>) {
    let (tell, events) = channel();
    let config = ShareConfig {
        record: record.to_path_buf(),
        hub: HUB,
        title: TITLE.into(),
        names,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
    };
    let share = Share::start(config, move |event| {
        let _ = tell.send(event);
    })
    .unwrap();
    (share, events)
}

/// A response: status, headers, body.
struct Reply {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Reply { status, headers, body }
}

impl Served {
    fn get(&self, path: &str) -> Reply {
        reply(agent().get(format!("{}{path}", self.base)).call())
    }

    fn post(&self, content_type: &str, body: &[u8]) -> Reply {
        let url = format!("{}/ask", self.base);
        reply(agent().post(url).header("Content-Type", content_type).send(body))
    }

    fn post_form(&self, fields: &[(&str, &str)]) -> Reply {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.post("application/x-www-form-urlencoded", body.as_bytes())
    }

    /// A fresh form's token and nonce, as the phone page gives them.
    fn form(&self) -> (String, String) {
        let page = self.get("/").body;
        (hidden(&page, "token"), hidden(&page, "nonce"))
    }

    /// Sends `text` with a fresh form.
    fn ask(&self, text: &str) -> Reply {
        let (token, nonce) = self.form();
        self.post_form(&[("token", &token), ("nonce", &nonce), ("text", text)])
    }

    /// The entries of the inbox journal as they are on disk now.
    fn inbox(&self) -> Vec<Entry> {
        let contents = record::read_journal(&self.record).unwrap();
        assert_eq!(contents.problems, Vec::<String>::new());
        let inbox = DeviceId::inbox_of(HUB);
        contents.entries.into_iter().filter(|e| e.device == inbox).collect()
    }

    fn inbox_texts(&self) -> Vec<String> {
        self.inbox()
            .into_iter()
            .map(|e| match e.change {
                Change::SubmissionReceived { text, .. } => text,
                other => panic!("not a submission: {other:?}"),
            })
            .collect()
    }

    /// The events the live screen was told, waiting up to `wait` for the first.
    fn told(&self, wait: Duration) -> Vec<ShareEvent> {
        let mut told: Vec<ShareEvent> = self.events.recv_timeout(wait).into_iter().collect();
        told.extend(self.events.try_iter());
        told
    }
}

/// The value of a hidden field of a page.
fn hidden(page: &str, name: &str) -> String {
    let start = format!("name=\"{name}\" value=\"");
    let at = page.find(&start).unwrap_or_else(|| panic!("no {name} in {page}")) + start.len();
    page[at..].split('"').next().unwrap_or_default().to_string()
}

/// The text in the form's textarea, unescaped of the two entities a test needs.
fn textarea(page: &str) -> String {
    let after = page.split("<textarea").nth(1).unwrap_or_default();
    let inner = after.split_once(">\n").map(|(_, rest)| rest).unwrap_or_default();
    inner.split("</textarea>").next().unwrap_or_default().to_string()
}

fn error_of(page: &str) -> String {
    let after = page.split("role=\"alert\">").nth(1).unwrap_or_default();
    after.split("</p>").next().unwrap_or_default().to_string()
}

#[test]
fn the_phone_page_is_an_accessible_form_with_its_token_and_a_nonce() {
    let served = serve();
    let page = served.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("referrer-policy"), "no-referrer");
    assert_eq!(page.header("cache-control"), "no-store");
    assert!(page.header("content-security-policy").starts_with("default-src 'self';"));
    let body = &page.body;
    assert!(body.starts_with("<!doctype html>\n<html lang=\"en\">"), "{body}");
    assert!(
        body.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(body.contains(&format!("<h1>{TITLE}</h1>")));
    assert!(body.contains("<form method=\"post\" action=\"/ask\""));
    assert!(body.contains("<label for=\"text\">Your question</label>"));
    assert!(body.contains(
        "<textarea id=\"text\" name=\"text\" rows=\"6\" maxlength=\"500\" required aria-describedby=\"hint\">"
    ));
    assert!(body.contains("<p class=\"hint\" id=\"hint\">Up to 500 characters.</p>"));
    assert!(
        body.contains("A moderator reads every question before anything is shown in the room.")
    );
    assert!(body.contains("Questions are anonymous"));
    assert!(!body.contains("name=\"name\""), "no name field unless the agenda asks for one");
    assert!(!body.contains("http://") && !body.contains("https://"), "nothing from elsewhere");
    // One token for the event, a new nonce for each form.
    let (token, nonce) = served.form();
    let (token_2, nonce_2) = served.form();
    assert_eq!(token, token_2);
    assert_ne!(nonce, nonce_2);
    assert!(
        [&token, &nonce].iter().all(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    );

    let named = serve_with(true).get("/").body;
    assert!(named.contains("<label for=\"name\">Your name (optional)</label>"), "{named}");
    assert!(named.contains("name=\"name\" maxlength=\"80\""), "{named}");
}

#[test]
fn a_question_is_in_the_inbox_journal_on_disk_before_the_phone_hears_received() {
    let served = serve();
    let answer = served.ask("Who measures the dust at the school?");
    assert_eq!((answer.status, answer.header("location")), (303, "/thanks"));
    // The 303 has arrived: the line is on disk already, and the live screen was told.
    let stored = served.inbox();
    assert_eq!(stored.len(), 1);
    let entry = &stored[0];
    assert_eq!((entry.device, entry.seq), (DeviceId::inbox_of(HUB), 1));
    assert_eq!(
        entry.change,
        Change::SubmissionReceived {
            text: "Who measures the dust at the school?".into(),
            name: None
        }
    );
    assert_eq!(served.told(Duration::from_secs(5)), vec![ShareEvent::Submitted(entry.clone())]);
    let path = record::inbox_path(&served.record, HUB);
    let bytes = std::fs::read_to_string(&path).unwrap();
    assert_eq!(bytes.lines().count(), 2, "a header and the question: {bytes}");
    assert!(
        bytes
            .lines()
            .next()
            .unwrap()
            .contains(&format!("\"device\":\"{}\"", DeviceId::inbox_of(HUB)))
    );

    let thanks = served.get("/thanks");
    assert_eq!(thanks.status, 200);
    assert!(thanks.body.contains("your question was received"), "{}", thanks.body);
    assert!(thanks.body.contains("A moderator reads it first."));
    assert!(thanks.body.contains("answered in the room, or in writing in the minutes"));
    assert!(thanks.body.contains("<a class=\"big-link\" href=\"/\">Ask another question</a>"));
}

#[test]
fn a_name_is_stored_only_when_the_agenda_asks_for_names() {
    let named = serve_with(true);
    let (token, nonce) = named.form();
    let fields = [
        ("token", &*token),
        ("nonce", &*nonce),
        ("text", "Is the road safe?"),
        ("name", " Kari  Nordmann "),
    ];
    assert_eq!(named.post_form(&fields).status, 303);
    let change = named.inbox().remove(0).change;
    let expected = Change::SubmissionReceived {
        text: "Is the road safe?".into(),
        name: Some("Kari Nordmann".into()),
    };
    assert_eq!(change, expected);

    let anonymous = serve();
    let (token, nonce) = anonymous.form();
    let fields =
        [("token", &*token), ("nonce", &*nonce), ("text", "Is the road safe?"), ("name", "Kari")];
    assert_eq!(anonymous.post_form(&fields).status, 303);
    let change = anonymous.inbox().remove(0).change;
    assert_eq!(change, Change::SubmissionReceived { text: "Is the road safe?".into(), name: None });
}

#[test]
fn text_is_counted_in_characters_cleaned_to_one_line_and_stored_exactly() {
    let served = serve();
    let longest = "é".repeat(500);
    let too_long = "é".repeat(501);
    let refused = served.ask(&too_long);
    assert_eq!(refused.status, 400);
    assert_eq!(
        error_of(&refused.body),
        "Your question is 501 characters long; the most is 500. Please shorten it."
    );
    assert_eq!(textarea(&refused.body), too_long, "the text is kept to shorten it");
    assert_eq!(served.ask(&longest).status, 303);
    assert_eq!(served.ask("  Is the  dust\r\nmeasured?\t\u{1b}[31m ").status, 303);
    assert_eq!(served.ask("Er vannet trygt? 💧🏭").status, 303);
    assert_eq!(
        served.inbox_texts(),
        vec![longest, "Is the dust measured?".to_string(), "Er vannet trygt? 💧🏭".to_string()]
    );

    let scripts = serve();
    let texts = ["هل مياه الشرب آمنة؟", "水は安全ですか？", "Ποιος μετράει τη σκόνη;"];
    for text in texts {
        assert_eq!(scripts.ask(text).status, 303, "{text}");
    }
    assert_eq!(scripts.inbox_texts(), texts);
}

#[test]
fn an_empty_question_is_refused_and_nothing_is_stored() {
    let served = serve();
    for text in ["", "   \r\n\t "] {
        let refused = served.ask(text);
        assert_eq!(refused.status, 400);
        assert_eq!(error_of(&refused.body), "Please write your question before sending it.");
    }
    assert!(served.inbox().is_empty());
    assert!(served.told(Duration::from_millis(100)).is_empty());
}

#[test]
fn hostile_html_is_shown_escaped_and_stored_as_text() {
    let served = serve();
    let (_, nonce) = served.form();
    let hostile = "<script>alert(1)</script> & <b>bold</b>";
    let fields =
        [("token", "0123456789abcdef0123456789abcdef"), ("nonce", &*nonce), ("text", hostile)];
    let refused = served.post_form(&fields);
    // A wrong (or old) token: 403, the text kept, and the event's token to send it again.
    assert_eq!(refused.status, 403);
    assert!(error_of(&refused.body).starts_with("This form is out of date"), "{}", refused.body);
    assert!(refused.body.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</textarea>"
    ));
    assert!(!refused.body.contains("<script>alert(1)"));
    assert!(!refused.body.contains("<b>bold"));
    assert!(served.inbox().is_empty());
    let (token, _) = served.form();
    assert_eq!(hidden(&refused.body, "token"), token);
    assert_eq!(hidden(&refused.body, "nonce"), nonce, "the same form, sent again");
    let fields = [("token", &*token), ("nonce", &*nonce), ("text", hostile)];
    assert_eq!(served.post_form(&fields).status, 303);
    assert_eq!(served.inbox_texts(), vec![hostile]);
}

#[test]
fn the_same_form_sent_twice_is_stored_once() {
    let served = serve();
    let (token, nonce) = served.form();
    let fields =
        [("token", &*token), ("nonce", &*nonce), ("text", "Will the trucks use the school road?")];
    assert_eq!(served.post_form(&fields).status, 303);
    assert_eq!(served.post_form(&fields).status, 303, "the phone retried: received all the same");
    assert_eq!(served.inbox_texts(), vec!["Will the trucks use the school road?"]);
    let told = served.told(Duration::from_secs(5));
    assert_eq!(told.len(), 1, "{told:?}");
    // A new form (another nonce) with the same words is another question.
    assert_eq!(served.ask("Will the trucks use the school road?").status, 303);
    assert_eq!(served.inbox().len(), 2);
}

#[test]
fn malformed_forms_are_refused_and_nothing_is_stored() {
    let served = serve();
    let (token, nonce) = served.form();
    let form = "application/x-www-form-urlencoded";
    let whole = |status: u16, reply: Reply| {
        assert_eq!(reply.status, status, "{}", reply.body);
        reply
    };
    for body in [
        format!("token={token}&nonce={nonce}"),
        format!("nonce={nonce}&text=Hello"),
        format!("token={token}&text=Hello"),
        format!("token={token}&nonce=short&text=Hello"),
        format!("token={token}&nonce={nonce}&text=100%ZZ"),
        format!("token={token}&nonce={nonce}&text=%"),
        format!("token={token}&nonce={nonce}&text=%FF%FE"),
        format!("token={token}&nonce={nonce}&text=a&text=b"),
    ] {
        let refused = whole(400, served.post(form, body.as_bytes()));
        assert_eq!(
            error_of(&refused.body),
            "The question did not arrive whole. Please send it again."
        );
    }
    let body = format!("token={token}&nonce={nonce}&text=Hello");
    for content_type in ["text/plain", "application/json", "multipart/form-data; boundary=x"] {
        let refused = whole(415, served.post(content_type, body.as_bytes()));
        assert_eq!(error_of(&refused.body), "Questions are sent with the form on this page.");
    }
    // A charset parameter and any case are still a form.
    assert_eq!(
        served.post("Application/X-WWW-Form-URLencoded; charset=UTF-8", body.as_bytes()).status,
        303
    );
    assert_eq!(served.inbox_texts(), vec!["Hello"]);
}

#[test]
fn an_oversized_body_is_refused_with_413() {
    let served = serve();
    let (token, nonce) = served.form();
    let body = format!("token={token}&nonce={nonce}&text={}", "a".repeat(20_000));
    let refused = served.post("application/x-www-form-urlencoded", body.as_bytes());
    assert_eq!(refused.status, 413);
    assert_eq!(
        error_of(&refused.body),
        "That was too much to send at once: a question has at most 500 characters."
    );
    // 500 characters of four bytes each, every byte percent-encoded, fit.
    let emoji = "💧".repeat(500);
    assert_eq!(served.ask(&emoji).status, 303);
    assert_eq!(served.inbox_texts(), vec![emoji]);
}

#[test]
fn a_flood_from_one_client_is_limited_after_the_burst() {
    let served = serve();
    let mut statuses = Vec::new();
    let mut limited = None;
    for n in 0..BURST + 3 {
        let reply = served.ask(&format!("Question number {n}"));
        statuses.push(reply.status);
        if reply.status == 429 && limited.is_none() {
            limited = Some(reply);
        }
    }
    let burst = BURST as usize;
    assert_eq!(statuses[..burst], vec![303; burst][..]);
    assert!(statuses[burst..].iter().all(|&s| s == 429), "{statuses:?}");
    let limited = limited.unwrap();
    let wait: u64 = limited.header("retry-after").parse().unwrap();
    assert!((1..=10).contains(&wait), "{wait}");
    assert!(
        error_of(&limited.body).starts_with("You have sent several questions in a short time.")
    );
    assert_eq!(textarea(&limited.body), format!("Question number {burst}"));
    let stored: Vec<String> = (0..burst).map(|n| format!("Question number {n}")).collect();
    assert_eq!(served.inbox_texts(), stored, "nothing beyond the burst is written");
}

#[test]
fn no_client_address_is_written_anywhere_in_the_record() {
    let served = serve();
    assert_eq!(served.ask("Is the harbour dredged?").status, 303);
    let mut files = Vec::new();
    let mut folders = vec![served.record.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { folders.push(path) } else { files.push(path) }
        }
    }
    assert!(files.contains(&record::inbox_path(&served.record, HUB)));
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("127.0.0.1"), "{} holds the client's address", file.display());
    }
}

/// Reads the next server-sent event's data as JSON.
fn next_event(reader: &mut impl BufRead) -> serde_json::Value {
    let mut data = String::new();
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended");
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() && !data.is_empty() {
            return serde_json::from_str(&data).unwrap();
        }
        if let Some(part) = line.strip_prefix("data:") {
            data.push_str(part.trim_start());
        }
    }
}

fn stream(served: &Served) -> BufReader<ureq::BodyReader<'static>> {
    let response = agent().get(format!("{}/v1/display/stream", served.base)).call().unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok());
    assert_eq!(kind, Some("text/event-stream"));
    BufReader::new(response.into_body().into_reader())
}

/// A running event with a message and a pinned question, as the live screen publishes it.
fn running_event() -> (Live, Now) {
    let mut live = Live::new(parse_agenda(DEMO_AGENDA).agenda.unwrap());
    let now = Now::read();
    let changes = vec![
        Change::SessionStarted { session: 0, elapsed_ms: 0 },
        Change::MessageShown { text: "Welcome, please find a seat".into() },
        Change::ItemCaptured {
            item: convene::event::ItemId { device: DeviceId::FORMAT_1, seq: 3 },
            kind: convene::event::ItemKind::Question,
            session: 0,
            offset_ms: 0,
            fields: convene::event::Fields {
                text: "How often is the dust measured?".into(),
                ..Default::default()
            },
        },
        Change::QuestionPinned {
            item: Some(convene::event::ItemId { device: DeviceId::FORMAT_1, seq: 3 }),
        },
    ];
    for (n, change) in changes.into_iter().enumerate() {
        live.apply(&Entry::format_1(n as u64 + 1, now.wall, change), now).unwrap();
    }
    (live, now)
}

#[test]
fn the_display_stream_sends_the_state_at_once_and_every_change() {
    let served = serve();
    let mut first = stream(&served);
    let waiting = next_event(&mut first);
    assert_eq!(
        (waiting["title"].as_str(), waiting["state"].as_str()),
        (Some(TITLE), Some("before"))
    );
    assert_eq!(waiting["session"], serde_json::Value::Null);

    let (live, now) = running_event();
    let session = live.agenda.sessions[0].title.clone();
    served.share.publish(RoomSnapshot::of(&live, now));
    let published = next_event(&mut first);
    assert_eq!(published["state"], "running");
    assert_eq!(published["session"]["title"], session.as_str());
    assert_eq!(published["session"]["running"], true);
    assert_eq!(published["message"]["text"], "Welcome, please find a seat");
    assert_eq!(published["pinned"], "How often is the dust measured?");
    let time = published["server_time"].as_str().unwrap();
    assert!(time.len() == 5 && time.as_bytes()[2] == b':', "{time}");

    // A display that connects later (or reconnects) gets the current state at once, its
    // countdown as of the moment it is sent.
    std::thread::sleep(Duration::from_millis(300));
    let mut second = stream(&served);
    let current = next_event(&mut second);
    assert_eq!(current["session"]["title"], session.as_str());
    let timebox = live.agenda.sessions[0].duration.as_millis() as i64;
    let sent = published["session"]["remaining_ms"].as_i64().unwrap();
    let later = current["session"]["remaining_ms"].as_i64().unwrap();
    assert!(sent <= timebox && later <= sent - 300, "{sent} then {later}");
    let snapshot: serde_json::Value =
        serde_json::from_str(&served.get("/v1/display/snapshot").body).unwrap();
    assert_eq!(snapshot["pinned"], "How often is the dust measured?");
    assert!(snapshot["session"]["remaining_ms"].as_i64().unwrap() <= later);
}

#[test]
fn the_display_page_shows_the_qr_code_of_the_question_page() {
    let served = serve();
    let page = served.get("/display");
    assert_eq!(page.status, 200);
    let url = format!("{}/", served.base);
    assert_eq!(served.share.urls(), std::slice::from_ref(&url));
    assert!(page.body.contains(&format!("<div id=\"url\">{url}</div>")), "{}", page.body);
    assert!(page.body.contains("<svg role=\"img\" aria-label=\"QR code of the question page\""));
    assert!(page.body.contains("new EventSource(\"/v1/display/stream\")"));
    assert!(!page.body.contains("innerHTML"));
    assert!(page.header("content-security-policy").contains("script-src 'sha256-"));
    let image = served.get("/qr.svg");
    assert_eq!((image.status, image.header("content-type")), (200, "image/svg+xml"));
    assert!(image.body.starts_with("<svg "));
}

#[test]
fn nothing_else_is_served() {
    let served = serve();
    for path in [
        "/admin",
        "/journals",
        "/v1/display",
        "/display.js",
        "/../agenda.toml",
        "/%2e%2e/agenda.toml",
        "/thanks/x",
    ] {
        let reply = served.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("<h1>Not found</h1>"));
    }
    let url = |path: &str| format!("{}{path}", served.base);
    assert_eq!(reply(agent().put(url("/")).send("x")).status, 404);
    assert_eq!(reply(agent().delete(url("/ask")).call()).status, 404);
    assert_eq!(reply(agent().post(url("/thanks")).send("x")).status, 404);
    // A reload of /ask goes back to the form.
    let again = served.get("/ask");
    assert_eq!((again.status, again.header("location")), (303, "/"));
}

#[test]
fn stop_returns_promptly_with_displays_connected() {
    let served = serve();
    let _display = stream(&served);
    let _other = stream(&served);
    let port = served.share.port();
    let started = Instant::now();
    served.share.stop();
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err(), "still listening");
    assert!(served.events.try_iter().next().is_none(), "a stop asked for is not news");
}

#[test]
fn a_port_in_use_is_one_line_naming_it_and_the_fix() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let data = tempfile::tempdir().unwrap();
    let config = ShareConfig {
        record: data.path().to_path_buf(),
        hub: HUB,
        title: TITLE.into(),
        names: false,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port,
    };
    let error = Share::start(config, |_| {}).err().unwrap().to_string();
    assert_eq!(
        error,
        format!(
            "cannot share on port {port}: another program is using it; choose another with --port, or --port 0 for any free port"
        )
    );
}

#[test]
fn the_inbox_continues_its_journal_after_a_restart() {
    let served = serve();
    assert_eq!(served.ask("First evening question").status, 303);
    let Served { _data, record, share, .. } = served;
    share.stop();
    let (share, _events) = start(&record, false);
    let again = Served {
        _data,
        record,
        base: format!("http://127.0.0.1:{}", share.port()),
        share,
        events: channel().1,
    };
    assert_eq!(again.ask("Second evening question").status, 303);
    let seqs: Vec<u64> = again.inbox().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![1, 2]);
    assert_eq!(again.inbox_texts(), vec!["First evening question", "Second evening question"]);
    let bytes = std::fs::read_to_string(record::inbox_path(&again.record, HUB)).unwrap();
    assert_eq!(bytes.lines().filter(|l| l.contains("\"convene_journal\"")).count(), 1);
}
