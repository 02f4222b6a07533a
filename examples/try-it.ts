// A first call with no credentials and no network: PayWise in this process (@paywise/sdk/testing).
// Run: npx tsx --tsconfig examples/tsconfig.json examples/try-it.ts
import { PayWise } from "@paywise/sdk";
import { createFakePayWise } from "@paywise/sdk/testing";

const paywise = new PayWise({
  fetch: createFakePayWise().fetch, // leave this line out to call the real PayWise
  baseUrl: "https://paywise.test", // the base URL PayWise gave you
  subscriptionKey: "0123456789abcdef0123456789abcdef", // your key (the fake checks only its format)
  originCountry: "TT",
  ipAddress: "203.0.113.7", // your institution's registered IPv4
});

const status = await paywise.account.getStatus({
  mobile_number: "18681112220",
  institution_name: "PayWiseDAP",
  first_name: "Icon",
  last_name: "Gilbert",
});
console.log(`account_status: ${status.account_status}`);
