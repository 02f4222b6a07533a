export { specPath, startMockServer } from "./mock-server";
export type { MockServer, MockServerOptions } from "./mock-server";
export { mockPrefer } from "./mock-prefer";
export type { DocumentedExample, DocumentedStatus, MockOperation, MockPreferOptions } from "./mock-prefer";
export * from "./fake/index";
