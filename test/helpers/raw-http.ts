/**
 * Raw HTTP/1.1 over a TCP socket, for requests that fetch() would refuse or normalise (malformed
 * request targets, dot segments, bytes that are not UTF-8, bodies larger than the server accepts).
 */
import * as net from 'node:net';

/** One answer read off the socket; `status` 0 means the connection closed without one. */
export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body parsed as JSON when the answer says it is JSON, else its text. */
  body: unknown;
  /** Everything the server sent, for failure messages. */
  raw: string;
  /** The socket error seen after (or instead of) the answer, e.g. ECONNRESET. */
  socketError: string | null;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const ANSWER_DEADLINE_MS = 15_000;

/** Parses the first HTTP answer in `data`; null while it is incomplete (unless `closed`). */
export function parseRawResponse(data: Buffer, closed: boolean): Omit<RawResponse, 'socketError'> | null {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) {
    return closed ? { status: 0, headers: {}, body: undefined, raw: data.toString('latin1') } : null;
  }
  const [statusLine, ...headerLines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = headEnd + HEAD_END.length;
  const status = Number(statusLine.split(' ')[1]);
  const bodiless = status < 200 || status === 204 || status === 304;
  const declared = headers['content-length'] === undefined ? null : Number(headers['content-length']);
  const length = bodiless ? 0 : declared;
  if (length === null ? !closed : data.length < bodyStart + length) return null;
  const bodyBytes = data.subarray(bodyStart, length === null ? data.length : bodyStart + length);
  const text = bodyBytes.toString('utf8');
  const isJson = (headers['content-type'] ?? '').startsWith('application/json') && text !== '';
  return {
    status,
    headers,
    body: isJson ? (JSON.parse(text) as unknown) : text,
    raw: data.subarray(0, bodyStart + bodyBytes.length).toString('latin1'),
  };
}

/** How rawExchange sends a generated body after the head. */
export interface RawBody {
  /** How many bytes of `x` to send. */
  bytes: number;
  /** Send them in `Transfer-Encoding: chunked` frames (the head must say so). */
  chunked?: boolean;
}

/**
 * Sends `head` (the request line and headers, up to and including the blank line, and any body
 * bytes), then the generated `body` in 1 MiB pieces (as fast as the server reads them, and only
 * until an answer arrives), and resolves with the first answer, or status 0 if the connection
 * closes first.
 */
export function rawExchange(
  port: number,
  head: string | Buffer,
  body: RawBody = { bytes: 0 },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let socketError: string | null = null;
    let answered = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ANSWER_DEADLINE_MS} ms; got ${received.toString('latin1')}`));
    }, ANSWER_DEADLINE_MS);
    const finish = (closed: boolean): void => {
      if (answered) return;
      const parsed = parseRawResponse(received, closed);
      if (parsed === null) return;
      answered = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parsed, socketError });
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      finish(false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      socketError = error.code ?? error.message;
    });
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      socket.write(head);
      const piece = Buffer.alloc(1024 * 1024, 'x');
      let left = body.bytes;
      const pump = (): void => {
        while (left > 0 && !answered && !socket.destroyed) {
          const size = Math.min(left, piece.length);
          left -= size;
          const data = size === piece.length ? piece : piece.subarray(0, size);
          const frame = body.chunked
            ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), data, Buffer.from('\r\n')])
            : data;
          if (!socket.write(frame)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
}

/** A request head: the request line, then `headers` (each `Name: value`), then the blank line. */
export function requestHead(requestLine: string, headers: readonly string[]): string {
  return [requestLine, ...headers, '', ''].join('\r\n');
}
