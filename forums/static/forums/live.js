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
     scrolled away from the end (in a room: the messages pane, newest at the bottom, "jump to latest");
   - the page never builds a post itself: for every post that arrives or changes it fetches the markup the
     server renders for this reader with the page's own templates (forums.live.fragments), in batches,
     and puts it in place, so a live post is the same as after a reload (controls, time zone, language,
     the Chatham House Rule). Frames only say which posts to draw and what the live region reads. */

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
const pane = isRoom ? postsBox : null; // the room's messages scroll in their own pane
const CLOSE_ACCESS_LOST = 4403;
const RENDER_BATCH = 50; // posts per fragment request (the server's limit)
const RENDER_DELAY_MS = 40; // frames arriving within this gather into one request

let lastSequence = Math.max(config.lastSequence, ...seenSequences());
// The resume cursor: every change to a post up to this number has reached the page (edits, hiding, votes…).
let lastChange = Number.isInteger(config.lastChange) ? config.lastChange : null;
let socket = null;
let retryDelay = 1000;
let heartbeat = null;
let reconnectTimer = null;
let unseen = [];
let fetching = false;
let latestUrl = "";
const pending = new Map(); // sequence -> post frame waiting for the ones before it
const outbox = new Map(); // client id -> frame not yet acknowledged
const toRender = new Map(); // post id -> { id, change, isNew, mine } waiting for its markup
const shownChange = new Map(); // post id -> change number of the markup on the page
let renderTimer = null;
let rendering = false;

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
    requestRender(frame.post, false);
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
    const status = document.getElementById("live-room-status");
    if (status && frame.read_only) status.textContent = strings.readOnly;
    else if (status && frame.open && frame.slow_mode_seconds) status.textContent = format(strings.slowMode, { seconds: frame.slow_mode_seconds });
    if (composer) composer.hidden = !frame.may_post;
  },
  questions(frame) {
    // The room's questions at (re)connection: draw those the list does not show yet; changes to the others
    // arrive as updates.
    if (!questionList) return;
    for (const post of frame.questions) {
      if (!questionList.querySelector(`[data-post="${post.id}"]`)) requestRender(post, false);
    }
  },
  presence(frame) {
    const count = document.getElementById("live-presence-count");
    if (count) count.textContent = format(strings.presence, { count: frame.count });
    const people = document.getElementById("live-presence-people");
    if (!people || !frame.people) return;
    // The server lists the first names only (a webinar's crowd is counted, not listed).
    const items = frame.people.map((name) => listItem(name));
    const more = frame.count - frame.people.length;
    if (more > 0) {
      const rest = listItem(format(strings.presenceMore, { count: more }));
      rest.className = "meta";
      items.push(rest);
    }
    people.replaceChildren(...items);
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
  if (pane) return pane.scrollHeight - pane.scrollTop - pane.clientHeight < 80;
  return window.innerHeight + window.scrollY >= document.body.scrollHeight - 200;
}

function scrollToLatest() {
  if (pane) pane.scrollTop = pane.scrollHeight;
}

function show(post) {
  if (config.append && postsBox) {
    requestRender(post, true);
  } else {
    unseen.push(null);
    latestUrl = post.url;
    if (post.question) requestRender(post, false);
  }
  if (!post.author.is_viewer) {
    const text = textOf(post.html).slice(0, 140);
    announce(format(strings.newMessage, { author: post.author.label, text }));
  }
  updateMarker();
}

/* --- Drawing posts: the server's markup for this reader (forums.live.fragments) ------------------------ */

function requestRender(post, isNew) {
  const known = toRender.get(post.id);
  toRender.set(post.id, {
    id: post.id,
    isNew: isNew || Boolean(known && known.isNew),
    mine: Boolean(post.author && post.author.is_viewer),
  });
  scheduleRender(RENDER_DELAY_MS);
}

function scheduleRender(delay) {
  if (renderTimer || rendering) return;
  renderTimer = setTimeout(drawRequested, delay);
}

