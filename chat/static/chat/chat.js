/* Derrick chat page: vanilla JS, no build step.
 *
 * Talks to the same REST routes and /async_chat socket as external clients,
 * authenticated by the session cookie (REST writes send X-CSRFToken).
 * Model text is never inserted as HTML: while streaming it is drawn by
 * markdown.js, which builds DOM nodes itself; once saved, the server's
 * sanitised HTML (markdown + nh3) replaces it.
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
    files: $("composer-files"),
    zoomDialog: $("zoom-dialog"),
    zoomImage: $("zoom-image"),
    zoomTitle: $("zoom-title"),
    zoomDownload: $("zoom-download"),
    search: $("search"),
    searchResults: $("search-results"),
    exportMenu: $("export-menu"),
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

  // Constant icons (never user text), set with innerHTML.
  const SVG = (path) => `<svg viewBox="0 0 20 20" aria-hidden="true">${path}</svg>`;
  const LINE = 'fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"';
  const ICONS = {
    rename: SVG(`<path d="M13.6 3.6a2 2 0 0 1 2.8 2.8L7 15.8l-3.6.8.8-3.6z" ${LINE}/>`),
    delete: SVG(`<path d="M4 6h12M8 6V4h4v2M6 6l.7 10h6.6L14 6" ${LINE}/>`),
    copy: SVG(`<rect x="7" y="7" width="9" height="9" rx="1.6" ${LINE}/><path d="M13 7V5.6A1.6 1.6 0 0 0 11.4 4H5.6A1.6 1.6 0 0 0 4 5.6v5.8A1.6 1.6 0 0 0 5.6 13H7" ${LINE}/>`),
    regenerate: SVG(`<path d="M16 10a6 6 0 1 1-1.8-4.3M16 4v3.5h-3.5" ${LINE}/>`),
    userinput: SVG(`<path d="M11.5 3H6a1.5 1.5 0 0 0-1.5 1.5v11A1.5 1.5 0 0 0 6 17h8a1.5 1.5 0 0 0 1.5-1.5V7z M11.5 3v4h4" ${LINE}/>`),
    table: SVG(`<rect x="3.5" y="4" width="13" height="12" rx="1.5" ${LINE}/><path d="M3.5 8h13M3.5 12h13M8 8v8" ${LINE}/>`),
    chart: SVG(`<path d="M4 16V4M4 16h12M7 13l3-4 2.5 2.5L16 7" ${LINE}/>`),
    result: SVG(`<path d="M5 4h10v12H5zM8 8h4M8 11h4" ${LINE}/>`),
    warning: SVG(`<path d="M10 3.5 17 16H3zM10 8.5v3.5M10 14.2v.1" ${LINE}/>`),
  };

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
    showExport();
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

  function userNode(text, id) {
    const edit = el("button", { type: "button", class: "icon-btn", "data-msg-action": "edit", "aria-label": "Edit and resend this question", title: "Edit and resend" });
    edit.innerHTML = ICONS.rename; // a constant icon
    return el(
      "article",
      { class: "msg msg--user", "data-message-id": id || null, id: id ? `message-${id}` : null },
      el("div", { class: "msg__bubble", text }),
      el("div", { class: "msg__actions msg__actions--user" }, edit),
    );
  }

  function appendUserMessage(text) {
    hideEmpty();
    els.inner.append(userNode(text, null));
    scrollToBottom(true);
  }

  function agentShell(status, agentLabel) {
    const content = el("div", { class: "msg__content markdown" });
    const results = el("div", { class: "results", hidden: true });
    const actions = el("div", { class: "msg__actions" });
    for (const [action, label] of [["copy", "Copy the answer"], ["regenerate", "Regenerate this answer"]]) {
      const b = el("button", { type: "button", class: "icon-btn", "data-msg-action": action, "aria-label": label, title: label.split(" ")[0] });
      b.innerHTML = ICONS[action]; // a constant icon, no user text
      actions.append(b);
    }
    const body = el("div", { class: "msg__body" }, agentLabel ? el("p", { class: "msg__agent", text: agentLabel }) : null, content, results, actions);
    const node = el(
      "article",
      { class: "msg msg--agent", "data-status": status },
      el("div", { class: "msg__avatar", "aria-hidden": "true" }, el("img", { src: STATIC_LOGO, alt: "", width: 28, height: 28 })),
      body,
    );
    return { node, body, content, results };
  }

  function createAnswer(agentLabel) {
    hideEmpty();
    const { node, body, content, results } = agentShell("streaming", agentLabel);
    content.classList.add("is-streaming");
    const typing = el("span", { class: "typing", "aria-label": "The agent is working" }, el("span"), el("span"), el("span"));
    content.append(typing);
    const answer = { node, body, content, results, typing, value: "", frame: 0, steps: null, stepsList: null, stepCount: 0, rowids: new Set() };
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
    state.answer = createAnswer(null);
    if (!state.asking) adoptAnswerFromElsewhere(state.answer);
    return state.answer;
  }

  function paint(answer) {
    // The whole text, drawn as Markdown, at most once a frame (not per chunk).
    answer.frame = 0;
    if (answer.typing && answer.value) answer.typing = null;
    if (!answer.value) return;
    const stick = nearBottom();
    window.DerrickMarkdown.render(answer.value, answer.content, { live: true });
    if (stick) scrollToBottom(true);
  }

  function appendText(chunk) {
    const answer = currentAnswer();
    answer.value += chunk;
    if (!answer.frame) answer.frame = requestAnimationFrame(() => paint(answer));
  }

  function replaceText(textSoFar) {
    const answer = currentAnswer();
    if (answer.frame) cancelAnimationFrame(answer.frame);
    answer.value = textSoFar;
    paint(answer);
  }

  function addStep(line, progress) {
    const answer = currentAnswer();
    if (!answer.steps) {
      answer.stepsList = el("ol", { class: "steps__list" });
      answer.stepsSummary = el("summary", { text: "Working…" });
      answer.steps = el("details", { class: "steps", open: true }, answer.stepsSummary, answer.stepsList);
      answer.body.insertBefore(answer.steps, answer.content);
    }
    const done = progress && Number(progress.done);
    const total = progress && Number(progress.total);
    const hasProgress = progress && Number.isFinite(done) && Number.isFinite(total) && total > 0;
    const current = answer.stepsList.querySelector("li.is-current");
    // A long job reports progress on one line again and again: update that step.
    if (hasProgress && current && current.dataset.progressOpen === "1") {
      current.querySelector(".step__text").textContent = line;
      setProgress(current, done, total);
      return;
    }
    answer.stepCount += 1;
    if (current) current.classList.remove("is-current");
    const item = el("li", { class: "is-current" }, el("span", { class: "step__text", text: line }));
    if (hasProgress) {
      item.append(
        el("span", { class: "step__progress" }, el("progress", { max: String(total), value: String(Math.min(done, total)) }), el("span", { class: "step__count" })),
      );
      setProgress(item, done, total);
    }
    answer.stepsList.append(item);
    scrollToBottom();
  }

  const COUNT = new Intl.NumberFormat(undefined);

  function setProgress(item, done, total) {
    const bar = item.querySelector("progress");
    bar.max = total;
    bar.value = Math.min(done, total);
    const label = `${COUNT.format(done)} of ${COUNT.format(total)}`;
    bar.setAttribute("aria-label", label);
    item.querySelector(".step__count").textContent = label;
    item.dataset.progressOpen = done < total ? "1" : "0";
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
    state.asking = false;
    setStreaming(false);
    if (!answer) return;
    if (answer.frame) cancelAnimationFrame(answer.frame);
    paint(answer);
    if (answer.typing && answer.typing.isConnected) answer.typing.remove();
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
    answer.node.id = `message-${messageId}`;
    try {
      const res = await api(cfg.messageHtmlUrl + encodeURIComponent(messageId));
      if (!res.ok) return;
      const data = await res.json();
      // Sanitised on the server (markdown + nh3): safe to insert.
      answer.content.innerHTML = data.html;
      answer.node.dataset.status = data.status;
      if (data.agent && !answer.body.querySelector(".msg__agent")) answer.body.prepend(el("p", { class: "msg__agent", text: data.agent }));
      if (data.status === "stopped") answer.body.insertBefore(el("p", { class: "msg__note", text: "Stopped before the answer was complete." }), answer.body.querySelector(".msg__actions"));
    } catch (_) {
      /* the live rendering stays */
    }
    syncMessageIds();
  }

  async function syncMessageIds() {
    // Questions asked here learn their saved ids (to edit them) from the server.
    try {
      const data = await (await api(cfg.messagesUrl.replace(ZERO_UUID, state.id))).json();
      const shown = Array.from(els.inner.querySelectorAll(".msg--user, .msg--agent"));
      if (shown.length !== data.messages.length) return;
      shown.forEach((node, index) => {
        const m = data.messages[index];
        if (node.classList.contains("msg--user") !== m.is_user) return;
        node.dataset.messageId = String(m.id);
        node.id = `message-${m.id}`;
      });
    } catch (_) {
      /* editing waits for the next reload */
    }
  }

  async function adoptAnswerFromElsewhere(answer) {
    // An answer we did not ask for here: another tab asked (or we reloaded).
    // Show its question and follow its agent.
    try {
      const res = await api(cfg.messagesUrl.replace(ZERO_UUID, state.id));
      if (!res.ok) return;
      const data = await res.json();
      const known = new Set(Array.from(els.inner.querySelectorAll(".msg--user[data-message-id]"), (n) => n.dataset.messageId));
      const questions = data.messages.filter((m) => m.is_user);
      for (const m of questions) {
        if (known.has(String(m.id))) continue;
        if (data.messages.some((o) => !o.is_user && o.id > m.id && o.status !== "streaming")) continue; // answered long ago
        els.inner.insertBefore(userNode(m.text, m.id), answer.node);
      }
      const last = questions[questions.length - 1];
      if (last && last.agent) {
        followAgent(last.agent);
        if (!answer.body.querySelector(".msg__agent")) answer.body.prepend(el("p", { class: "msg__agent", text: last.agent }));
      }
    } catch (_) {
      /* the answer still streams */
    }
  }

  function followAgent(label) {
    if (!label || label === state.agent) return;
    if (!Array.from(els.agent.options).some((o) => o.value === label)) return;
    els.agent.value = label;
    state.agent = label; // the socket reconnects with it before the next question
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
          els.inner.append(userNode(m.text, m.id));
        } else {
          const { node, content, results } = agentShell(m.status, m.agent);
          node.dataset.messageId = m.id;
          node.id = `message-${m.id}`;
          content.innerHTML = m.html; // sanitised on the server
          for (const row of m.rows || []) addResult(results, row);
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
    ask(text);
    els.prompt.value = "";
    autosize();
  }

  function ask(text) {
    appendUserMessage(text);
    state.asking = true;
    state.answer = createAnswer(state.agent);
    setStreaming(true);
    if (state.ws && state.socketAgent !== state.agent) {
      // The picker followed another tab's agent: ask with it.
      const old = state.ws;
      state.ws = null;
      old.close(1000);
    }
    sendFrame({ type: "message", content: text });
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
    state.socketAgent = state.agent;
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
        addStep(event.content || "", event.progress);
        break;
      case "artifact":
        artifactArrived(event);
        break;
      case "title":
        setTitle(event.content || "");
        break;
      case "error":
        state.asking = state.streaming && state.asking;
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

  state.rows = new Map(); // rowid -> the row as the page shows it

  function rowTitle(row) {
    // Uploads are named by their summary ("production_monthly.csv · 4 wells · ..."),
    // tool rows by what they are; the other line says the rest.
    if (row.type === "userinput") return [row.summary || row.name || row.description, row.readable === false ? "The tools cannot read this file as a table." : ""];
    return [row.description, row.summary || ""];
  }

  function typeTag(row) {
    const tag = el("span", { class: `tag tag--${row.type}` });
    tag.innerHTML = ICONS[row.type] || ICONS.result; // a constant icon
    tag.append(document.createTextNode(row.label || row.type));
    return tag;
  }

  function rowNode(row, fresh) {
    const [title, meta] = rowTitle(row);
    const open = el("button", { type: "button", class: "rows__open", title: row.description }, el("span", { class: "rows__title", text: title }));
    if (meta) open.append(el("span", { class: "rows__meta" + (row.readable === false ? " rows__meta--warn" : ""), text: meta }));
    return el(
      "tr",
      { "data-rowid": row.rowid, "data-type": row.type, class: [fresh ? "is-new" : "", row.rowid === state.selectedRow ? "is-selected" : ""].join(" ").trim() || null },
      el("td", { class: "rows__id", text: String(row.rowid) }),
      el("td", {}, typeTag(row)),
      el("td", {}, open),
    );
  }

  function renderUploads() {
    // The composer shows the files in the conversation; a click opens one.
    const uploads = Array.from(state.rows.values()).filter((r) => r.type === "userinput");
    const chips = uploads.map((row) => {
      const chip = el("button", { type: "button", class: "file-chip" + (row.readable === false ? " file-chip--warn" : ""), "data-open-row": row.rowid, title: row.summary || row.description });
      chip.innerHTML = row.readable === false ? ICONS.warning : ICONS.userinput; // constant icons
      chip.append(el("span", { class: "file-chip__name", text: row.name || `Row ${row.rowid}` }), el("span", { class: "file-chip__row", text: `row ${row.rowid}` }));
      return chip;
    });
    els.files.replaceChildren(...chips);
    els.files.hidden = chips.length === 0;
  }

  async function refreshRows(freshRowid) {
    try {
      const res = await api(cfg.rowsUrl.replace(ZERO_UUID, state.id));
      if (!res.ok) return [];
      const { rows } = await res.json();
      state.rows = new Map(rows.map((r) => [r.rowid, r]));
      els.rowsBody.replaceChildren(...rows.map((r) => rowNode(r, r.rowid === freshRowid)));
      els.rowsTable.hidden = rows.length === 0;
      els.rowsEmpty.hidden = rows.length > 0;
      renderUploads();
      if (freshRowid) {
        const node = els.rowsBody.querySelector(`tr[data-rowid="${freshRowid}"]`);
        if (node) node.scrollIntoView({ block: "nearest" });
      }
      return rows;
    } catch (_) {
      return []; // keep the table we have
    }
  }

  async function artifactArrived(event) {
    const answer = event.type !== "userinput" ? state.answer : null;
    if (answer) answer.rowids.add(event.rowid);
    await refreshRows(event.rowid);
    if (!els.app.classList.contains("show-data")) els.toggleData.classList.add("has-news");
    const row = state.rows.get(event.rowid);
    if (answer && row) {
      addResult(answer.results, row);
      scrollToBottom();
    }
  }

  // --- an answer's results: charts and tables inside the message -------------

  function addResult(container, row) {
    if (container.querySelector(`[data-rowid="${row.rowid}"]`)) return;
    container.hidden = false;
    const caption = (link) =>
      el(
        row.type === "table" ? "header" : "p",
        { class: "result__caption" },
        el("span", { class: "result__rowid", text: `Row ${row.rowid}` }),
        el("span", { class: "result__text", text: row.description }),
        link,
      );
    let node;
    if (row.type === "chart" && row.image_url) {
      const zoom = el("button", { type: "button", class: "result__zoom", "data-zoom": row.rowid, "aria-label": `Enlarge the chart of row ${row.rowid}`, title: "Enlarge" }, el("img", { src: row.image_url, alt: row.description, loading: "lazy" }));
      node = el("figure", { class: "result result--chart", "data-rowid": row.rowid }, zoom);
      const cap = caption(el("a", { class: "result__download", href: row.image_url, "data-download": row.rowid, download: "" }, "Download PNG"));
      node.append(el("figcaption", { class: "result__caption" }, ...cap.childNodes));
    } else if (row.type === "table") {
      node = el(
        "section",
        { class: "result result--table", "data-rowid": row.rowid, "aria-label": `Table of row ${row.rowid}` },
        caption(el("a", { class: "result__download", href: "#", "data-download": row.rowid }, "Download CSV")),
        el("div", { class: "result__table", "data-preview": row.rowid }, el("p", { class: "muted small", text: "Loading the table…" })),
      );
    } else {
      node = el("section", { class: "result result--note", "data-rowid": row.rowid }, caption(el("a", { class: "result__download", href: "#", "data-download": row.rowid }, "Download")));
    }
    container.append(node);
    watchPreviews(node);
  }

  // Numbers for reading: grouped, rounded by size; the full value in the cell's title.
  const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const ONE = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const TWO = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

  function asNumber(value) {
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (typeof value === "string" && NUMERIC.test(value.trim())) return Number(value);
    return null;
  }

  function readable(value) {
    const size = Math.abs(value);
    if (Number.isInteger(value)) return WHOLE.format(value);
    if (size >= 1000) return WHOLE.format(value);
    if (size >= 100) return ONE.format(value);
    if (size >= 1) return TWO.format(value);
    if (size === 0) return "0";
    const decimals = Math.min(6, 2 - Math.floor(Math.log10(size)));
    return value.toFixed(decimals);
  }

  function cellText(value) {
    if (value === null || value === undefined) return "";
    const text = String(value);
    const midnight = /^(\d{4}-\d{2}-\d{2})[T ]00:00:00$/.exec(text);
    return midnight ? midnight[1] : text;
  }

  function previewTable(preview, { compact = false } = {}) {
    const numeric = preview.columns.map((_, i) => {
      const present = preview.rows.map((r) => r[i]).filter((v) => v !== null && v !== "");
      return present.length > 0 && present.every((v) => asNumber(v) !== null);
    });
    const head = el("tr", {}, ...preview.columns.map((c, i) => el("th", { scope: "col", class: numeric[i] ? "num" : null, text: String(c) })));
    const body = preview.rows.map((r) =>
      el(
        "tr",
        {},
        ...r.map((v, i) => {
          const number = numeric[i] ? asNumber(v) : null;
          return number === null ? el("td", { text: cellText(v) }) : el("td", { class: "num", title: String(v), text: readable(number) });
        }),
      ),
    );
    const table = el("table", { class: "preview__table" + (compact ? " preview__table--compact" : "") }, el("thead", {}, head), el("tbody", {}, ...body));
    return el("div", { class: "preview", tabindex: "0", role: "region", "aria-label": "Table preview, scrollable" }, table);
  }

  async function rowDetail(rowid) {
    const res = await api(`/db/${state.id}/${rowid}`);
    if (!res.ok) throw new Error(await errorText(res));
    return res.json();
  }

  async function loadPreview(holder) {
    const rowid = Number(holder.dataset.preview);
    holder.removeAttribute("data-preview");
    try {
      const row = await rowDetail(rowid);
      if (row.preview && row.preview.columns.length) {
        const shown = row.preview.rows.length;
        holder.replaceChildren(previewTable(row.preview, { compact: true }), el("p", { class: "muted small", text: `${shown} row${shown === 1 ? "" : "s"}${shown >= 50 ? " shown (the first 50; the download has them all)" : ""}. Numbers rounded for reading; the download has the full values.` }));
      } else {
        holder.replaceChildren(el("p", { class: "muted small", text: row.preview_error || "No preview for this row." }));
      }
    } catch (err) {
      holder.replaceChildren(el("p", { class: "field__error", text: `Could not load the table: ${err.message}` }));
    }
  }

  const previewObserver =
    "IntersectionObserver" in window
      ? new IntersectionObserver((entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            previewObserver.unobserve(entry.target);
            loadPreview(entry.target);
          }
        }, { rootMargin: "300px" })
      : null;

  function watchPreviews(root) {
    root.querySelectorAll("[data-preview]").forEach((holder) => (previewObserver ? previewObserver.observe(holder) : loadPreview(holder)));
  }

  async function download(rowid) {
    // Links expire: ask for a fresh one at the moment of the click.
    try {
      const row = await rowDetail(rowid);
      if (!row.url) throw new Error("this row has nothing to download");
      const link = el("a", { href: row.url, download: "", rel: "noopener", class: "sr-only" });
      document.body.append(link);
      link.click();
      link.remove();
    } catch (err) {
      toast(`Could not download: ${err.message}`, "error");
    }
  }

  function openZoom(rowid) {
    const row = state.rows.get(rowid);
    const img = document.querySelector(`[data-zoom="${rowid}"] img`);
    if (!img) return;
    els.zoomImage.src = img.currentSrc || img.src;
    els.zoomImage.alt = img.alt;
    els.zoomTitle.textContent = `Row ${rowid} · ${row ? row.description : img.alt}`;
    els.zoomDownload.dataset.download = String(rowid);
    els.zoomDialog.showModal();
  }

  els.zoomDialog.addEventListener("click", (e) => {
    if (e.target === els.zoomDialog) els.zoomDialog.close(); // the backdrop
  });

  document.addEventListener("click", (e) => {
    const zoom = e.target.closest("[data-zoom]");
    if (zoom) {
      openZoom(Number(zoom.dataset.zoom));
      return;
    }
    const link = e.target.closest("[data-download]");
    if (link) {
      e.preventDefault();
      download(Number(link.dataset.download));
      return;
    }
    const chip = e.target.closest("[data-open-row]");
    if (chip) {
      if (!els.app.classList.contains("show-data") && window.matchMedia("(max-width: 1180px)").matches) toggle(els.toggleData, "show-data");
      openRow(Number(chip.dataset.openRow));
      return;
    }
    const action = e.target.closest("[data-msg-action]");
    if (action) messageAction(action.dataset.msgAction, action.closest(".msg"));
  });

  // --- copy, regenerate, edit -----------------------------------------------

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (_) {
      const area = el("textarea", { class: "sr-only" });
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
  }

  async function answerSource(node) {
    if (state.answer && state.answer.node === node) return state.answer.value;
    const res = await api(cfg.messageHtmlUrl + encodeURIComponent(node.dataset.messageId));
    if (!res.ok) throw new Error(await errorText(res));
    return (await res.json()).text;
  }

  async function rewindTo(node) {
    // Delete this question and what follows, on the server and on the page.
    const res = await api(`/chat/api/messages/${encodeURIComponent(node.dataset.messageId)}/rewind`, { method: "POST" });
    if (!res.ok) throw new Error(await errorText(res));
    let next = node;
    while (next) {
      const after = next.nextElementSibling;
      if (next.classList.contains("msg")) next.remove();
      next = after;
    }
    refreshRows();
  }

  async function messageAction(action, node) {
    if (!node) return;
    try {
      if (action === "copy") {
        await copyText(await answerSource(node));
        toast("Answer copied");
      } else if (action === "regenerate") {
        if (state.streaming) return;
        let question = node.previousElementSibling;
        while (question && !question.classList.contains("msg--user")) question = question.previousElementSibling;
        if (!question || !question.dataset.messageId) throw new Error("the question is not saved yet");
        const text = question.querySelector(".msg__bubble").textContent;
        await rewindTo(question);
        ask(text);
      } else if (action === "edit") {
        if (state.streaming || !node.dataset.messageId || node.querySelector(".msg__edit")) return;
        editQuestion(node);
      }
    } catch (err) {
      toast(`Could not ${action}: ${err.message}`, "error");
    }
  }

  function editQuestion(node) {
    const bubble = node.querySelector(".msg__bubble");
    const area = el("textarea", { class: "msg__edit-input", rows: "3", maxlength: "32000", "aria-label": "Edit the question" });
    area.value = bubble.textContent;
    const cancel = el("button", { type: "button", class: "btn btn--ghost" }, "Cancel");
    const send = el("button", { type: "submit", class: "btn btn--primary" }, "Send");
    const form = el("form", { class: "msg__edit" }, area, el("div", { class: "msg__edit-actions" }, cancel, send));
    bubble.hidden = true;
    node.append(form);
    area.focus();
    cancel.addEventListener("click", () => {
      form.remove();
      bubble.hidden = false;
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const text = area.value.trim();
      if (!text || state.streaming) return;
      send.disabled = true;
      try {
        await rewindTo(node);
        ask(text);
      } catch (err) {
        send.disabled = false;
        toast(`Could not resend: ${err.message}`, "error");
      }
    });
    area.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      } else if (e.key === "Escape") cancel.click();
    });
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
      const known = state.rows.get(row.rowid);
      els.detailTitle.textContent = `Row ${row.rowid} · ${known ? known.label : row.type}`;
      const parts = [];
      if (known && known.summary) parts.push(el("p", { class: "row-detail__summary", text: known.summary }));
      parts.push(el("p", { class: "row-detail__desc", text: row.description }));
      if (known && known.readable === false) {
        parts.push(el("p", { class: "row-detail__warn", text: `The tools cannot read this file as a table. They read ${cfg.uploadAccept.join(", ")} files.` }));
      }
      if (row.type === "chart" && row.url) {
        const zoom = el("button", { type: "button", class: "result__zoom", "data-zoom": row.rowid, title: "Enlarge", "aria-label": `Enlarge the chart of row ${row.rowid}` }, el("img", { src: row.url, alt: row.description }));
        parts.push(el("figure", { class: "chart" }, zoom));
      }
      if (row.preview && Array.isArray(row.preview.columns) && row.preview.columns.length) {
        parts.push(previewTable(row.preview));
        parts.push(el("p", { class: "muted small", text: `Showing ${row.preview.rows.length} row${row.preview.rows.length === 1 ? "" : "s"}${row.preview.rows.length >= 50 ? " (first 50)" : ""}; numbers rounded for reading.` }));
      } else if (row.preview_error) {
        parts.push(el("p", { class: "row-detail__warn", text: row.preview_error }));
      }
      if (row.url) {
        parts.push(el("a", { class: "btn btn--secondary btn--download", href: row.url, "data-download": row.rowid, download: "", rel: "noopener" }, "Download"));
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

  // --- search ------------------------------------------------------------------

  let searchTimer = null;
  let searchSeq = 0;

  function searchHit(hit) {
    const snippet = el("span", { class: "search-hit__snippet" });
    for (const piece of hit.snippet || []) snippet.append(piece.match ? el("mark", { text: piece.text }) : document.createTextNode(piece.text));
    const href = `/chat/${hit.conversation_id}` + (hit.message_id ? `#message-${hit.message_id}` : "");
    return el(
      "li",
      { class: "search-hit" },
      el(
        "a",
        { class: "search-hit__link", href },
        el("span", { class: "search-hit__title", text: hit.title_summary }),
        hit.sender ? el("span", { class: "search-hit__who", text: hit.sender === "You" ? "You asked" : "Answer" }) : null,
        snippet,
      ),
    );
  }

  async function runSearch(query) {
    const seq = ++searchSeq;
    try {
      const res = await api(`${cfg.searchUrl}?q=${encodeURIComponent(query)}`);
      if (!res.ok || seq !== searchSeq) return;
      const data = await res.json();
      if (seq !== searchSeq) return; // a newer query is on its way
      const items = data.results.map(searchHit);
      if (!items.length) items.push(el("li", { class: "search-empty", text: `Nothing found for “${query}”.` }));
      els.searchResults.replaceChildren(...items);
    } catch (_) {
      /* keep the last results */
    }
  }

  function showSearch(active) {
    els.searchResults.hidden = !active;
    els.history.hidden = active;
    els.historyEmpty.classList.toggle("is-searching", active);
  }

  els.search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    const query = els.search.value.trim();
    if (!query) {
      searchSeq += 1;
      showSearch(false);
      els.searchResults.replaceChildren();
      return;
    }
    showSearch(true);
    searchTimer = setTimeout(() => runSearch(query), 180);
  });
  els.search.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && els.search.value) {
      e.stopPropagation();
      els.search.value = "";
      els.search.dispatchEvent(new Event("input"));
    }
  });

  function showFoundMessage() {
    // /chat/<id>#message-<n> (a search result): bring that message into view.
    const match = /^#message-(\d+)$/.exec(window.location.hash);
    const target = match && document.getElementById(`message-${match[1]}`);
    if (!target) return false;
    target.classList.add("is-found");
    target.scrollIntoView({ block: "center" });
    return true;
  }

  // --- export ----------------------------------------------------------------------

  function showExport() {
    els.exportMenu.hidden = false;
    els.exportMenu.querySelectorAll("a[data-format]").forEach((a) => {
      a.href = `${cfg.exportUrl.replace(ZERO_UUID, state.id)}?format=${a.dataset.format}`;
    });
  }
  els.exportMenu.addEventListener("click", (e) => {
    if (e.target.closest("a[data-format]")) els.exportMenu.open = false;
  });
  document.addEventListener("click", (e) => {
    if (els.exportMenu.open && !els.exportMenu.contains(e.target)) els.exportMenu.open = false;
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
      const rowid = data.file_path_db_rowid;
      await Promise.all([refreshRows(rowid), refreshHistory()]);
      const row = state.rows.get(rowid);
      if (row && row.readable === false) {
        // Stored all the same: say so now, not when a tool fails on it.
        els.uploadStatus.textContent = `${file.name} is stored as row ${rowid}, but it is not a table the tools can read. They read ${cfg.uploadAccept.join(", ")} files.`;
        els.uploadStatus.classList.add("upload-status--warn");
      } else {
        els.uploadStatus.textContent = `${row && row.summary ? row.summary : file.name} · uploaded as row ${rowid}.`;
        els.uploadStatus.classList.add("upload-status--ok");
        setTimeout(() => {
          els.uploadStatus.hidden = true;
        }, 4000);
      }
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
  if (!showFoundMessage()) scrollToBottom(true);
  watchPreviews(els.inner);
  if (cfg.isSaved) {
    showExport();
    refreshRows();
  }
  // A new conversation opens no socket (which would make it on the server)
  // until its first question: visiting /chat/ leaves nothing behind.
  if (cfg.isSaved) connect();
  else setConn("idle", "New conversation");
  els.prompt.focus();
})();
