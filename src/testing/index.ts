export { specPath, startMockServer } from "./mock-server";
export type { MockServer, MockServerOptions } from "./mock-server";
