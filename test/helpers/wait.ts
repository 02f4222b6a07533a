// vi.waitFor gives up after 1 s by default, which a loaded 2-core CI machine can pass while the
// awaited request is still on its way (issue 16, item 8): tests that wait for a server to see
// something use this limit instead. It bounds a wait; it asserts nothing about speed.
export const WAIT_UNDER_LOAD = { timeout: 20_000, interval: 20 } as const;
