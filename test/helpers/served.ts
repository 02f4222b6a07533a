// What the mock serves for an operation's status (issue 21): the contract's first named example,
// else its schema's, else the one the static mock generated for an answer the contract gives no
// example (scripts/lib/static-mock.mjs). Tests that check what a program shows of a mock's answer
// read it here, so a contract written without examples still tells them what to expect.
import { STATIC_MOCK_CONTRACT } from "../../generated/dynamic-mock";
import { JSON_MEDIA } from "../../scripts/lib/openapi.mjs";
import { schemaExample } from "./samples";
import { responseExamples, spec, type SpecOperation } from "./spec";

type Served = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>> };

export function servedExample(op: SpecOperation, status: number): unknown {
  const named = responseExamples(op).find((example) => example.status === status);
  if (named) return structuredClone(named.value);
  const media = op.operation.responses[String(status)]?.content?.[JSON_MEDIA];
  // The media type's own example, else its schema's: what a mock serves where none is named.
  if (media?.example !== undefined) return structuredClone(media.example);
  const documented = schemaExample(media?.schema, spec.components);
  if (documented !== undefined) return structuredClone(documented);
  const generated = (STATIC_MOCK_CONTRACT as Served | null)?.paths[op.path]?.[op.method.toLowerCase()]?.responses[String(status)]?.content?.[JSON_MEDIA]?.example;
  if (generated === undefined) throw new Error(`${op.operationId}: the mock serves no JSON answer for ${status}`);
  return structuredClone(generated);
}
