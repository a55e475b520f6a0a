/**
 * Malformed requests over a raw socket: each gets a 4xx JSON answer in the error shape of
 * schema/api/error.schema.json, never a 500 or a dropped connection. Faults of the HTTP message
 * itself (request line, headers, declared size) are answered before authentication; faults of a
 * body a route would read (media type, UTF-8, JSON) after it, so strangers still just see 401.
 */
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { rawExchange, requestHead, type RawResponse } from '../helpers/raw-http';
import { sandboxRequest } from '../helpers/sandbox';
import { schemaErrors } from './api-schemas';

const TOKEN = 'aup_malformed_token';
const AUTH = `Authorization: Bearer ${TOKEN}`;
const HOST = 'Host: 127.0.0.1';
const FIFTY_MB = 50 * 1024 * 1024;

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ token: TOKEN });
});

afterAll(async () => {
  await sandbox?.close();
});

/** The parts of an answer a test asserts on, with the schema problems of its body. */
function summary(response: RawResponse): Record<string, unknown> {
  return {
    status: response.status,
    contentType: response.headers['content-type'],
    errorShapeProblems: schemaErrors('error', response.body),
  };
}

/** What an error answer must look like: the status, JSON, the error shape. */
function errorAnswer(status: number): Record<string, unknown> {
  return { status, contentType: 'application/json', errorShapeProblems: [] };
}

/** A head with the token and a body of `body` bytes sent as `contentType` (none when null). */
function bodyHead(requestLine: string, contentType: string | null, body: Buffer): Buffer {
  const headers = [HOST, AUTH, `Content-Length: ${body.length}`];
  if (contentType !== null) headers.push(`Content-Type: ${contentType}`);
  return Buffer.concat([Buffer.from(requestHead(requestLine, headers)), body]);
}

