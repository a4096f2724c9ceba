// The mock's console: plain JavaScript, no build step, nothing loaded from elsewhere.
// Views come from /mock/v1/console/, changes from the /mock/v1/events stream, and actions as a
// handler go through the REST API itself, so a refused one shows the API's own error.
'use strict';

const $ = (sel) => document.querySelector(sel);
const MT = '/restapi/v1.0/account/~/message-threads';
const PER_PAGE = 50;
const EVENT_TYPES = [
  'threadCreated', 'threadAssigned', 'threadResolved', 'threadExpired', 'threadDeleted',
  'messageAdded', 'messageStatusChanged', 'messageDeleted', 'noteAdded', 'noteEdited',
  'noteDeleted', 'handlersChanged', 'clockMoved', 'reset', 'resync',
];

const state = {
  app: null,          // { clientId, clientSecret }
  accounts: [],
  account: null,      // the selected account view
  number: null,       // the selected shared number (E.164), or null for all
  page: 1,
  threadId: null,
  threadView: null,
  tokens: new Map(),  // user id -> access token
  clock: null,        // { now, followsRealTime }
  loadedAt: 0,        // performance.now() when the list was read
};

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function call(method, path, body, headers = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    if (typeof body === 'string') {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: r.status, ok: r.ok, json, text };
}

// What an error envelope says, as RingCentral's clients show it.
function describe(r) {
  const j = r.json || {};
  const code = j.errorCode || (j.errors && j.errors[0] && j.errors[0].errorCode) || '';
  const msg = j.message || (j.errors && j.errors[0] && j.errors[0].message) || r.text || '';
  return `${r.status} ${code}${code ? ': ' : ''}${msg}`;
}

function show(target, r, okText) {
  const p = $(target);
  p.classList.toggle('error', !r.ok);
  p.textContent = r.ok ? okText : describe(r);
}

function when(iso) {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function duration(secs) {
  if (secs === null || secs === undefined) return '';
  secs = Math.max(0, Math.floor(secs));
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(s).padStart(2, '0')} s`;
}

// ---- deep links: #/accounts/{accountId}/threads/{threadId} -------------------------------

function threadLink(accountId, threadId) {
  return `#/accounts/${accountId}/threads/${threadId}`;
}

