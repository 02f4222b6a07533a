export { createFakePayWise } from "./fake";
export type { FakePayWise, FakePayWiseOptions } from "./fake";
export { FakeAssertionError } from "./assertions";
export { FAULT_NAMES } from "./faults";
export type { FakeFault, FaultName, Outcome } from "./faults";
export type { FakeBody, FakeExample, FakeInput, FakeOperation, FakePayload, FakeStatus, Loose } from "./operations";
export type { RecordedRequest } from "./recording";
export type { FakeBodyStep, FakeDocumentedStep, FakeInputMatch, FakePayloadStep, FakeStep, OperationScript } from "./scripts";
