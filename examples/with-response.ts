// .withResponse(): the payload, the envelope's meta fields and the HTTP response of one call.
// Run: npx tsx --tsconfig examples/tsconfig.json examples/with-response.ts
import { PayWise } from "@paywise/sdk";
import { startMockServer } from "@paywise/sdk/testing";

const server = await startMockServer();
try {
  const paywise = new PayWise({
    baseUrl: server.url,
    subscriptionKey: "0123456789abcdef0123456789abcdef",
    originCountry: "TT",
    ipAddress: "203.0.113.7",
  });

  const { data, meta, response } = await paywise.account
    .getStatus({ mobile_number: "18681112220", institution_name: "PayWiseDAP", first_name: "Icon", last_name: "Gilbert" })
    .withResponse();
  console.log(`data: ${data.account_status}, session token ${data.session_token}`);
  console.log(`meta: ${meta.status} ${meta.code} "${meta.message}", request id ${meta.request_id}`);
  console.log(`response: HTTP ${response.status}, ${response.headers.get("content-type")}`);
} finally {
  await server.close();
}
