// Vitest global setup of the contract project: one Prism for the whole run, shared by URL.
import type { TestProject } from "vitest/node";
import { startMockServer } from "../../src/testing";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock of the bundled contract, such as `http://127.0.0.1:43125`. */
    mockServerUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startMockServer();
  project.provide("mockServerUrl", server.url);
  return () => server.close();
}
