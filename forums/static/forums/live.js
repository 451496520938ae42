/* Live threads and session rooms over a WebSocket (no build step).

   The page works without this module: it shows the posts and its forms post. With it:
   - the page connects to /ws/forums/threads/<id>/?after=<last sequence seen> and reconnects with back-off
     (1 s doubling to 30 s, with jitter) after a drop, a server restart or a deploy, resuming from the last
     sequence it saw: the server replays what it missed, and frames already shown are ignored;
   - posts are shown in sequence order; a jump in numbers is a gap: the missing range is fetched;
   - it also resumes from its change cursor (`&changes=<n>`, from the page, `replay.done` or `pong`), so
     edits, hidden posts, reactions and votes made while it was away are sent again as updates;
   - a heartbeat every 25 s (and at once when the tab becomes visible or the network returns) lets the
     server send whatever a notice the channel layer dropped had kept from the page;
   - a message keeps its client id until the server acknowledges it, and is sent again after a reconnect
     (the server answers a retry with the first post, so nothing is posted twice);
   - new posts are announced politely to screen readers; a "new posts" button appears when the reader has
     scrolled away from the end. */

const config = JSON.parse(document.getElementById("forums-live-config").textContent);
const strings = config.strings;
const postsBox = document.getElementById("live-posts") || document.querySelector("[aria-labelledby='posts-heading']");
const marker = document.getElementById("live-new-marker");
const announcer = document.getElementById("live-announcer");
const connection = document.getElementById("live-connection");
const composer = document.getElementById("live-composer");
const composerError = document.getElementById("live-composer-error");
const questionList = document.getElementById("live-question-list");
const isRoom = Boolean(document.getElementById("live-posts"));
const CLOSE_ACCESS_LOST = 4403;

let lastSequence = Math.max(config.lastSequence, ...seenSequences());
// The resume cursor: every change to a post up to this number has reached the page (edits, hiding, votes…).
let lastChange = Number.isInteger(config.lastChange) ? config.lastChange : null;
let socket = null;
let retryDelay = 1000;
let heartbeat = null;
let reconnectTimer = null;
let unseen = [];
let fetching = false;
let roomState = { may_moderate: false, may_post: true };
let latestUrl = "";
const pending = new Map(); // sequence -> post frame waiting for the ones before it
const outbox = new Map(); // client id -> frame not yet acknowledged

function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? String(values[name]) : match));
}

function seenSequences() {
  return Array.from(document.querySelectorAll("[data-sequence]"), (el) => Number(el.dataset.sequence) || 0);
}

function setConnection(text) {
  if (connection) connection.textContent = text;
}

function announce(text) {
  if (!announcer) return;
  const line = document.createElement("p");
  line.textContent = text;
  announcer.appendChild(line);
  while (announcer.childNodes.length > 5) announcer.removeChild(announcer.firstChild);
}

function socketUrl() {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const room = config.room ? "&room=1" : "";
  const changes = lastChange === null ? "" : `&changes=${lastChange}`;
  return `${scheme}//${window.location.host}${config.socketPath}?after=${lastSequence}${changes}${room}`;
}

function connect() {
  setConnection(strings.connecting);
  socket = new WebSocket(socketUrl());
  socket.addEventListener("message", (event) => handle(JSON.parse(event.data)));
  socket.addEventListener("close", (event) => {
    clearInterval(heartbeat);
    if (event.code === CLOSE_ACCESS_LOST) {
      setConnection(strings.accessLost);
      if (composer) composer.hidden = true;
      return;
    }
    setConnection(strings.reconnecting);
    const delay = retryDelay * (0.75 + Math.random() * 0.5);
    retryDelay = Math.min(retryDelay * 2, 30000);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delay);
  });
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

