// Typed errors: an ambiguous lookup (409) answered by retrying with the email, and input refused
// before anything is sent. The mock answers 409 because mockPrefer() asks it to.
// Run: npx tsx --tsconfig examples/tsconfig.json examples/errors.ts
import { APIError, ConflictError, InvalidRequestError, PayWise } from "@paywise/sdk";
import { mockPrefer, startMockServer } from "@paywise/sdk/testing";

const server = await startMockServer();
try {
  const paywise = new PayWise({
    baseUrl: server.url,
    subscriptionKey: "0123456789abcdef0123456789abcdef",
    originCountry: "TT",
    ipAddress: "203.0.113.7",
  });
  const lookup = {
    lookup_type: "MOBILE",
    lookup_value: "18681112220",
    institution_name: "PayWiseDAP",
    first_name: "Icon",
    last_name: "Gilbert",
  };

  try {
    await paywise.account.createSession(lookup, { headers: mockPrefer({ code: 409 }) });
  } catch (error) {
    // PayWise answers 409 (errorCode AMBIGUOUS_MATCH) when the lookup matches several accounts.
    if (error instanceof ConflictError) {
      console.log(`${error.name} ${error.status} ${error.errorCode}: ${error.message}`);
      const session = await paywise.account.createSession({ ...lookup, email: "icon.gilbert@example.com" });
      console.log(`with the email: session token ${session.session.session_token}`);
    } else if (error instanceof APIError) {
      console.error(error.status, error.code, error.requestId, error.message);
    } else {
      throw error;
    }
  }

  try {
    await paywise.account.getBalance({ mobile_number: "+1 868 000 1234" });
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    // Nothing was sent; each issue names the field.
    for (const issue of error.issues) console.log(`${error.name}: ${issue.path} ${issue.message}`);
  }
} finally {
  await server.close();
}
