// --mock: placeholder until the testing kit's in-process fake lands.
import type { ClientOptions } from "../options";
export async function withMock(options: ClientOptions, _env: Readonly<Record<string, string | undefined>>): Promise<ClientOptions> {
  return options;
}
