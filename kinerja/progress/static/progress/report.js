/* The report form on a phone (progress/report.html): nothing typed is lost, photos go up small, uploads retry.
 *
 * - Offline: the service worker (core/offline.py) keeps this page, so it opens without a connection too; the draft
 *   below is offered back and saved once the connection returns (restoring it takes the version it was typed on).
 * - Draft: every change is kept in localStorage (key: user, IKI, period) and saved to the server in the background
 *   (debounced, with the lock version the page saw). A 409 shows both versions and lets the user choose; a network
 *   failure keeps the draft on the device and tries again. A draft left on the device (a closed tab, a dropped
 *   connection) is offered back when the page opens with other text.
 * - Evidence: each chosen file is uploaded at once with its own progress bar; photos are redrawn on a canvas
 *   (EXIF orientation applied by createImageBitmap) with the long edge at most 1600 px, as JPEG quality 0.8.
 *   Every upload carries a token (crypto.randomUUID) chosen once: a retry sends the same token, so the server
 *   never stores it twice. A refusal (size, type) is shown beside the file.
 * Without JavaScript the form posts everything at once (progress/views/report.py).
 */
(() => {
  "use strict";

  const MAX_EDGE = 1600;
  const QUALITY = 0.8;
  const DEBOUNCE_MS = 1200;
  const RETRY_MS = 10000;
  const FIELDS = ["value", "value_text", "notes"];
  const RESIZABLE = /^image\/(jpeg|png|webp|heic|heif|bmp)$/;

  const state = { form: null, base: null, timer: null, saving: false, again: false, dirty: false, conflict: null,
    submitter: null, uploads: new Map() };

  const theForm = () => state.form;
  const text = (key) => document.querySelector("[data-i18n]")?.dataset[key] || "";
  const csrf = () => theForm().querySelector("input[name=csrfmiddlewaretoken]").value;
  const lockInput = () => theForm().elements.lock_version;
  const read = () => Object.fromEntries(FIELDS.filter((n) => theForm().elements[n])
    .map((n) => [n, theForm().elements[n].value]));
  const write = (values) => FIELDS.forEach((n) => {
    const input = theForm().elements[n];
    if (input && values[n] !== undefined && values[n] !== null) input.value = values[n];
  });
  const same = (a, b) => FIELDS.every((n) => !theForm().elements[n] || (a[n] ?? "") === (b[n] ?? ""));
  const status = (message) => {
    const box = theForm().querySelector("[data-save-status]");
    if (box) box.textContent = message;
  };
  const clock = (when) => new Date(when).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const newToken = () => (window.crypto?.randomUUID ? window.crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (window.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)));

  // --- the draft on the device -------------------------------------------------------------------------------------
  const draftKey = () => theForm().dataset.draftKey;
  const keepLocal = () => {
    try {
      localStorage.setItem(draftKey(), JSON.stringify({ ...read(), savedAt: Date.now(),
        lock: lockInput().value, page: window.location.pathname, title: document.title }));
    } catch (error) { /* private mode or full storage: the server copy still works */ }
  };
  const localDraft = () => {
    try { return JSON.parse(localStorage.getItem(draftKey()) || "null"); } catch (error) { return null; }
  };
  const dropLocal = () => { try { localStorage.removeItem(draftKey()); } catch (error) { /* nothing kept */ } };

  // --- the draft on the server -------------------------------------------------------------------------------------
  const showStatus = (report) => {
    const pill = document.querySelector(".report-head [data-testid=report-status]");
    if (!pill || !report.status || !report.status_label || pill.dataset.status === report.status) return;
    const icon = document.createElement("i");
    icon.className = "bi bi-pencil";
    pill.className = `progress-status status-${report.status}`;
    pill.dataset.status = report.status;
    pill.replaceChildren(icon, ` ${report.status_label}`);
  };

  const adopt = (report) => {
    if (!report) return;
    showStatus(report);
    if (report.lock_version !== null && report.lock_version !== undefined) lockInput().value = report.lock_version;
    state.base = report;
  };

  const showConflict = (theirs) => {
    state.conflict = theirs;
    const box = document.querySelector("[data-conflict]");
    const describe = (values) => {
      const list = document.createElement("dl");
      list.className = "mb-0";
      [["value", text("valueLabel")], ["value_text", text("textLabel")], ["notes", text("notesLabel")]]
        .filter(([name]) => theForm().elements[name])
        .forEach(([name, label]) => {
          const term = document.createElement("dt");
          term.textContent = label;
          const detail = document.createElement("dd");
          detail.className = "conflict-text";
          detail.textContent = values[name] || "—";
          list.append(term, detail);
        });
      return list;
    };
    box.querySelector("[data-conflict-mine]").replaceChildren(describe(read()));
    box.querySelector("[data-conflict-theirs]").replaceChildren(describe(theirs));
    box.hidden = false;
    box.scrollIntoView({ behavior: "smooth", block: "center" });
  };

  const autosave = async () => {
    window.clearTimeout(state.timer);
    if (state.conflict || theForm()?.dataset.editable !== "1") return;
    if (state.saving) { state.again = true; return; }
    state.saving = true;
    status(text("saving"));
    const body = new FormData();
    Object.entries(read()).forEach(([name, value]) => body.append(name, value));
    body.append("lock_version", lockInput().value);
    const sent = read();
    try {
      const response = await fetch(theForm().dataset.autosaveUrl, { method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" } });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        adopt(data.report);
        if (same(read(), sent)) { state.dirty = false; dropLocal(); }
        status(`${text("saved")} · ${clock(Date.now())}`);
      } else if (response.status === 409 && data.server) {
        if (state.base && same(data.server, state.base)) {
          adopt(data.server); // only the version moved (an upload of this page started the report): save again
          state.again = true;
        } else {
          showConflict(data.server);
        }
      } else if (response.status === 422) {
        status(data.detail || "");
      } else {
        status(text("savedLocal"));
      }
    } catch (error) {
      status(text("savedLocal"));
    } finally {
      state.saving = false;
    }
    if (state.again) { state.again = false; autosave(); return; }
    if (state.submitter) {
      const submitter = state.submitter;
      state.submitter = null;
      theForm().requestSubmit(submitter);
    }
  };

  const changed = () => {
    state.dirty = true;
    keepLocal();
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(autosave, DEBOUNCE_MS);
  };

  // --- evidence uploads --------------------------------------------------------------------------------------------
  const sizeText = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`);

  const shrink = async (file) => {
    if (!RESIZABLE.test(file.type) || !("createImageBitmap" in window)) return file;
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
      const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.type !== "image/jpeg" && file.type !== "image/heic") { bitmap.close(); return file; }
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
      if (!blob) return file;
      const name = `${file.name.replace(/\.[^.]*$/, "") || "foto"}.jpg`;
      return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
    } catch (error) {
      return file; // the browser cannot draw it: send the original, the server decides
    }
  };

  const render = (item) => {
    const row = item.row;
    row.dataset.state = item.state;
    row.querySelector("[data-upload-name]").textContent = item.name;
    row.querySelector("[data-upload-size]").textContent = item.file ? sizeText(item.file.size) : "";
    const bar = row.querySelector("[data-upload-bar]");
    bar.style.width = `${Math.round(item.progress * 100)}%`;
    bar.classList.toggle("bg-danger", item.state === "failed" || item.state === "refused");
    bar.classList.toggle("bg-success", item.state === "done");
    const message = row.querySelector("[data-upload-message]");
    message.textContent = item.message;
    message.className = `small mt-1 ${item.state === "failed" || item.state === "refused" ? "text-danger" : "text-muted"}`;
    row.querySelector("[data-upload-retry]").hidden = item.state !== "failed";
    row.querySelector("[data-upload-dismiss]").hidden = item.state !== "refused";
  };

  const addToList = (evidence) => {
    const list = document.querySelector("[data-evidence-list]");
    list.querySelector("[data-evidence-empty]")?.remove();
    const row = document.createElement("li");
    row.className = "evidence-item";
    row.dataset.evidence = evidence.id;
    row.setAttribute("data-testid", "evidence-item");
    const icon = document.createElement("i");
    icon.className = `bi bi-${evidence.kind === "link" ? "link-45deg" : "file-earmark-check"} evidence-icon`;
    const body = document.createElement("div");
    body.className = "min-w-0 flex-grow-1";
    const name = document.createElement("div");
    name.className = "text-truncate fw-semibold";
    const anchor = document.createElement("a");
    anchor.href = evidence.kind === "link" ? evidence.url : evidence.file_url;
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
    anchor.textContent = evidence.kind === "link" ? (evidence.caption || evidence.url) : evidence.name;
    name.append(anchor);
    const meta = document.createElement("div");
    meta.className = "small text-muted";
    meta.textContent = `${evidence.kind === "file" ? `${sizeText(evidence.size)} · ` : ""}${text("uploaded")}`;
    body.append(name, meta);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn btn-sm btn-outline-danger";
    remove.dataset.deleteEvidence = evidence.delete_url;
    remove.setAttribute("aria-label", text("confirmRemove"));
    remove.innerHTML = '<i class="bi bi-trash"></i>';
    row.append(icon, body, remove);
    if (evidence.replaces) list.querySelector(`[data-evidence="${evidence.replaces}"]`)?.remove();
    list.append(row);
  };

  const send = (item) => new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", theForm().dataset.uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrf());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.timeout = 120000;
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) { item.progress = Math.min(0.98, event.loaded / event.total); render(item); }
    });
    const answer = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText || "{}"); } catch (error) { data = {}; }
      resolve({ status: xhr.status, data });
    };
    xhr.addEventListener("load", answer);
    xhr.addEventListener("error", () => resolve({ status: 0, data: {} }));
    xhr.addEventListener("timeout", () => resolve({ status: 0, data: {} }));
    xhr.addEventListener("abort", () => resolve({ status: 0, data: {} }));
    const body = new FormData();
    if (item.file) body.append("file", item.file, item.file.name);
    if (item.url) { body.append("url", item.url); body.append("caption", item.caption || ""); }
    body.append("client_token", item.token);
    if (item.replaces) body.append("replaces", item.replaces);
    xhr.send(body);
  });

  const upload = async (item) => {
    item.state = "uploading";
    item.progress = 0.02;
    item.message = text("uploading");
    render(item);
    const { status: code, data } = await send(item);
    if (code === 201 || code === 200) {
      item.state = "done";
      item.progress = 1;
      item.message = text("uploaded");
      render(item);
      adopt(data.report); // the upload may have started the report: later saves go against its version
      addToList(data.evidence);
      window.setTimeout(() => { item.row.remove(); state.uploads.delete(item.token); }, 1200);
    } else if (code >= 400 && code < 500 && code !== 408 && code !== 409 && code !== 429) {
      item.state = "refused";
      item.message = data.detail || text("failed");
      render(item);
    } else {
      item.state = "failed";
      item.message = text("failed");
      render(item);
    }
  };

  const enqueue = async (file, link, replaces) => {
    const template = document.querySelector("[data-upload-template]");
    const row = template.content.firstElementChild.cloneNode(true);
    const item = { token: newToken(), file: null, name: file ? file.name : link.caption || link.url, url: link?.url,
      caption: link?.caption, replaces, row, state: "preparing", progress: 0, message: "" };
    row.dataset.token = item.token;
    state.uploads.set(item.token, item);
    document.querySelector("[data-upload-list]").append(row);
    if (file) {
      const limit = Number(theForm().dataset.maxBytes || 0);
      item.message = file.type.startsWith("image/") ? text("resizing") : "";
      render(item);
      item.file = await shrink(file);
      item.name = item.file.name;
      if (item.file.size === 0) {
        item.state = "refused"; item.message = text("empty"); render(item); return;
      }
      if (limit && item.file.size > limit) {
        item.state = "refused"; item.message = text("tooLarge"); render(item); return;
      }
    }
    await upload(item);
  };

  const busyUploads = () => [...state.uploads.values()]
    .filter((item) => ["preparing", "uploading", "failed"].includes(item.state)).length;

  // --- wiring (delegated from document) -----------------------------------------------------------------------------
  document.addEventListener("DOMContentLoaded", () => {
    state.form = document.querySelector("[data-report-form]");
    if (!state.form) return;
    document.documentElement.classList.add("has-js");
    try { state.base = JSON.parse(document.getElementById("report-state").textContent); } catch (error) {
      state.base = null;
    }
    if (state.form.dataset.editable !== "1") { dropLocal(); return; }
    const local = localDraft();
    if (local && !same(local, read())) {
      const box = document.querySelector("[data-restore]");
      box.querySelector("[data-restore-time]").textContent = new Date(local.savedAt).toLocaleString();
      box.hidden = false;
    } else if (local) {
      dropLocal();
    }
    window.setInterval(() => {
      if (state.dirty && !state.saving && !state.conflict && navigator.onLine !== false) autosave();
    }, RETRY_MS);
  });

  document.addEventListener("input", (event) => {
    if (!theForm() || event.target.form !== theForm() || !FIELDS.includes(event.target.name)) return;
    changed();
  });

  document.addEventListener("change", (event) => {
    const input = event.target.closest?.("[data-evidence-input]");
    if (!input || !theForm()) return;
    const files = [...input.files];
    input.value = ""; // the script sends them: the form must not send them again
    files.forEach((file) => enqueue(file, null, input.dataset.replaces));
  });

  document.addEventListener("click", (event) => {
    if (!theForm()) return;
    const target = event.target;
    if (target.closest("[data-restore-use]")) {
      const local = localDraft();
      if (local) write(local);
      // the draft was typed on top of the version it recorded: a page the service worker kept offline may show an
      // older one, and saving against the draft's own version keeps a real conflict (another device) detectable
      if (local && local.lock !== undefined && local.lock !== null && local.lock !== "") lockInput().value = local.lock;
      document.querySelector("[data-restore]").hidden = true;
      changed();
      autosave();
    } else if (target.closest("[data-restore-discard]")) {
      dropLocal();
      document.querySelector("[data-restore]").hidden = true;
    } else if (target.closest("[data-conflict-keep]")) {
      const theirs = state.conflict;
      const keep = target.closest("[data-conflict-keep]").dataset.conflictKeep;
      state.conflict = null;
      document.querySelector("[data-conflict]").hidden = true;
      adopt(theirs);
      if (keep === "theirs") {
        write(theirs);
        state.dirty = false;
        dropLocal();
        status(`${text("saved")} · ${clock(Date.now())}`);
      } else {
        changed();
        autosave();
      }
    } else if (target.closest("[data-upload-retry]")) {
      const item = state.uploads.get(target.closest("[data-token]").dataset.token);
      if (item) upload(item); // the same token: the server keeps one copy whatever happened the first time
    } else if (target.closest("[data-upload-dismiss]")) {
      const row = target.closest("[data-token]");
      state.uploads.delete(row.dataset.token);
      row.remove();
    } else if (target.closest("[data-add-link]")) {
      const url = theForm().elements.link_url;
      const caption = theForm().elements.link_caption;
      if (!url.value.trim()) { url.focus(); return; }
      enqueue(null, { url: url.value.trim(), caption: caption.value.trim() });
      url.value = "";
      caption.value = "";
    } else if (target.closest("[data-delete-evidence]")) {
      event.preventDefault();
      const button = target.closest("[data-delete-evidence]");
      if (!window.confirm(text("confirmRemove"))) return;
      button.disabled = true;
      fetch(button.dataset.deleteEvidence, { method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" } })
        .then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          button.closest("[data-evidence]").remove();
          status(text("removed"));
        })
        .catch(() => { button.disabled = false; status(text("failed")); });
    }
  });

  document.addEventListener("submit", (event) => {
    if (event.target !== theForm()) return;
    if (busyUploads()) {
      event.preventDefault();
      status(text("waitUploads"));
      document.querySelector("[data-upload-list]").scrollIntoView({ behavior: "smooth", block: "center" });
      return;
    }
    window.clearTimeout(state.timer);
    if (state.saving) { // a background save is on its way: submit with the version it brings back
      event.preventDefault();
      state.submitter = event.submitter;
      return;
    }
    keepLocal(); // until the next page shows the server has it
  });
})();