describe('malformed HTTP messages are answered before authentication', () => {
  it.each([
    ['an absolute-form target with an unclosed IPv6 literal', 'GET http://[::1 HTTP/1.1', [HOST], 400],
    [
      'an absolute-form target with a scheme other than http',
      'GET ftp://h/api/v2/users HTTP/1.1',
      [HOST],
      400,
    ],
    ['an asterisk-form target on GET', 'GET * HTTP/1.1', [HOST], 400],
    ['a target that does not start with a slash', 'GET api/admin/v3/users HTTP/1.1', [HOST], 400],
    ['a target with a fragment', 'GET /api/admin/v3/users#top HTTP/1.1', [HOST], 400],
    ['a target with a space in it', 'GET /api/admin/v3/users x HTTP/1.1', [HOST], 400],
    ['a method HTTP does not know', 'BREW /api/admin/v3/users HTTP/1.1', [HOST], 400],
    ['a CONNECT (the sandbox is no proxy)', 'CONNECT 127.0.0.1:443 HTTP/1.1', [HOST], 400],
    ['an HTTP/1.1 request without Host', 'GET /api/admin/v3/users HTTP/1.1', [], 400],
    [
      'a Content-Length that is not a number',
      'POST /api/admin/v1/groups HTTP/1.1',
      [HOST, 'Content-Length: ten'],
      400,
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'POST /api/admin/v1/groups HTTP/1.1',
      [HOST, 'Content-Length: 2', 'Transfer-Encoding: chunked'],
      400,
    ],
    [
      'headers larger than the sandbox reads',
      'GET /api/v2/users HTTP/1.1',
      [HOST, `X-Big: ${'b'.repeat(20_000)}`],
      431,
    ],
  ])(
    'GIVEN %s and no token WHEN sent THEN a JSON error answer',
    async (_name, requestLine, headers, status) => {
      const response = await rawExchange(sandbox.port, requestHead(requestLine, headers));
      expect({ ...summary(response), raw: response.raw }).toEqual({
        ...errorAnswer(status),
        raw: response.raw,
      });
    },
  );

  it.each([
    ['a declared Content-Length', false],
    ['a chunked body', true],
  ])(
    'GIVEN a 50 MB body with %s WHEN posted THEN a 413 is delivered and the connection closes',
    async (_name, chunked) => {
      const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${FIFTY_MB}`;
      const head = requestHead('POST /api/admin/v1/groups HTTP/1.1', [
        HOST,
        AUTH,
        'Content-Type: application/json',
        framing,
      ]);
      const response = await rawExchange(sandbox.port, head, { bytes: FIFTY_MB, chunked });
      expect({ ...summary(response), connection: response.headers.connection }).toEqual({
        ...errorAnswer(413),
        connection: 'close',
      });
    },
  );
});

describe('malformed request bodies are answered after authentication', () => {
  it.each([
    ['a text/plain body', 'text/plain', Buffer.from('{"name":"plain"}'), 415],
    ['a body without Content-Type', null, Buffer.from('{"name":"untyped"}'), 415],
    ['a form-encoded body', 'application/x-www-form-urlencoded', Buffer.from('name=form'), 415],
    [
      'a JSON body in another charset',
      'application/json; charset=iso-8859-1',
      Buffer.from('{"name":"x"}'),
      415,
    ],
    [
      'a JSON body that is not valid UTF-8',
      'application/json',
      Buffer.from('{"name":"caf\xe9"}', 'latin1'),
      400,
    ],
    ['a JSON body that is not JSON', 'application/json', Buffer.from('{"name": '), 400],
  ])('GIVEN %s WHEN creating a group THEN a JSON error answer', async (_name, contentType, body, status) => {
    const response = await rawExchange(
      sandbox.port,
      bodyHead('POST /api/admin/v1/groups HTTP/1.1', contentType, body),
    );
    expect({ ...summary(response), raw: response.raw }).toEqual({
      ...errorAnswer(status),
      raw: response.raw,
    });
  });

  it('GIVEN a chunked body with a broken chunk size WHEN creating a group THEN a JSON 400', async () => {
    const head = requestHead('POST /api/admin/v1/groups HTTP/1.1', [
      HOST,
      AUTH,
      'Content-Type: application/json',
      'Transfer-Encoding: chunked',
    ]);
    const response = await rawExchange(sandbox.port, `${head}zz\r\n{}\r\n0\r\n\r\n`);
    expect({ ...summary(response), raw: response.raw }).toEqual({ ...errorAnswer(400), raw: response.raw });
  });

  it('GIVEN a text/plain body and no token WHEN creating a group THEN 401 (the body is never looked at)', async () => {
    const head = requestHead('POST /api/admin/v1/groups HTTP/1.1', [
      HOST,
      'Content-Type: text/plain',
      'Content-Length: 2',
    ]);
    const response = await rawExchange(sandbox.port, `${head}hi`);
    expect(response.status).toBe(401);
  });

  it.each([
    ['no token', 401, []],
    ['the token', 100, [AUTH]],
  ])(
    'GIVEN Expect: 100-continue and %s WHEN creating a group THEN the first answer is %s',
    async (_name, status, auth) => {
      const head = requestHead('POST /api/admin/v1/groups HTTP/1.1', [
        HOST,
        ...auth,
        'Content-Type: application/json',
        'Content-Length: 2',
        'Expect: 100-continue',
      ]);
      const response = await rawExchange(sandbox.port, head);
      expect({ status: response.status, raw: response.raw }).toEqual({ status, raw: response.raw });
    },
  );

  it('GIVEN a JSON body that is not valid UTF-8 WHEN creating a group THEN no group is stored', async () => {
    const body = Buffer.from('{"name":"utf8-check-caf\xe9","members_emails":[]}', 'latin1');
    await rawExchange(sandbox.port, bodyHead('POST /api/admin/v1/groups HTTP/1.1', 'application/json', body));
    const groups = await sandboxRequest(sandbox.url, TOKEN, 'GET', '/api/admin/v1/groups?limit=1000');
    const names = (groups.body as { items: Array<{ name: string }> }).items.map((group) => group.name);
    expect(names.filter((name) => name.startsWith('utf8-check'))).toEqual([]);
  });
});

describe('well-formed requests that look unusual', () => {
  it.each([['application/json; charset=utf-8'], ['Application/JSON'], ['application/json;charset="UTF-8"']])(
    'GIVEN Content-Type %s WHEN creating a group THEN 200',
    async (contentType) => {
      const body = Buffer.from(JSON.stringify({ name: `typed ${contentType}`, members_emails: [] }));
      const response = await rawExchange(
        sandbox.port,
        bodyHead('POST /api/admin/v1/groups HTTP/1.1', contentType, body),
      );
      expect({ status: response.status, raw: response.raw }).toEqual({ status: 200, raw: response.raw });
    },
  );

  it('GIVEN an absolute-form target WHEN listing users with the token THEN 200 (servers must accept it)', async () => {
    const head = requestHead(`GET http://127.0.0.1:${sandbox.port}/api/admin/v3/users?limit=1 HTTP/1.1`, [
      HOST,
      AUTH,
    ]);
    const response = await rawExchange(sandbox.port, head);
    expect({ status: response.status, raw: response.raw }).toEqual({ status: 200, raw: response.raw });
  });

  it('GIVEN a path ending in /x/.. WHEN deleting a group THEN 404 and the group still exists', async () => {
    const group = (await createGroupIn(sandbox, 'dot-segments')) as { id: string };
    const head = requestHead(`DELETE /api/admin/v1/groups/${group.id}/x/.. HTTP/1.1`, [HOST, AUTH]);
    const response = await rawExchange(sandbox.port, head);
    const after = await sandboxRequest(sandbox.url, TOKEN, 'GET', `/api/admin/v1/groups/${group.id}`);
    expect({ delete: response.status, getAfterwards: after.status }).toEqual({
      delete: 404,
      getAfterwards: 200,
    });
  });
});

/** Creates a group through the API of an in-process sandbox. */
async function createGroupIn(running: RunningSandbox, name: string): Promise<unknown> {
  const response = await sandboxRequest(running.url, TOKEN, 'POST', '/api/admin/v1/groups', {
    name,
    members_emails: [],
  });
  if (response.status !== 200) throw new Error(`creating ${name}: ${response.status}`);
  return response.body;
}
