// Malformed raw HTTP requests for any simulator, and a probe that reports how it answered.
import { connect } from 'node:net';

/** Where a simulator's API lives, so hostile requests reach its handlers as well as its HTTP parser. */
export interface HostileTarget {
  /** The create endpoint's path (`/v1/paymentlinks/`). */
  readonly createPath: string;
  /** The path of one link (`/v1/paymentlinks/<id>/`); `id` is sent as given (already escaped or not). */
  readonly linkPath: (id: string) => string;
  /** A create body the simulator accepts (JSON text). */
  readonly createBody: string;
  /** Headers that get a request past authentication (`authorization`, `x-api-key`, ...). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Raw bytes a client writes to a simulator's socket. */
export interface HostileRequest {
  /** What is wrong with it. */
  readonly name: string;
  readonly bytes: Buffer;
  /**
   * The client gives up right after writing (a partial request): no answer
   * can come; the simulator must simply survive it.
   */
  readonly closeEarly?: boolean;
}

/** What one hostile request got back. */
export interface HostileOutcome {
  readonly name: string;
  /** HTTP status of the answer; `undefined` when none came. */
  readonly status?: number;
  readonly closedEarly: boolean;
}

/** Counts of a batch of hostile requests, for reports. */
export interface HostileReport {
  /** Requests written. */
  readonly sent: number;
  /** Answers by HTTP status (`"400": 12`). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Partial requests the client abandoned (no answer expected). */
  readonly closedEarly: number;
  /** Names of requests that got no answer, or one outside 4xx/5xx: must be empty. */
  readonly notRefused: ReadonlyArray<string>;
  readonly outcomes: ReadonlyArray<HostileOutcome>;
}

const crlf = '\r\n';

function head(method: string, target: string, headers: Readonly<Record<string, string>>): string {
  const lines = Object.entries({ host: 'simulator', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${target} HTTP/1.1${crlf}${lines.join(crlf)}${crlf}${crlf}`;
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** A request with a body (`Content-Length` from the bytes unless `length` is given). */
function withBody(
  method: string,
  target: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  length: number | string = body.length,
): Buffer {
  const all = { ...headers, 'content-type': 'application/json', 'content-length': String(length) };
  return Buffer.concat([ascii(head(method, target, all)), body]);
}

/** Malformed request lines and targets, refused before any route. */
function malformedTargets(t: HostileTarget): HostileRequest[] {
  const get = (target: string) => ascii(head('GET', target, t.headers));
  return [
    { name: 'target: unclosed IPv6 host', bytes: get('http://[::1') },
    { name: 'target: absolute URL with port 99999', bytes: get('http://simulator:99999/') },
    { name: 'target: broken percent escape', bytes: get(t.linkPath('%E0%A4%A')) },
    { name: 'target: lone percent sign', bytes: get(t.linkPath('%')) },
    { name: 'target: spaces inside', bytes: ascii(`GET /a b c HTTP/1.1${crlf}host: x${crlf}${crlf}`) },
    { name: 'request line: no HTTP version', bytes: ascii(`GET /${crlf}${crlf}`) },
    { name: 'request line: unknown method', bytes: ascii(head('BREW', t.createPath, t.headers)) },
    { name: 'request line: HTTP/9.9', bytes: ascii(`GET / HTTP/9.9${crlf}host: x${crlf}${crlf}`) },
    { name: 'target: asterisk form on GET', bytes: get('*') },
    { name: 'target: authority form on GET', bytes: get('simulator:80') },
  ];
}

/** Targets that parse but aim where no route should lead. */
function pathTricks(t: HostileTarget): HostileRequest[] {
  const get = (target: string) => ascii(head('GET', target, t.headers));
  return [
    { name: 'path: /../ traversal', bytes: get(`${t.createPath}../../../../etc/passwd`) },
    {
      name: 'path: encoded ../ traversal as an id',
      bytes: get(t.linkPath('%2e%2e%2f%2e%2e%2fetc%2fpasswd')),
    },
    { name: 'path: dot-dot id', bytes: get(t.linkPath('..')) },
    { name: 'path: %00 as an id', bytes: get(t.linkPath('%00')) },
    { name: 'path: %00 inside an id', bytes: get(t.linkPath('abc%00def')) },
    { name: 'path: control characters encoded', bytes: get(t.linkPath('%0d%0aSet-Cookie:%20a=b')) },
    { name: 'path: network-path reference', bytes: get('//evil.example/x') },
    { name: 'path: 8 KiB id', bytes: get(t.linkPath('a'.repeat(8 * 1024))) },
    { name: 'path: 64 KiB long', bytes: get(`/${'a'.repeat(64 * 1024)}`) },
    { name: 'path: non-ASCII bytes', bytes: Buffer.from(head('GET', t.linkPath('ü€'), t.headers), 'utf8') },
  ];
}

/** Header blocks the HTTP parser must refuse, or the handler must survive. */
function badHeaders(t: HostileTarget): HostileRequest[] {
  const body = ascii(t.createBody);
  const raw = (extra: string) =>
    ascii(`POST ${t.createPath} HTTP/1.1${crlf}host: x${crlf}${extra}${crlf}${crlf}${t.createBody}`);
  return [
    {
      name: 'header: Content-Length not a number',
      bytes: withBody('POST', t.createPath, t.headers, body, 'abc'),
    },
    { name: 'header: negative Content-Length', bytes: withBody('POST', t.createPath, t.headers, body, -5) },
    {
      name: 'header: two different Content-Lengths',
      bytes: raw(`content-length: ${body.length}${crlf}content-length: 3`),
    },
    {
      name: 'header: Content-Length and chunked together',
      bytes: raw(`content-length: ${body.length}${crlf}transfer-encoding: chunked`),
    },
    { name: 'header: space in its name', bytes: raw('bad header: 1') },
    { name: 'header: no colon', bytes: raw('no-colon-here') },
    { name: 'header: NUL in its value', bytes: raw('x-test: a\u0000b') },
    { name: 'header: bare LF line ends', bytes: ascii(`GET / HTTP/1.1\nhost: x\nx-a: 1\n\n`) },
    { name: 'header: no Host', bytes: ascii(`GET ${t.createPath} HTTP/1.1${crlf}${crlf}`) },
    { name: 'header: broken chunk size', bytes: raw(`transfer-encoding: chunked${crlf}${crlf}zz`) },
    {
      name: 'header: non-ASCII value',
      bytes: Buffer.from(head('GET', t.linkPath('missing'), { ...t.headers, 'x-name': 'Zoë €' }), 'utf8'),
    },
    {
      name: 'header: authorization garbage',
      bytes: ascii(head('GET', t.linkPath('x'), { authorization: '\u00ff\u00fe' })),
    },
  ];
}

/** Header blocks past Node's 16 KiB limit. */
function hugeHeaders(t: HostileTarget): HostileRequest[] {
  const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-filler-${i}`, 'v'.repeat(100)]));
  return [
    {
      name: 'header: one 32 KiB value',
      bytes: ascii(head('GET', t.createPath, { ...t.headers, 'x-big': 'v'.repeat(32 * 1024) })),
    },
    {
      name: 'header: 200 headers of 100 bytes',
      bytes: ascii(head('GET', t.createPath, { ...t.headers, ...many })),
    },
  ];
}

