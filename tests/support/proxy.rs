//! A TCP relay on loopback that a test can cut and restore: a note-taker's network going
//! down in the middle of an event, without touching the programs at either end. It never
//! looks inside the bytes (TLS goes through it end to end).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Relays every connection made to [`Relay::address`] to `target`, until cut.
pub struct Relay {
    address: SocketAddr,
    cut: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
    stop: Arc<AtomicBool>,
}

impl Relay {
    pub fn start(target: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port for the relay");
        let address = listener.local_addr().expect("the relay's address");
        listener.set_nonblocking(true).expect("a non-blocking listener");
        let cut = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let open: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        {
            let (cut, stop, open) = (cut.clone(), stop.clone(), open.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let Ok((client, _)) = listener.accept() else {
                        std::thread::sleep(Duration::from_millis(10));
                        continue;
                    };
                    // Cut: the connection is taken and closed at once, as a dead link would
                    // fail it.
                    if cut.load(Ordering::SeqCst) {
                        let _ = client.shutdown(Shutdown::Both);
                        continue;
                    }
                    let Ok(server) = TcpStream::connect(target) else {
                        let _ = client.shutdown(Shutdown::Both);
                        continue;
                    };
                    let _ = client.set_nonblocking(false);
                    for stream in [&client, &server] {
                        if let Ok(copy) = stream.try_clone() {
                            open.lock().expect("the relay's connections").push(copy);
                        }
                    }
                    pipe(&client, &server);
                    pipe(&server, &client);
                }
            });
        }
        Relay { address, cut, open, stop }
    }

    /// Where the note-taker connects instead of the hub.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The network goes down: every connection through the relay is closed, new ones fail.
    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for stream in self.open.lock().expect("the relay's connections").drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// The network is back.
    pub fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.cut();
    }
}

/// Copies `from` to `to` on a thread until either side closes.
fn pipe(from: &TcpStream, to: &TcpStream) {
    let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) else { return };
    std::thread::spawn(move || {
        let mut buffer = [0u8; 16 * 1024];
        loop {
            match from.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if to.write_all(&buffer[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}
