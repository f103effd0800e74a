//! Driving the real binary in a tmux pane: start it, press keys, read the screen.

#![allow(dead_code)]

pub mod council;
pub mod lines;
pub mod proxy;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A private tmux server (its own socket) running convene in one pane.
pub struct Pane {
    socket: PathBuf,
}

fn tmux(socket: &Path, args: &[&str]) -> Output {
    Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux runs (install it: apt-get install tmux)")
}

impl Pane {
    /// Starts `convene ARGS` in a pane of `width`x`height` with the data folder `data`.
    pub fn start(dir: &Path, data: &Path, args: &[&str], width: u16, height: u16) -> Pane {
        Pane::start_with_term(dir, data, args, width, height, "xterm-256color")
    }

    /// [`Pane::start`] with another `TERM`.
    pub fn start_with_term(
        dir: &Path,
        data: &Path,
        args: &[&str],
        width: u16,
        height: u16,
        term: &str,
    ) -> Pane {
        Pane::start_with_env(dir, data, args, width, height, term, &[])
    }

    /// [`Pane::start_with_term`] with more environment variables for the program.
    pub fn start_with_env(
        dir: &Path,
        data: &Path,
        args: &[&str],
        width: u16,
        height: u16,
        term: &str,
        env: &[(&str, &str)],
    ) -> Pane {
        let socket = dir.join("tmux.sock");
        let bin = env!("CARGO_BIN_EXE_convene");
        let env: String = env.iter().map(|(name, value)| format!(" {name}='{value}'")).collect();
        // A moment's pause lets tmux size the pane before the program writes: output written
        // during the initial resize can be lost.
        let mut command = format!("sleep 0.2; exec env TERM={term}{env} '{bin}'");
        for arg in args {
            command.push_str(&format!(" '{arg}'"));
        }
        let data_env = format!("CONVENE_DATA_DIR={}", data.display());
        // The pane stays after the program exits, so its last screen and status can be read;
        // set in the config so that it holds from the server's first moment.
        let config = dir.join("tmux.conf");
        std::fs::write(&config, "set -gw remain-on-exit on\n").expect("write tmux.conf");
        let out = tmux(
            &socket,
            &[
                "-f",
                config.to_str().expect("a UTF-8 temporary path"),
                "new-session",
                "-d",
                // The program's current folder is the test's own temporary folder.
                "-c",
                dir.to_str().expect("a UTF-8 temporary path"),
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "-e",
                &data_env,
                "-e",
                &format!("TERM={term}"),
                &command,
            ],
        );
        assert!(out.status.success(), "tmux new-session: {}", String::from_utf8_lossy(&out.stderr));
        Pane { socket }
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&tmux(&self.socket, &["capture-pane", "-p", "-J"]).stdout)
            .into_owned()
    }

    /// Everything the pane shows and has scrolled away, wrapped lines joined: for reading
    /// what a program printed before it exited.
    pub fn output(&self) -> String {
        let out = tmux(&self.socket, &["capture-pane", "-p", "-J", "-S", "-"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys in tmux's syntax ("Space", "Enter", "C-q", or literal text with `literal`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        tmux(&self.socket, &args);
    }

    pub fn type_text(&self, text: &str) {
        tmux(&self.socket, &["send-keys", "-l", text]);
    }

    /// Waits until the screen satisfies `ready`, failing with the last screen after `limit`.
    pub fn wait_for(&self, what: &str, limit: Duration, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until every one of `texts` is on screen: a frame may be seen half drawn.
    pub fn wait_all(&self, texts: &[&str]) -> String {
        let what = texts.join(" + ");
        self.wait_for(&what, Duration::from_secs(10), |s| texts.iter().all(|t| s.contains(t)))
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, Duration::from_secs(10), |s| s.contains(text))
    }

    /// The pane's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        let out = tmux(&self.socket, &["display-message", "-p", "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    }

    /// A tmux format read on this pane: `#{alternate_on}`, `#{pane_dead_status}`…
    pub fn format(&self, format: &str) -> String {
        let out = tmux(&self.socket, &["display-message", "-p", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// True once the program in the pane has exited.
    pub fn exited(&self) -> bool {
        let out = tmux(&self.socket, &["display-message", "-p", "#{pane_dead}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    pub fn wait_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.exited() {
            assert!(Instant::now() < deadline, "convene did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Any other tmux command on this pane's server.
    pub fn tmux(&self, args: &[&str]) -> Output {
        tmux(&self.socket, args)
    }

    pub fn resize(&self, width: u16, height: u16) {
        tmux(&self.socket, &["resize-window", "-x", &width.to_string(), "-y", &height.to_string()]);
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        tmux(&self.socket, &["kill-server"]);
    }
}

/// The text after `label` up to the end of its line: a field read off the screen.
pub fn field_after<'a>(screen: &'a str, label: &str) -> Option<&'a str> {
    let start = screen.find(label)? + label.len();
    screen[start..].lines().next().map(str::trim)
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `convene ARGS` with its data folder set to `data` (so that nothing ever reaches the
/// user's own records); fails the test if it has not finished after ten seconds (a command
/// waiting on a pipe or reading a device without end).
pub fn convene<S: AsRef<OsStr>>(data: &Path, args: &[S]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(args)
        .env("CONVENE_DATA_DIR", data)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run convene");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("wait for convene").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let shown: Vec<String> =
                args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect();
            panic!("convene {shown:?} did not finish within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("read convene's output");
    Run {
        code: out.status.code().expect("convene exited by itself"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A file's text, or the test fails naming it.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The journal of the one device that wrote a record (`journals/<device>.jsonl`).
#[allow(dead_code)]
pub fn journal_of(record: &Path) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(record.join("journals"))
        .expect("a record's journals folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    assert_eq!(found.len(), 1, "one device journal in {}: {found:?}", record.display());
    found.remove(0)
}

/// The one record in a data folder (a test that ran one event).
pub fn only_record(data: &Path) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data.join("records"))
        .expect("a records folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.remove(0)
}

/// True when a countdown "M:SS left…" shows at most `limit` seconds.
pub fn left_at_most(left: &str, limit: u64) -> bool {
    let Some((clock, _)) = left.split_once(" left") else { return false };
    let Some((m, s)) = clock.split_once(':') else { return false };
    match (m.parse::<u64>(), s.parse::<u64>()) {
        (Ok(m), Ok(s)) => m * 60 + s <= limit,
        _ => false,
    }
}