const handlers = {
  hello() {
    retryDelay = 1000;
    setConnection(strings.live);
    clearInterval(heartbeat);
    heartbeat = setInterval(ping, 25000);
  },
  "replay.done"(frame) {
    lastChange = frame.last_change;
    for (const pendingFrame of outbox.values()) send(pendingFrame); // resend what was never acknowledged
  },
  "post.created"(frame) {
    receive([frame.post]);
  },
  posts(frame) {
    fetching = false;
    receive(frame.posts);
  },
  "post.updated"(frame) {
    const existing = document.getElementById(`post-${frame.post.sequence}`);
    if (existing) existing.replaceWith(renderPost(frame.post));
    if (frame.post.question) upsertQuestion(frame.post);
  },
  ack(frame) {
    outbox.delete(frame.client_id);
    if (composer && composer.dataset.clientId === frame.client_id) resetComposer();
  },
  error(frame) {
    if (frame.client_id) outbox.delete(frame.client_id);
    if (composerError) composerError.textContent = frame.message;
    else announce(frame.message);
    if (composer) composer.querySelector("button[type=submit]").disabled = false;
  },
  room(frame) {
    roomState = frame;
    const status = document.getElementById("live-room-status");
    if (status && frame.read_only) status.textContent = strings.readOnly;
    else if (status && frame.open && frame.slow_mode_seconds) status.textContent = format(strings.slowMode, { seconds: frame.slow_mode_seconds });
    if (composer) composer.hidden = !frame.may_post;
  },
  questions(frame) {
    if (!questionList) return;
    questionList.replaceChildren(...frame.questions.map(renderQuestion));
  },
  presence(frame) {
    const count = document.getElementById("live-presence-count");
    if (count) count.textContent = format(strings.presence, { count: frame.count });
    const people = document.getElementById("live-presence-people");
    if (people && frame.people) people.replaceChildren(...frame.people.map((name) => listItem(name)));
  },
  pong(frame) {
    // The server sent whatever a dropped notice had kept from us before this pong.
    lastChange = frame.last_change;
    if (frame.last_sequence > lastSequence && !fetching) {
      fetching = true;
      send({ type: "fetch", after: lastSequence });
    }
  },
};

/* The heartbeat: keeps presence fresh and lets the server send what a dropped notice kept from us. */
function ping() {
  send({ type: "ping" });
}

// Back from an idle or hidden period (a sleeping laptop, a background tab): check at once.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") ping();
});
window.addEventListener("online", ping);

function handle(frame) {
  const handler = handlers[frame.type];
  if (handler) handler(frame);
  // Other modules of the room (live_polls.js) hear every frame, and send through this socket.
  document.dispatchEvent(new CustomEvent("forums-live:frame", { detail: frame }));
}

document.addEventListener("forums-live:send", (event) => {
  event.detail.sent = send(event.detail.frame);
});

/* Posts in order: anything at or below the last shown is a duplicate; a jump leaves a gap to fetch. */
function receive(posts) {
  for (const post of posts) if (post.sequence > lastSequence) pending.set(post.sequence, post);
  while (pending.has(lastSequence + 1)) {
    const post = pending.get(lastSequence + 1);
    pending.delete(lastSequence + 1);
    lastSequence = post.sequence;
    show(post);
  }
  if (pending.size && !fetching) {
    fetching = true;
    send({ type: "fetch", after: lastSequence, until: Math.min(...pending.keys()) - 1 });
  }
}

function nearBottom() {
  return window.innerHeight + window.scrollY >= document.body.scrollHeight - 200;
}

function show(post) {
  const stay = nearBottom();
  if (config.append && postsBox) {
    const element = renderPost(post);
    const pagination = postsBox.querySelector(".pagination");
    postsBox.insertBefore(element, pagination && pagination.parentNode === postsBox ? pagination : null);
    if (!stay || post.author.is_viewer) {
      if (!post.author.is_viewer) unseen.push(element);
    } else {
      element.scrollIntoView({ block: "end" });
    }
  } else {
    unseen.push(null);
    latestUrl = post.url;
  }
  if (post.question) upsertQuestion(post);
  if (!post.author.is_viewer) {
    const text = textOf(post.html).slice(0, 140);
    announce(format(strings.newMessage, { author: post.author.label, text }));
  }
  updateMarker();
}

