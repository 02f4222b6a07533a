// A loopback HTTP server that misbehaves on purpose, one scripted behaviour per request, and
// records every request it got so tests can count attempts and read what each attempt sent.
// Plain node:http on 127.0.0.1, so the SDK is tested through real fetch and real sockets.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { JSON_MEDIA } from "../../scripts/lib/openapi.mjs";
import { successBody } from "./fixtures";

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The request body as text ("" when there was none). */
  body: string;
}

export type Behaviour =
  /** The contract's success envelope for the requested path, optionally with fields laid over it. */
  | { kind: "ok"; extra?: Record<string, unknown>; headers?: Record<string, string> }
  /** Any status, headers and body (a JSON value is serialised with content-type application/json). */
  | { kind: "respond"; status: number; body?: string | Buffer | object; headers?: Record<string, string>; statusMessage?: string }
  /** Drops the connection before sending a byte of the answer. */
  | { kind: "reset" }
  /** Sends the headers (declaring the full length) and part of the body, then drops the connection. */
  | { kind: "reset-mid-body"; status?: number; body: string; sendBytes: number }
  /** Never answers; the socket is held until the client gives up or the server closes. */
  | { kind: "hang" }
  /** Sends the headers and part of the body, then holds the connection without another byte. */
  | { kind: "stall-mid-body"; body: string; sendBytes: number }
  /** Streams `bytes` bytes of JSON-looking filler, stopping early when the client goes away. */
  | { kind: "huge"; bytes: number; declareLength: boolean }
  /** Writes these bytes on the socket as they are, then closes it: a malformed answer (bad status line, header or chunk). */
  | { kind: "raw"; bytes: string | Buffer }
  /** Hand-written handling, for what the others do not cover. */
  | { kind: "custom"; handle(request: IncomingMessage, response: ServerResponse): void };

export interface FaultServer {
  /** Base URL without a trailing slash, such as `http://127.0.0.1:43125`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order; an attempt is recorded once its body has arrived. */
  readonly requests: RecordedRequest[];
  /** Bytes of body written by `huge` behaviours, per request, in order. */
  readonly hugeBytesSent: number[];
  /** Queues behaviours for the next requests, one each, in order. */
  script(...behaviours: Behaviour[]): void;
  /** Drops whatever is still queued, so the next request starts a fresh script. */
  clearScript(): void;
  /** Stops listening and destroys every socket, held ones included. Safe to call twice. */
  close(): Promise<void>;
}

export interface FaultServerOptions {
  /** Port to listen on. @default 0 (the OS picks) */
  port?: number;
  /** What a request gets once the script has run out. @default a 599 naming the problem */
  fallback?: Behaviour;
  /** How long an idle keep-alive connection is kept open (and announced in Keep-Alive). @default node's 5 s */
  keepAliveTimeoutMs?: number;
}

const HOST = "127.0.0.1";
/** Size of each chunk a `huge` behaviour writes. */
const HUGE_CHUNK_BYTES = 64 * 1024;
/** Status of an answer to a request no behaviour was scripted for: unusual, so it stands out. */
const UNSCRIPTED_STATUS = 599;

function send(response: ServerResponse, status: number, body: string | Buffer | object | undefined, headers: Record<string, string> = {}, statusMessage?: string): void {
  const isJson = body !== undefined && typeof body === "object" && !Buffer.isBuffer(body);
  const payload = body === undefined ? "" : isJson ? JSON.stringify(body) : body;
  const defaults: Record<string, string> = isJson ? { "content-type": JSON_MEDIA } : {};
  response.writeHead(status, statusMessage, { ...defaults, "content-length": String(Buffer.byteLength(payload)), ...headers });
  response.end(payload);
}

async function streamHuge(response: ServerResponse, bytes: number, declareLength: boolean, sent: (count: number) => void): Promise<void> {
  response.writeHead(200, { "content-type": JSON_MEDIA, ...(declareLength ? { "content-length": String(bytes) } : {}) });
  const chunk = Buffer.alloc(HUGE_CHUNK_BYTES, "x");
  chunk.write('{"status":"success","code":200,"padding":"');
  let closed = false;
  let wake: () => void = () => {};
  response.once("close", () => {
    closed = true;
    wake();
  });
  let written = 0;
  while (written < bytes && !closed) {
    const part = written + chunk.length <= bytes ? chunk : chunk.subarray(0, bytes - written);
    written += part.length;
    sent(written);
    if (!response.write(part) && !closed) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        response.once("drain", resolve);
      });
    }
  }
  if (!closed) response.end();
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const hugeBytesSent: number[] = [];
  const sockets = new Set<Socket>();
  const fallback: Behaviour = options.fallback ?? {
    kind: "respond",
    status: UNSCRIPTED_STATUS,
    body: "fault server: no behaviour was scripted for this request",
    headers: { "content-type": "text/plain" },
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const behaviour = queue.shift() ?? fallback;
      switch (behaviour.kind) {
        case "ok":
          return send(response, 200, { ...successBody(request.url ?? ""), ...behaviour.extra }, behaviour.headers);
        case "respond":
          return send(response, behaviour.status, behaviour.body, behaviour.headers, behaviour.statusMessage);
        case "reset":
          return request.socket.destroy();
        case "reset-mid-body": {
          response.writeHead(behaviour.status ?? 200, { "content-type": JSON_MEDIA, "content-length": String(Buffer.byteLength(behaviour.body)) });
          response.write(behaviour.body.slice(0, behaviour.sendBytes), () => request.socket.destroy());
          return;
        }
        case "hang":
          return;
        case "stall-mid-body":
          response.writeHead(200, { "content-type": JSON_MEDIA, "content-length": String(Buffer.byteLength(behaviour.body)) });
          response.write(behaviour.body.slice(0, behaviour.sendBytes));
          return;
        case "huge": {
          const index = hugeBytesSent.push(0) - 1;
          void streamHuge(response, behaviour.bytes, behaviour.declareLength, (count) => (hugeBytesSent[index] = count));
          return;
        }
        case "raw":
          request.socket.end(behaviour.bytes);
          return;
        case "custom":
          return behaviour.handle(request, response);
      }
    });
  });
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}`,
    port,
    requests,
    hugeBytesSent,
    script(...behaviours) {
      queue.push(...behaviours);
    },
    clearScript() {
      queue.length = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/**
 * A base URL on which nothing listens: a port the OS just gave out and that was closed again, so a
 * connection to it is refused.
 */
export async function refusingUrl(): Promise<{ url: string; port: number }> {
  const server = await startFaultServer();
  await server.close();
  return { url: server.url, port: server.port };
}
