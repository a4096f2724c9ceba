/** A user of the built-in fixture: log in with `platform.login({ jwt: user.jwt })`. */
export interface MockUser {
  readonly extensionId: string;
  readonly extensionNumber: string;
  readonly jwt: string;
  readonly name: string;
}

/** The built-in fixture's app credentials and users. */
export interface MockCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly users: Readonly<Record<'wayne' | 'beth' | 'federick' | 'sam' | 'nora', MockUser>>;
  readonly accountId: string;
  /** The Financial Advising Queue's shared number. */
  readonly queueNumber: string;
}

/** A tenant's app credentials (the mock's) and users, keyed by the first word of their name in lower case. */
export interface TenantCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly users: Readonly<Record<string, MockUser>>;
  readonly accountId: string;
  /** The number of the account's first call queue; null when it has none. */
  readonly queueNumber: string | null;
}

/** A tenant: an account of its own on a running mock, for one test. */
export interface MockTenant {
  readonly id: string;
  /** The record the mock answered (the account in the fixture format, users with their `jwt`). */
  readonly record: any;
  readonly credentials: TenantCredentials;
  /** A customer at `from` texts `to`, one of this tenant's numbers; resolves to the message. */
  inbound(from: string, to: string, text: string): Promise<any>;
  /** Moves this tenant's own clock forward; other accounts keep theirs. */
  advanceClock(seconds: number): Promise<any>;
  clock(): Promise<any>;
  /** Back to its configuration: no threads, no subscriptions, its clock real again. */
  reset(): Promise<void>;
  /** Deletes the tenant with its threads, sessions and subscriptions. */
  delete(): Promise<void>;
}

/** A client of the mock's control API (`/mock/v1/*`). Rejects with an Error carrying `status` and `body`. */
export interface MockControl {
  /** `method /mock/v1/<path>` with a JSON body; resolves to the decoded answer (null if empty). */
  request(method: string, path: string, body?: unknown): Promise<any>;
  health(): Promise<any>;
  /** Back to the fixture: no threads, no subscriptions, the clock real again. */
  reset(): Promise<void>;
  fixture(): Promise<any>;
  /** A customer at `from` texts the shared number `to`; resolves to the stored message. */
  inbound(from: string, to: string, text: string): Promise<any>;
  /** Moves the mock's clock forward (deadlines such as the 72-hour expiry apply). */
  advanceClock(seconds: number): Promise<any>;
  requests(): Promise<any>;
  websockets(): Promise<any>;
  /** Cuts every open WebSocket connection (the sessions stay recoverable). */
  dropWebsockets(): Promise<any>;
  /** The built-in accounts, then the tenants, as records. */
  accounts(): Promise<any[]>;
  /**
   * A new tenant: a copy of the built-in account `copyOf` (by default Mock Advisory LLC), or
   * `account` in the fixture format.
   */
  createTenant(options?: { copyOf?: string; account?: unknown }): Promise<MockTenant>;
}

/** Options of `startMock`. */
export interface StartOptions {
  /** The binary to run instead of the platform package's (or `RCTHREADS_MOCK_BINARY`). */
  binary?: string;
  /** Address to listen on; default `127.0.0.1:0` (a free port). */
  listen?: string;
  /** A JSON file of accounts to serve instead of the built-in ones. */
  fixture?: string;
  /** A token the control API then requires; the returned `control` sends it. */
  controlToken?: string;
  /** More command-line options, e.g. `['--rate-limits', 'enforce']`. */
  args?: string[];
  /** More environment variables for the mock, e.g. `{ RUST_LOG: 'debug' }`. */
  env?: Record<string, string>;
  /** A file the mock's log is appended to; by default its end is kept to explain a failed start. */
  log?: string;
  /** How long to wait for the listening line; default 30000. */
  startupTimeoutMs?: number;
}

/** A running mock. */
export interface RunningMock {
  /** The server URL to give an SDK, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Stops the mock; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
  readonly control: MockControl;
  readonly credentials: MockCredentials;
  /** The mock's process id. */
  readonly pid: number | undefined;
}

/** Starts the mock on a free loopback port and resolves once it listens. */
export function startMock(options?: StartOptions): Promise<RunningMock>;

/** The built-in fixture's credentials. */
export const credentials: MockCredentials;

/** A control API client for a mock already running at `url`. */
export function controlClient(url: string, token?: string): MockControl;

/** The path of the binary `startMock` runs. */
export function binaryPath(): string;

/** The per-platform package name, e.g. `@rcthreads/mock-linux-x64`. */
export function platformPackage(platform?: string, arch?: string): string;

/** The environment variable that overrides the binary. */
export const BINARY_ENV: 'RCTHREADS_MOCK_BINARY';

/** The mock's first line on stdout, before its URL. */
export const LISTENING: string;
