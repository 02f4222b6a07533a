// npm run demo: the SDK end to end with no credentials and no network. Starts Prism on the
// bundled contract, runs the four account operations, shows a typed error, and stops Prism.
import { inspect } from "node:util";
import { APIError, CONTRACT_VERSION, ConflictError, InvalidRequestError, PayWise } from "../src/index";
import { startMockServer } from "../src/testing";

/** Any 32 characters satisfy the mock; a real key comes from the PayWise portal. */
const DEMO_KEY = "demo0000000000000000000000000000";

function show(title: string, value: unknown): void {
  console.log(`\n${title}`);
  console.log(inspect(value, { depth: null, colors: process.stdout.isTTY, compact: 3, breakLength: 100 }).replace(/^/gm, "  "));
}

const server = await startMockServer();
console.log(`Prism is serving the ${CONTRACT_VERSION} contract at ${server.url}`);
try {
  const paywise = new PayWise({ subscriptionKey: DEMO_KEY, originCountry: "TT", ipAddress: "203.0.113.7", baseUrl: server.url });

  const session = await paywise.account.createSession({
    lookup_type: "MOBILE",
    lookup_value: "18681112220",
    institution_name: "PayWiseDAP",
    first_name: "Icon",
    last_name: "Gilbert",
    email: "icon.gilbert@example.com",
  });
  show("account.createSession → the envelope's data", session);

  const { data: status, meta } = await paywise.account
    .getStatus({ mobile_number: "18681112220", institution_name: "PayWiseDAP", first_name: "Icon", last_name: "Gilbert" })
    .withResponse();
  show("account.getStatus → the flattened fields", status);
  show("  .withResponse() also gives the envelope's meta fields", meta);

  const registration = await paywise.account.register({
    mobile_number: "18680001234",
    institution_name: "ExampleInstitution",
    first_name: "First",
    last_name: "Last",
    session_token: session.session.session_token,
    authorisation_token: "AUTH_TOKEN_FROM_YOUR_FLOW",
    callback_url: "https://example.test/callback",
  });
  show("account.register", registration);

  const balance = await paywise.account.getBalance({ mobile_number: "18680001234" });
  show("account.getBalance", balance);

  // Prism answers with the documented 409 when asked (its first example); against PayWise this is an ambiguous lookup.
  try {
    await paywise.account.createSession(
      { lookup_type: "MOBILE", lookup_value: "18681112220", institution_name: "PayWiseDAP", first_name: "Icon", last_name: "Gilbert" },
      { headers: { Prefer: "code=409" } },
    );
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    show(`A typed error: ${error.name} (instanceof APIError: ${error instanceof APIError})`, {
      status: error.status,
      errorCode: error.errorCode,
      requestId: error.requestId,
      message: error.message,
    });
  }

  // Bad input is refused before anything is sent, with every problem named.
  try {
    await paywise.account.getBalance({ mobile_number: "+1 868 000 1234" });
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    show(`Refused before sending: ${error.name}`, error.issues);
  }
} finally {
  await server.close();
  console.log("\nPrism stopped.");
}
