// Must NOT compile: "whatsapp" is not a Provider. The runner checks that tsc reports
// exactly one error, on the marked line, naming "whatsapp" and Provider.
import { Client } from "wa-groups";

export const client = new Client({
  provider: "whatsapp", // EXPECTED ERROR
  instance: "3D1A5B7C9E0F",
  token: "instance-token",
});
