// startMock(): the rcthreads mock RingCentral server as a child process on a free loopback port.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const readline = require('node:readline');
const { binaryPath, platformPackage, BINARY_ENV } = require('./platform');

/** The first line the mock prints on stdout, followed by its URL, once its socket is bound. */
const LISTENING = 'rcthreads-mock listening on ';

function user(extensionId, extensionNumber, name) {
  return Object.freeze({ extensionId, extensionNumber, jwt: `jwt-${extensionNumber}`, name });
}

/** The built-in fixture's app and users (`GET /mock/v1/fixture` lists the same). */
const credentials = Object.freeze({
  clientId: 'mock-client-id',
  clientSecret: 'mock-client-secret',
  users: Object.freeze({
    wayne: user('696658052', '101', 'Wayne T'),
    beth: user('696667052', '102', 'Beth S'),
    federick: user('696676052', '103', 'Federick J'),
    sam: user('710403052', '104', 'Sam R'),
    nora: user('710405052', '105', 'Nora N'),
  }),
  accountId: '37439510',
  // The Financial Advising Queue's shared number; Wayne, Beth, Federick and Sam handle it.
  queueNumber: '+15559870001',
});

/**
 * The app credentials (the mock's) and a tenant's users, keyed like the built-in ones: the first
 * word of the name in lower case ("wayne"), or the extension number when two users share it.
 */
function tenantCredentials(record) {
  const users = {};
  for (const u of record.users) {
    const first = u.name.split(/\s+/)[0]?.toLowerCase() || u.extensionNumber;
    users[first in users ? u.extensionNumber : first] = Object.freeze({
      extensionId: u.id,
      extensionNumber: u.extensionNumber,
      jwt: u.jwt,
      name: u.name,
    });
  }
  const queues = new Set((record.resources ?? []).filter((r) => r.type === 'CallQueue').map((r) => r.id));
  const queue = (record.numbers ?? []).find((n) => queues.has(n.extensionId));
  return Object.freeze({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    users: Object.freeze(users),
    accountId: record.id,
    queueNumber: queue?.phoneNumber ?? null,
  });
}

/** A client of the control API (`/mock/v1/*`) of the mock at `url`. */
function controlClient(url, token) {
  async function request(method, path, body) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token !== undefined) headers['X-Mock-Control-Token'] = token;
    const res = await fetch(`${url}/mock/v1/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      const err = new Error(`mock control ${method} ${path}: HTTP ${res.status} ${text}`);
      err.status = res.status;
      err.body = text;
      throw err;
    }
    return text ? JSON.parse(text) : null;
  }
  return {
    request,
    health: () => request('GET', 'health'),
    reset: async () => {
      await request('POST', 'reset');
    },
    fixture: () => request('GET', 'fixture'),
    inbound: (from, to, text) => request('POST', 'inbound', { from, to, text }),
    advanceClock: (seconds) => request('POST', 'clock', { advanceSeconds: seconds }),
    requests: () => request('GET', 'requests'),
    websockets: () => request('GET', 'websockets'),
    dropWebsockets: () => request('POST', 'websockets/drop', {}),
    accounts: async () => (await request('GET', 'accounts')).records,
    createTenant: async (options = {}) => {
      if (options.copyOf !== undefined && options.account !== undefined) {
        throw new TypeError('createTenant: give either copyOf or account, not both');
      }
      const record = await request('POST', 'accounts', options.account ?? { copyOf: options.copyOf ?? credentials.accountId });
      const path = `accounts/${record.id}`;
      return Object.freeze({
        id: record.id,
        record,
        credentials: tenantCredentials(record),
        inbound: (from, to, text) => request('POST', `${path}/inbound`, { from, to, text }),
        advanceClock: (seconds) => request('POST', `${path}/clock`, { advanceSeconds: seconds }),
        clock: () => request('GET', `${path}/clock`),
        reset: async () => {
          await request('POST', `${path}/reset`);
        },
        delete: async () => {
          await request('DELETE', path);
        },
      });
    },
  };
}

// Children still running when this process exits are killed with it.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the mock and resolves once it listens.
 * @param {import('./index').StartOptions} [options]
 * @returns {Promise<import('./index').RunningMock>}
 */
async function startMock(options = {}) {
  const binary = options.binary ?? binaryPath();
  const args = ['--listen', options.listen ?? '127.0.0.1:0'];
  if (options.fixture !== undefined) args.push('--fixture', options.fixture);
  if (options.controlToken !== undefined) args.push('--control-token', options.controlToken);
  args.push(...(options.args ?? []));
  const env = { RUST_LOG: 'warn', ...process.env, ...(options.env ?? {}) };
  // Our own token argument wins over one left in the environment.
  delete env.RCTHREADS_MOCK_CONTROL_TOKEN;
  const timeoutMs = options.startupTimeoutMs ?? 30_000;

  return new Promise((resolve, reject) => {
    // The log goes to `options.log` (appended) or is kept, its end only, to explain a failed start.
    const logFd = options.log === undefined ? undefined : fs.openSync(options.log, 'a');
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', logFd ?? 'pipe'], env });
    if (logFd !== undefined) fs.closeSync(logFd);
    let log = '';
    let listening = false;
    child.stderr?.on('data', (chunk) => {
      log = (log + chunk).slice(-8000);
    });
    const fail = (why) => {
      clearTimeout(timer);
      running.delete(child);
      child.kill('SIGKILL');
      const tail = options.log === undefined ? `its log:\n${log}` : `its log: ${options.log}`;
      reject(new Error(`${binary} ${args.join(' ')} ${why}; ${tail}`));
    };
    const timer = setTimeout(() => fail(`printed nothing within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (e) => fail(`could not start: ${e.message}`));
    const exited = new Promise((done) => {
      child.once('exit', () => {
        running.delete(child);
        done();
      });
    });
    // 'close' comes after the last of stderr, so the message shows the whole reason.
    child.once('close', (code, signal) => {
      if (!listening) fail(`exited before listening (${signal ?? code})`);
    });
    running.add(child);

    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      if (!line.startsWith(LISTENING)) {
        fail(`printed ${JSON.stringify(line)}`);
        return;
      }
      listening = true;
      clearTimeout(timer);
      // A mock left running does not keep this process alive; the exit hook above kills it.
      child.unref();
      child.stdout.unref?.();
      child.stderr?.unref?.();
      lines.on('line', () => {});

      const url = line.slice(LISTENING.length).trim();
      let stopping;
      const stop = () => {
        stopping ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.ref();
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(killer);
          }
        })();
        return stopping;
      };
      resolve({ url, stop, control: controlClient(url, options.controlToken), credentials, pid: child.pid });
    });
  });
}

module.exports = { startMock, credentials, controlClient, binaryPath, platformPackage, BINARY_ENV, LISTENING };