/** Create bodies that are not the JSON object the API takes. */
function badBodies(t: HostileTarget): HostileRequest[] {
  const post = (body: Buffer | string) =>
    withBody('POST', t.createPath, t.headers, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  const valid = Buffer.from(t.createBody, 'utf8');
  const quote = valid.indexOf('"', valid.indexOf(':'));
  const invalidUtf8 = Buffer.concat([
    valid.subarray(0, quote + 1),
    Buffer.from([0xff, 0xfe, 0xc3]),
    valid.subarray(quote + 1),
  ]);
  return [
    { name: 'body: truncated JSON', bytes: post(t.createBody.slice(0, Math.floor(t.createBody.length / 2))) },
    { name: 'body: invalid UTF-8 inside a valid create', bytes: post(invalidUtf8) },
    { name: 'body: lone surrogate escape', bytes: post('{"description":"\\ud800"}') },
    { name: 'body: JSON array', bytes: post('[1,2,3]') },
    { name: 'body: JSON null', bytes: post('null') },
    { name: 'body: JSON string', bytes: post('"create"') },
    { name: 'body: 10,000 nested arrays', bytes: post(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) },
    { name: 'body: 5,000 nested objects', bytes: post(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`) },
    { name: 'body: number 1e999', bytes: post('{"amount":1e999,"amount_cents":1e999,"duration":1e999}') },
    {
      name: 'body: __proto__ keys',
      bytes: post('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'),
    },
    {
      name: 'body: form-encoded',
      bytes: ascii(
        head('POST', t.createPath, {
          ...t.headers,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': '7',
        }) + 'a=1&b=2',
      ),
    },
    { name: 'body: 2 MiB', bytes: post(`{"description":"${'x'.repeat(2 * 1024 * 1024)}"}`) },
    {
      name: 'body: Content-Length 999999999999999',
      bytes: withBody('POST', t.createPath, t.headers, valid, 999_999_999_999_999),
    },
  ];
}

/** Requests the client abandons half-way, as a slowloris or a crashed client does. */
function abandoned(t: HostileTarget): HostileRequest[] {
  const full = withBody('POST', t.createPath, t.headers, Buffer.from(t.createBody, 'utf8'));
  return [
    {
      name: 'partial: request line only',
      bytes: ascii(`POST ${t.createPath} HTTP/1.1${crlf}`),
      closeEarly: true,
    },
    {
      name: 'partial: headers without the blank line',
      bytes: ascii(head('GET', t.createPath, t.headers).slice(0, -2)),
      closeEarly: true,
    },
    { name: 'partial: half the body', bytes: full.subarray(0, full.length - 10), closeEarly: true },
    {
      name: 'partial: 1 GiB promised, 10 bytes sent',
      bytes: withBody('POST', t.createPath, t.headers, ascii('{"a":"0123'), 1024 ** 3),
      closeEarly: true,
    },
  ];
}

/**
 * Every hostile request the simulators are tested with: malformed targets,
 * path tricks (`/../`, `%00`, very long paths), bad and huge headers, bodies
 * that are not the JSON the API takes (invalid UTF-8, deep nesting, absurd
 * `Content-Length`), and requests abandoned half-way. Each must get a 4xx or
 * 5xx (or, when abandoned, nothing) and leave the simulator serving.
 */
export function hostileRequests(target: HostileTarget): ReadonlyArray<HostileRequest> {
  return [
    ...malformedTargets(target),
    ...pathTricks(target),
    ...badHeaders(target),
    ...hugeHeaders(target),
    ...badBodies(target),
    ...abandoned(target),
  ];
}

/** The status in the first bytes of an HTTP answer. */
function statusOf(answer: string): number | undefined {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return match === null ? undefined : Number(match[1]);
}

/**
 * Writes one raw request to `origin` (`http://127.0.0.1:<port>`) and reads the
 * answer's status. Waits at most `timeoutMs` (default 10 s) for an answer.
 */
export function sendRawRequest(
  origin: string,
  request: HostileRequest,
  timeoutMs = 10_000,
): Promise<HostileOutcome> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(url.port), url.hostname.replace(/^\[|\]$/g, ''), () => {
      socket.write(request.bytes, () => {
        if (request.closeEarly === true) socket.destroy();
      });
    });
    const done = () => {
      clearTimeout(timer);
      const status = statusOf(answer);
      resolve({
        name: request.name,
        closedEarly: request.closeEarly === true,
        ...(status !== undefined ? { status } : {}),
      });
    };
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      // The status line is all we need; a server may keep the connection open after a 4xx.
      if (statusOf(answer) !== undefined) socket.destroy();
    });
    // A server that refuses a body it has not read may reset the connection after answering.
    socket.on('error', () => undefined);
    socket.on('close', done);
  });
}

