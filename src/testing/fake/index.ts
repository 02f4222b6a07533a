export { createFakePayWise } from "./fake";
export type { FakePayWise, FakePayWiseOptions } from "./fake";
export type { FakeBody, FakeExample, FakeOperation, FakePayload, FakeStatus, Loose } from "./operations";
export type { RecordedRequest } from "./recording";
