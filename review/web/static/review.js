// chartforge review page: renders the note with highlights, turns a text selection into
// character offsets, and posts decisions with the session's CSRF token. Every offset here is
// in UTF-16 code units (JavaScript's string indexes); the server converts at its boundary.
// The note is built with textContent only (never innerHTML), so note text can never become markup.
"use strict";

(function () {
  const dataEl = document.getElementById("note-data");
  const csrfEl = document.getElementById("csrf");
  const undoOnly = document.getElementById("undo-last");
  const state = { findings: [], pendingRange: null, busy: false };

  function post(url, body, csrf) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}),
    });
  }

  if (!dataEl) {  // queue-empty page: only undo is possible
    if (undoOnly) {
      const undo = () => post("/api/undo", {}, undoOnly.dataset.csrf).then(() => window.location.assign("/review"));
      undoOnly.addEventListener("click", undo);
      document.addEventListener("keydown", (e) => { if (e.key === "u" && !e.ctrlKey && !e.metaKey) undo(); });
    }
    return;
  }

  const data = JSON.parse(dataEl.textContent);
  const csrf = csrfEl.value;
  const noteEl = document.getElementById("note");
  const statusEl = document.getElementById("status");
  const pickerEl = document.getElementById("picker");
  const findingsEl = document.getElementById("findings");
  const countEl = document.getElementById("finding-count");

  function say(message, kind) {
    statusEl.textContent = message;
    statusEl.className = "statusline" + (kind ? " " + kind : "");
  }

  // Split the text at every span boundary; each piece gets the classes of the spans covering it.
  function render() {
    const layers = [
      ["sur", data.surrogates], ["vflag", data.flags], ["finding", state.findings],
    ];
    const cuts = new Set([0, data.text.length]);
    layers.forEach(([, spans]) => spans.forEach((s) => { cuts.add(s.start); cuts.add(s.end); }));
    const points = Array.from(cuts).sort((a, b) => a - b);
    noteEl.replaceChildren();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const classes = [], titles = [];
      layers.forEach(([cls, spans]) => spans.forEach((s) => {
        if (s.start <= a && b <= s.end) { classes.push(cls); titles.push(cls === "sur" ? "surrogate " + s.label : cls === "vflag" ? "verification flag " + s.label : "flagged " + s.label); }
      }));
      const piece = data.text.slice(a, b);
      if (!classes.length) { noteEl.appendChild(document.createTextNode(piece)); continue; }
      const el = document.createElement("span");
      el.className = Array.from(new Set(classes)).join(" ");
      el.title = Array.from(new Set(titles)).join(", ");
      el.textContent = piece;
      noteEl.appendChild(el);
    }
    renderFindings();
  }

  function renderFindings() {
    findingsEl.replaceChildren();
    countEl.textContent = String(state.findings.length);
    if (!state.findings.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = "None flagged. Select text and press f.";
      findingsEl.appendChild(li);
      return;
    }
    state.findings.forEach((f) => {
      const li = document.createElement("li");
      const tag = document.createElement("span");
      tag.className = "chip chip-static";
      tag.textContent = f.label;
      const where = document.createElement("span");
      where.className = "muted small";
      where.textContent = " chars " + f.start + "–" + f.end;
      const quote = document.createElement("q");
      quote.textContent = data.text.slice(f.start, f.end);
      li.append(tag, " ", quote, where);
      findingsEl.appendChild(li);
    });
  }

  // Character offset of a DOM position inside the note: length of the text before it.
  function offsetOf(node, offset) {
    const range = document.createRange();
    range.setStart(noteEl, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function selectionOffsets() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!noteEl.contains(range.startContainer) || !noteEl.contains(range.endContainer)) return null;
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    while (start < end && /\s/.test(data.text[start])) start++;  // trim whitespace a drag picks up
    while (end > start && /\s/.test(data.text[end - 1])) end--;
    return end > start ? { start, end } : null;
  }

  function openPicker() {
    const offsets = selectionOffsets();
    if (!offsets) { say("Select the text that is still PHI first, then press f.", "warn"); return; }
    state.pendingRange = offsets;
    pickerEl.hidden = false;
    say("Pick a category: 1–9, or choose from “more”.");
  }

  function closePicker() { state.pendingRange = null; pickerEl.hidden = true; }

  function addFinding(label) {
    if (!state.pendingRange || !data.labels.includes(label)) return;
    const f = { start: state.pendingRange.start, end: state.pendingRange.end, label };
    if (!state.findings.some((g) => g.start === f.start && g.end === f.end && g.label === f.label)) state.findings.push(f);
    closePicker();
    window.getSelection().removeAllRanges();
    render();
    say("Flagged as " + label + ". Press n to submit, or keep flagging.", "ok");
  }

  function submit(verdict) {
    if (state.busy) return;
    if (verdict === "clean" && state.findings.length) { say("You flagged text in this note: press n to submit it, or u to drop findings.", "warn"); return; }
    if (verdict === "phi" && !state.findings.length) { say("Nothing flagged: press c if the note is clean.", "warn"); return; }
    state.busy = true;
    post("/api/items/" + encodeURIComponent(data.item_id) + "/decision",
         { verdict, findings: verdict === "phi" ? state.findings : [] }, csrf)
      .then((r) => {
        if (r.ok) { window.location.assign("/review"); return; }
        state.busy = false;
        // The server's reason (409: not yours / already decided; 503: store busy) is plain text.
        r.json().catch(() => ({})).then((body) => {
          const reason = typeof body.detail === "string" ? body.detail : "";
          say("Not saved (" + r.status + (reason ? ": " + reason : "") + ").", "error");
        });
      })
      .catch(() => { state.busy = false; say("Not saved: the server is unreachable.", "error"); });
  }

  function undo() {
    if (state.pendingRange) { closePicker(); return; }
    if (state.findings.length) { state.findings.pop(); render(); say("Removed the last finding."); return; }
    post("/api/undo", {}, csrf).then((r) => r.json()).then((body) => {
      if (body.undone) window.location.assign("/review");
      else say("Nothing to undo.");
    });
  }

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target && (e.target.tagName === "SELECT" || e.target.tagName === "INPUT")) return;
    if (state.pendingRange) {
      if (/^[1-9]$/.test(e.key)) { addFinding(data.labels[Number(e.key) - 1]); e.preventDefault(); return; }
      if (e.key === "Escape") { closePicker(); say(""); return; }
    }
    switch (e.key) {
      case "c": submit("clean"); break;
      case "n": submit("phi"); break;
      case "f": openPicker(); break;
      case "u": undo(); break;
      default: return;
    }
    e.preventDefault();
  });

  document.getElementById("btn-clean").addEventListener("click", () => submit("clean"));
  document.getElementById("btn-next").addEventListener("click", () => submit("phi"));
  document.getElementById("btn-flag").addEventListener("mousedown", (e) => e.preventDefault());  // keep selection
  document.getElementById("btn-flag").addEventListener("click", openPicker);
  document.getElementById("btn-undo").addEventListener("click", undo);
  pickerEl.querySelectorAll("button[data-label]").forEach((b) => {
    b.addEventListener("mousedown", (e) => e.preventDefault());
    b.addEventListener("click", () => addFinding(b.dataset.label));
  });
  document.getElementById("picker-select").addEventListener("change", (e) => { if (e.target.value) addFinding(e.target.value); });

  render();
  noteEl.focus();
})();
