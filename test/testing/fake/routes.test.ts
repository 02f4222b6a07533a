// Which operation the fake PayWise takes a request for (src/testing/fake/operations.ts routesOf):
// a path parameter matches one segment, and a literal template wins over a templated one that
// would also match, whatever order the contract lists them in.
import { describe, expect, it } from "vitest";
import { routesOf, type FakeOperationEntry } from "../../../src/testing/fake/operations";

/** Entries as the generated table has them, with only what routing reads. */
const entryAt = (path: string) => ({ key: `statements.${path}`, descriptor: { method: "get", path } }) as unknown as FakeOperationEntry;
const routeFor = (routes: ReturnType<typeof routesOf>, pathname: string) => routes.find(({ pattern }) => pattern.test(pathname))?.entry.descriptor.path;

describe("the fake's routes", () => {
  it.each([
    ["/statements/{statement_id}", "/statements/summary"],
    ["/statements/summary", "/statements/{statement_id}"],
  ])("take a literal path before a template that also matches it (listed %s, then %s)", (first, second) => {
    const routes = routesOf([entryAt(first), entryAt(second)]);
    expect(routeFor(routes, "/api/statements/summary")).toBe("/statements/summary");
    expect(routeFor(routes, "/api/statements/st-42")).toBe("/statements/{statement_id}");
  });

  it("match a path parameter as one segment only, and the path's end after a base path", () => {
    const routes = routesOf([entryAt("/statements/{statement_id}"), entryAt("/statements")]);
    expect(routeFor(routes, "/base/statements/a/b")).toBeUndefined();
    expect(routeFor(routes, "/base/statements")).toBe("/statements");
    expect(routes.find(({ entry }) => entry.descriptor.path === "/statements/{statement_id}")!.names).toEqual(["statement_id"]);
  });
});
