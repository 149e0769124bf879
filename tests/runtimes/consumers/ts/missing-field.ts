// Must NOT compile: createGroup needs `participants`. The runner checks that tsc reports
// exactly one error, on the marked line, naming the missing property.
import { Client } from "wa-groups";

const client = new Client({ provider: "zapi", instance: "3D1A5B7C9E0F", token: "instance-token" });
export const created = client.createGroup({ name: "Turma E" }); // EXPECTED ERROR