function readHash() {
  const m = location.hash.match(/^#\/accounts\/(\d+)(?:\/threads\/([\w-]+))?/);
  return m ? { account: m[1], thread: m[2] || null } : null;
}

// ---- accounts, numbers, users -------------------------------------------------------------

async function loadAccounts() {
  const r = await call('GET', '/mock/v1/console/accounts');
  if (!r.ok) { $('#live').textContent = describe(r); return; }
  state.app = { clientId: r.json.clientId, clientSecret: r.json.clientSecret };
  state.accounts = r.json.records;
  const sel = $('#account');
  sel.replaceChildren(...state.accounts.map((a) => el('option', { value: a.id, text: `${a.name} (${a.id})` })));
  const link = readHash();
  const chosen = (link && state.accounts.find((a) => a.id === link.account)) || state.accounts[0];
  selectAccount(chosen ? chosen.id : null, link && link.thread);
}

function selectAccount(id, threadId) {
  state.account = state.accounts.find((a) => a.id === id) || null;
  if (!state.account) return;
  $('#account').value = id;
  state.number = null;
  state.page = 1;
  renderNumbers();
  renderUsers();
  loadThreads();
  if (threadId) openThread(threadId); else closeThread();
}

function renderNumbers() {
  const a = state.account;
  const item = (number, label, sub) => {
    const b = el('button', {
      type: 'button', class: 'link', 'aria-pressed': String(state.number === number),
      onclick: () => {
        state.number = number;
        state.page = 1;
        if (number) $('#customer [name=to]').value = number;
        renderNumbers();
        loadThreads();
      },
    }, el('strong', { text: label }), el('br'), el('small', { class: 'muted', text: sub }));
    return el('li', {}, b);
  };
  const items = [item(null, 'All numbers', `${a.sharedNumbers.length} shared numbers`)];
  for (const n of a.sharedNumbers) {
    const handlers = n.handlers.map((h) => h.name).join(', ') || 'no handlers';
    const off = n.threadMessaging ? '' : ' · thread messaging off';
    items.push(item(n.number, n.number, `${n.resource.name} · ${handlers}${off}`));
  }
  $('#numbers').replaceChildren(...items);
  const to = $('#customer [name=to]');
  const before = to.value;
  to.replaceChildren(...a.sharedNumbers.map((n) => el('option', { value: n.number, text: `${n.number} ${n.resource.name}` })));
  if (a.sharedNumbers.some((n) => n.number === before)) to.value = before;
}

function renderUsers() {
  const a = state.account;
  $('#users').replaceChildren(...a.users.map((u) =>
    el('li', {}, `${u.name} (${u.extensionNumber})`, u.status !== 'Enabled' ? el('small', { class: 'muted', text: ` ${u.status}` }) : '')));
  const enabled = a.users.filter((u) => u.status === 'Enabled');
  const opts = (none) => [none, ...enabled.map((u) => el('option', { value: u.id, text: u.name }))];
  $('#filters [name=assigneeId]').replaceChildren(...opts(el('option', { value: '', text: 'anyone' })));
  const current = $('#act-as').value;
  $('#act-as').replaceChildren(...enabled.map((u) => el('option', { value: u.id, text: `${u.name} (${u.extensionNumber})` })));
  if (enabled.some((u) => u.id === current)) $('#act-as').value = current;
  $('#act [name=assignee]').replaceChildren(...opts(el('option', { value: '', text: 'nobody (unassign)' })));
}

// ---- the thread list ----------------------------------------------------------------------

async function loadThreads() {
  const a = state.account;
  if (!a) return;
  const f = new FormData($('#filters'));
  const q = new URLSearchParams({ page: state.page, perPage: PER_PAGE });
  if (state.number) q.set('sharedNumber', state.number);
  if (f.get('status')) q.set('status', f.get('status'));
  if (f.get('assigneeId')) q.set('assigneeId', f.get('assigneeId'));
  const r = await call('GET', `/mock/v1/console/accounts/${a.id}/threads?${q}`);
  if (!r.ok) { $('#paging').textContent = describe(r); return; }
  state.loadedAt = performance.now();
  const rows = r.json.records.map((t) => {
    const tr = el('tr', { 'data-thread': t.id, class: t.id === state.threadId ? 'selected' : null },
      el('td', {}, el('a', { href: threadLink(a.id, t.id), text: t.customerNumber }),
        state.number ? '' : el('small', { class: 'muted', text: ` → ${t.sharedNumber}` })),
      el('td', {}, el('span', { class: `status ${t.status}`, text: t.status })),
      el('td', { text: t.assignee ? t.assignee.name : '' }),
      el('td', { text: t.label || '' }),
      el('td', { text: when(t.lastActivity) }),
      el('td', { class: 'expires', 'data-expires': t.expiresInSeconds ?? '', text: duration(t.expiresInSeconds) }));
    return tr;
  });
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'No threads.' })));
  $('#threads').replaceChildren(...rows);
  const p = r.json;
  $('#paging').textContent = `page ${p.page} of ${Math.max(1, p.totalPages)} · ${p.totalElements} threads`;
  $('#prev').disabled = p.page <= 1;
  $('#next').disabled = p.page >= p.totalPages;
}

// Counts down the time left while the clock follows real time.
function tick() {
  if (!state.clock || !state.clock.followsRealTime) return;
  const elapsed = (performance.now() - state.loadedAt) / 1000;
  for (const td of document.querySelectorAll('td.expires[data-expires]')) {
    const v = td.dataset.expires;
    if (v !== '') td.textContent = duration(Number(v) - elapsed);
  }
}

