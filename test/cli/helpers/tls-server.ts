// A loopback HTTPS server with a certificate made for this test run (selfsigned, pinned): doctor's
// TLS check runs against it with the certificate passed to the child as NODE_EXTRA_CA_CERTS, the
// way a private CA is trusted. It records every request, and answers each with an empty 404 whose
// Date header a test may set.
import { writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TlsRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TlsServer {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The certificate file, to trust with NODE_EXTRA_CA_CERTS. */
  caFile: string;
  requests: TlsRequest[];
  close(): Promise<void>;
}

/** A certificate for localhost and 127.0.0.1, written to `dir`; valid long enough that doctor does not warn it expires soon. */
export async function makeCertificate(dir: string): Promise<{ key: string; cert: string; file: string }> {
  const made = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 90 * 86_400_000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  const file = join(dir, "ca.pem");
  writeFileSync(file, made.cert);
  return { key: made.private, cert: made.cert, file };
}

export async function startTlsServer(certificate: { key: string; cert: string; file: string }, options: { date?: () => string } = {}): Promise<TlsServer> {
  const requests: TlsRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (options.date) response.setHeader("Date", options.date());
      response.writeHead(404, { "content-length": "0" });
      response.end();
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caFile: certificate.file,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
