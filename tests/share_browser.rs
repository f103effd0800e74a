//! `convene run --share` in a real browser: headless Chromium (Debian's, never a
//! downloaded one) asks a question from a phone-sized window, then shows the room display
//! at a projector's size. Screenshots of both pages are kept in
//! `target/test-artifacts/` to look at.

use std::ffi::OsStr;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::event::{Change, DeviceId, Entry, Fields, ItemId, ItemKind};
use convene::live::{Live, Now};
use convene::record;
use convene::share::{RoomSnapshot, Share, ShareConfig};
use headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride;
use headless_chrome::protocol::cdp::Input::InsertText;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};

const HUB: DeviceId = DeviceId::new(0x00c0_ffee_0000_0000_0000_0000_0000_0001);
const QUESTION: &str = "Is the river water tested after heavy rain?";
const PINNED: &str = "How often is the dust at the school measured?";

/// Debian's chromium: required, never skipped.
fn chromium() -> PathBuf {
    let system = PathBuf::from("/usr/bin/chromium");
    if system.is_file() {
        return system;
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|dir| dir.join("chromium")).find(|p| p.is_file())
    });
    on_path.unwrap_or_else(|| {
        panic!(
            "the browser test needs Debian's chromium at /usr/bin/chromium or on PATH: install it with `apt-get install -y chromium` (CI installs it)"
        )
    })
}

/// Where the screenshots go: `target/test-artifacts/`.
fn artifacts() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().map(Path::to_path_buf);
    let dir = target.unwrap_or_else(|| PathBuf::from("target")).join("test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn screenshot(tab: &Tab, name: &str) -> PathBuf {
    let png = tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true).unwrap();
    let path = artifacts().join(name);
    std::fs::write(&path, png).unwrap();
    println!("screenshot: {}", path.display());
    path
}

