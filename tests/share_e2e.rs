//! `convene run --share` as a facilitator and the room meet it: the real binary on the
//! sample lab in tmux, phones and the browser display on loopback over HTTP.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{Pane, only_record, read};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into()
}

/// The value of the hidden input `name` of the phone form.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).map(|i| i + marker.len()).expect("a hidden input");
    page[start..].split('"').next().expect("its value").to_string()
}

/// A phone loads the form and sends `text`: the status of the answer to the POST.
fn ask(base: &str, text: &str) -> u16 {
    let agent = agent();
    let mut page = agent.get(&format!("{base}/")).call().expect("the phone page");
    assert_eq!(page.status().as_u16(), 200);
    let page = page.body_mut().read_to_string().expect("the page's text");
    let answer = agent
        .post(&format!("{base}/ask"))
        .send_form([
            ("token", hidden(&page, "token").as_str()),
            ("nonce", hidden(&page, "nonce").as_str()),
            ("text", text),
        ])
        .expect("an answer to the form");
    answer.status().as_u16()
}

/// The browser display's current state, as JSON.
fn snapshot(base: &str) -> serde_json::Value {
    let mut answer =
        agent().get(&format!("{base}/v1/display/snapshot")).call().expect("the display's state");
    serde_json::from_str(&answer.body_mut().read_to_string().expect("its text")).expect("JSON")
}

/// The address phones reach, read off the header ("sharing http://127.0.0.1:PORT/").
fn shared_at(screen: &str) -> String {
    let start = screen.find("sharing http://").expect("sharing in the header") + "sharing ".len();
    screen[start..].split_whitespace().next().expect("a URL").trim_end_matches('/').to_string()
}

fn sample_lab() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/citizen-lab.toml").display().to_string()
}

/// Waits until nothing answers at `base` any more.
fn wait_closed(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while agent().get(&format!("{base}/")).call().is_ok() {
        assert!(Instant::now() < deadline, "{base} still answers after sharing stopped");
        std::thread::sleep(Duration::from_millis(50));
    }
}

const DUST: &str = "Is the dust from the plant measured near the school?";
const WATER: &str = "Who pays if the water in Frierfjorden gets polluted?";
const INSULT: &str = "<script>alert(1)</script> you are all liars";
const LATE: &str = "Will the plant hire people from Porsgrunn?";

#[test]
fn phones_ask_the_note_taker_moderates_the_room_sees_the_pin_and_the_minutes_tell_the_outcomes() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let data = temp.path().join("data");
    let lab = sample_lab();
    let args = ["run", lab.as_str(), "--share", "--bind", "127.0.0.1", "--port", "0"];
    let pane = Pane::start(temp.path(), &data, &args, 120, 40);
    let base = shared_at(&pane.wait_text("sharing http://127.0.0.1:"));
    assert_eq!(snapshot(&base)["state"], "before");

    // Three phones ask; the screen counts what waits.
    for text in [DUST, WATER, INSULT] {
        assert_eq!(ask(&base, text), 303, "{text}");
    }
    pane.wait_text("phones: 3 to moderate");
    // The session starts; the inbox opens on the oldest question.
    pane.keys(&["Space"]);
    pane.wait_text("on time");
    pane.keys(&["o"]);
    pane.wait_all(&["To moderate (3)", "▸ "]);
    pane.keys(&["a"]);
    pane.wait_text("approved as Q1");
    pane.keys(&["a"]);
    pane.wait_text("approved as Q2");
    pane.keys(&["r"]);
    pane.wait_text("reason");
    pane.type_text("out of scope");
    pane.keys(&["Enter"]);
    pane.wait_text("rejected: out of scope");
    // The first approved question goes up on the room display.
    pane.keys(&["k", "k", "k", "k"]);
    pane.keys(&["p"]);
    pane.wait_text("room ▸ Q1 pinned");
    let room = snapshot(&base);
    assert_eq!(room["pinned"], DUST, "{room}");
    assert_eq!(room["state"], "running");
    assert_eq!(room["session"]["title"], "Welcome and ground rules");
    let text = serde_json::to_string(&room).expect("JSON");
    assert!(!text.contains("liars") && !text.contains("Frierfjorden"), "{text}");
    let mut page = agent().get(&format!("{base}/display")).call().expect("the display page");
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.body_mut().read_to_string().expect("text").contains("/v1/display/stream"));

    // Q2 is answered in the room.
    pane.keys(&["Escape"]);
    // The next key only once the Escape is taken: together they would arrive as Alt-k.
    pane.wait_for("the inbox closed", std::time::Duration::from_secs(10), |s| {
        !s.contains("Questions from phones")
    });
    pane.keys(&["k"]);
    pane.keys(&["A"]);
    pane.wait_text("answer");
    pane.type_text("The plant's insurance pays, and the county checks it");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved");

    // Stopping sharing asks first, closes the port, and the screen goes on.
    pane.keys(&["H"]);
    pane.wait_text("Stop sharing?");
    pane.keys(&["y"]);
    pane.wait_for("the header without sharing", Duration::from_secs(5), |s| {
        !s.contains("sharing http://")
    });
    wait_closed(&base);
    pane.keys(&["Space"]);
    pane.wait_text("paused");
    // H shares again (port 0: wherever the system says), and a late question arrives.
    pane.keys(&["H"]);
    let again = shared_at(&pane.wait_text("sharing http://127.0.0.1:"));
    assert_eq!(ask(&again, LATE), 303);
    pane.wait_text("phones: 1 to moderate");

    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("minutes.public.md");
    let record = only_record(&data);
    let internal = read(&record.join("minutes.md"));
    let public = read(&record.join("minutes.public.md"));
    for minutes in [&internal, &public] {
        assert!(
            minutes.contains(
                "- Questions from phones: 4 received, 2 approved, 0 merged, 1 rejected, 1 not moderated"
            ),
            "{minutes}"
        );
        assert!(
            minutes.contains(&format!("Q1: {DUST} | open: to be answered in writing"))
                || minutes.contains(&format!("{DUST} | Q1, open: to be answered in writing")),
            "{minutes}"
        );
        assert!(minutes.contains("answered live"), "{minutes}");
        assert!(minutes.contains("a participant (online)"), "{minutes}");
    }
    assert!(internal.contains("not taken up: out of scope"), "{internal}");
    assert!(internal.contains("you are all liars"), "{internal}");
    assert!(internal.contains(&format!("{LATE} | not moderated")), "{internal}");
    assert!(internal.contains("pinned Q1"), "{internal}");
    for private in ["liars", "script", "out of scope", LATE] {
        assert!(!public.contains(private), "{private} in the public minutes:\n{public}");
    }
    assert!(public.contains("1 submission was not taken up and 1 was not moderated"), "{public}");
    // No phone's address is written anywhere in the record.
    for entry in std::fs::read_dir(record.join("journals")).expect("the journals").flatten() {
        assert!(!read(&entry.path()).contains("127.0.0.1"), "{}", entry.path().display());
    }
    pane.keys(&["q"]);
}