// ---- one thread ---------------------------------------------------------------------------

function closeThread() {
  state.threadId = null;
  state.threadView = null;
  $('#thread').hidden = true;
}

async function openThread(id) {
  state.threadId = id;
  for (const tr of document.querySelectorAll('#threads tr')) tr.classList.toggle('selected', tr.dataset.thread === id);
  await loadThread();
}

async function loadThread() {
  const a = state.account;
  if (!a || !state.threadId) return;
  const r = await call('GET', `/mock/v1/console/accounts/${a.id}/threads/${state.threadId}`);
  $('#thread').hidden = false;
  if (!r.ok) {
    $('#thread-title').textContent = `Thread ${state.threadId}`;
    $('#thread-meta').textContent = describe(r);
    for (const s of ['#messages', '#notes', '#history']) $(s).replaceChildren();
    return;
  }
  const v = r.json;
  state.threadView = v;
  const t = v.thread;
  $('#thread-title').textContent = `${t.customerNumber} ↔ ${t.sharedNumber}`;
  const who = t.assignee ? ` · assigned to ${t.assignee.name}` : '';
  const left = t.expiresInSeconds !== null ? ` · expires in ${duration(t.expiresInSeconds)}` : '';
  $('#thread-meta').replaceChildren(
    el('span', { class: `status ${t.status}`, text: t.deleted ? 'deleted' : t.status }),
    ` ${t.owner.name}${who}${left} · thread ${t.id}`);
  $('#thread-link').href = threadLink(a.id, t.id);
  $('#messages').replaceChildren(...v.messages.map((m) => {
    const by = m.direction === 'Inbound' ? 'customer' : (m.author ? m.author.name : 'handler');
    const status = m.deliveryErrorCode ? `${m.status} ${m.deliveryErrorCode}` : m.status;
    return el('li', { class: `bubble ${m.direction.toLowerCase()}${m.deleted ? ' deleted' : ''}` },
      el('p', { text: m.text }),
      el('small', { class: 'muted' }, `${by} · ${when(m.created)} · `,
        el('span', { class: `delivery ${m.status}`, text: status })));
  }));
  $('#notes').replaceChildren(...(v.notes.length ? v.notes.map((n) =>
    el('li', { class: n.deleted ? 'deleted' : null }, el('strong', { text: n.author.name }), `: ${n.text} `,
      el('small', { class: 'muted', text: when(n.created) }))) : [el('li', { class: 'muted', text: 'No notes.' })]));
  $('#history').replaceChildren(...v.history.map((h) => {
    let what = h.kind;
    if (h.kind === 'assigned') {
      what = h.assignee ? `assigned to ${h.assignee.name}` : 'unassigned';
      what += h.initiator ? ` by ${h.initiator.name}` : ' by the service';
    }
    return el('li', {}, el('small', { class: 'muted', text: `${when(h.time)} ` }), what);
  }));
}

// ---- acting as a handler, through the REST API --------------------------------------------

async function login(user) {
  const basic = btoa(`${state.app.clientId}:${state.app.clientSecret}`);
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: user.jwt,
  });
  const r = await call('POST', '/restapi/oauth/token', form.toString(), {
    Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded',
  });
  if (r.ok) state.tokens.set(user.id, r.json.access_token);
  return r;
}

// A request as a user: logs in when needed, and again once if the token has lapsed (the mock
// clock may have jumped past its lifetime).
async function asUser(userId, method, path, body) {
  const user = state.account.users.find((u) => u.id === userId);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!state.tokens.has(userId)) {
      const l = await login(user);
      if (!l.ok) return l;
    }
    const r = await call(method, path, body, { Authorization: `Bearer ${state.tokens.get(userId)}` });
    if (r.status !== 401) return r;
    state.tokens.delete(userId);
  }
  return call(method, path, body);
}