/// Makes the page `width` x `height` CSS pixels, as a phone (`mobile`) or a projector.
fn viewport(tab: &Tab, width: u32, height: u32, mobile: bool) {
    tab.call_method(SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// The page's text as the browser renders it.
fn page_text(tab: &Tab) -> String {
    let value = tab.evaluate("document.body.innerText", false).unwrap().value;
    value.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Waits until the page's text satisfies `ready`, returning it.
fn wait_for_text(tab: &Tab, ready: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = page_text(tab);
        if ready(&text) {
            return text;
        }
        assert!(Instant::now() < deadline, "the page never showed it; it shows:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn element_text(tab: &Tab, id: &str) -> String {
    let script = format!("document.getElementById('{id}').textContent");
    let value = tab.evaluate(&script, false).unwrap().value;
    value.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// "29:57" as seconds.
fn seconds(digits: &str) -> u64 {
    digits.split(':').fold(0, |total, part| total * 60 + part.parse::<u64>().unwrap_or(0))
}

/// A running event with a message and a pinned question, as the live screen publishes it.
fn running_event() -> (Live, Now) {
    let mut live = Live::new(parse_agenda(DEMO_AGENDA).agenda.unwrap());
    let now = Now::read();
    let pinned = ItemId { device: DeviceId::FORMAT_1, seq: 3 };
    let changes = vec![
        Change::SessionStarted { session: 0, elapsed_ms: 0 },
        Change::MessageShown { text: "Coffee is served in the hall".into() },
        Change::ItemCaptured {
            item: pinned,
            kind: ItemKind::Question,
            session: 0,
            offset_ms: 0,
            fields: Fields { text: PINNED.into(), ..Default::default() },
        },
        Change::QuestionPinned { item: Some(pinned) },
    ];
    for (n, change) in changes.into_iter().enumerate() {
        live.apply(&Entry::format_1(n as u64 + 1, now.wall, change), now).unwrap();
    }
    (live, now)
}

#[test]
fn a_phone_asks_and_the_projector_shows_the_room() {
    let browser_path = chromium();
    let data = tempfile::tempdir().unwrap();
    let agenda = parse_agenda(DEMO_AGENDA).agenda.unwrap();
    let now = chrono::Local::now().fixed_offset();
    let (created, _) = record::create(data.path(), HUB, &agenda, DEMO_AGENDA, now).unwrap();
    let dir = created.dir.clone();
    drop(created);
    let config = ShareConfig {
        record: dir.clone(),
        hub: HUB,
        title: agenda.title.clone(),
        names: false,
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
    };
    let share = Share::start(config, |_| {}).unwrap();
    let base = format!("http://127.0.0.1:{}", share.port());

    let profile = tempfile::tempdir().unwrap();
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let options = LaunchOptions::default_builder()
        .path(Some(browser_path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(flags.iter().map(OsStr::new).collect())
        .idle_browser_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let browser = Browser::new(options).unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(10));
    viewport(&tab, 390, 844, true);

    // A phone: the form, a question typed and sent.
    tab.navigate_to(&format!("{base}/")).unwrap().wait_until_navigated().unwrap();
    tab.wait_for_element("textarea#text").unwrap().click().unwrap();
    // Typed as a phone's keyboard enters text (one key event a character is slow here).
    tab.call_method(InsertText { text: QUESTION.into() }).unwrap();
    let phone = screenshot(&tab, "share-phone.png");
    tab.wait_for_element("button[type=submit]").unwrap().click().unwrap();
    let thanks = wait_for_text(&tab, |text| text.contains("your question was received"));
    assert!(thanks.contains("A moderator reads it first."), "{thanks}");
    assert!(tab.get_url().ends_with("/thanks"), "{}", tab.get_url());
    let contents = record::read_journal(&dir).unwrap();
    let asked = contents.entries.iter().any(|entry| {
        entry.device == DeviceId::inbox_of(HUB)
            && entry.change == Change::SubmissionReceived { text: QUESTION.into(), name: None }
    });
    assert!(asked, "the inbox journal holds the question");
    screenshot(&tab, "share-thanks.png");

    // The projector: the room display, fed by the server.
    let (live, now) = running_event();
    let session = live.agenda.sessions[0].title.clone();
    share.publish(RoomSnapshot::of(&live, now));
    viewport(&tab, 1280, 720, false);
    tab.navigate_to(&format!("{base}/display")).unwrap().wait_until_navigated().unwrap();
    let shown = wait_for_text(&tab, |text| {
        text.contains(&session) && text.contains(PINNED) && text.contains("on time")
    });
    assert!(shown.contains("Coffee is served in the hall"), "{shown}");
    assert!(shown.contains(&format!("{base}/")), "the address under the QR code: {shown}");
    let before = element_text(&tab, "digits");
    std::thread::sleep(Duration::from_millis(1200));
    let after = element_text(&tab, "digits");
    assert!(
        seconds(&after) < seconds(&before) && seconds(&before) <= 10 * 60,
        "the countdown went from {before} to {after}"
    );
    let display = screenshot(&tab, "share-display.png");
    println!("phone page: {}\nroom display: {}", phone.display(), display.display());

    // Blacked out: nothing at all; the end: thanks. Each without a reload.
    let mut live = live;
    let later = Now::read();
    let blackout = Change::DisplayBlackout { on: true };
    live.apply(&Entry::format_1(5, later.wall, blackout), later).unwrap();
    share.publish(RoomSnapshot::of(&live, later));
    wait_for_text(&tab, |text| text.trim().is_empty());
    let changes = [Change::DisplayBlackout { on: false }, Change::EventEnded];
    for (n, change) in changes.into_iter().enumerate() {
        live.apply(&Entry::format_1(6 + n as u64, later.wall, change), later).unwrap();
    }
    share.publish(RoomSnapshot::of(&live, later));
    let ended = wait_for_text(&tab, |text| text.contains("Thank you"));
    assert!(ended.contains(&agenda.title) && !ended.contains(&session), "{ended}");
    share.stop();
}
