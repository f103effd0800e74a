"use strict";
// The room display in a browser: whole snapshots arrive from the server as server-sent
// events; between two of them the countdowns and the clock count on from the moment the
// last one arrived, on this page's monotonic clock (performance.now), never on the
// projector's wall clock. Every text goes in with textContent.
(function () {
  var snapshot = null;
  var receivedAt = 0;
  var offline = false;
  var WORDS = {
    not_started: "not started",
    paused: "paused",
    on_time: "on time",
    wrap_up: "wrap up",
    danger: "time is almost up",
    time_up: "time is up",
    done: "done"
  };

  function el(id) { return document.getElementById(id); }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function hms(s, pad) {
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = s % 60;
    return h > 0 ? h + ":" + two(m) + ":" + two(x) : (pad ? two(m) : m) + ":" + two(x);
  }
  // Whole seconds shown for ms left: rounded up while time is left, down over it.
  function shown(ms) { return ms >= 0 ? Math.ceil(ms / 1000) : -Math.floor(-ms / 1000); }

  function sessionNow(s, dt) {
    if (!s.running) { return s; }
    var left = shown(s.remaining_ms - dt);
    function within(t) { return left > 0 && left <= t; }
    var phase = s.danger_s !== null && within(s.danger_s) ? "danger"
      : within(s.warn_s) ? "wrap_up"
      : left > 0 ? "on_time"
      : s.at_zero === "freeze" ? "time_up" : "over";
    var digits = phase === "time_up" ? "00:00"
      : phase === "over" ? "+" + hms(-left, true) : hms(left, true);
    return { phase: phase, digits: digits, words: phase === "over" ? digits + " over" : WORDS[phase] };
  }

  function speakerNow(s, dt) {
    if (!s.running) { return s; }
    var left = shown(s.remaining_ms - dt);
    return {
      phase: left <= 0 ? "over" : left <= s.warn_s ? "wrap_up" : "on_time",
      words: hms(Math.abs(left), false) + (left < 0 ? " over" : " left")
    };
  }

  function setText(id, text) {
    var e = el(id);
    if (e.textContent !== text) { e.textContent = text; }
    e.hidden = text === "";
    return e;
  }
  function setPhase(e, phase) {
    var name = phase ? "phase-" + phase : "";
    if (e.className !== name) { e.className = name; }
  }

  function render() {
    if (!snapshot) { return; }
    var s = snapshot;
    var dt = performance.now() - receivedAt;
    var body = "state-" + s.state + (s.blackout ? " blackout" : "");
    if (document.body.className !== body) { document.body.className = body; }
    el("offline").hidden = !offline;
    var day = (((s.server_ms + dt) % 86400000) + 86400000) % 86400000;
    var minutes = Math.floor(day / 60000);
    setText("clock", two(Math.floor(minutes / 60)) + ":" + two(minutes % 60));

    var headline = "", subline = "", top = "", digits = "", phaseWords = "", speakerWords = "";
    var phase = "", speakerPhase = "", next = "";
    if (s.state === "before") {
      headline = s.title;
      subline = s.starts || "";
    } else if (s.state === "ended") {
      headline = "Thank you";
      subline = s.title;
    } else if (s.session) {
      var now = sessionNow(s.session, dt);
      top = s.session.title;
      digits = now.digits;
      phaseWords = now.words;
      phase = now.phase;
      if (s.speaker) {
        var sp = speakerNow(s.speaker, dt);
        speakerWords = "Speaker: " + sp.words;
        speakerPhase = sp.phase;
      }
      if (s.next) {
        next = "Next: " + s.next.title + " \u00b7 about " + s.next.at;
      } else if (s.ends_at) {
        next = "Ends about " + s.ends_at;
      }
    }
    setText("top", top);
    setText("headline", headline);
    setText("subline", subline);
    setPhase(setText("digits", digits), phase);
    setPhase(setText("phase", phaseWords), phase);
    setPhase(setText("speaker", speakerWords), speakerPhase);
    setText("next", next);

    var m = s.message;
    var message = setText("message", m ? m.text : "");
    var reversed = !!m && m.blink_ms - dt > 0 && Math.floor((m.blink_since_ms + dt) / 500) % 2 === 0;
    message.className = reversed ? "reversed" : "";
    setText("pinned-text", s.pinned || "");
    el("pinned").hidden = !s.pinned;
  }

  function connect() {
    var source = new EventSource("/v1/display/stream");
    source.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      snapshot = data;
      receivedAt = performance.now();
      offline = false;
      render();
    };
    source.onerror = function () { offline = true; render(); };
  }

  connect();
  setInterval(render, 200);
}());