async function drawRequested() {
  renderTimer = null;
  if (!toRender.size) return;
  rendering = true;
  const batch = Array.from(toRender.values()).slice(0, RENDER_BATCH);
  for (const item of batch) toRender.delete(item.id);
  let retry = false;
  try {
    const response = await fetch(`${config.fragmentUrl}&posts=${batch.map((item) => item.id).join(",")}`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (response.ok) {
      const data = await response.json();
      const wanted = new Map(batch.map((item) => [item.id, item]));
      for (const fragment of data.posts.sort((a, b) => a.sequence - b.sequence)) place(fragment, wanted.get(fragment.id));
    } else {
      retry = response.status >= 500 || response.status === 429; // 403/404: access is gone, the socket says so
    }
  } catch (error) {
    retry = true; // the network: try again shortly
  }
  if (retry) for (const item of batch) if (!toRender.has(item.id)) toRender.set(item.id, item);
  rendering = false;
  if (toRender.size) scheduleRender(retry ? 3000 : 0);
}

function fromHtml(html) {
  const template = document.createElement("template");
  template.innerHTML = html.trim(); // rendered and sanitised by the server for this reader
  return template.content.firstElementChild;
}

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

/* Replace `old` with `replacement`, keeping keyboard focus on the same control (a vote button, a link). */
function swap(old, replacement) {
  const active = document.activeElement;
  const index = active && old.contains(active) ? Array.from(old.querySelectorAll(FOCUSABLE)).indexOf(active) : -2;
  old.replaceWith(replacement);
  if (index === -1) replacement.focus();
  else if (index >= 0) {
    const target = replacement.querySelectorAll(FOCUSABLE)[index];
    if (target) target.focus();
  }
}

function place(fragment, item) {
  if ((shownChange.get(fragment.id) ?? -1) > fragment.change) return; // an answer older than what is shown
  shownChange.set(fragment.id, fragment.change);
  const element = fromHtml(fragment.html);
  const existing = document.getElementById(`post-${fragment.sequence}`);
  if (existing) swap(existing, element);
  else if (item && item.isNew && config.append && postsBox) insertNew(element, fragment.sequence, item.mine);
  if (isRoom && "question_html" in fragment) placeQuestion(fragment);
}

function insertNew(element, sequence, mine) {
  const stay = nearBottom();
  const later = Array.from(postsBox.querySelectorAll(":scope > [data-sequence]")).find((el) => Number(el.dataset.sequence) > sequence);
  const pagination = postsBox.querySelector(":scope > .pagination");
  postsBox.insertBefore(element, later || pagination || null);
  if (mine || stay) {
    if (pane) scrollToLatest();
    else element.scrollIntoView({ block: "end" });
  } else {
    unseen.push(element);
  }
  updateMarker();
}

function placeQuestion(fragment) {
  if (!questionList) return;
  const existing = questionList.querySelector(`[data-post="${fragment.id}"]`);
  if (!fragment.question_html) {
    if (existing) existing.remove();
    return;
  }
  const item = fromHtml(fragment.question_html);
  if (existing) swap(existing, item);
  else {
    const empty = questionList.querySelector(".live-questions__empty");
    if (empty) empty.remove();
    questionList.append(item);
  }
}

function updateMarker() {
  if (!marker) return;
  unseen = unseen.filter((element) => element === null || !isVisible(element));
  if (pane) {
    // In a room the button is "jump to latest" whenever the pane is scrolled up, with the count of new ones.
    marker.hidden = nearBottom();
    marker.textContent = unseen.length ? format(strings.newPosts, { count: unseen.length }) : strings.jumpToLatest;
    return;
  }
  marker.hidden = unseen.length === 0;
  marker.textContent = config.append ? format(strings.newPosts, { count: unseen.length }) : strings.newPostsOtherPage;
}

function isVisible(element) {
  const box = element.getBoundingClientRect();
  if (pane) {
    const frame = pane.getBoundingClientRect();
    return box.top < frame.bottom && box.bottom > frame.top;
  }
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
    if (pane) {
      scrollToLatest();
      const target = first || postsBox.querySelector(":scope > [data-sequence]:last-of-type");
      if (target) {
        target.setAttribute("tabindex", "-1");
        target.focus({ preventScroll: Boolean(!first) });
        if (first) first.scrollIntoView({ block: "start" });
      }
    } else if (first) {
      first.scrollIntoView({ block: "start" });
      first.setAttribute("tabindex", "-1");
      first.focus();
    } else if (!config.append && latestUrl) {
      window.location.href = latestUrl; // the post's permalink opens the page it is on
    }
    unseen = [];
    updateMarker();
  });
  (pane || window).addEventListener("scroll", () => updateMarker(), { passive: true });
}

if (pane) {
  // The messages pane takes the height left in the window below the room's header, so the message box stays
  // in view (live.css); newest at the bottom: a room opens at its latest message unless the address points
  // at one.
  const layout = document.getElementById("live-room-layout");
  const size = () => {
    if (!layout) return;
    layout.style.setProperty("--live-top", `${Math.max(0, layout.getBoundingClientRect().top + window.scrollY)}px`);
    layout.classList.add("live-room-layout--sized");
  };
  size();
  window.addEventListener("resize", size, { passive: true });
  if (!window.location.hash) scrollToLatest();
  updateMarker();
  document.addEventListener("live:messages-shown", () => {
    if (!unseen.length) scrollToLatest();
    updateMarker();
  });
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
