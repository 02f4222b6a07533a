// The four account operations against a local mock of the contract: no credentials, no network.
// Run: npx tsx --tsconfig examples/tsconfig.json examples/quickstart.ts
import { PayWise } from "@paywise/sdk";
import { startMockServer } from "@paywise/sdk/testing";

const server = await startMockServer(); // Prism on the contract bundled with the SDK
try {
  const paywise = new PayWise({
    baseUrl: server.url, // against PayWise: the base URL you were given
    subscriptionKey: "0123456789abcdef0123456789abcdef", // the mock checks the length, not the key
    originCountry: "TT",
    ipAddress: "203.0.113.7",
  });

  const session = await paywise.account.createSession({
    lookup_type: "MOBILE",
    lookup_value: "18681112220",
    institution_name: "PayWiseDAP",
    first_name: "Icon",
    last_name: "Gilbert",
  });
  console.log(`createSession: ${session.account.account_status}, session token ${session.session.session_token}`);

  const status = await paywise.account.getStatus({
    mobile_number: "18681112220",
    institution_name: "PayWiseDAP",
    first_name: "Icon",
    last_name: "Gilbert",
  });
  console.log(`getStatus: ${status.account_status}, session token ${status.session_token}`);

  const { challengeId } = await paywise.account.register({
    mobile_number: "18680001234",
    institution_name: "ExampleInstitution",
    first_name: "First",
    last_name: "Last",
    session_token: status.session_token,
    authorisation_token: "AUTH_TOKEN_FROM_YOUR_FLOW",
    callback_url: "https://example.test/callback",
  });
  console.log(`register: challenge ${challengeId}`);

  const balance = await paywise.account.getBalance({ mobile_number: "18680001234" });
  console.log(`getBalance: ${balance.balance} ${balance.currency}`);
} finally {
  await server.close();
}