/** Sends every request in turn and counts the answers (see {@link HostileReport}). */
export async function sendHostileRequests(
  origin: string,
  requests: ReadonlyArray<HostileRequest>,
  timeoutMs?: number,
): Promise<HostileReport> {
  const outcomes: HostileOutcome[] = [];
  for (const request of requests) outcomes.push(await sendRawRequest(origin, request, timeoutMs));
  const byStatus: Record<string, number> = {};
  for (const o of outcomes) if (o.status !== undefined) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
  return {
    sent: outcomes.length,
    byStatus,
    closedEarly: outcomes.filter((o) => o.closedEarly).length,
    notRefused: outcomes
      .filter((o) => !o.closedEarly && (o.status === undefined || o.status < 400 || o.status > 599))
      .map((o) => `${o.name}: ${o.status ?? 'no answer'}`),
    outcomes,
  };
}

/** A simulator's answers to the hostile requests, and to a valid create sent after them. */
export interface HostileProbe extends HostileReport {
  /** Status of the valid create sent after the hostile requests (201 when the simulator lives on). */
  readonly createAfterwards: number;
  /**
   * What went wrong, for `expect(probe.problems).toEqual([])`: a request with
   * no 4xx/5xx answer, a 500 (a handler threw: the simulator lived, but has a
   * bug), a create afterwards that did not answer 201.
   */
  readonly problems: ReadonlyArray<string>;
}