async function act(kind) {
  const t = state.threadView && state.threadView.thread;
  if (!t) return;
  const f = new FormData($('#act'));
  const as = f.get('as');
  let r;
  let done;
  if (kind === 'send') {
    r = await asUser(as, 'POST', `${MT}/messages`, {
      threadId: t.id, from: { phoneNumber: t.sharedNumber }, to: [{ phoneNumber: t.customerNumber }], text: f.get('text'),
    });
    done = 'Sent.';
    if (r.ok) $('#act [name=text]').value = '';
  } else if (kind === 'assign') {
    const to = f.get('assignee');
    r = await asUser(as, 'POST', `${MT}/${t.id}/assign`, { assignee: to ? { extensionId: to } : null });
    done = to ? 'Assigned.' : 'Unassigned.';
  } else if (kind === 'resolve') {
    r = await asUser(as, 'POST', `${MT}/${t.id}/resolve`);
    done = 'Resolved.';
  } else if (kind === 'note') {
    r = await asUser(as, 'POST', `${MT}/notes`, { threadId: t.id, text: f.get('note') });
    done = 'Note added.';
    if (r.ok) $('#act [name=note]').value = '';
  }
  show('#act-result', r, done);
  refreshSoon();
}

// ---- the customer -------------------------------------------------------------------------

async function text(body) {
  const f = new FormData($('#customer'));
  const r = await call('POST', '/mock/v1/inbound', { from: f.get('from'), to: f.get('to'), text: body });
  show('#customer-result', r, r.ok ? `Delivered into thread ${r.json.threadId}.` : '');
  refreshSoon();
}

// ---- clock, reset -------------------------------------------------------------------------

async function loadClock() {
  const r = await call('GET', '/mock/v1/clock');
  if (r.ok) renderClock(r.json);
}

function renderClock(c) {
  state.clock = c;
  $('#now').textContent = when(c.now);
  $('#clock-mode').textContent = c.followsRealTime ? 'following real time' : 'stopped';
}

async function clock(body) {
  const r = await call('POST', '/mock/v1/clock', body);
  if (r.ok) renderClock(r.json); else $('#live').textContent = describe(r);
  refreshSoon();
}

// ---- faults -------------------------------------------------------------------------------

async function loadFaults() {
  const r = await call('GET', '/mock/v1/faults');
  if (!r.ok) return;
  $('#faults').replaceChildren(...(r.json.records.length ? r.json.records.map((f) => {
    const what = [f.fault.type, f.method, f.pathPattern, f.remaining !== undefined ? `${f.remaining} left` : 'every match']
      .filter(Boolean).join(' · ');
    return el('li', {}, `#${f.id} ${what} `, el('button', {
      type: 'button', class: 'small', 'aria-label': `Remove fault ${f.id}`,
      onclick: async () => { await call('DELETE', `/mock/v1/faults/${f.id}`); loadFaults(); },
    }, 'remove'));
  }) : [el('li', { class: 'muted', text: 'No faults.' })]));
}

async function addFault(e) {
  e.preventDefault();
  const f = new FormData(e.target);
  const fault = { type: f.get('type') };
  if (fault.type === 'delay') fault.ms = Number(f.get('ms') || 1000);
  const body = { fault };
  if (f.get('method')) body.method = f.get('method').toUpperCase();
  if (f.get('pathPattern')) body.pathPattern = f.get('pathPattern');
  if (f.get('times')) body.times = Number(f.get('times'));
  const r = await call('POST', '/mock/v1/faults', body);
  show('#fault-result', r, r.ok ? `Fault ${r.json.id} added.` : '');
  loadFaults();
}

// ---- the request journal ------------------------------------------------------------------

let journal = [];

async function loadJournal() {
  const r = await call('GET', '/mock/v1/requests');
  if (!r.ok) return;
  journal = r.json.records;
  renderJournal();
}

