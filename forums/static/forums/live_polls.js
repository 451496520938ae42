/* Polls and action points of a live room, over the room's socket (forums/static/forums/live.js).

   The server renders every poll for its reader (forums/live/includes/poll.html) and sends the fragment in a
   `polls`, `poll` or `actions` frame; this module puts it in place, keeping the reader's focus and any choice
   they ticked but have not sent yet. The forms post without JavaScript; with it they go over the socket
   (`{"type": "poll", ...}`), and fall back to posting when the socket is not open. */

const panel = document.getElementById("live-polls");
const list = document.getElementById("live-poll-list");
const actionList = document.getElementById("live-action-list");
const errorBox = document.getElementById("live-poll-error");
const announcer = document.getElementById("live-announcer");
let sequence = 0;
let pongs = 0;
const REFRESH_EVERY_PONGS = 4; // a notice the channel layer dropped is made good within about 100 s

function csrfToken() {
  const input = document.querySelector("#live-root input[name=csrfmiddlewaretoken]:not([value=\"\"])");
  return input ? input.value : "";
}

function fillTokens(root) {
  const token = csrfToken();
  root.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((input) => {
    if (!input.value) input.value = token;
  });
}

function fragment(html) {
  const template = document.createElement("template");
  template.innerHTML = html; // rendered and escaped by the server's templates
  fillTokens(template.content);
  return template.content;
}

function announce(text) {
  if (!announcer || !text) return;
  const line = document.createElement("p");
  line.textContent = text;
  announcer.appendChild(line);
  while (announcer.childNodes.length > 5) announcer.removeChild(announcer.firstChild);
}

function stateOf(item) {
  if (!item) return "";
  if (item.classList.contains("live-poll--open")) return "open";
  if (item.classList.contains("live-poll--closed")) return "closed";
  return "draft";
}

/* Replace `old` by the new fragment, keeping focus and unsent ticks of the reader. */
function replacePoll(old, content) {
  const focused = old.contains(document.activeElement) ? document.activeElement : null;
  const focusedId = focused ? focused.id || "-" : "";
  const ticked = new Map();
  old.querySelectorAll("input[name=choice]").forEach((input) => {
    if (input.checked !== input.defaultChecked) ticked.set(input.value, input.checked);
  });
  const item = content.firstElementChild;
  old.replaceWith(content);
  if (item && ticked.size) {
    item.querySelectorAll("input[name=choice]").forEach((input) => {
      if (ticked.has(input.value)) input.checked = ticked.get(input.value);
    });
  }
  if (focusedId) {
    // The same control again; if it went (the poll opened or closed), the poll's heading keeps the place.
    const again = document.getElementById(focusedId) || (item && item.querySelector(".live-poll__question"));
    if (again) again.focus();
  }
  return item;
}

function showPoll(frame) {
  if (!list) return;
  const old = document.getElementById(`poll-${frame.id}`);
  const before = stateOf(old);
  if (!frame.html) {
    if (old) old.remove();
    return;
  }
  const content = fragment(frame.html);
  const item = content.firstElementChild;
  if (old) replacePoll(old, content);
  else {
    const empty = list.querySelector(".live-polls__empty");
    if (empty) empty.remove();
    list.append(content);
  }
  const after = stateOf(item);
  if (panel && after !== before && (after === "open" || after === "closed")) {
    const heading = item.querySelector(".live-poll__question");
    const template = after === "open" ? panel.dataset.opened : panel.dataset.closed;
    announce(`${template} ${heading ? heading.textContent : ""}`);
  }
}

/* Every poll afresh (at join and on refresh): each known poll is replaced in place (keeping focus and unsent
   ticks), new ones are added, vanished ones removed. */
function showPolls(html) {
  const content = fragment(html);
  const fresh = Array.from(content.querySelectorAll("li.live-poll"));
  if (!fresh.length) {
    list.replaceChildren(content);
    return;
  }
  const ids = new Set(fresh.map((item) => item.id));
  list.querySelectorAll(":scope > li").forEach((item) => { if (!ids.has(item.id)) item.remove(); });
  for (const item of fresh) {
    const old = document.getElementById(item.id);
    const single = document.createDocumentFragment();
    single.append(item);
    if (old) replacePoll(old, single);
    else list.append(single);
  }
}

document.addEventListener("forums-live:frame", (event) => {
  const frame = event.detail;
  if (frame.type === "polls" && list) showPolls(frame.html);
  else if (frame.type === "poll") showPoll(frame);
  else if (frame.type === "actions" && actionList) actionList.replaceChildren(fragment(frame.html));
  else if (frame.type === "pong" && list && (pongs += 1) % REFRESH_EVERY_PONGS === 0) send({ type: "poll", action: "refresh" });
  else if (frame.type === "error" && String(frame.client_id || "").startsWith("poll-") && errorBox) errorBox.textContent = frame.message;
});

function send(frame) {
  const detail = { frame, sent: false };
  document.dispatchEvent(new CustomEvent("forums-live:send", { detail }));
  return detail.sent;
}

function frameOf(form) {
  const data = new FormData(form);
  const action = data.get("action");
  sequence += 1;
  const frame = { type: "poll", action, poll: Number(data.get("poll")) || 0, client_id: `poll-${sequence}` };
  if (action === "vote") frame.choices = data.getAll("choice").map(Number);
  if (action === "create") {
    frame.question = data.get("question") || "";
    frame.choices = String(data.get("choices") || "").split("\n");
    frame.multiple = data.has("multiple");
    frame.anonymous = data.has("anonymous");
    frame.hide_results = data.has("hide_results");
  }
  return frame;
}

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-live-poll]");
  if (!form) return;
  if (errorBox) errorBox.textContent = "";
  if (!send(frameOf(form))) return; // no socket: the form posts
  event.preventDefault();
  if (form.id === "live-poll-new") form.reset();
});

if (panel) fillTokens(panel);