/**
 * Sends every {@link hostileRequests} entry to a running simulator, then one
 * valid create: the counts for reports, and the proof that it still serves.
 */
export async function probeSimulator(simulator: {
  readonly baseUrl: string;
  hostileTarget?(): Promise<HostileTarget>;
}): Promise<HostileProbe> {
  if (simulator.hostileTarget === undefined) throw new TypeError('this simulator offers no hostileTarget()');
  const target = await simulator.hostileTarget();
  const report = await sendHostileRequests(new URL(simulator.baseUrl).origin, hostileRequests(target));
  const created = await createThroughTarget(simulator.baseUrl, target);
  const problems = [
    ...report.notRefused,
    ...report.outcomes.filter((o) => o.status === 500).map((o) => `${o.name}: 500 (a handler threw)`),
    ...(created.status === 201 ? [] : [`the create afterwards answered ${created.status}`]),
  ];
  return { ...report, createAfterwards: created.status, problems };
}

/**
 * POSTs the target's valid create body, with `extra` fields merged in, to the
 * simulator at `baseUrl`: the status and the parsed answer.
 */
export async function createThroughTarget(
  baseUrl: string,
  target: HostileTarget,
  extra: Readonly<Record<string, unknown>> = {},
): Promise<{ readonly status: number; readonly json: unknown }> {
  const response = await fetch(`${new URL(baseUrl).origin}${target.createPath}`, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ ...(JSON.parse(target.createBody) as object), ...extra }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/**
 * Merchant redirect URLs a `Location` header cannot carry as given, with the
 * header a hosted checkout page must send for each (see `checkoutRedirect`).
 */
export const hostileRedirectUrls: ReadonlyArray<{
  readonly name: string;
  readonly url: string;
  readonly location: string;
}> = [
  {
    name: 'a header injection',
    url: 'https://shop.example/ok\r\nSet-Cookie: a=b',
    location: 'https://shop.example/okSet-Cookie:%20a=b',
  },
  {
    name: 'non-ASCII',
    url: 'https://shop.example/bestätigt/€?q=ü',
    location: 'https://shop.example/best%C3%A4tigt/%E2%82%AC?q=%C3%BC',
  },
];
