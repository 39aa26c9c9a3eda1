/* Derrick chat page: vanilla JS, no build step.
 *
 * Talks to the same REST routes and /async_chat socket as external clients,
 * authenticated by the session cookie (REST writes send X-CSRFToken).
 * Model text is never inserted as HTML: while streaming it is plain text;
 * once saved, the server's sanitised HTML (markdown + nh3) replaces it.
 */
(() => {
  "use strict";

  const cfg = JSON.parse(document.getElementById("chat-config").textContent);
  const $ = (id) => document.getElementById(id);
  const ZERO_UUID = "00000000-0000-0000-0000-000000000000";
  const STATIC_LOGO = document.querySelector(".brand img").getAttribute("src");

  const els = {
    app: $("app"),
    sidebar: $("sidebar"),
    history: $("history-list"),
    historyEmpty: $("history-empty"),
    title: $("conversation-title"),
    conn: $("conn"),
    agent: $("agent-select"),
    messages: $("messages"),
    inner: $("messages-inner"),
    empty: $("empty-state"),
    composer: $("composer"),
    prompt: $("prompt"),
    send: $("send"),
    stop: $("stop"),
    attach: $("attach"),
    upload: $("upload"),
    uploadInput: $("upload-input"),
    uploadStatus: $("upload-status"),
    rowsTable: $("rows-table"),
    rowsBody: $("rows-body"),
    rowsEmpty: $("rows-empty"),
    detail: $("row-detail"),
    detailTitle: $("row-detail-title"),
    detailBody: $("row-detail-body"),
    detailClose: $("row-detail-close"),
    toasts: $("toasts"),
    drop: $("drop-overlay"),
    renameDialog: $("rename-dialog"),
    renameInput: $("rename-input"),
    deleteDialog: $("delete-dialog"),
    toggleData: $("toggle-data"),
    toggleSidebar: $("toggle-sidebar"),
  };

  // --- helpers -------------------------------------------------------------

  function newUuid() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; getRandomValues does not.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function cookie(name) {
    const hit = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
    return hit ? decodeURIComponent(hit.slice(name.length + 1)) : "";
  }

  function toLogin() {
    window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname);
  }

  async function api(path, { method = "GET", json, body } = {}) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRFToken"] = cookie("csrftoken");
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    }
    const res = await fetch(path, { method, headers, body, credentials: "same-origin" });
    if (res.status === 401) {
      toLogin();
      throw new Error("Your session has ended. Please sign in again.");
    }
    return res;
  }

  async function errorText(res) {
    try {
      const data = await res.json();
      if (typeof data.detail === "string") return data.detail;
      if (Array.isArray(data.detail) && data.detail.length) return data.detail[0].msg || "Invalid request";
    } catch (_) {
      /* not JSON */
    }
    return `${res.status} ${res.statusText}`;
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function toast(message, kind = "info") {
    const item = el("div", { class: `toast toast--${kind}`, text: message });
    els.toasts.append(item);
    setTimeout(() => item.classList.add("is-leaving"), 4500);
    setTimeout(() => item.remove(), 5000);
  }

  // --- state ---------------------------------------------------------------

  const state = {
    id: cfg.conversationId || newUuid(),
    urlSet: Boolean(cfg.conversationId),
    agent: cfg.agentName,
    ws: null,
    retry: 0,
    reconnectTimer: null,
    fatal: false,
    queue: [],
    streaming: false,
    answer: null, // the agent bubble being written
    resyncTimer: null,
    selectedRow: null,
  };

  function ensureUrl() {
    // A new conversation gets its id in the address bar once the server has
    // it (its question is saved, or its upload stored), so a reload lands on
    // the same conversation and resumes; before that /chat/<id> is a 404.
    if (state.urlSet) return;
    window.history.replaceState(null, "", `/chat/${state.id}`);
    state.urlSet = true;
  }

  // --- messages ------------------------------------------------------------

  function nearBottom() {
    const m = els.messages;
    return m.scrollHeight - m.scrollTop - m.clientHeight < 120;
  }

  function scrollToBottom(force = false) {
    if (force || nearBottom()) els.messages.scrollTop = els.messages.scrollHeight;
  }

  function hideEmpty() {
    els.empty.hidden = true;
  }

  function appendUserMessage(text) {
    hideEmpty();
    const node = el("article", { class: "msg msg--user" }, el("div", { class: "msg__bubble", text }));
    els.inner.append(node);
    scrollToBottom(true);
  }

  function agentShell(status) {
    const content = el("div", { class: "msg__content" });
    const body = el("div", { class: "msg__body" }, content);
    const node = el(
      "article",
      { class: "msg msg--agent", "data-status": status },
      el("div", { class: "msg__avatar", "aria-hidden": "true" }, el("img", { src: STATIC_LOGO, alt: "", width: 28, height: 28 })),
      body,
    );
    return { node, body, content };
  }

  function createAnswer() {
    hideEmpty();
    const { node, body, content } = agentShell("streaming");
    content.classList.add("is-streaming");
    const typing = el("span", { class: "typing", "aria-label": "The agent is working" }, el("span"), el("span"), el("span"));
    content.append(typing);
    const text = document.createTextNode("");
    const answer = { node, body, content, text, typing, value: "", pending: "", frame: 0, steps: null, stepsList: null, stepCount: 0 };
    els.inner.append(node);
    scrollToBottom(true);
    return answer;
  }

  function currentAnswer() {
    if (state.answer) return state.answer;
    // A reload shows the checkpointed partial answer; resume replaces it.
    const last = els.inner.querySelector(".msg--agent:last-child");
    if (last && last.dataset.status === "streaming") {
      last.remove();
    }
    state.answer = createAnswer();
    return state.answer;
  }

  function flushText(answer) {
    answer.frame = 0;
    if (!answer.pending) return;
    if (answer.typing) {
      answer.typing.remove();
      answer.typing = null;
      answer.content.append(answer.text);
    }
    const stick = nearBottom();
    answer.text.appendData(answer.pending); // O(chunk): no re-render of the whole text
    answer.pending = "";
    if (stick) scrollToBottom(true);
  }

  function appendText(chunk) {
    const answer = currentAnswer();
    answer.value += chunk;
    answer.pending += chunk;
    // Many chunks can land between two frames: paint them once.
    if (!answer.frame) answer.frame = requestAnimationFrame(() => flushText(answer));
  }

  function replaceText(textSoFar) {
    const answer = currentAnswer();
    if (answer.frame) cancelAnimationFrame(answer.frame);
    answer.frame = 0;
    answer.value = textSoFar;
    answer.pending = "";
    if (answer.typing && textSoFar) {
      answer.typing.remove();
      answer.typing = null;
      answer.content.append(answer.text);
    }
    answer.text.data = textSoFar;
    scrollToBottom();
  }

  function addStep(line) {
    const answer = currentAnswer();
    if (!answer.steps) {
      answer.stepsList = el("ol", { class: "steps__list" });
      answer.stepsSummary = el("summary", { text: "Working…" });
      answer.steps = el("details", { class: "steps", open: true }, answer.stepsSummary, answer.stepsList);
      answer.body.insertBefore(answer.steps, answer.content);
    }
    answer.stepCount += 1;
    answer.stepsList.querySelectorAll("li.is-current").forEach((li) => li.classList.remove("is-current"));
    answer.stepsList.append(el("li", { class: "is-current", text: line }));
    scrollToBottom();
  }

  function showError(message) {
    hideEmpty();
    const answer = state.answer;
    if (answer && !answer.value) {
      // Nothing was written: the error takes the answer's place.
      if (!answer.steps) answer.node.remove();
      else if (answer.typing) answer.typing.remove();
    }
    const node = el(
      "article",
      { class: "msg msg--error", role: "alert" },
      el("div", { class: "msg__bubble" }, el("strong", { text: "Something went wrong. " }), document.createTextNode(message || "The question could not be answered.")),
    );
    els.inner.append(node);
    scrollToBottom(true);
  }

  async function finishAnswer(messageId) {
    const answer = state.answer;
    state.answer = null;
    setStreaming(false);
    if (!answer) return;
    if (answer.frame) {
      cancelAnimationFrame(answer.frame);
      flushText(answer);
    }
    if (answer.typing) answer.typing.remove();
    answer.content.classList.remove("is-streaming");
    answer.node.dataset.status = "complete";
    if (answer.steps) {
      answer.steps.open = false;
      answer.stepsList.querySelectorAll("li.is-current").forEach((li) => li.classList.remove("is-current"));
      answer.stepsSummary.textContent = answer.stepCount === 1 ? "1 step" : `${answer.stepCount} steps`;
    }
    if (!answer.value && !answer.steps && !messageId) {
      answer.node.remove();
      return;
    }
    if (messageId === null || messageId === undefined) return;
    answer.node.dataset.messageId = String(messageId);
    try {
      const res = await api(cfg.messageHtmlUrl + encodeURIComponent(messageId));
      if (!res.ok) return;
      const data = await res.json();
      // Sanitised on the server (markdown + nh3): safe to insert.
      answer.content.innerHTML = data.html;
      answer.content.classList.add("markdown");
      answer.node.dataset.status = data.status;
      if (data.status === "stopped") answer.body.append(el("p", { class: "msg__note", text: "Stopped before the answer was complete." }));
    } catch (_) {
      /* the plain text stays */
    }
  }

  async function resync() {
    // The stream was lost and no resume came: the answer ended while we were
    // away. Show the conversation as saved.
    state.resyncTimer = null;
    try {
      const res = await api(cfg.messagesUrl.replace(ZERO_UUID, state.id));
      if (!res.ok) return;
      const data = await res.json();
      state.answer = null;
      setStreaming(false);
      els.inner.querySelectorAll(".msg").forEach((n) => n.remove());
      for (const m of data.messages) {
        if (m.is_user) {
          els.inner.append(el("article", { class: "msg msg--user", "data-message-id": m.id }, el("div", { class: "msg__bubble", text: m.text })));
        } else {
          const { node, content } = agentShell(m.status);
          node.dataset.messageId = m.id;
          content.classList.add("markdown");
          content.innerHTML = m.html; // sanitised on the server
          els.inner.append(node);
        }
      }
      els.empty.hidden = data.messages.length > 0 || els.inner.querySelector(".msg") !== null;
      scrollToBottom(true);
      refreshRows();
      refreshHistory();
    } catch (_) {
      /* next reconnect tries again */
    }
  }

  // --- streaming state and the composer ------------------------------------

  function setStreaming(on) {
    state.streaming = on;
    els.stop.hidden = !on;
    els.stop.disabled = false;
    els.send.hidden = on;
    els.agent.disabled = on;
    els.messages.setAttribute("aria-busy", on ? "true" : "false");
  }

  function autosize() {
    els.prompt.style.height = "auto";
    els.prompt.style.height = Math.min(els.prompt.scrollHeight, 220) + "px";
  }

  function submitPrompt() {
    const text = els.prompt.value.trim();
    if (!text || state.streaming) return;
    appendUserMessage(text);
    state.answer = createAnswer();
    setStreaming(true);
    sendFrame({ type: "message", content: text });
    els.prompt.value = "";
    autosize();
  }

  els.composer.addEventListener("submit", (e) => {
    e.preventDefault();
    submitPrompt();
  });
  els.prompt.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submitPrompt();
    }
  });
  els.prompt.addEventListener("input", autosize);
  els.stop.addEventListener("click", () => {
    els.stop.disabled = true;
    sendFrame({ type: "stop" });
  });
  document.querySelectorAll("[data-suggestion]").forEach((chip) =>
    chip.addEventListener("click", () => {
      els.prompt.value = chip.dataset.suggestion;
      autosize();
      els.prompt.focus();
    }),
  );

  // --- the socket ------------------------------------------------------------

  function setConn(kind, text) {
    els.conn.dataset.state = kind;
    els.conn.querySelector(".conn__text").textContent = text;
  }

  function socketUrl() {
    const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
    const q = new URLSearchParams({ conversationID: state.id, keep_open: "1" });
    if (state.agent) q.set("agentName", state.agent);
    return `${proto}//${window.location.host}${cfg.socketPath}?${q}`;
  }

  function connect() {
    clearTimeout(state.reconnectTimer);
    state.reconnectTimer = null;
    if (state.fatal) return;
    const ws = new WebSocket(socketUrl());
    state.ws = ws;
    setConn("connecting", state.retry ? "Reconnecting…" : "Connecting…");
    ws.addEventListener("open", () => {
      if (ws !== state.ws) return;
      state.retry = 0;
      setConn("online", "Connected");
      if (state.streaming && !state.queue.length) {
        // We lost the stream mid-answer: resume comes first if it still runs.
        clearTimeout(state.resyncTimer);
        state.resyncTimer = setTimeout(resync, 1500);
      }
      while (state.queue.length && ws.readyState === WebSocket.OPEN) ws.send(state.queue.shift());
    });
    ws.addEventListener("message", (e) => {
      if (ws !== state.ws) return;
      let event;
      try {
        event = JSON.parse(e.data);
      } catch (_) {
        return;
      }
      handleEvent(event);
    });
    ws.addEventListener("close", (e) => {
      if (ws !== state.ws) return;
      state.ws = null;
      if (e.code === 1008) {
        setConn("error", "Signed out");
        toLogin();
        return;
      }
      if (e.code === 4400 || e.code === 4404) {
        state.fatal = true;
        setConn("error", "Not connected");
        setStreaming(false);
        return;
      }
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    if (state.reconnectTimer || state.fatal) return;
    const base = Math.min(15000, 500 * 2 ** state.retry);
    const delay = base * (0.75 + Math.random() * 0.5);
    state.retry += 1;
    setConn("offline", "Reconnecting…");
    state.reconnectTimer = setTimeout(connect, delay);
  }

  function reconnectNow() {
    if (state.ws && state.ws.readyState <= WebSocket.OPEN) return;
    state.retry = 0;
    connect();
  }

  function sendFrame(frame) {
    const data = JSON.stringify(frame);
    if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(data);
    else {
      state.queue.push(data);
      reconnectNow();
    }
  }

  function switchAgent(label) {
    state.agent = label;
    if (!state.ws && !state.urlSet && !state.queue.length) return; // connects with the first question
    const old = state.ws;
    state.ws = null;
    if (old) old.close(1000);
    state.fatal = false;
    state.retry = 0;
    connect();
  }

  // Events that say the server holds this conversation (its question was saved).
  const SAVED_EVENTS = new Set(["resume", "on_chat_model_stream", "log", "artifact", "title", "done"]);

  function handleEvent(event) {
    if (SAVED_EVENTS.has(event.event_type)) ensureUrl();
    switch (event.event_type) {
      case "resume":
        clearTimeout(state.resyncTimer);
        setStreaming(true);
        replaceText(event.content || "");
        break;
      case "on_chat_model_stream":
        if (!state.streaming) setStreaming(true);
        appendText(event.content || "");
        break;
      case "log":
        if (!state.streaming) setStreaming(true);
        addStep(event.content || "");
        break;
      case "artifact":
        refreshRows(event.rowid);
        if (!els.app.classList.contains("show-data")) els.toggleData.classList.add("has-news");
        break;
      case "title":
        setTitle(event.content || "");
        break;
      case "error":
        showError(event.content);
        if (!state.streaming) setStreaming(false);
        break;
      case "done":
        clearTimeout(state.resyncTimer);
        finishAnswer(event.message_id);
        refreshHistory();
        break;
      default:
        break; // on_chat_model_end, conversation: nothing to show
    }
  }

  // --- history -------------------------------------------------------------

  function setTitle(title) {
    if (!title) return;
    els.title.textContent = title;
    document.title = `${title} · Derrick`;
    const item = els.history.querySelector(`[data-id="${CSS.escape(state.id)}"] .history-item__title`);
    if (item) item.textContent = title;
    else refreshHistory();
  }

  const SHORT_DATE = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  const SHORT_TIME = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

  function shortWhen(iso) {
    // In the reader's time zone: today's chats show the time, older ones the day.
    const when = new Date(iso);
    if (isNaN(when)) return "";
    return when.toDateString() === new Date().toDateString() ? SHORT_TIME.format(when) : SHORT_DATE.format(when);
  }
  const ICONS = {
    rename: '<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M13.6 3.6a2 2 0 0 1 2.8 2.8L7 15.8l-3.6.8.8-3.6z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>',
    delete: '<svg viewBox="0 0 20 20" aria-hidden="true"><path d="M4 6h12M8 6V4h4v2M6 6l.7 10h6.6L14 6" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  };

  function historyItem(item) {
    const active = item.conversation_id === state.id;
    const link = el(
      "a",
      { class: "history-item__link", href: `/chat/${item.conversation_id}`, "aria-current": active ? "page" : null },
      el("span", { class: "history-item__title", text: item.title_summary }),
      el("time", { class: "history-item__time", datetime: item.ts, text: shortWhen(item.ts) }),
    );
    const actions = el("div", { class: "history-item__actions" });
    for (const [action, label] of [["rename", "Rename"], ["delete", "Delete"]]) {
      const b = el("button", { type: "button", class: "icon-btn", "data-action": action, "aria-label": `${label} “${item.title_summary}”`, title: label });
      b.innerHTML = ICONS[action]; // a constant icon, no user text
      actions.append(b);
    }
    return el("li", { class: "history-item" + (active ? " is-active" : ""), "data-id": item.conversation_id }, link, actions);
  }

  async function refreshHistory() {
    try {
      const res = await api("/history/");
      if (!res.ok) return;
      const items = await res.json();
      els.history.replaceChildren(...items.map(historyItem));
      els.historyEmpty.hidden = items.length > 0;
      const mine = items.find((i) => i.conversation_id === state.id);
      if (mine && mine.title_summary && els.title.textContent !== mine.title_summary) {
        els.title.textContent = mine.title_summary;
        document.title = `${mine.title_summary} · Derrick`;
      }
    } catch (_) {
      /* keep the list we have */
    }
  }

  let dialogTarget = null;

  els.history.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-action]");
    if (!button) return;
    const li = button.closest(".history-item");
    dialogTarget = li.dataset.id;
    const title = li.querySelector(".history-item__title").textContent;
    if (button.dataset.action === "rename") {
      els.renameInput.value = title;
      els.renameDialog.showModal();
      els.renameInput.select();
    } else {
      $("delete-text").textContent = `“${title}”, its messages, uploaded files and results are removed for good.`;
      els.deleteDialog.showModal();
    }
  });

  els.renameDialog.addEventListener("close", async () => {
    if (els.renameDialog.returnValue !== "ok" || !dialogTarget) return;
    const title = els.renameInput.value.trim();
    if (!title) return;
    try {
      const res = await api(`/history/${dialogTarget}`, { method: "PATCH", json: { title_summary: title } });
      if (!res.ok) throw new Error(await errorText(res));
      if (dialogTarget === state.id) setTitle(title);
      await refreshHistory();
      toast("Conversation renamed");
    } catch (err) {
      toast(`Could not rename: ${err.message}`, "error");
    }
  });

  els.deleteDialog.addEventListener("close", async () => {
    if (els.deleteDialog.returnValue !== "ok" || !dialogTarget) return;
    const target = dialogTarget;
    try {
      const res = await api(`/history/${target}`, { method: "DELETE" });
      if (!res.ok && res.status !== 404) throw new Error(await errorText(res));
      if (target === state.id) {
        window.location.href = "/chat/";
        return;
      }
      await refreshHistory();
      toast("Conversation deleted");
    } catch (err) {
      toast(`Could not delete: ${err.message}`, "error");
    }
  });

  // --- the running table ---------------------------------------------------

  function rowNode(row, fresh) {
    return el(
      "tr",
      { "data-rowid": row.rowid, class: [fresh ? "is-new" : "", row.rowid === state.selectedRow ? "is-selected" : ""].join(" ").trim() || null },
      el("td", { class: "rows__id", text: String(row.rowid) }),
      el("td", {}, el("span", { class: `tag tag--${row.type}`, text: row.type })),
      el("td", {}, el("button", { type: "button", class: "rows__open", text: row.description })),
    );
  }

  async function refreshRows(freshRowid) {
    try {
      const res = await api(`/db/${state.id}`);
      if (!res.ok) return;
      const rows = await res.json();
      els.rowsBody.replaceChildren(...rows.map((r) => rowNode(r, r.rowid === freshRowid)));
      els.rowsTable.hidden = rows.length === 0;
      els.rowsEmpty.hidden = rows.length > 0;
      if (freshRowid) {
        const node = els.rowsBody.querySelector(`tr[data-rowid="${freshRowid}"]`);
        if (node) node.scrollIntoView({ block: "nearest" });
      }
    } catch (_) {
      /* keep the table we have */
    }
  }

  function previewTable(preview) {
    const head = el("tr", {}, ...preview.columns.map((c) => el("th", { scope: "col", text: String(c) })));
    const body = preview.rows.map((r) => el("tr", {}, ...r.map((v) => el("td", { text: v === null ? "" : String(v) }))));
    return el("div", { class: "preview" }, el("table", { class: "preview__table" }, el("thead", {}, head), el("tbody", {}, ...body)));
  }

  async function openRow(rowid) {
    state.selectedRow = rowid;
    els.rowsBody.querySelectorAll("tr").forEach((tr) => tr.classList.toggle("is-selected", Number(tr.dataset.rowid) === rowid));
    els.detail.hidden = false;
    els.detailTitle.textContent = `Row ${rowid}`;
    els.detailBody.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
    try {
      const res = await api(`/db/${state.id}/${rowid}`);
      if (!res.ok) throw new Error(await errorText(res));
      const row = await res.json();
      els.detailTitle.textContent = `Row ${row.rowid} · ${row.type}`;
      const parts = [el("p", { class: "row-detail__desc", text: row.description })];
      if (row.type === "chart" && row.url) {
        const img = el("img", { src: row.url, alt: row.description });
        const full = el("a", { href: row.url, target: "_blank", rel: "noopener", title: "Open full size" }, img);
        parts.push(el("figure", { class: "chart" }, full));
      }
      if (row.preview && Array.isArray(row.preview.columns) && row.preview.columns.length) {
        parts.push(previewTable(row.preview));
        parts.push(el("p", { class: "muted small", text: `Showing ${row.preview.rows.length} row${row.preview.rows.length === 1 ? "" : "s"}${row.preview.rows.length >= 50 ? " (first 50)" : ""}.` }));
      }
      if (row.url) {
        parts.push(el("a", { class: "btn btn--secondary btn--download", href: row.url, download: "", rel: "noopener" }, "Download"));
      }
      els.detailBody.replaceChildren(...parts);
      els.detail.focus();
    } catch (err) {
      els.detailBody.replaceChildren(el("p", { class: "field__error", text: `Could not open the row: ${err.message}` }));
    }
  }

  els.rowsBody.addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-rowid]");
    if (tr) openRow(Number(tr.dataset.rowid));
  });
  els.detailClose.addEventListener("click", () => {
    els.detail.hidden = true;
    state.selectedRow = null;
    els.rowsBody.querySelectorAll("tr.is-selected").forEach((tr) => tr.classList.remove("is-selected"));
  });

  // --- upload ----------------------------------------------------------------

  async function uploadFile(file) {
    if (!file) return;
    els.uploadStatus.hidden = false;
    els.uploadStatus.className = "upload-status";
    els.uploadStatus.textContent = `Uploading ${file.name}…`;
    els.upload.disabled = true;
    const form = new FormData();
    form.append("file", file);
    try {
      const res = await api(`/upload/${state.id}`, { method: "POST", body: form });
      if (!res.ok) throw new Error(await errorText(res));
      const data = await res.json();
      ensureUrl();
      reconnectNow(); // the conversation exists now: hear its other tabs' answers
      els.uploadStatus.textContent = `${file.name} uploaded as row ${data.file_path_db_rowid}.`;
      els.uploadStatus.classList.add("upload-status--ok");
      await Promise.all([refreshRows(data.file_path_db_rowid), refreshHistory()]);
      setTimeout(() => {
        els.uploadStatus.hidden = true;
      }, 4000);
    } catch (err) {
      els.uploadStatus.textContent = `Upload failed: ${err.message}.`;
      els.uploadStatus.classList.add("upload-status--error");
    } finally {
      els.upload.disabled = false;
      els.uploadInput.value = "";
    }
  }

  els.upload.addEventListener("click", () => els.uploadInput.click());
  els.attach.addEventListener("click", () => els.uploadInput.click());
  els.uploadInput.addEventListener("change", () => uploadFile(els.uploadInput.files[0]));

  let dragDepth = 0;
  const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files");
  window.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    dragDepth += 1;
    els.drop.hidden = false;
  });
  window.addEventListener("dragleave", () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) els.drop.hidden = true;
  });
  window.addEventListener("dragover", (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  window.addEventListener("drop", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    els.drop.hidden = true;
    uploadFile(e.dataTransfer.files[0]);
  });

  // --- layout toggles ------------------------------------------------------

  function toggle(button, cls) {
    const open = !els.app.classList.contains(cls);
    button.classList.remove("has-news");
    els.app.classList.toggle(cls, open);
    button.setAttribute("aria-expanded", String(open));
  }
  els.toggleData.addEventListener("click", () => toggle(els.toggleData, "show-data"));
  $("close-data").addEventListener("click", () => {
    toggle(els.toggleData, "show-data");
    els.toggleData.focus();
  });
  document.addEventListener("keydown", (e) => {
    // Escape closes an overlaid panel (narrow screens); dialogs close themselves.
    if (e.key !== "Escape" || document.querySelector("dialog[open]")) return;
    if (els.app.classList.contains("show-data")) toggle(els.toggleData, "show-data");
    if (els.app.classList.contains("show-sidebar")) toggle(els.toggleSidebar, "show-sidebar");
  });
  els.toggleSidebar.addEventListener("click", () => toggle(els.toggleSidebar, "show-sidebar"));
  els.agent.addEventListener("change", () => switchAgent(els.agent.value));

  // --- start -----------------------------------------------------------------

  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") reconnectNow();
  });
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) reconnectNow();
  });

  els.history.querySelectorAll("time[datetime]").forEach((t) => {
    t.textContent = shortWhen(t.getAttribute("datetime"));
  });
  setStreaming(false);
  autosize();
  scrollToBottom(true);
  // A new conversation opens no socket (which would make it on the server)
  // until its first question: visiting /chat/ leaves nothing behind.
  if (cfg.isSaved) connect();
  else setConn("idle", "New conversation");
  els.prompt.focus();
})();