function updateMarker() {
  if (!marker) return;
  unseen = unseen.filter((element) => element === null || !isVisible(element));
  marker.hidden = unseen.length === 0;
  marker.textContent = config.append ? format(strings.newPosts, { count: unseen.length }) : strings.newPostsOtherPage;
}

function isVisible(element) {
  const box = element.getBoundingClientRect();
  return box.top < window.innerHeight && box.bottom > 0;
}

function textOf(html) {
  const template = document.createElement("template");
  template.innerHTML = html; // stored, sanitised HTML from the server; never executed in a template
  return (template.content.textContent || "").replace(/\s+/g, " ").trim();
}

function listItem(text) {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function renderPost(post) {
  const article = element("article", "post live-message");
  if (post.deleted) article.classList.add("post--deleted");
  else if (post.hidden) article.classList.add("post--hidden");
  article.id = `post-${post.sequence}`;
  article.dataset.sequence = post.sequence;
  article.dataset.post = post.id;
  article.setAttribute("aria-labelledby", `post-${post.sequence}-heading`);
  const header = element("header", "post__header");
  const heading = element("h3", "post__heading");
  heading.id = `post-${post.sequence}-heading`;
  heading.append(element("span", "visually-hidden", format(strings.postNumber, { number: post.sequence }) + " "));
  const author = element("span", "post-author");
  author.append(element("span", "post-author__name", post.author.label));
  if (post.author.is_viewer) author.append(" ", element("span", "meta", `(${strings.you})`));
  if (post.author.organisation) author.append(" ", element("span", "post-author__organisation", post.author.organisation));
  if (post.author.stakeholder) author.append(" ", element("span", "badge badge--stakeholder", post.author.stakeholder));
  heading.append(author);
  const meta = element("p", "meta");
  const link = element("a", "", `#${post.sequence}`);
  link.href = post.url;
  const time = element("time", "", new Date(post.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  time.dateTime = post.created_at;
  meta.append(link, " · ", time);
  if (post.edited) meta.append(` · ${strings.edited}`);
  if (post.question) meta.append(" · ", element("span", "badge", strings.question));
  header.append(heading, meta);
  article.append(header);
  if (post.deleted) {
    article.append(element("p", "meta", strings.deleted));
    return article;
  }
  if (post.hidden) article.append(element("p", "alert alert--warning", strings.hidden));
  if (post.html) {
    const body = element("div", "post__body prose");
    body.innerHTML = post.html; // sanitised by the server (forums.rendering), as on the page itself
    article.append(body);
  }
  if (isRoom && roomState.may_moderate) {
    const tools = element("footer", "post__footer button-row");
    tools.append(actionButton(post.hidden ? strings.unhide : strings.hide, { type: "moderate", post: post.id, action: post.hidden ? "unhide" : "hide" }));
    if (!post.author.is_viewer) tools.append(actionButton(strings.remove, { type: "remove", post: post.id }, strings.confirmRemove));
    article.append(tools);
  }
  return article;
}

function actionButton(label, frame, confirmText) {
  const button = element("button", "button button--secondary", label);
  button.type = "button";
  button.addEventListener("click", () => {
    if (confirmText && !window.confirm(confirmText)) return;
    send(frame);
  });
  return button;
}

function renderQuestion(post) {
  const item = element("li", "live-question");
  item.dataset.post = post.id;
  const q = post.question;
  if (q.highlighted) item.classList.add("live-question--highlighted");
  if (q.answered) item.classList.add("live-question--answered");
  const meta = element("p", "live-question__meta meta");
  const link = element("a", "", `#${post.sequence}`);
  link.href = `#post-${post.sequence}`;
  meta.append(link, ` · ${post.author.label}`);
  if (q.answered) meta.append(" · ", element("span", "badge", strings.answered));
  item.append(meta);
  if (post.html) {
    const body = element("div", "prose");
    body.innerHTML = post.html; // sanitised by the server
    item.append(body);
  }
  const row = element("div", "button-row");
  row.append(element("span", "live-question__votes", format(strings.votes, { count: q.votes })));
  if (roomState.may_post && !post.author.is_viewer && !post.hidden) {
    const vote = actionButton(q.voted ? strings.unvote : strings.vote, { type: "vote", post: post.id });
    vote.setAttribute("aria-pressed", q.voted ? "true" : "false");
    vote.className = "button";
    row.append(vote);
  }
  if (roomState.may_moderate) {
    row.append(actionButton(q.answered ? strings.markUnanswered : strings.markAnswered, { type: "moderate", post: post.id, action: q.answered ? "unanswered" : "answered" }));
    row.append(actionButton(q.highlighted ? strings.unhighlight : strings.highlight, { type: "moderate", post: post.id, action: q.highlighted ? "unhighlight" : "highlight" }));
  }
  item.append(row);
  return item;
}

function upsertQuestion(post) {
  if (!questionList) return;
  const existing = questionList.querySelector(`[data-post="${post.id}"]`);
  const hiddenForReader = (post.hidden || post.question.hidden) && !roomState.may_moderate;
  if (hiddenForReader) {
    if (existing) existing.remove();
    return;
  }
  const item = renderQuestion(post);
  if (existing) existing.replaceWith(item);
  else {
    const empty = questionList.querySelector(".live-questions__empty");
    if (empty) empty.remove();
    questionList.append(item);
  }
}

function resetComposer() {
  composer.reset();
  composer.dataset.clientId = "";
  composer.querySelector("button[type=submit]").disabled = false;
  if (composerError) composerError.textContent = "";
}

function newClientId() {
  return window.crypto && crypto.randomUUID ? crypto.randomUUID().replace(/-/g, "") : String(Date.now()) + Math.random().toString(16).slice(2);
}

if (composer) {
  composer.addEventListener("submit", (event) => {
    const body = composer.elements.body.value;
    if (!body.trim()) return;
    event.preventDefault();
    const clientId = composer.dataset.clientId || composer.elements.client_id.value || newClientId();
    composer.dataset.clientId = clientId;
    const frame = { type: "post", client_id: clientId, body, question: Boolean(composer.elements.question && composer.elements.question.checked) };
    outbox.set(clientId, frame);
    composer.querySelector("button[type=submit]").disabled = true;
    if (composerError) composerError.textContent = strings.sending;
    if (!send(frame)) setTimeout(() => { composer.querySelector("button[type=submit]").disabled = false; }, 3000);
  });
  composer.addEventListener("reset", () => {
    setTimeout(() => { composer.elements.client_id.value = newClientId(); }, 0);
  });
}

/* The no-JavaScript forms (votes, moderation, slow mode) go over the socket when it is open. */
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-live-action]");
  if (!form || !socket || socket.readyState !== WebSocket.OPEN) return;
  if (form.hasAttribute("data-live-confirm") && !window.confirm(strings.confirmRemove)) {
    event.preventDefault();
    return;
  }
  const data = new FormData(form);
  const action = data.get("action");
  const post = Number(data.get("post")) || 0;
  event.preventDefault();
  if (action === "vote") send({ type: "vote", post });
  else if (action === "remove") send({ type: "remove", post });
  else if (action === "slow_mode") send({ type: "slow_mode", seconds: Number(data.get("seconds")) || 0 });
  else send({ type: "moderate", post, action });
});

if (marker) {
  marker.addEventListener("click", () => {
    const first = unseen.find((el) => el !== null);
    if (first) {
      first.scrollIntoView({ block: "start" });
      first.setAttribute("tabindex", "-1");
      first.focus();
    } else if (!config.append && latestUrl) {
      window.location.href = latestUrl; // the post's permalink opens the page it is on
    }
    unseen = [];
    updateMarker();
  });
  window.addEventListener("scroll", () => { if (unseen.length) updateMarker(); }, { passive: true });
}

/* A browser that knows it lost the network drops the socket at once (a half-open socket could wait for
   minutes), and reconnects as soon as it is back online. */
window.addEventListener("offline", () => {
  if (socket && socket.readyState <= WebSocket.OPEN) socket.close();
});
window.addEventListener("online", () => {
  if (socket && socket.readyState <= WebSocket.OPEN) return;
  clearTimeout(reconnectTimer);
  retryDelay = 1000;
  connect();
});

connect();