function renderJournal() {
  const words = $('#journal-filter').value.toLowerCase().split(/\s+/).filter(Boolean);
  const rows = [];
  for (let i = journal.length - 1; i >= 0 && rows.length < 200; i--) {
    const j = journal[i];
    const path = j.query ? `${j.path}?${j.query}` : j.path;
    const hay = `${j.method} ${path} ${j.status}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) continue;
    rows.push(el('tr', { class: j.status >= 400 ? 'failed' : null },
      el('td', { text: when(j.time) }), el('td', { text: j.method }),
      el('td', { class: 'path', text: path }), el('td', { text: String(j.status) })));
  }
  if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 4, class: 'muted', text: 'No requests.' })));
  $('#journal').replaceChildren(...rows);
}

// ---- live updates -------------------------------------------------------------------------

let pending = null;
let dirtyThread = false;

// Many events arrive in bursts (a send is a message, a thread and status changes): one
// refresh per burst.
function refreshSoon(threadToo = true) {
  dirtyThread = dirtyThread || threadToo;
  if (pending) return;
  pending = setTimeout(async () => {
    pending = null;
    const t = dirtyThread;
    dirtyThread = false;
    await Promise.all([loadThreads(), t ? loadThread() : null, loadJournal(), loadFaults()]);
  }, 80);
}

function listen() {
  const es = new EventSource('/mock/v1/events');
  es.addEventListener('ready', () => { $('#live').textContent = 'live'; $('#live').classList.add('on'); });
  es.onerror = () => { $('#live').textContent = 'reconnecting…'; $('#live').classList.remove('on'); };
  for (const type of EVENT_TYPES) {
    es.addEventListener(type, (m) => {
      const e = JSON.parse(m.data);
      if (type === 'clockMoved' || type === 'reset') loadClock();
      if (type === 'reset') { state.tokens.clear(); }
      if (e.accountId && state.account && e.accountId !== state.account.id) return;
      refreshSoon(!e.threadId || e.threadId === state.threadId);
    });
  }
}

// ---- wiring -------------------------------------------------------------------------------

function wire() {
  $('#account').addEventListener('change', (e) => { location.hash = `#/accounts/${e.target.value}`; });
  $('#filters').addEventListener('change', () => { state.page = 1; loadThreads(); });
  $('#prev').addEventListener('click', () => { state.page -= 1; loadThreads(); });
  $('#next').addEventListener('click', () => { state.page += 1; loadThreads(); });
  for (const b of document.querySelectorAll('[data-advance]')) {
    b.addEventListener('click', () => clock({ advanceSeconds: Number(b.dataset.advance) }));
  }
  $('#clock-set-go').addEventListener('click', () => {
    const v = $('#clock-set').value;
    if (v) clock({ set: new Date(`${v}Z`).toISOString() });
  });
  $('#clock-real').addEventListener('click', () => clock({ realTime: true }));
  $('#reset').addEventListener('click', async () => {
    await call('POST', '/mock/v1/reset');
    state.tokens.clear();
    loadClock();
    refreshSoon();
  });
  $('#customer').addEventListener('submit', (e) => { e.preventDefault(); text(new FormData(e.target).get('text')); });
  for (const b of document.querySelectorAll('[data-keyword]')) b.addEventListener('click', () => text(b.dataset.keyword));
  $('#act').addEventListener('submit', (e) => { e.preventDefault(); act('send'); });
  for (const b of document.querySelectorAll('[data-act]')) b.addEventListener('click', () => act(b.dataset.act));
  $('#fault').addEventListener('submit', addFault);
  $('#journal-filter').addEventListener('input', renderJournal);
  $('#journal-refresh').addEventListener('click', loadJournal);
  window.addEventListener('hashchange', () => {
    const link = readHash();
    if (!link) return;
    if (!state.account || link.account !== state.account.id) selectAccount(link.account, link.thread);
    else if (link.thread) openThread(link.thread);
    else closeThread();
  });
  setInterval(tick, 1000);
}

wire();
listen();
loadClock();
loadAccounts();
loadFaults();
loadJournal();
